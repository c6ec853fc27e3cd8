using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Assessments;

/// <summary>Assessments with all their versions, one row each.</summary>
internal sealed class PostgresAssessmentRepository(PostgresStore store) : IAssessmentRepository
{
    private readonly AggregateTable<Assessment> _assessments = AggregateTables.Assessments(store);

    public Assessment? Find(string id) => _assessments.Find(id);
    public IReadOnlyList<Assessment> All() => _assessments.All();
    public Result<Assessment> Save(Assessment assessment) => _assessments.Save(assessment, "Assessment");
}
