using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Complaints;

/// <summary>
/// Stores complaints. Deliberately small so every store can implement it the same way: complaints number in the
/// hundreds or thousands a year, so the metrics read the committed records (from a cache the adapter keeps current).
/// </summary>
public interface IComplaintRepository
{
    Complaint? Find(string complaintId);

    /// <summary>The stored complaints among <paramref name="complaintIds"/>, by id.</summary>
    IReadOnlyDictionary<string, Complaint> FindMany(IReadOnlyCollection<string> complaintIds);

    /// <summary>Every committed complaint (the adapter may serve it from a cache refreshed on commit).</summary>
    IReadOnlyList<Complaint> All();

    /// <summary>The committed complaints that link the objection, by received time.</summary>
    IReadOnlyList<Complaint> LinkedTo(string objectionId);

    /// <summary>
    /// Inserts new complaints (version 1) and replaces changed ones, and deletes <paramref name="deleted"/> by id. Fails with
    /// a conflict when an updated complaint's stored version is not the one before it (someone else saved first) or an
    /// inserted id exists. Only valid inside <see cref="IUnitOfWork.Write{T}"/>; nothing is visible before the commit.
    /// </summary>
    Result<Done> Save(IReadOnlyList<Complaint> inserted, IReadOnlyList<Complaint> updated, IReadOnlyCollection<string>? deleted = null);
}
