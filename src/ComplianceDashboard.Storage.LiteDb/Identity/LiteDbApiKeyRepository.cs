using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Common;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Identity;

internal sealed class LiteDbApiKeyRepository : IApiKeyRepository
{
    private readonly AggregateCollection<ApiKey> _keys;

    public LiteDbApiKeyRepository(LiteDbStore store)
    {
        _keys = new AggregateCollection<ApiKey>(store, "apikeys");
        _keys.Collection.EnsureIndex(k => k.SecretHash, unique: true);
    }

    public ApiKey? Find(string id) => _keys.Find(id);
    public ApiKey? FindBySecretHash(string secretHash) => _keys.Collection.FindOne(k => k.SecretHash == secretHash);
    public IReadOnlyList<ApiKey> All() => _keys.All();
    public Result<ApiKey> Save(ApiKey key) => _keys.Save(key, "API key");

    public void RecordLastUse(IReadOnlyDictionary<string, DateTime> lastUseById)
    {
        foreach (var (id, at) in lastUseById)
        {
            var key = _keys.Collection.FindById(id);
            if (key is not null && (key.LastUsedAt is null || key.LastUsedAt < at))
                _keys.Collection.Update(key with { LastUsedAt = at });
        }
    }
}
