using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Assessments;

/// <summary>Assessments with all their versions, one document each.</summary>
internal sealed class LiteDbAssessmentRepository(LiteDbStore store) : IAssessmentRepository
{
    private readonly AggregateCollection<Assessment> _assessments = new(store, "assessments");

    public Assessment? Find(string id) => _assessments.Find(id);
    public IReadOnlyList<Assessment> All() => _assessments.All();
    public Result<Assessment> Save(Assessment assessment) => _assessments.Save(assessment, "Assessment");
}
