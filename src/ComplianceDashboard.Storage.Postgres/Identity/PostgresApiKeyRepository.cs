using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Identity;

internal sealed class PostgresApiKeyRepository(PostgresStore store) : IApiKeyRepository
{
    private readonly AggregateTable<ApiKey> _keys = AggregateTables.ApiKeys(store);

    public ApiKey? Find(string id) => _keys.Find(id);
    public ApiKey? FindBySecretHash(string secretHash) => _keys.Where("secret_hash = $1", "id", secretHash).SingleOrDefault();
    public IReadOnlyList<ApiKey> All() => _keys.All();
    public Result<ApiKey> Save(ApiKey key) => _keys.Save(key, "API key");

    /// <summary>Last use is bookkeeping, not a versioned change: each key's row is locked, moved forward only, and keeps its version.</summary>
    public void RecordLastUse(IReadOnlyDictionary<string, DateTime> lastUseById) =>
        store.Write(() => store.Read<Result<Done>>(connection =>
        {
            foreach (var (id, at) in lastUseById.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var json = Sql.Scalar<string>(connection, "SELECT document::text FROM api_keys WHERE id = $1 FOR UPDATE", id);
                if (json is null) continue;
                var key = StoreJson.Deserialize<ApiKey>(json);
                if (key.LastUsedAt is null || key.LastUsedAt < at)
                    Sql.Execute(connection, "UPDATE api_keys SET document = $2 WHERE id = $1", id, Sql.Json(StoreJson.Serialize(key with { LastUsedAt = at })));
            }
            return Done.Value;
        }));
}
