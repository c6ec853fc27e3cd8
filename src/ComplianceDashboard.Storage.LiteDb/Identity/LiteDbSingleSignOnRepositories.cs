using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Identity;

internal sealed class LiteDbSingleSignOnSettingsRepository(LiteDbStore store) : ISingleSignOnSettingsRepository
{
    private readonly AggregateCollection<SingleSignOnSettings> _settings = new(store, "single_sign_on_settings");

    public SingleSignOnSettings Get() => _settings.Find(SingleSignOnSettings.SingletonId) ?? SingleSignOnSettings.Default;
    public Result<SingleSignOnSettings> Save(SingleSignOnSettings settings) => _settings.Save(settings, "Single sign-on settings");
}

internal sealed class LiteDbPendingSignOffRepository(LiteDbStore store) : IPendingSignOffRepository
{
    private readonly AggregateCollection<PendingSignOff> _signOffs = new(store, "pending_sign_offs");

    public PendingSignOff? Find(string id) => _signOffs.Find(id);
    public Result<PendingSignOff> Save(PendingSignOff signOff) => _signOffs.Save(signOff, "Pending sign-off");
}
