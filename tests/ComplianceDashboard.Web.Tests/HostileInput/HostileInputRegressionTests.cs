using System.Net.Http.Headers;
using System.Text;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Web.Tests.HostileInput;

/// <summary>
/// Every counter-example the property sweeps found, shrunk and kept as a plain test (the seed and mutation that found it
/// are in each test's comment).
/// </summary>
public sealed class HostileInputRegressionTests(HostileInputFactory factory) : IClassFixture<HostileInputFactory>
{
    private static ByteArrayContent Body(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

    // CsvImportProperties, seed cvodgwHWdOb5: InsertCharacter(600,468,312,707) put a lone surrogate (U+DC00) in objection_id;
    // UTF-8 cannot carry it, so the file arrived with U+FFFD there and was accepted as a different id from the one sent.
    [Fact]
    public async Task AnObjectionIdHoldingTheReplacementCharacter_IsRefused_NamingLineAndColumn()
    {
        factory.Ready();
        var before = factory.AuditHead;
        var csv = string.Join(",", [.. ObjectionCsv.RequiredColumns, ObjectionCsv.OptionalColumn]) + "\n" +
                  "R-\uFFFDr1,s-1,UK,instagram,email,2025-06-01T09:00:00Z,honoured,2025-06-02T09:00:00Z,,false,,\n";

        var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/objections", Body(Utf8(csv), "text/csv"), ApiScope.Ingest);

        answer.AssertOneOf(400);
        var error = Assert.Single(answer.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Equal("objection_id", error.GetProperty("column").GetString());
        Assert.Contains("U+FFFD", error.GetProperty("message").GetString());
        Assert.Equal(before, factory.AuditHead);
    }

    // JsonBodyProperties, seed 3V4eBkgevyg1: InvalidUtf8(787,365,124,212) put a byte 0xFF inside a string of a training-run
    // registration; reading the field threw and the API answered 500.
    [Fact]
    public async Task ATrainingRunWithInvalidUtf8InAField_Is400_NamingTheField_Not500()
    {
        factory.Ready();
        var before = factory.AuditHead;
        byte[] body = [.. "{\"jurisdiction\":\"UK\",\"runId\":\"run-"u8, 0xFF, .. "\",\"datasetSnapshotId\":\"snap-1\"}"u8];

        var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/training-runs", Body(body, "application/json"), ApiScope.Ingest);

        answer.AssertOneOf(400);
        Assert.Contains("Unicode", Assert.Single(answer.Json.GetProperty("fieldErrors").GetProperty("runId").EnumerateArray()).GetString());
        Assert.Equal(before, factory.AuditHead);
    }

    // The same sweep's edge value "\uD800" (an escaped lone surrogate) in a string field.
    [Fact]
    public async Task ATrainingRunWithAnEscapedLoneSurrogate_Is400_NamingTheField_Not500()
    {
        factory.Ready();

        var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/training-runs",
            Body(Utf8("{\"jurisdiction\":\"UK\",\"runId\":\"\\uD800\",\"datasetSnapshotId\":\"snap-1\"}"), "application/json"), ApiScope.Ingest);

        answer.AssertOneOf(400);
        Assert.True(answer.Json.GetProperty("fieldErrors").TryGetProperty("runId", out _), answer.ToString());
    }

    // JsonBodyProperties, seed cn8pmjY6X9Q3: Truncate(154,21,357,709) cut an evidence-pack request short; the framework's 400
    // named no field (no errors member).
    [Fact]
    public async Task ATruncatedEvidencePackRequest_Is400_KeyedByBody_SayingWhereTheReaderStopped()
    {
        factory.Ready();

        var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/evidence-packs",
            Body(Utf8("{\"jurisdiction\":\"UK\",\"periodFrom\":\"2026-01-01\",\"perio"), "application/json"), ApiScope.Reports);

        answer.AssertOneOf(400);
        answer.AssertNamesAField();
        Assert.Contains("line 1", Assert.Single(answer.Json.GetProperty("errors").GetProperty("body").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task AnEvidencePackRequestNestedPastTheBudget_Is400_KeyedByBody()
    {
        factory.Ready();
        var deep = string.Concat(Enumerable.Repeat("[", HostileInputFactory.MaxJsonDepth + 1)) + string.Concat(Enumerable.Repeat("]", HostileInputFactory.MaxJsonDepth + 1));

        var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/evidence-packs",
            Body(Utf8($"{{\"jurisdiction\":{deep},\"periodFrom\":\"2026-01-01\"}}"), "application/json"), ApiScope.Reports);

        answer.AssertOneOf(400);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty("body", out _), answer.ToString());
    }
}
