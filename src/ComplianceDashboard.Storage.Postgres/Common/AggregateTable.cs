using ComplianceDashboard.Core.Common;
using Npgsql;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>A column a table keeps beside the document so queries can filter and sort on it.</summary>
internal sealed record IndexedColumn<T>(string Name, Func<T, object?> Value);

/// <summary>
/// One aggregate type in its table (id, version, json document, indexed columns) with optimistic concurrency on
/// <see cref="Aggregate.Version"/>: the same outcomes and messages as the LiteDB adapter's AggregateCollection.
/// A new aggregate type is a table in a migration plus one of these.
/// </summary>
internal sealed class AggregateTable<T>(PostgresStore store, string table, params IndexedColumn<T>[] columns) where T : Aggregate
{
    private readonly string _insert =
        $"INSERT INTO {table} (id, version, document{string.Concat(columns.Select(c => ", " + c.Name))}) " +
        $"VALUES ($1, $2, $3{string.Concat(columns.Select((_, i) => $", ${i + 4}"))}) ON CONFLICT (id) DO NOTHING";

    private readonly string _update =
        $"UPDATE {table} SET version = $2, document = $3{string.Concat(columns.Select((c, i) => $", {c.Name} = ${i + 4}"))} " +
        $"WHERE id = $1 AND version = ${columns.Length + 4}";

    public PostgresStore Store => store;

    public T? Find(string id) => Where("id = $1", "id", id).SingleOrDefault();

    /// <summary>Every aggregate, by id in ordinal order.</summary>
    public IReadOnlyList<T> All() => Where("true", "id");

    /// <summary>The aggregates matching <paramref name="condition"/> (positional parameters), in <paramref name="orderBy"/> order.</summary>
    public List<T> Where(string condition, string orderBy, params object?[] parameters) =>
        store.Read(c => Sql.List(c, $"SELECT document FROM {table} WHERE {condition} ORDER BY {orderBy}",
            r => StoreJson.Deserialize<T>(r.GetString(0)), parameters));

    /// <summary>Inserts a new aggregate (version 0) or replaces the stored one if the caller saw its current version.</summary>
    public Result<T> Save(T aggregate, string describe)
    {
        if (string.IsNullOrWhiteSpace(aggregate.Id))
            throw new ArgumentException("An aggregate needs an id before it is saved.", nameof(aggregate));
        var next = (T)(aggregate with { Version = aggregate.Version + 1 });
        return store.Write(() => store.Read<Result<T>>(connection =>
        {
            if (aggregate.Version == 0)
                return Execute(connection, _insert, next) == 1 ? next : Failure.Conflict($"{describe} {aggregate.Id} already exists.");
            if (Execute(connection, _update, next, aggregate.Version) == 1) return next;
            var current = Sql.Scalar<int?>(connection, $"SELECT version FROM {table} WHERE id = $1", aggregate.Id);
            return current is null
                ? Failure.NotFound($"{describe} {aggregate.Id} no longer exists.")
                : Failure.Conflict($"{describe} {aggregate.Id} was changed by someone else (you edited version {aggregate.Version}, the current version is {current}). Reload and apply your change again.");
        }));
    }

    /// <summary>
    /// Inserts aggregates exactly as given, version included (moving a store: the source numbered them). An id that is
    /// already stored is a bug of the caller (the target must be empty), so it throws and the transaction rolls back.
    /// </summary>
    public void InsertAsStored(IReadOnlyList<T> aggregates) => store.Read(connection =>
    {
        foreach (var aggregate in aggregates)
            if (Execute(connection, _insert, aggregate) != 1)
                throw new InvalidOperationException($"{typeof(T).Name} {aggregate.Id} is already stored in {table}.");
        return aggregates.Count;
    });

    private int Execute(NpgsqlConnection connection, string sql, T next, params object?[] extra) =>
        Sql.Execute(connection, sql, [next.Id, next.Version, Sql.Json(StoreJson.Serialize(next)), .. columns.Select(c => c.Value(next)), .. extra]);
}
