using System.Security.Cryptography;
using System.Text;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Identity;

public abstract class ApiKeyTests : IDisposable
{
    private const string Client = "198.51.100.7";

    private readonly TestStore _store;
    private readonly IssuedApiKey _issued;

    protected ApiKeyTests(StoreProvider provider)
    {
        _store = TestStore.Create(provider, demoMode: false);
        _issued = Keys.Create(Actor.System, "Nightly objections import", ApiScope.Ingest | ApiScope.Read).Value;
    }

    public void Dispose() => _store.Dispose();

    private ApiKeyService Keys => _store.Get<ApiKeyService>();
    private IAuditLog Audit => _store.Get<IAuditLog>();

    private static IEnumerable<string> StringsIn(BsonValue value) => value switch
    {
        { IsDocument: true } => value.AsDocument.SelectMany(kv => StringsIn(kv.Value).Append(kv.Key)),
        { IsArray: true } => value.AsArray.SelectMany(StringsIn),
        _ => [value.ToString()],
    };

    [Fact]
    public void Create_IsRefused_ToANonAdmin()
    {
        var officer = Actor.User("officer@example.org", "Olivia Officer", Role.ComplianceOfficer);

        var result = Keys.Create(officer, "Sneaky key", ApiScope.Read);

        Assert.Equal(FailureKind.Forbidden, result.Failure!.Kind);
        Assert.Single(Keys.All());
    }

    [Fact]
    public void Authenticate_AcceptsTheIssuedSecret()
    {
        var result = Keys.Authenticate(_issued.Secret, Client);

        Assert.True(result.Succeeded);
        Assert.Equal(_issued.Key.Id, result.Value.Id);
        Assert.Equal(ApiScope.Ingest | ApiScope.Read, result.Value.Scopes);
    }

    [Fact]
    public void Authenticate_DoesNotAuditSuccessfulUses()
    {
        var before = Audit.Head();

        Keys.Authenticate(_issued.Secret, Client);
        Keys.Authenticate(_issued.Secret, Client);

        Assert.Equal(before, Audit.Head());
    }

    [Fact]
    public void Authenticate_RefusesAWrongKey_AndAuditsTheFailure()
    {
        var before = Audit.Head().Count;

        var result = Keys.Authenticate(_issued.Secret[..^1] + (_issued.Secret[^1] == 'A' ? 'B' : 'A'), Client);

        Assert.Equal(FailureKind.Unauthorized, result.Failure!.Kind);
        var entry = Audit.ReadAll().Last();
        Assert.Equal(before + 1, entry.Sequence);
        Assert.Equal("apikey.failed", entry.Action);
        Assert.Equal($"anonymous:{Client}", entry.ActorId);
        Assert.Equal("Unknown API key presented", entry.Summary);
    }

    [Fact]
    public void Authenticate_RefusesARevokedKey_EvenOnceItWasCached_AndAuditsTheFailure()
    {
        Assert.True(Keys.Authenticate(_issued.Secret, Client).Succeeded);
        var revoked = Keys.Revoke(Actor.System, _issued.Key.Id);

        var result = Keys.Authenticate(_issued.Secret, Client);

        Assert.NotNull(revoked.Value.RevokedAt);
        Assert.Equal(FailureKind.Unauthorized, result.Failure!.Kind);
        var entry = Audit.ReadAll().Last();
        Assert.Equal("apikey.failed", entry.Action);
        Assert.Equal(_issued.Key.Id, entry.EntityId);
        Assert.Equal("Revoked key 'Nightly objections import' presented", entry.Summary);
        Assert.Contains(Audit.ReadAll(), e => e.Action == "apikey.revoked");
    }

    [Fact]
    public void FlushLastUse_WritesLastUsedAt_WithoutChangingTheVersionOrAuditing()
    {
        var usedAt = _store.Clock.UtcDateTime;
        Keys.Authenticate(_issued.Secret, Client);
        var auditBefore = Audit.Head();
        Assert.Null(_store.Get<IApiKeyRepository>().Find(_issued.Key.Id)!.LastUsedAt);

        var flushed = Keys.FlushLastUse();
        _store.Clock.Advance(TimeSpan.FromMinutes(1));
        var flushedAgain = Keys.FlushLastUse();

        Assert.Equal(1, flushed);
        Assert.Equal(0, flushedAgain);
        _store.Reopen(demoMode: false);
        var stored = _store.Get<IApiKeyRepository>().Find(_issued.Key.Id)!;
        Assert.Equal(usedAt, stored.LastUsedAt);
        Assert.Equal(DateTimeKind.Utc, stored.LastUsedAt!.Value.Kind);
        Assert.Equal(_issued.Key.Version, stored.Version);
        Assert.Equal(auditBefore, _store.Get<IAuditLog>().Head());
    }

    [Fact]
    public void FlushLastUse_KeepsTheLatestUse()
    {
        Keys.Authenticate(_issued.Secret, Client);
        Keys.FlushLastUse();
        _store.Clock.Advance(TimeSpan.FromHours(2));
        var later = _store.Clock.UtcDateTime;
        Keys.Authenticate(_issued.Secret, Client);

        Keys.FlushLastUse();

        Assert.Equal(later, _store.Get<IApiKeyRepository>().Find(_issued.Key.Id)!.LastUsedAt);
    }

    /// <summary>The contract on the embedded LiteDB store, and what only its file has.</summary>
    public sealed class OnLiteDb() : ApiKeyTests(StoreProvider.LiteDb)
    {
        [Fact]
        public void Create_ShowsTheSecretOnce_AndStoresOnlyItsSha256()
        {
            var secret = _issued.Secret;
            var raw = _store.Store.Database.GetCollection("apikeys").FindById(_issued.Key.Id);

            Assert.StartsWith("cdk_", secret);
            Assert.True(secret.Length >= 4 + 43, "a 256-bit secret in base64url has 43 characters");
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), raw["SecretHash"].AsString);
            Assert.DoesNotContain(StringsIn(raw), s => s.Contains(secret[4..]));
            Assert.All(Keys.All(), k => Assert.DoesNotContain(secret[4..], k.ToString()));
            Assert.DoesNotContain(secret[4..], _store.Get<IApiKeyRepository>().Find(_issued.Key.Id)!.ToString());
            Assert.Equal("apikey.created", Audit.ReadAll().Last().Action);
            Assert.DoesNotContain(Audit.ReadAll(), e => e.Summary.Contains(secret[4..]));
        }

        [Fact]
        public void Create_NeverWritesTheSecretToTheStoreFiles()
        {
            var secret = Encoding.UTF8.GetBytes(_issued.Secret[4..]);
            _store.Close();

            foreach (var file in Directory.GetFiles(_store.Directory))
                Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(secret) < 0, $"{Path.GetFileName(file)} contains the secret");
        }
    }

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : ApiKeyTests(StoreProvider.Postgres);
}
