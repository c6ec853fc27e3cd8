using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Testing.Assessments;

namespace ComplianceDashboard.Core.Tests.Assessments;

/// <summary>The assessment service over in-memory ports whose unit of work rolls back on failure, with one user per role.</summary>
public sealed class AssessmentFixture
{
    public const string Password = "correct-horse-battery";
    private static readonly PasswordPolicy Passwords = new();
    private static readonly Lazy<string> Hash = new(() => Passwords.Hash(Password));

    public AssessmentFixture()
    {
        Authenticator = new Authenticator(new VisibleSecrets(), Clock);
        var signIn = new SignInService(Users, Audit, Store, new RealStore(), Passwords, Authenticator, new MfaPolicy(), Counters, Clock);
        SignIns = signIn;
        var tickets = new StepUpService(new MemoryPendingSignOffs(), Users, Audit, Store, Clock);
        Service = new AssessmentService(Assessments, Users, Audit, Store, new StepUp(Passwords, signIn, tickets), Clock);
        foreach (var (email, role) in new[]
                 {
                     ("officer@example.org", Role.ComplianceOfficer), ("legal@example.org", Role.LegalReviewer),
                     ("legal2@example.org", Role.LegalReviewer), ("dpo@example.org", Role.Dpo), ("auditor@example.org", Role.Auditor),
                 })
            AddUser(email, role);
    }

    public FixedClock Clock { get; } = new(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
    public MemoryStore Store { get; } = new();
    public MemoryAssessments Assessments => Store.Assessments;
    public MemoryUsers Users => Store.Users;
    public MemoryAudit Audit => Store.Audit;
    public AssessmentService Service { get; }
    public SignInService SignIns { get; }
    public MemorySecurityCounters Counters { get; } = new();
    public Authenticator Authenticator { get; }

    /// <summary>Gives <paramref name="email"/> a confirmed authenticator app; returns its Base32 key.</summary>
    public string EnrolAuthenticator(string email)
    {
        var (enrolment, _) = Authenticator.Confirm(Authenticator.Start());
        var user = Users.Find(email)!;
        Users.Put(user with { Totp = enrolment, Version = user.Version + 1 });
        return Authenticator.Key(enrolment);
    }

    public Actor Officer => ActorFor("officer@example.org");
    public Actor Legal => ActorFor("legal@example.org");
    public Actor Legal2 => ActorFor("legal2@example.org");
    public Actor Dpo => ActorFor("dpo@example.org");
    public Actor Auditor => ActorFor("auditor@example.org");

    public Actor ActorFor(string email)
    {
        var user = Users.Find(email)!;
        return Actor.User(user.Email, user.DisplayName, user.Role);
    }

    public void AddUser(string email, Role role) =>
        Users.Put(new User { Id = email, Email = email, DisplayName = email.Split('@')[0], Role = role, PasswordHash = Hash.Value, Version = 1 });

    /// <summary>An answer that completes <paramref name="question"/>.</summary>
    public static Answer CompleteAnswer(Question question, string? text = null) => CompleteAnswers.For(question, text);

    public static DraftContent CompleteContent(string title = "AI training on public posts") =>
        new(title, ["UK"], QuestionCatalogue.All.Select(q => CompleteAnswer(q)).ToArray(), Enum.GetValues<ReviewTrigger>());

    public Assessment Created() => Ok(Service.Create(Officer, "AI training on public posts", ["UK"]));

    public Assessment Drafted()
    {
        var created = Created();
        return Ok(Service.SaveDraft(Officer, created.Id, created.Version, 1, CompleteContent()));
    }

    public Assessment InReview() => Ok(Service.Submit(Officer, Drafted().Id, 1));

    public Assessment ChangesRequested() => Ok(Service.RequestChanges(Legal, InReview().Id, 1, "Please expand A1."));

    public Assessment Approved() => Ok(Service.Approve(Legal, InReview().Id, 1, new Approval(Password)));

    public Assessment Superseded()
    {
        var approved = Approved();
        var revised = Ok(Service.Revise(Officer, approved.Id, 1));
        Ok(Service.Submit(Officer, revised.Id, 2));
        return Ok(Service.Approve(Legal, revised.Id, 2, new Approval(Password)));
    }

    public Assessment Withdrawn() => Ok(Service.Withdraw(Officer, Drafted().Id, 1, "Replaced by another assessment."));

    public static T Ok<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Failure?.Message + " " + string.Join("; ", result.Failure?.Details ?? []));
        return result.Value;
    }
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A real (not demo) store's creation record.</summary>
public sealed class RealStore : IStoreInfo
{
    public StoreInfo Info { get; } = new(StoreMode.Real, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), 1);
}

