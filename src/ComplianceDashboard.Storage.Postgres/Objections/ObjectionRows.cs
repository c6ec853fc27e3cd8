using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.Postgres.Common;
using Npgsql;
using NpgsqlTypes;

namespace ComplianceDashboard.Storage.Postgres.Objections;

/// <summary>How an objection maps to a row of the objections table (enums as their numbers, history as StoreJson).</summary>
internal static class ObjectionRows
{
    /// <summary>The columns every objection read selects, in <see cref="Read"/>'s order.</summary>
    public const string Columns =
        "id, version, subject_ref, jurisdiction, platform, channel, received_at, status, resolved_at, refusal_grounds, carried_over, " +
        "extension_notified_at, extension_reason, due_date, within_legal_limit, batch_id, history";

    /// <summary>The same columns qualified by a table alias.</summary>
    public static string ColumnsOf(string alias) => string.Join(", ", Columns.Split(", ").Select(c => $"{alias}.{c}"));

    public static Objection Read(NpgsqlDataReader r) => Facts(r, 0) with
    {
        Version = r.GetInt32(1),
        DueDate = r.GetFieldValue<DateOnly>(13),
        OpenDueDate = (ObjectionStatus)r.GetInt16(7) == ObjectionStatus.Received ? r.GetFieldValue<DateOnly>(13) : null,
        WithinLegalLimit = r.IsDBNull(14) ? null : r.GetBoolean(14),
        BatchId = r.GetString(15),
        History = StoreJson.Deserialize<ObjectionStatusChange[]>(r.GetString(16)),
    };

    /// <summary>The facts an import compares, read from <paramref name="at"/> on in <see cref="Columns"/> order (id to extension_reason).</summary>
    public static Objection Facts(NpgsqlDataReader r, int at) => new()
    {
        Id = r.GetString(at),
        SubjectRef = r.GetString(at + 2),
        Jurisdiction = r.GetString(at + 3),
        Platform = (Platform)r.GetInt16(at + 4),
        Channel = (ObjectionChannel)r.GetInt16(at + 5),
        ReceivedAt = r.GetDateTime(at + 6),
        Status = (ObjectionStatus)r.GetInt16(at + 7),
        ResolvedAt = r.IsDBNull(at + 8) ? null : r.GetDateTime(at + 8),
        RefusalGrounds = r.IsDBNull(at + 9) ? null : r.GetString(at + 9),
        CarriedOver = r.GetBoolean(at + 10),
        ExtensionNotifiedAt = r.IsDBNull(at + 11) ? null : r.GetDateTime(at + 11),
        ExtensionReason = r.IsDBNull(at + 12) ? null : r.GetString(at + 12),
    };

