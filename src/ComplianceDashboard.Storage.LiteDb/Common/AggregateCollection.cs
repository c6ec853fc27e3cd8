using ComplianceDashboard.Core.Common;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Common;

/// <summary>A LiteDB collection of one aggregate type with optimistic concurrency on <see cref="Aggregate.Version"/>.</summary>
internal sealed class AggregateCollection<T>(LiteDbStore store, string name) where T : Aggregate
{
    public ILiteCollection<T> Collection { get; } = store.Database.GetCollection<T>(name);

    public T? Find(string id) => Collection.FindById(id);

    public IReadOnlyList<T> All() => Collection.FindAll().ToList();

    /// <summary>Inserts a new aggregate (version 0) or replaces the stored one if the caller saw its current version.</summary>
    public Result<T> Save(T aggregate, string describe)
    {
        if (string.IsNullOrWhiteSpace(aggregate.Id))
            throw new ArgumentException("An aggregate needs an id before it is saved.", nameof(aggregate));
        var stored = Collection.FindById(aggregate.Id);
        var next = (T)(aggregate with { Version = aggregate.Version + 1 });
        if (stored is null && aggregate.Version == 0)
        {
            Collection.Insert(next);
            return next;
        }
        if (stored is null)
            return Failure.NotFound($"{describe} {aggregate.Id} no longer exists.");
        if (aggregate.Version == 0)
            return Failure.Conflict($"{describe} {aggregate.Id} already exists.");
        if (stored.Version != aggregate.Version)
            return Failure.Conflict($"{describe} {aggregate.Id} was changed by someone else (you edited version {aggregate.Version}, the current version is {stored.Version}). Reload and apply your change again.");
        Collection.Update(next);
        return next;
    }
}
