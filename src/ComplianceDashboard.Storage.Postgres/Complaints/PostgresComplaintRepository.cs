using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Complaints;

/// <summary>
/// Complaints in the complaints table. Reads go to the database every time (complaints number in the thousands a year,
/// and no instance holds a copy another could leave stale); saves check each stored version, as on LiteDB.
/// </summary>
internal sealed class PostgresComplaintRepository(PostgresStore store) : IComplaintRepository
{
    private const string Describe = "Complaint";

    public Complaint? Find(string complaintId) => Where("id = $1", complaintId).SingleOrDefault();

    public IReadOnlyDictionary<string, Complaint> FindMany(IReadOnlyCollection<string> complaintIds) =>
        Where("id = ANY($1)", (object)complaintIds.Distinct(StringComparer.Ordinal).ToArray()).ToDictionary(c => c.Id, StringComparer.Ordinal);

    public IReadOnlyList<Complaint> All() => Where("true");

    public IReadOnlyList<Complaint> LinkedTo(string objectionId) =>
        All().Where(c => c.LinkedObjectionIds.Contains(objectionId, StringComparer.Ordinal)).ToList();

    public Result<Done> Save(IReadOnlyList<Complaint> inserted, IReadOnlyList<Complaint> updated, IReadOnlyCollection<string>? deleted = null) =>
        store.Write(() => store.Read<Result<Done>>(connection =>
        {
            foreach (var c in inserted)
                if (Sql.Execute(connection, "INSERT INTO complaints (id, version, document, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
                        c.Id, c.Version, Sql.Json(StoreJson.Serialize(c)), c.ReceivedAt) == 0)
                    return Failure.Conflict($"{Describe} {c.Id} already exists.");
            foreach (var c in updated)
            {
                if (Sql.Execute(connection, "UPDATE complaints SET version = $2, document = $3, received_at = $4 WHERE id = $1 AND version = $5",
                        c.Id, c.Version, Sql.Json(StoreJson.Serialize(c)), c.ReceivedAt, c.Version - 1) == 1)
                    continue;
                var stored = Sql.Scalar<int?>(connection, "SELECT version FROM complaints WHERE id = $1", c.Id);
                return stored is null
                    ? Failure.NotFound($"{Describe} {c.Id} no longer exists.")
                    : Failure.Conflict($"{Describe} {c.Id} was changed by someone else (version {stored} is stored). Reload and try again.");
            }
            if (deleted is { Count: > 0 })
                Sql.Execute(connection, "DELETE FROM complaints WHERE id = ANY($1)", (object)deleted.ToArray());
            return Done.Value;
        }));

    private List<Complaint> Where(string condition, params object?[] parameters) =>
        store.Read(c => Sql.List(c, $"SELECT document::text FROM complaints WHERE {condition} ORDER BY received_at, id",
            r => StoreJson.Deserialize<Complaint>(r.GetString(0)), parameters));
}
