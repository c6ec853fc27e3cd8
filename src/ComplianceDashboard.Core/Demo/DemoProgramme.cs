using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Demo;

/// <summary>One demo account per role; shown on the sign-in page of demo stores only.</summary>
public static class DemoAccounts
{
    public const string Password = "Demo-Password-2024";

    public static readonly IReadOnlyList<(string Email, string Name, Role Role)> All =
    [
        ("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer),
        ("legal@demo.example", "Leo Legal", Role.LegalReviewer),
        ("dpo@demo.example", "Dana DPO", Role.Dpo),
        ("auditor@demo.example", "Aisha Auditor", Role.Auditor),
        ("admin@demo.example", "Adam Admin", Role.Admin),
    ];
}

/// <summary>
/// Seeds the demo programme (DESIGN decision 9): the 2024 sequence — EU paused at the DPC's request,
/// Brazil suspended by the ANPD's preventive order, the UK proceeding after engaging the ICO —
/// anchored so that it ends yesterday. Seeding an already seeded store changes nothing.
/// </summary>
public sealed class DemoProgramme(
    IStoreInfo storeInfo, IJurisdictionRepository jurisdictions, IUserRepository users,
    IAuditLog audit, IUnitOfWork store, PasswordPolicy passwords, TimeProvider clock,
    DemoAssessments demoAssessments, DemoRollout rollout, DemoObjections demoObjections, DemoComplaints demoComplaints)
{
    public Result<int> Seed()
    {
        if (storeInfo.Info.Mode != StoreMode.Demo)
            return Failure.Forbidden("Demo data can only be seeded into a demo store; this store holds a real programme.");

        var end = DemoStory.End(clock.GetUtcNow().UtcDateTime);
        var setUp = DemoStory.StoreCreatedAt(clock.GetUtcNow().UtcDateTime);
        var missingUsers = DemoAccounts.All.Where(a => users.Find(a.Email) is null).ToList();
        // Hash outside the writer: PBKDF2 at 210,000 iterations is slow and must not hold the lock.
        var hash = missingUsers.Count > 0 ? passwords.Hash(DemoAccounts.Password) : "";

        var seeded = store.Write<int>(() =>
        {
            // Every record carries the story time it was recorded at, and so does its audit entry (appended in time order at the end).
            var journal = new DemoJournal();
            var added = 0;
            foreach (var jurisdiction in Story(end).Where(j => jurisdictions.Find(j.Code) is null))
            {
                var saved = jurisdictions.Save(jurisdiction);
                if (!saved.Succeeded) return Result<int>.Fail(saved.Failure!);
                journal.Record(jurisdiction.CreatedAt, "jurisdiction.created", JurisdictionService.EntityType, jurisdiction.Code,
                    $"Demo: created {jurisdiction.Name} ({jurisdiction.Regulator.ShortName}), state {ProgrammeState.Planned}");
                foreach (var change in jurisdiction.StateHistory)
                    journal.Record(change.At, "jurisdiction.state-changed", JurisdictionService.EntityType, jurisdiction.Code,
                        $"Demo: state {change.From} → {change.To}: {change.Reason}");
                added++;
            }
            var minute = 0;
            foreach (var (email, name, role) in missingUsers)
            {
                var createdAt = setUp.AddMinutes(++minute);
                var saved = users.Save(new User
                {
                    Id = email, Email = email, DisplayName = name, Role = role, PasswordHash = hash,
                    SecurityStamp = UserService.NewStamp(), CreatedAt = createdAt,
                });
                if (!saved.Succeeded) return Result<int>.Fail(saved.Failure!);
                journal.Record(createdAt, "user.created", UserService.EntityType, email, $"Demo: added {name} as {role.DisplayName()}");
                added++;
            }
            var assessments = demoAssessments.Seed(end, journal);
            if (!assessments.Succeeded) return Result<int>.Fail(assessments.Failure!);
            var rolledOut = rollout.Seed(DateOnly.FromDateTime(end), journal);
            if (!rolledOut.Succeeded) return rolledOut;
            journal.AppendTo(audit);
            return added + assessments.Value + rolledOut.Value;
        });
        // The objections (200,000 by default) go in their own single transaction once the jurisdictions exist.
        return seeded.Then(added => demoObjections.Seed(end).Then<int>(objections => added + objections))
            .Then(added => demoComplaints.Seed(end).Then<int>(complaints => added + complaints));
    }

    private static IEnumerable<Jurisdiction> Story(DateTime end)
    {
        // Day offsets follow 2024: notices from 22 May, EU pause 14 June, ANPD order 2 July,
        // UK resumption after ICO engagement from mid-September; the story ends yesterday.
        var start = DemoStory.Start(end);
        DateTime Day(int offset, int hour = 9) => DateTime.SpecifyKind(start.AddDays(offset).AddHours(hour), DateTimeKind.Utc);
        StateChange Move(ProgrammeState from, ProgrammeState to, int day, string reason) =>
            new() { From = from, To = to, At = Day(day), By = "Demo data", Reason = reason };
        var today = DateOnly.FromDateTime(end).AddDays(1);

        var uk = JurisdictionPresets.Find("UK")!;
        yield return uk with
        {
            CreatedAt = Day(-DemoStory.SetUpDaysBeforeStart),
            State = ProgrammeState.Notifying,
            PlannedTrainingStart = today.AddDays(21),
            StateHistory =
            [
                Move(ProgrammeState.Planned, ProgrammeState.Notifying, 0, "Privacy policy update notices sent to adult users"),
                Move(ProgrammeState.Notifying, ProgrammeState.Paused, 23, "Paused while engaging with the ICO on its questions"),
                Move(ProgrammeState.Paused, ProgrammeState.Notifying, 120, "Proceeding after engagement with the ICO: simpler objection form, longer objection window"),
            ],
        };
        var eu = JurisdictionPresets.Find("EU")!;
        yield return eu with
        {
            CreatedAt = Day(-DemoStory.SetUpDaysBeforeStart),
            State = ProgrammeState.Paused,
            StateHistory =
            [
                Move(ProgrammeState.Planned, ProgrammeState.Notifying, 0, "Privacy policy update notices sent to adult users"),
                Move(ProgrammeState.Notifying, ProgrammeState.Paused, 23, "Paused at the DPC's request pending its review"),
            ],
        };
        var br = JurisdictionPresets.Find("BR")!;
        yield return br with
        {
            CreatedAt = Day(-DemoStory.SetUpDaysBeforeStart),
            State = ProgrammeState.Suspended,
            StateHistory =
            [
                Move(ProgrammeState.Planned, ProgrammeState.Notifying, 10, "Privacy policy update notices sent to adult users"),
                Move(ProgrammeState.Notifying, ProgrammeState.Suspended, 41, "Suspended by the ANPD's preventive order"),
            ],
        };
    }
}
