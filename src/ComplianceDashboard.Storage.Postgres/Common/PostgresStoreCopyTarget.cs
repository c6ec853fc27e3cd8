using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Operations;
using NpgsqlTypes;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// This database as the target of a store move: records written exactly as the source holds them, inside the move's one
/// transaction (<see cref="StoreCopy"/>), into a database opened with <see cref="PostgresStore.OpenEmpty"/>.
/// </summary>
internal sealed class PostgresStoreCopyTarget(PostgresStore store) : IStoreCopyTarget
{
    private const string AuditColumns = "sequence, at, actor_id, actor_name, action, entity_type, entity_id, summary, previous_hash, hash";

    public void Identity(StoreInfo info) => InTransaction(() => store.Read(c =>
        Sql.Execute(c, "INSERT INTO store (id, mode, created_at, schema_version) VALUES ('store', $1, $2, $3)", info.Mode.ToString(), info.CreatedAt, info.SchemaVersion)));

    public void Aggregates<T>(IReadOnlyList<T> aggregates) where T : Aggregate =>
        InTransaction(() => AggregateTables.Of<T>(store).InsertAsStored(aggregates));

    /// <summary>A binary COPY: the chain's times and hashes go in as they are (times were stored to the millisecond).</summary>
    public void AuditEntries(IReadOnlyList<AuditEntry> entries) => InTransaction(() => store.Read(connection =>
    {
        using var copy = connection.BeginBinaryImport($"COPY audit ({AuditColumns}) FROM STDIN (FORMAT BINARY)");
        copy.Timeout = TimeSpan.Zero;
        foreach (var e in entries)
        {
            copy.StartRow();
            copy.Write(e.Sequence, NpgsqlDbType.Bigint);
            copy.Write(StoreJson.Utc(e.At), NpgsqlDbType.TimestampTz);
            foreach (var text in new[] { e.ActorId, e.ActorName, e.Action, e.EntityType, e.EntityId, e.Summary, e.PreviousHash, e.Hash })
                copy.Write(text, NpgsqlDbType.Text);
        }
        return copy.Complete();
    }));

    public void EvidencePack(EvidencePack pack, byte[] pdf, byte[]? signedPdf) => InTransaction(() =>
    {
        AggregateTables.EvidencePacks(store).InsertAsStored([pack]);
        store.Read(c => Sql.Execute(c, "INSERT INTO evidence_pack_pdfs (pack_id, pdf, signed_pdf) VALUES ($1, $2, $3)", pack.Id, pdf, signedPdf));
    });

    private void InTransaction(Action write)
    {
        if (!store.InTransaction) throw new InvalidOperationException("A store move writes only inside the target's Write.");
        write();
    }
}
