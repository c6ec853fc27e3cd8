namespace ComplianceDashboard.Core.Common;

/// <summary>
/// The single writer. <see cref="Write{T}"/> runs a change and its audit entries in one transaction,
/// commits it durably when the change succeeds and rolls everything back when it fails.
/// Never await inside the change: the transaction belongs to the calling thread.
/// </summary>
public interface IUnitOfWork
{
    Result<T> Write<T>(Func<Result<T>> change);
}

/// <summary>Whether a store holds demonstration data or a real programme; fixed when the store is created.</summary>
public enum StoreMode
{
    Real,
    Demo,
}

/// <summary>Facts about the store recorded once, at creation.</summary>
public sealed record StoreInfo(StoreMode Mode, DateTime CreatedAt, int SchemaVersion);

/// <summary>Reads the store's creation record.</summary>
public interface IStoreInfo
{
    StoreInfo Info { get; }
}