/// <summary>Test-only "encryption" of TOTP secrets (Base64): Core's rules do not depend on how secrets are protected.</summary>
public sealed class VisibleSecrets : ISecretProtector
{
    public string Protect(byte[] secret) => Convert.ToBase64String(secret);
    public byte[] Unprotect(string protectedSecret) => Convert.FromBase64String(protectedSecret);
}

/// <summary>A unit of work over in-memory ports: the change runs on copies and is kept only when it succeeds.</summary>
public sealed class MemoryStore : IUnitOfWork
{
    public MemoryAssessments Assessments { get; } = new();
    public MemoryUsers Users { get; } = new();
    public MemoryAudit Audit { get; } = new();

    public Result<T> Write<T>(Func<Result<T>> change)
    {
        var assessments = Assessments.Snapshot();
        var audit = Audit.Entries.Count;
        var result = change();
        if (!result.Succeeded)
        {
            Assessments.Restore(assessments);
            Audit.Entries.RemoveRange(audit, Audit.Entries.Count - audit);
        }
        return result;
    }
}

/// <summary>Security counters in fixed windows, in memory (the stores' counters are tested in SecurityCountersTests).</summary>
public sealed class MemorySecurityCounters : ISecurityCounters
{
    private readonly Dictionary<string, CounterWindow> _windows = new();

    public CounterWindow Increment(string key, DateTime now, TimeSpan window)
    {
        var open = Current(key, now);
        return _windows[key] = open is null ? new CounterWindow(1, now + window) : open with { Count = open.Count + 1 };
    }

    public CounterWindow? Current(string key, DateTime now) => _windows.GetValueOrDefault(key) is { } open && open.Ends > now ? open : null;

    public bool ClaimFirstReport(string key, DateTime now) => throw new NotSupportedException("Not used by sign-offs.");

    public void Reset(string key) => _windows.Remove(key);
}

public sealed class MemoryAssessments : IAssessmentRepository
{
    private Dictionary<string, Assessment> _items = new();

    public Assessment? Find(string id) => _items.GetValueOrDefault(id);
    public IReadOnlyList<Assessment> All() => _items.Values.ToList();

    public Result<Assessment> Save(Assessment assessment)
    {
        var stored = Find(assessment.Id);
        if (stored is null && assessment.Version != 0) return Failure.NotFound("gone");
        if (stored is not null && stored.Version != assessment.Version) return Failure.Conflict("changed by someone else");
        var next = assessment with { Version = assessment.Version + 1 };
        _items[next.Id] = next;
        return next;
    }

    internal Dictionary<string, Assessment> Snapshot() => new(_items);
    internal void Restore(Dictionary<string, Assessment> items) => _items = items;
}

/// <summary>Pending SSO sign-offs, in memory (the stores' are tested in StepUpTests); local sign-offs never use them.</summary>
public sealed class MemoryPendingSignOffs : IPendingSignOffRepository
{
    private readonly Dictionary<string, PendingSignOff> _items = new();
    public PendingSignOff? Find(string id) => _items.GetValueOrDefault(id);
    public Result<PendingSignOff> Save(PendingSignOff signOff) => _items[signOff.Id] = signOff with { Version = signOff.Version + 1 };
}

public sealed class MemoryUsers : IUserRepository
{
    private readonly Dictionary<string, User> _users = new();
    public User? Find(string email) => _users.GetValueOrDefault(email);
    public IReadOnlyList<User> All() => _users.Values.ToList();
    public Result<User> Save(User user) => Put(user with { Version = user.Version + 1 });
    public User Put(User user) => _users[user.Id] = user;
}

public sealed class MemoryAudit : IAuditLog
{
    public List<AuditEntry> Entries { get; } = [];

    public AuditEntry Append(Actor actor, string action, string entityType, string entityId, string summary)
    {
        var entry = new AuditEntry { Sequence = Entries.Count + 1, ActorId = actor.Id, ActorName = actor.DisplayName, Action = action, EntityType = entityType, EntityId = entityId, Summary = summary };
        Entries.Add(entry);
        return entry;
    }

    public AuditEntry Append(Actor actor, string action, string entityType, string entityId, string summary, DateTime at)
    {
        var entry = Append(actor, action, entityType, entityId, summary) with { At = at };
        Entries[^1] = entry;
        return entry;
    }

    public ChainHead Head() => new(Entries.Count, "");
    public AuditPage Query(AuditFilter filter, int skip, int take) => new(Entries, Entries.Count);
    public IEnumerable<AuditEntry> ReadAll() => Entries;
    public IReadOnlyList<string> EntityTypes() => [];
}
