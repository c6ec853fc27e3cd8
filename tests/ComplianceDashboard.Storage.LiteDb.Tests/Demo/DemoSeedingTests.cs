using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Demo;

public abstract class DemoSeedingTests(StoreProvider provider)
{
    [Fact]
    public void Seed_AddsTheThreeJurisdictionsInTheirStoryStates_FiveUsers_AndTwoAssessments()
    {
        using var store = TestStore.Create(provider, demoMode: true);

        var added = store.Get<DemoProgramme>().Seed();

        Assert.True(added.Succeeded, added.Failure?.Message);
        var jurisdictions = store.Get<JurisdictionService>();
        Assert.Equal(["BR", "EU", "UK"], jurisdictions.All().Select(j => j.Code).Order());
        Assert.Equal(ProgrammeState.Notifying, jurisdictions.Find("UK")!.State);
        Assert.Equal(ProgrammeState.Paused, jurisdictions.Find("EU")!.State);
        Assert.Equal(ProgrammeState.Suspended, jurisdictions.Find("BR")!.State);
        var users = store.Get<UserService>().All();
        Assert.Equal(5, users.Count);
        Assert.Equal(Enum.GetValues<Role>().Order(), users.Select(u => u.Role).Order());
        // Each jurisdiction's creation and its seven state changes in all (UK three, EU two, Brazil two), and the five users.
        Assert.Equal(3 + 7 + 5, store.Get<IAuditLog>().ReadAll().Count(e => e.EntityType is JurisdictionService.EntityType or UserService.EntityType));
        Assert.True(store.Get<AuditService>().Verify(Actor.System).Value.Intact);
    }

    [Fact]
    public void Seed_TellsAStoryThatEndsBeforeToday()
    {
        using var store = TestStore.Create(provider, demoMode: true);

        store.Get<DemoProgramme>().Seed();

        var today = store.Clock.UtcDateTime.Date;
        var changes = store.Get<JurisdictionService>().All().SelectMany(j => j.StateHistory).ToList();
        Assert.NotEmpty(changes);
        Assert.All(changes, c => Assert.True(c.At < today, $"{c.Reason} is dated {c.At:O}, not before {today:O}"));
        Assert.True(store.Get<JurisdictionService>().Find("UK")!.PlannedTrainingStart > DateOnly.FromDateTime(today));
    }

    [Fact]
    public void Seed_RecordsEverythingAtTheStorysTimes_InTimeOrderOnTheChain_BeforeToday()
    {
        using var store = TestStore.Create(demoMode: true);

        store.Get<DemoProgramme>().Seed();

        var today = store.Clock.UtcDateTime.Date;
        var entries = store.Get<IAuditLog>().ReadAll().ToList();
        Assert.True(entries.Count > 50, $"{entries.Count} entries");
        Assert.All(entries.Zip(entries.Skip(1)), pair => Assert.True(pair.First.At <= pair.Second.At,
            $"entry {pair.Second.Sequence} ({pair.Second.At:O}) is dated before entry {pair.First.Sequence} ({pair.First.At:O})"));
        Assert.All(entries, e => Assert.True(e.At < today, $"{e.Action} {e.EntityId} is dated {e.At:O}, not before {today:O}"));
        // The story spans months: the first entries are from its set-up, not from the moment of seeding.
        Assert.True(entries[0].At < today.AddDays(-DemoStory.Days), $"first entry {entries[0].At:O}");
        var campaigns = store.Get<Core.Rollout.CampaignService>().All();
        Assert.All(campaigns, c => Assert.True(c.CreatedAt < c.FirstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), $"{c.Id} recorded {c.CreatedAt:O}"));
        Assert.All(campaigns, c => Assert.Contains(entries, e => e.Action == "campaign.created" && e.EntityId == c.Id && e.At == c.CreatedAt));
        Assert.All(store.Get<Core.Rollout.RegulatorLogService>().Interactions("UK"),
            i => Assert.Equal(i.Date, DateOnly.FromDateTime(i.RecordedAt)));
        Assert.True(store.Get<AuditService>().Verify(Actor.System).Value.Intact);
    }

    [Fact]
    public void Seed_GivesDemoAccountsThatCanSignIn()
    {
        using var store = TestStore.Create(provider, demoMode: true);
        store.Get<DemoProgramme>().Seed();

        var result = store.Get<SignInService>().SignIn(DemoAccounts.All[0].Email, DemoAccounts.Password, "test");

        Assert.True(result.Succeeded);
        Assert.Equal(DemoAccounts.All[0].Role, result.Value.User.Role);
        Assert.Equal(NextSignInStep.Done, result.Value.Next);
    }

    [Fact]
    public void Seed_Twice_ChangesNothing()
    {
        using var store = TestStore.Create(provider, demoMode: true);
        store.Get<DemoProgramme>().Seed();
        var head = store.Get<IAuditLog>().Head();
        var versions = store.Get<JurisdictionService>().All().Select(j => (j.Code, j.Version)).ToList();

        var second = store.Get<DemoProgramme>().Seed();

        Assert.Equal(0, second.Value);
        Assert.Equal(head, store.Get<IAuditLog>().Head());
        Assert.Equal(versions, store.Get<JurisdictionService>().All().Select(j => (j.Code, j.Version)).ToList());
        Assert.Equal(5, store.Get<UserService>().All().Count);
    }

    [Fact]
    public void Seed_IsRefused_InARealStore_AndWritesNothing()
    {
        using var store = TestStore.Create(provider, demoMode: false);

        var result = store.Get<DemoProgramme>().Seed();

        Assert.Equal(FailureKind.Forbidden, result.Failure!.Kind);
        Assert.Empty(store.Get<JurisdictionService>().All());
        Assert.Empty(store.Get<UserService>().All());
        Assert.Equal(ChainHead.Empty, store.Get<IAuditLog>().Head());
    }

    public sealed class OnLiteDb() : DemoSeedingTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : DemoSeedingTests(StoreProvider.Postgres);
}
