using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

public abstract class RepositoryRoundTripTests(StoreProvider provider) : IDisposable
{
    private static readonly DateTime SubMillisecond = new DateTime(2025, 6, 7, 8, 9, 10, 123, DateTimeKind.Utc).AddTicks(4567);
    private static readonly DateTime Truncated = new(2025, 6, 7, 8, 9, 10, 123, DateTimeKind.Utc);

    private readonly TestStore _store = TestStore.Create(provider);

    public void Dispose() => _store.Dispose();

    private Result<T> Save<T>(Func<Result<T>> save) => _store.Get<IUnitOfWork>().Write(save);

    private static void AssertUtc(DateTime expected, DateTime actual)
    {
        Assert.Equal(DateTimeKind.Utc, actual.Kind);
        Assert.Equal(expected.ToUniversalTime(), actual);
    }

    [Fact]
    public void User_RoundTripsEveryField()
    {
        var user = new User
        {
            Id = "olivia@example.org",
            Email = "olivia@example.org",
            DisplayName = "Olivia Officer",
            Role = Role.ComplianceOfficer,
            PasswordHash = "AQAAAAIAAzNQAAAAE-not-a-real-hash",
            Disabled = true,
            SecurityStamp = "stamp-1",
            CreatedAt = Truncated.AddDays(-1),
            Totp = new TotpEnrolment
            {
                ProtectedSecret = "CfDJ8-protected-secret",
                StartedAt = Truncated.AddMinutes(-2),
                ConfirmedAt = Truncated.AddMinutes(-1),
                LastAcceptedStep = 59_352_345_678,
                RecoveryCodeHashes = ["aa11", "bb22"],
            },
        };

        var saved = Save(() => _store.Get<IUserRepository>().Save(user));
        _store.Reopen();
        var loaded = _store.Get<IUserRepository>().Find(user.Id)!;

        Assert.True(saved.Succeeded);
        Assert.Equal(1, saved.Value.Version);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(user.Id, loaded.Id);
        Assert.Equal(user.Email, loaded.Email);
        Assert.Equal(user.DisplayName, loaded.DisplayName);
        Assert.Equal(user.Role, loaded.Role);
        Assert.Equal(user.PasswordHash, loaded.PasswordHash);
        Assert.True(loaded.Disabled);
        Assert.Equal(user.SecurityStamp, loaded.SecurityStamp);
        AssertUtc(user.CreatedAt, loaded.CreatedAt);
        Assert.Equal(user.Totp.ProtectedSecret, loaded.Totp!.ProtectedSecret);
        AssertUtc(user.Totp.StartedAt, loaded.Totp.StartedAt);
        AssertUtc(user.Totp.ConfirmedAt!.Value, loaded.Totp.ConfirmedAt!.Value);
        Assert.Equal(59_352_345_678, loaded.Totp.LastAcceptedStep);
        Assert.Equal(["aa11", "bb22"], loaded.Totp.RecoveryCodeHashes);
        Assert.True(loaded.UsesMfa());
    }

    [Fact]
    public void User_WithoutOptionalValues_RoundTripsWithDefaults()
    {
        var user = new User { Id = "a@example.org", Email = "a@example.org", DisplayName = "A", Role = Role.Auditor, CreatedAt = Truncated };

        Save(() => _store.Get<IUserRepository>().Save(user));
        _store.Reopen();
        var loaded = _store.Get<IUserRepository>().Find(user.Id)!;

        Assert.Equal("", loaded.SecurityStamp);
        Assert.Null(loaded.Totp);
        Assert.False(loaded.Disabled);
        Assert.Equal(Role.Auditor, loaded.Role);
    }

    [Fact]
    public void Jurisdiction_RoundTripsNestedRecordsDatesAndArrays()
    {
        var jurisdiction = new Jurisdiction
        {
            Id = "UK",
            Name = "United Kingdom",
            Regulator = new Regulator { Name = "Information Commissioner's Office", ShortName = "ICO" },
            GoverningLaw = "UK GDPR and the Data Protection Act 2018",
            LegalBasisArticle = "UK GDPR Art 6(1)(f)",
            ObjectionRightArticle = "UK GDPR Art 21",
            DeadlinePolicy = new DeadlinePolicy
            {
                Months = 2,
                ExtensionMonths = 1,
                MoveToNextWorkingDay = true,
                BankHolidays = [new DateOnly(2025, 12, 25), new DateOnly(2025, 12, 26)],
            },
            PlannedTrainingStart = new DateOnly(2026, 2, 28),
            ActualTrainingStart = null,
            State = ProgrammeState.Paused,
            StateHistory =
            [
                new StateChange { From = ProgrammeState.Planned, To = ProgrammeState.Notifying, At = Truncated, By = "Olivia Officer", Reason = "Notices sent" },
                new StateChange { From = ProgrammeState.Notifying, To = ProgrammeState.Paused, At = Truncated.AddDays(23), By = "Olivia Officer", Reason = "Regulator's questions" },
            ],
            CreatedAt = Truncated.AddDays(-30),
        };

        Save(() => _store.Get<IJurisdictionRepository>().Save(jurisdiction));
        _store.Reopen();
        var loaded = _store.Get<IJurisdictionRepository>().Find("UK")!;

        Assert.Equal("UK", loaded.Code);
        Assert.Equal(jurisdiction.Name, loaded.Name);
        Assert.Equal(jurisdiction.Regulator, loaded.Regulator);
        Assert.Equal(jurisdiction.GoverningLaw, loaded.GoverningLaw);
        Assert.Equal(jurisdiction.LegalBasisArticle, loaded.LegalBasisArticle);
        Assert.Equal(jurisdiction.ObjectionRightArticle, loaded.ObjectionRightArticle);
        Assert.Equal(2, loaded.DeadlinePolicy.Months);
        Assert.Equal(1, loaded.DeadlinePolicy.ExtensionMonths);
        Assert.True(loaded.DeadlinePolicy.MoveToNextWorkingDay);
        Assert.Equal(jurisdiction.DeadlinePolicy.BankHolidays, loaded.DeadlinePolicy.BankHolidays);
        Assert.Equal(new DateOnly(2026, 2, 28), loaded.PlannedTrainingStart);
        Assert.Null(loaded.ActualTrainingStart);
        Assert.Equal(ProgrammeState.Paused, loaded.State);
        Assert.Equal(jurisdiction.StateHistory, loaded.StateHistory);
        Assert.All(loaded.StateHistory, c => Assert.Equal(DateTimeKind.Utc, c.At.Kind));
        AssertUtc(jurisdiction.CreatedAt, loaded.CreatedAt);
        Assert.Equal(jurisdiction.StateSince, loaded.StateSince);
        Assert.Equal("Regulator's questions", loaded.StateDescription);
    }

