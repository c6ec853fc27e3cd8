using System.Globalization;
using System.Text;
using ComplianceDashboard.Core.Common;
using CsvHelper;

namespace ComplianceDashboard.Core.Rollout;

/// <summary>One reason a delivery file was rejected, with where it is (line 1 is the header).</summary>
public sealed record ImportError(int Line, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"Line {Line}: {Message}" : $"Line {Line}, column {Column}: {Message}";
}

/// <summary>A parsed row of a delivery file and the line it came from.</summary>
public sealed record ParsedDeliveryRow(int Line, DailyDeliveryStats Row);

/// <summary>What the validator needs to know about campaigns and cohorts.</summary>
public interface IDeliveryReferenceData
{
    Campaign? Campaign(string code);
    bool HasCohort(string campaignId, string cohortCode);
}

/// <summary>
/// Reads and validates a delivery-stats CSV file as a whole: every error is reported with its line and
/// column, and a file with any error yields no rows.
/// </summary>
public static class DeliveryStatsCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "campaign", "cohort", "date", "platform", "channel", "eligible", "sent", "delivered", "displayed", "form_opened",
        "objections_submitted", "suppressed_prior_objectors", "prior_objectors_contacted", "minors_excluded",
    ];

    private static readonly string[] CountColumns = Columns.Skip(5).ToArray();

    /// <summary>The funnel stages that may not exceed the stage before them.</summary>
    private static readonly (string Stage, string Before)[] Funnel =
        [("sent", "eligible"), ("delivered", "sent"), ("displayed", "delivered"), ("form_opened", "displayed")];

    private const int MaxErrors = 1000;

    public static (IReadOnlyList<ParsedDeliveryRow> Rows, IReadOnlyList<ImportError> Errors) Parse(byte[] content, IDeliveryReferenceData reference, RequestBudget? budget = null)
    {
        budget ??= RequestBudget.Defaults;
        var errors = new List<ImportError>();
        if (DecodeStrict(content, errors) is not { } text) return ([], errors);
        if (string.IsNullOrWhiteSpace(text))
            return ([], [new ImportError(1, null, "The file is empty. Send a header row and at least one row of figures.")]);

        var rows = new List<ParsedDeliveryRow>();
        var firstLineOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
        };
        using var reader = CsvReader.FromText(text, options);
        try
        {
            if (!reader.Read())
                return ([], [new ImportError(1, null, "The file is empty. Send a header row and at least one row of figures.")]);
            var header = Fields(reader).Select(h => h.Trim().ToLowerInvariant()).ToArray();
            if (header.Length > budget.MaxColumns)
                return ([], [new ImportError((int)reader.LineNumber, null, budget.TooManyColumns(header.Length))]);
            var index = ReadHeader(header, (int)reader.LineNumber, errors);
            if (index is null) return ([], errors);

            long dataRows = 0;
            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                if (++dataRows > budget.MaxRows)
                {
                    errors.Add(new ImportError(line, null, budget.TooManyRows));
                    break;
                }
                var fields = Fields(reader);
                var oversize = budget.OversizeFields(fields, header).ToList();
                if (oversize.Count > 0)
                {
                    errors.AddRange(oversize.Select(o => new ImportError(line, o.Index < header.Length ? header[o.Index] : $"#{o.Index + 1}", o.Message)));
                    continue;
                }
                var row = ReadRow(fields, index, line, reference, errors);
                if (row is not null)
                {
                    if (firstLineOfKey.TryGetValue(row.Id, out var first))
                        errors.Add(new ImportError(line, null, $"Duplicate key (campaign, cohort, date, platform, channel): line {first} has the same one."));
                    else
                    {
                        firstLineOfKey[row.Id] = line;
                        rows.Add(new ParsedDeliveryRow(line, row));
                    }
                }
                if (errors.Count >= MaxErrors)
                {
                    errors.Add(new ImportError(line, null, $"Stopped after {MaxErrors} errors; fix these and send the file again."));
                    break;
                }
            }
            if (dataRows == 0)
                errors.Add(new ImportError(1, null, "The file has a header but no rows of figures."));
        }
        catch (CsvFormatException e)
        {
            errors.Add(new ImportError((int)Math.Max(1, e.LineNumber), null, $"The file is not valid CSV here: {e.Message}"));
        }
        return errors.Count == 0 ? (rows, errors) : ([], errors);
    }

    private static string[] Fields(CsvReader reader)
    {
        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++) fields[i] = reader.GetString(i);
        return fields;
    }

    private static string? DecodeStrict(byte[] content, List<ImportError> errors)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            var text = strict.GetString(content);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            // Find the lines holding invalid bytes so the sender can fix them.
            var line = 1;
            var start = 0;
            for (var i = 0; i <= content.Length; i++)
            {
                if (i < content.Length && content[i] != (byte)'\n') continue;
                try
                {
                    strict.GetString(content, start, i - start);
                }
                catch (DecoderFallbackException)
                {
                    errors.Add(new ImportError(line, null, "The line is not valid UTF-8. Save the file as UTF-8."));
                }
                line++;
                start = i + 1;
            }
            if (errors.Count == 0) errors.Add(new ImportError(1, null, "The file is not valid UTF-8. Save the file as UTF-8."));
            return null;
        }
    }

    private static Dictionary<string, int>? ReadHeader(string[] header, int line, List<ImportError> errors)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var before = errors.Count;
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i];
            if (!Columns.Contains(name))
                errors.Add(new ImportError(line, name.Length == 0 ? $"#{i + 1}" : name, $"Unknown column '{name}'. Expected: {string.Join(",", Columns)}."));
            else if (!index.TryAdd(name, i))
                errors.Add(new ImportError(line, name, $"Column '{name}' appears twice."));
        }
        foreach (var missing in Columns.Where(c => !index.ContainsKey(c)))
            errors.Add(new ImportError(line, missing, $"Missing column '{missing}'."));
        return errors.Count == before ? index : null;
    }

    private static DailyDeliveryStats? ReadRow(string[] record, Dictionary<string, int> index, int line, IDeliveryReferenceData reference, List<ImportError> errors)
    {
        var before = errors.Count;
        string Field(string column) => index[column] < record.Length ? record[index[column]].Trim() : "";
        void Error(string column, string message) => errors.Add(new ImportError(line, column, message));

        if (record.Length != index.Count)
            errors.Add(new ImportError(line, null, $"The row has {record.Length} values; the header has {index.Count} columns."));

        string? Code(string column, string missing)
        {
            if (Field(column).Length == 0) Error(column, missing);
            else if (!Identifier.TryNormalise(column, Field(column), out var code, out var problem)) Error(column, problem!);
            else return code;
            return null;
        }
        var campaignCode = Code("campaign", "The campaign code is missing.")?.ToUpperInvariant();
        var campaign = campaignCode is null ? null : reference.Campaign(campaignCode);
        if (campaignCode is not null && campaign is null) Error("campaign", $"Unknown campaign '{campaignCode}'.");

        var cohortCode = Code("cohort", "The cohort code is missing.")?.ToLowerInvariant() ?? "";
        if (cohortCode.Length > 0 && campaign is not null && !reference.HasCohort(campaign.Id, cohortCode))
            Error("cohort", $"Unknown cohort '{cohortCode}' in campaign {campaign.Code}.");

        var dateText = Field("date");
        var dateOk = DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        if (!dateOk) Error("date", $"'{dateText}' is not a date in the form YYYY-MM-DD.");
        else if (campaign is not null && !campaign.Covers(date))
            Error("date", $"{date:yyyy-MM-dd} is outside campaign {campaign.Code}, which runs from {campaign.FirstDay:yyyy-MM-dd} to {campaign.LastDay?.ToString("yyyy-MM-dd") ?? "now"}.");

        var platformText = Field("platform");
        var platformOk = DeliveryTokens.TryParsePlatform(platformText, out var platform);
        if (!platformOk) Error("platform", $"'{platformText}' is not a platform; use facebook or instagram.");
        else if (campaign is not null && campaign.Platform != platform)
            Error("platform", $"Campaign {campaign.Code} runs on {DeliveryTokens.Format(campaign.Platform)}, not {platformText}.");

        var channelText = Field("channel");
        if (!DeliveryTokens.TryParseChannel(channelText, out var channel))
            Error("channel", $"'{channelText}' is not a channel; use in_app or email.");

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var column in CountColumns)
        {
            var value = Field(column);
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                counts[column] = count;
            else
                Error(column, $"'{value}' is not a count: use a whole number of 0 or more, without separators.");
        }
        foreach (var (stage, previous) in Funnel)
            if (counts.TryGetValue(stage, out var n) && counts.TryGetValue(previous, out var p) && n > p)
                Error(stage, $"The funnel grows: {stage} ({n}) is more than {previous} ({p}).");

        if (errors.Count > before || campaign is null) return null;
        return new DailyDeliveryStats
        {
            CampaignId = campaign.Id,
            CohortCode = cohortCode,
            Date = date,
            Platform = platform,
            Channel = channel,
            Eligible = counts["eligible"],
            Sent = counts["sent"],
            Delivered = counts["delivered"],
            Displayed = counts["displayed"],
            FormOpened = counts["form_opened"],
            ObjectionsSubmitted = counts["objections_submitted"],
            SuppressedPriorObjectors = counts["suppressed_prior_objectors"],
            PriorObjectorsContacted = counts["prior_objectors_contacted"],
            MinorsExcluded = counts["minors_excluded"],
        }.WithKey();
    }
}