    public static OpenObjection ReadOpen(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), (Platform)r.GetInt16(2), (ObjectionChannel)r.GetInt16(3), r.GetFieldValue<DateOnly>(4), r.GetFieldValue<DateOnly>(5));

    /// <summary>The columns of an open objection, in <see cref="ReadOpen"/>'s order.</summary>
    public const string OpenColumns = "id, jurisdiction, platform, channel, (received_at AT TIME ZONE 'UTC')::date, due_date";

    /// <summary>Writes one objection as a row of a binary COPY into the objections table (<see cref="Columns"/> order).</summary>
    public static void Write(NpgsqlBinaryImporter copy, Objection o) => Write(copy, o, ObjectionHistoryJson.Write(o.History));

    /// <summary>The same, with the history's JSON already written (<see cref="ObjectionHistoryJson"/>).</summary>
    public static void Write(NpgsqlBinaryImporter copy, Objection o, string historyJson)
    {
        copy.StartRow();
        copy.Write(o.Id, NpgsqlDbType.Text);
        copy.Write(o.Version, NpgsqlDbType.Integer);
        WriteFacts(copy, o);
        copy.Write(o.BatchId, NpgsqlDbType.Text);
        copy.Write(historyJson, NpgsqlDbType.Jsonb);
    }

    /// <summary>subject_ref to within_legal_limit, as both the objections table and the import's staging table hold them.</summary>
    public static void WriteFacts(NpgsqlBinaryImporter copy, Objection o)
    {
        copy.Write(o.SubjectRef, NpgsqlDbType.Text);
        copy.Write(o.Jurisdiction, NpgsqlDbType.Text);
        copy.Write((short)o.Platform, NpgsqlDbType.Smallint);
        copy.Write((short)o.Channel, NpgsqlDbType.Smallint);
        copy.Write(StoreJson.Utc(o.ReceivedAt), NpgsqlDbType.TimestampTz);
        copy.Write((short)o.Status, NpgsqlDbType.Smallint);
        Time(copy, o.ResolvedAt);
        Nullable(copy, o.RefusalGrounds, NpgsqlDbType.Text);
        copy.Write(o.CarriedOver, NpgsqlDbType.Boolean);
        Time(copy, o.ExtensionNotifiedAt);
        Nullable(copy, o.ExtensionReason, NpgsqlDbType.Text);
        copy.Write(o.DueDate, NpgsqlDbType.Date);
        if (o.WithinLegalLimit is { } within) copy.Write(within, NpgsqlDbType.Boolean);
        else copy.WriteNull();
    }

    private static void Nullable(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, type);
    }

    private static void Time(NpgsqlBinaryImporter copy, DateTime? value)
    {
        if (value is { } t) copy.Write(StoreJson.Utc(t), NpgsqlDbType.TimestampTz);
        else copy.WriteNull();
    }

    /// <summary>The rollup columns, in <see cref="ReadRollup"/>'s order.</summary>
    public const string RollupColumns =
        "jurisdiction, platform, channel, day, received, carried_over, honoured, refused, withdrawn, extensions_notified, " +
        "answered_within_limit, honour_buckets, honour_counts, max_honour_ms";

    /// <summary>Writes one rollup as a row of a binary COPY (<see cref="RollupColumns"/> order).</summary>
    public static void WriteRollup(NpgsqlBinaryImporter copy, ObjectionRollup r)
    {
        copy.StartRow();
        copy.Write(r.Jurisdiction, NpgsqlDbType.Text);
        copy.Write((short)r.Platform, NpgsqlDbType.Smallint);
        copy.Write((short)r.Channel, NpgsqlDbType.Smallint);
        copy.Write(r.Day, NpgsqlDbType.Date);
        foreach (var count in (long[])[r.Received, r.CarriedOver, r.Honoured, r.Refused, r.Withdrawn, r.ExtensionsNotified, r.AnsweredWithinLimit])
            copy.Write(count, NpgsqlDbType.Bigint);
        copy.Write(r.HonourBuckets, NpgsqlDbType.Array | NpgsqlDbType.Integer);
        copy.Write(r.HonourCounts, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        copy.Write(r.MaxHonourMs, NpgsqlDbType.Bigint);
    }

    public static ObjectionRollup ReadRollup(NpgsqlDataReader r)
    {
        var (jurisdiction, platform, channel, day) = (r.GetString(0), (Platform)r.GetInt16(1), (ObjectionChannel)r.GetInt16(2), r.GetFieldValue<DateOnly>(3));
        return ObjectionRollup.Empty(jurisdiction, platform, channel, day) with
        {
            Received = r.GetInt64(4),
            CarriedOver = r.GetInt64(5),
            Honoured = r.GetInt64(6),
            Refused = r.GetInt64(7),
            Withdrawn = r.GetInt64(8),
            ExtensionsNotified = r.GetInt64(9),
            AnsweredWithinLimit = r.GetInt64(10),
            HonourBuckets = r.GetFieldValue<int[]>(11),
            HonourCounts = r.GetFieldValue<long[]>(12),
            MaxHonourMs = r.GetInt64(13),
        };
    }
}
