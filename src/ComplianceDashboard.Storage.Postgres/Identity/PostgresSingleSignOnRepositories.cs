using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Identity;

internal sealed class PostgresSingleSignOnSettingsRepository(PostgresStore store) : ISingleSignOnSettingsRepository
{
    private readonly AggregateTable<SingleSignOnSettings> _settings = AggregateTables.SingleSignOnSettings(store);

    public SingleSignOnSettings Get() => _settings.Find(SingleSignOnSettings.SingletonId) ?? SingleSignOnSettings.Default;
    public Result<SingleSignOnSettings> Save(SingleSignOnSettings settings) => _settings.Save(settings, "Single sign-on settings");
}

internal sealed class PostgresPendingSignOffRepository(PostgresStore store) : IPendingSignOffRepository
{
    private readonly AggregateTable<PendingSignOff> _signOffs = AggregateTables.PendingSignOffs(store);

    public PendingSignOff? Find(string id) => _signOffs.Find(id);
    public Result<PendingSignOff> Save(PendingSignOff signOff) => _signOffs.Save(signOff, "Pending sign-off");
}