    [Fact]
    public void ApiKey_RoundTripsEveryField()
    {
        var key = new ApiKey
        {
            Id = "key-1",
            Name = "Nightly objections import",
            Scopes = ApiScope.Ingest | ApiScope.Reports,
            SecretHash = new string('a', 64),
            CreatedAt = Truncated,
            CreatedBy = "Adam Admin",
            RevokedAt = Truncated.AddDays(2),
            LastUsedAt = Truncated.AddDays(1),
        };

        Save(() => _store.Get<IApiKeyRepository>().Save(key));
        _store.Reopen();
        var loaded = _store.Get<IApiKeyRepository>().Find("key-1")!;

        Assert.Equal(key with { Version = 1 }, loaded);
        Assert.Equal(DateTimeKind.Utc, loaded.CreatedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, loaded.RevokedAt!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, loaded.LastUsedAt!.Value.Kind);
        Assert.False(loaded.IsActive);
    }

    [Fact]
    public void DateTime_ComesBackAsUtc_AtTheSameInstantToTheMillisecond()
    {
        var user = new User { Id = "t@example.org", Email = "t@example.org", CreatedAt = SubMillisecond };

        Save(() => _store.Get<IUserRepository>().Save(user));
        _store.Reopen();
        var loaded = _store.Get<IUserRepository>().Find(user.Id)!;

        Assert.Equal(DateTimeKind.Utc, loaded.CreatedAt.Kind);
        Assert.Equal(Truncated, loaded.CreatedAt);
    }

    [Fact]
    public void Tests_RunInALocalTimeZoneAwayFromUtc_SoThatDateMappingIsReallyTested()
    {
        Assert.True(TimeZoneInfo.Local.BaseUtcOffset != TimeSpan.Zero,
            $"The local zone is {TimeZoneInfo.Local.Id}; {nameof(NonUtcLocalTimeZone)} could not switch to {NonUtcLocalTimeZone.ZoneId} (is tzdata installed?).");
    }

    [Theory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void DateTime_ThatIsNotMarkedUtc_IsStoredAsTheUtcInstantItMeans(DateTimeKind kind)
    {
        // Local times are converted; unspecified ones are taken to be UTC already.
        var created = kind == DateTimeKind.Local ? Truncated.ToLocalTime() : DateTime.SpecifyKind(Truncated, kind);
        var user = new User { Id = "k@example.org", Email = "k@example.org", CreatedAt = created };

        Save(() => _store.Get<IUserRepository>().Save(user));
        _store.Reopen();
        var loaded = _store.Get<IUserRepository>().Find(user.Id)!;

        Assert.Equal(DateTimeKind.Utc, loaded.CreatedAt.Kind);
        Assert.Equal(Truncated, loaded.CreatedAt);
    }

    /// <summary>The contract on the embedded LiteDB store, and what only its file has.</summary>
    public sealed class OnLiteDb() : RepositoryRoundTripTests(StoreProvider.LiteDb)
    {
        [Fact]
        public void Jurisdiction_IsStoredWithDatesAsIsoStrings_AndWithoutDerivedProperties()
        {
            var jurisdiction = JurisdictionPresets.Find("UK")! with { PlannedTrainingStart = new DateOnly(2026, 2, 28), CreatedAt = Truncated };

            Save(() => _store.Get<IJurisdictionRepository>().Save(jurisdiction));
            var raw = _store.Store.Database.GetCollection("jurisdictions").FindById("UK");

            Assert.Equal("2026-02-28", raw["PlannedTrainingStart"].AsString);
            Assert.Equal("2024-01-01", raw["DeadlinePolicy"]["BankHolidays"].AsArray[0].AsString);
            Assert.False(raw.ContainsKey("Code"));
            Assert.False(raw.ContainsKey("StateSince"));
            Assert.False(raw.ContainsKey("StateDescription"));
            Assert.Equal("Planned", raw["State"].AsString);
        }
    }

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : RepositoryRoundTripTests(StoreProvider.Postgres);
}
