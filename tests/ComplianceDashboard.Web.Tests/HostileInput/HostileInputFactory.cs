using System.Globalization;
using System.Net;
using System.Text.Json;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using ComplianceDashboard.Web.Tests.Gate;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.HostileInput;

/// <summary>
/// The real app on its own demo LiteDB store in a temp folder, with a small request budget and small file limits so
/// every bound can be crossed cheaply, an open training gate (every check scripted to pass) and a test campaign
/// (HOSTILE-FB, cohort wave-1) for delivery figures.
/// </summary>
public sealed class HostileInputFactory : DashboardFactory
{
    public const int MaxFieldChars = 300;
    public const int MaxColumns = 20;
    public const int MaxRows = 40;
    public const int MaxJsonDepth = 8;
    public const int MaxRecordBytes = 16 * 1024;
    public const int FileLimit = 96 * 1024;
    public const int JsonLimit = 16 * 1024;
    public static readonly DateOnly CampaignStart = new(2026, 1, 1);

    private readonly Lock _gate = new();
    private readonly Dictionary<ApiScope, string> _keys = [];
    private bool _seeded;

    public ScriptedEvaluator Evaluator { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        void Set(string key, long value) => builder.UseSetting(key, value.ToString(CultureInfo.InvariantCulture));
        Set($"{RequestBudget.Section}:{nameof(RequestBudget.MaxFieldChars)}", MaxFieldChars);
        Set($"{RequestBudget.Section}:{nameof(RequestBudget.MaxColumns)}", MaxColumns);
        Set($"{RequestBudget.Section}:{nameof(RequestBudget.MaxRows)}", MaxRows);
        Set($"{RequestBudget.Section}:{nameof(RequestBudget.MaxJsonDepth)}", MaxJsonDepth);
        Set($"{RequestBudget.Section}:{nameof(RequestBudget.MaxRecordBytes)}", MaxRecordBytes);
        Set(ObjectionEndpoints.MaxUploadSetting, FileLimit);
        Set(ComplaintEndpoints.MaxUploadSetting, FileLimit);
        Set(RolloutEndpoints.MaxUploadBytesSetting, FileLimit);
        Set(EvidencePackEndpoints.VerifyLimit.Setting, FileLimit);
        Set(RequestBodyLimit.Json.Setting, JsonLimit);
        builder.ConfigureTestServices(services => services.AddSingleton<IComplianceEvaluator>(Evaluator));
    }

    /// <summary>An API key with <paramref name="scope"/>, issued once per factory (issuing one is audited).</summary>
    public string Key(ApiScope scope)
    {
        lock (_gate)
        {
            if (_keys.TryGetValue(scope, out var key)) return key;
            key = Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"hostile {scope}", scope).Value.Secret;
            _keys[scope] = key;
            return key;
        }
    }

    /// <summary>Issues the keys and adds the test campaign (both audited) before a case records the audit head.</summary>
    public void Ready()
    {
        foreach (var scope in new[] { ApiScope.Ingest, ApiScope.Read, ApiScope.Reports }) Key(scope);
        EnsureTestCampaign();
    }

    private void EnsureTestCampaign()
    {
        lock (_gate)
        {
            if (_seeded) return;
            var campaigns = Services.GetRequiredService<CampaignService>();
            campaigns.Create(Actor.System, new CampaignDetails("HOSTILE-FB", "UK", Platform.Facebook, "Hostile input", CampaignStatus.Sending, CampaignStart, null, CampaignStart, null));
            var notice = campaigns.AddNotice(Actor.System, "HOSTILE-FB", new NoticeDetails("v1", "Notice", "en-GB", NoticeChannel.InApp, CampaignStart, null)).Value;
            campaigns.AddCohort(Actor.System, "HOSTILE-FB", new CohortDetails("wave-1", "Wave 1", 1000, CampaignStart, null, notice.Id));
            _seeded = true;
        }
    }

    public ChainHead AuditHead => Services.GetRequiredService<IAuditLog>().Head();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Sends one request with the key; a hang past <see cref="Bound"/> fails the case rather than the run.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, HttpContent? content, ApiScope scope)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, Key(scope));
        using var client = CreateClient();
        client.Timeout = Bound;
        using var response = await client.SendAsync(request);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The longest any one hostile request may take before the case counts as a hang.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
}

/// <summary>An answer: its status, media type and body.</summary>
public sealed record Answer(int Status, string? MediaType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public bool IsRefusal => Status is 400 or 413 or 415;

    public override string ToString() => $"{Status} {MediaType} {(Body.Length > 600 ? Body[..600] + "…" : Body)}";

    /// <summary>The properties every answer has: one of <paramref name="allowed"/>, never a 5xx; a refusal is problem details.</summary>
    public void AssertOneOf(params int[] allowed)
    {
        Assert.True(allowed.Contains(Status), $"status {Status} is not one of {string.Join("/", allowed)}: {this}");
        if (Status >= 400) Assert.Equal("application/problem+json", MediaType);
    }

    /// <summary>A file's 400 lists its problems by line: at least one names a line of the file (or a column).</summary>
    public void AssertNamesALine()
    {
        if (Status != 400) return;
        var errors = Json.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.GetProperty("line").GetInt32() >= 1 || e.GetProperty("column").ValueKind == JsonValueKind.String);
    }

    /// <summary>A body's 400 keys its problems by field: at least one field is named.</summary>
    public void AssertNamesAField(string member = "errors")
    {
        if (Status != 400) return;
        var errors = Json.GetProperty(member);
        Assert.Equal(JsonValueKind.Object, errors.ValueKind);
        Assert.Contains(errors.EnumerateObject(), p => p.Value.GetArrayLength() > 0);
    }
}

/// <summary>
/// How many cases each property runs and from which seed: a fixed seed and a few hundred cases by default, so the normal
/// run is repeatable; <c>HOSTILE_INPUT_CASES=5000 HOSTILE_INPUT_SEED=random</c> runs thousands from a random seed (the
/// failure message names the seed, which <c>HOSTILE_INPUT_SEED</c> then replays).
/// </summary>
public static class PropertyRun
{
    public const string FixedSeed = "1xn1HwIbwfUS";

    public static long Cases(long normal) =>
        long.TryParse(Environment.GetEnvironmentVariable("HOSTILE_INPUT_CASES"), out var n) && n > 0 ? n : normal;

    public static string? Seed => Environment.GetEnvironmentVariable("HOSTILE_INPUT_SEED") switch
    {
        null or "" => FixedSeed,
        "random" => null,
        var seed => seed,
    };

    private static long _run;

    /// <summary>A prefix no earlier case used, so each case's ids are new to the store.</summary>
    public static string FreshPrefix() => $"H{Interlocked.Increment(ref _run)}-";
}
