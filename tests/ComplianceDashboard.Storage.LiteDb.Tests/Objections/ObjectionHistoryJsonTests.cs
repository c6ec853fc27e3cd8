using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Storage.Postgres.Objections;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Objections;

/// <summary>The PostgreSQL store writes an objection's history directly; it must be the text its general serializer writes.</summary>
public sealed class ObjectionHistoryJsonTests
{
    private static readonly ObjectionStatusChange[] Mixed =
    [
        new ObjectionStatusChange { Status = ObjectionStatus.Received, At = new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), By = "officer@demo.example", Note = "Received" },
        new ObjectionStatusChange { Status = ObjectionStatus.Received, At = new DateTime(2026, 2, 28, 23, 59, 59, 999, DateTimeKind.Utc), By = "Imported from \"Q1\" <export> & co + 'more'.csv", Note = "Extension notified: volume — Übermaß, 日本, 🙂\n\ttab \\ slash" },
        new ObjectionStatusChange { Status = ObjectionStatus.Refused, At = new DateTime(2026, 3, 1, 8, 0, 0, 7, DateTimeKind.Utc).AddTicks(9999), By = "x", Note = "Refused: Could not verify the account\u0001" },
        new ObjectionStatusChange { Status = ObjectionStatus.Withdrawn, At = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified), By = null!, Note = null! },
        new ObjectionStatusChange { Status = ObjectionStatus.Honoured, At = new DateTime(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc), By = "", Note = "Honoured" },
    ];

    public static TheoryData<ObjectionStatusChange[]> Histories() => new()
    {
        Array.Empty<ObjectionStatusChange>(),
        new[] { new ObjectionStatusChange { Status = ObjectionStatus.Received, At = new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc), By = "Imported from objections.csv", Note = "Received" } },
        Mixed,
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void TheDirectWriter_WritesWhatTheStoresSerializerWrites(ObjectionStatusChange[] history)
    {
        Assert.Equal(StoreJson.Serialize(history), ObjectionHistoryJson.Write(history));
    }

    [Fact]
    public void TheDirectWriter_ReadsBackAsTheSameHistory_ToTheMillisecond()
    {
        // A null By or Note is left out, and reads back as the record's default, "" (as the serializer's text does).
        var read = StoreJson.Deserialize<ObjectionStatusChange[]>(ObjectionHistoryJson.Write(Mixed));

        Assert.Equal(Mixed.Select(s => (s.Status, StoreJson.Utc(s.At), s.By ?? "", s.Note ?? "")), read.Select(s => (s.Status, s.At, s.By, s.Note)));
    }
}
