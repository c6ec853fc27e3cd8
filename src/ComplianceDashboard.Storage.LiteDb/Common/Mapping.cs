using System.Globalization;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Rollout;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Common;

/// <summary>How domain records map to BSON: UTC dates, dates as ISO strings, derived properties left out.</summary>
internal static class Mapping
{
    public static BsonMapper Create()
    {
        // Keep strings exactly as given: LiteDB's defaults trim them and turn "" into null, which changes signed content.
        var mapper = new BsonMapper { EnumAsInteger = false, SerializeNullValues = false, TrimWhitespace = false, EmptyStringToNull = false };
        mapper.RegisterType<DateTime>(
            value => new BsonValue(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime()),
            bson => DateTime.SpecifyKind(bson.AsDateTime.ToUniversalTime(), DateTimeKind.Utc));
        mapper.RegisterType<DateOnly>(
            value => new BsonValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            bson => DateOnly.ParseExact(bson.AsString, "yyyy-MM-dd", CultureInfo.InvariantCulture));

        mapper.Entity<Jurisdiction>().Ignore(j => j.Code).Ignore(j => j.StateSince).Ignore(j => j.StateDescription);
        mapper.Entity<ApiKey>().Ignore(k => k.IsActive);
        mapper.Entity<AuditEntry>().Id(e => e.Sequence, autoId: false);
        mapper.Entity<Campaign>().Ignore(c => c.Code).Ignore(c => c.FirstDay).Ignore(c => c.LastDay);
        mapper.Entity<Core.Objections.Objection>().Ignore(o => o.ObjectionId).Ignore(o => o.IsOpen).Ignore(o => o.TimeToHonour);
        mapper.Entity<Core.Objections.ObjectionRollup>().Ignore(r => r.IsEmpty);
        mapper.Entity<Core.Complaints.Complaint>().Ignore(c => c.ComplaintId).Ignore(c => c.IsOpen).Ignore(c => c.ReceivedDay).Ignore(c => c.AcknowledgedOnTime);
        mapper.Entity<Core.Compliance.CheckResult>().Ignore(r => r.Definition);
        mapper.Entity<Core.Compliance.TrainingRun>().Ignore(r => r.RunId);
        mapper.Entity<Core.Assessments.SafeguardValue>().Ignore(s => s.IsReliedOnMitigation);
        return mapper;
    }
}
