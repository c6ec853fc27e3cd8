using System.Text.RegularExpressions;
using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Cli;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Cli;

/// <summary>The operator subcommands, run in-process against a real store in a temp folder.</summary>
public sealed partial class CommandLineTests : IDisposable
{
    private const string Password = "Correct-Horse-Battery-7";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void UsersAdd_TakesThePasswordFromStandardInput_AndUsersListShowsTheUser()
    {
        var added = Run(["users", "add", "--email", "Rita@Example.org", "--name", "Rita Reviewer", "--role", "LegalReviewer"], stdin: Password + "\n");

        Assert.Equal(CommandLine.Ok, added.ExitCode);
        Assert.Contains("Added Rita Reviewer <rita@example.org> as Legal reviewer.", added.Out);
        var listed = Run(["users", "list"]);
        Assert.Equal(CommandLine.Ok, listed.ExitCode);
        var line = Assert.Single(listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Matches(@"^rita@example\.org\s+LegalReviewer\s+active\s+Rita Reviewer$", line);
        using var services = OpenStore();
        Assert.True(services.GetRequiredService<SignInService>().SignIn("rita@example.org", Password, "test").Succeeded);
    }

    [Fact]
    public void UsersAdd_WithGeneratePassword_PrintsAPasswordOnce_ThatSignsIn()
    {
        var added = Run(["users", "add", "--email", "ada@example.org", "--name", "Ada Admin", "--role", "admin", "--generate-password"]);

        Assert.Equal(CommandLine.Ok, added.ExitCode);
        var password = GeneratedPassword().Match(added.Out).Groups[1].Value;
        Assert.True(password.Length >= PasswordPolicy.MinimumLength, added.Out);
        Assert.Single(Regex.Matches(added.Out, Regex.Escape(password)));
        using var services = OpenStore();
        var signedIn = services.GetRequiredService<SignInService>().SignIn("ada@example.org", password, "test");
        Assert.True(signedIn.Succeeded, signedIn.Failure?.Message);
        Assert.Equal(Role.Admin, signedIn.Value.User.Role);
        Assert.Equal(NextSignInStep.Enrol, signedIn.Value.Next);
    }

    [Fact]
    public void UsersResetMfa_RemovesTheAuthenticatorApp_AndIsAudited()
    {
        Run(["users", "add", "--email", "ada@example.org", "--name", "Ada Admin", "--role", "Admin"], stdin: Password);
        using (var services = OpenStore())
        {
            var signIns = services.GetRequiredService<SignInService>();
            Assert.Equal(NextSignInStep.Enrol, signIns.SignIn("ada@example.org", Password, "test").Value.Next);
            Assert.NotNull(services.GetRequiredService<IUserRepository>().Find("ada@example.org")!.Totp);
        }

        var reset = Run(["users", "reset-mfa", "--email", "ada@example.org"]);

        Assert.Equal(CommandLine.Ok, reset.ExitCode);
        Assert.Contains("MFA of ada@example.org reset", reset.Out);
        using var after = OpenStore();
        Assert.Null(after.GetRequiredService<IUserRepository>().Find("ada@example.org")!.Totp);
        Assert.Equal("user.mfa-reset", after.GetRequiredService<ComplianceDashboard.Core.Audit.IAuditLog>().ReadAll().Last().Action);
    }

    [Fact]
    public void UsersDisable_StopsTheUserSigningIn()
    {
        Run(["users", "add", "--email", "dan@example.org", "--name", "Dan DPO", "--role", "Dpo"], stdin: Password);

        var disabled = Run(["users", "disable", "--email", "dan@example.org"]);

        Assert.Equal(CommandLine.Ok, disabled.ExitCode);
        Assert.Contains("Disabled dan@example.org.", disabled.Out);
        Assert.Contains("disabled", Run(["users", "list"]).Out);
        using var services = OpenStore();
        Assert.False(services.GetRequiredService<SignInService>().SignIn("dan@example.org", Password, "test").Succeeded);
    }

    [Fact]
    public void ApiKeysCreate_PrintsAKey_ThatTheApiAccepts_WithTheRequestedScopes()
    {
        var created = Run(["apikeys", "create", "--name", "nightly import", "--scope", "ingest,read"]);

        Assert.Equal(CommandLine.Ok, created.ExitCode);
        Assert.Contains("Created API key 'nightly import'", created.Out);
        var secret = created.Out.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("cdk_", StringComparison.Ordinal));
        using var services = OpenStore();
        var key = services.GetRequiredService<ApiKeyService>().Authenticate(secret, "test");
        Assert.True(key.Succeeded, key.Failure?.Message);
        Assert.Equal(ApiScope.Ingest | ApiScope.Read, key.Value.Scopes);
    }

    [Theory]
    [InlineData("users add --email x@example.org --name X --role Boss", "Unknown role 'Boss'. Roles: Admin, ComplianceOfficer, LegalReviewer, Dpo, Auditor.")]
    [InlineData("users add --email x@example.org --role Admin", "users add needs --email, --name and --role.")]
    [InlineData("users disable", "users disable needs --email.")]
    [InlineData("apikeys create --name pipeline --scope read,write", "Unknown scope 'write'. Use one or more of: ingest, read, reports, backup.")]
    [InlineData("apikeys create --name pipeline", "apikeys create needs --name and --scope")]
    [InlineData("users remove --email x@example.org", "Unknown command 'users remove'.")]
    [InlineData("users list --verbose", "Unknown option(s): --verbose.")]
    public void AMistakeInTheCommand_ExitsWith2_AndSaysWhatIsWrong(string command, string message)
    {
        var result = Run(command.Split(' '));

        Assert.Equal(CommandLine.Usage, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, true)]
    [InlineData(new[] { "users", "list" }, true)]
    [InlineData(new[] { "--data-dir", "/tmp/x", "users", "list" }, true)]
    [InlineData(new[] { "--urls", "http://localhost:5000" }, false)]
    [InlineData(new string[0], false)]
    public void IsCommand_TreatsEveryLeadingWordAsACommand_AndHostOptionsAsTheServer(string[] args, bool isCommand) =>
        Assert.Equal(isCommand, CommandLine.IsCommand(args));

    [Fact]
    public void AnUnknownCommandWord_ExitsWith2_InsteadOfStartingTheServer()
    {
        var result = Run(["frobnicate"]);

        Assert.Equal(CommandLine.Usage, result.ExitCode);
        Assert.Contains("Unknown command 'frobnicate'.", result.Error);
    }

    [Fact]
    public void UsersAdd_WithoutAPasswordOnStandardInput_ExitsWith2()
    {
        var result = Run(["users", "add", "--email", "x@example.org", "--name", "X", "--role", "Auditor"], stdin: "");

        Assert.Equal(CommandLine.Usage, result.ExitCode);
        Assert.Contains("Give the password on standard input, or use --generate-password.", result.Error);
    }

    [Fact]
    public void AuditVerify_ReportsAnIntactChain()
    {
        Run(["users", "add", "--email", "a@example.org", "--name", "A", "--role", "Admin"], stdin: Password);

        var verified = Run(["audit", "verify"]);

        Assert.Equal(CommandLine.Ok, verified.ExitCode);
        Assert.StartsWith("Audit chain Intact (1 entries, head ", verified.Out);
    }

    [Fact]
    public void AuditVerify_ExitsWith1_NamingTheEntryEditedInTheDatabaseFile()
    {
        Run(["apikeys", "create", "--name", "first", "--scope", "read"]);
        Run(["apikeys", "create", "--name", "second", "--scope", "read"]);
        Run(["apikeys", "create", "--name", "third", "--scope", "read"]);
        using (var database = new LiteDatabase($"Filename={Path.Combine(_folder.Path, StoreOptions.DatabaseFile)};Connection=direct"))
        {
            var audit = database.GetCollection("audit");
            var second = audit.FindById(2);
            second["Summary"] = "Created key 'second' with scopes ingest,read,reports";
            Assert.True(audit.Update(second));
        }

        var verified = Run(["audit", "verify"]);

        Assert.Equal(CommandLine.Failed, verified.ExitCode);
        Assert.Contains("Audit chain Broken at entry 2: its content does not match its hash (the entry was edited)", verified.Error);
    }

    [Theory]
    [InlineData("users list")]
    [InlineData("audit verify")]
    [InlineData("apikeys create --name pipeline --scope read")]
    [InlineData("backup --to elsewhere.db")]
    [InlineData("restore --from elsewhere.db --force")]
    public void AnyCommand_ExitsWith3_WhileTheStoreIsOpenElsewhere(string command)
    {
        using var running = LiteDbStore.Open(new StoreOptions(_folder.Path, DemoMode: false), TimeProvider.System);

        var result = Run(command.Split(' '));

        Assert.Equal(CommandLine.StoreUnavailable, result.ExitCode);
        Assert.Contains("is in use by another ComplianceDashboard process", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void DemoSeed_IsRefused_OnARealStore()
    {
        var result = Run(["demo", "seed"]);

        Assert.Equal(CommandLine.Failed, result.ExitCode);
        Assert.Contains("Demo data can only be seeded into a demo store", result.Error);
        using var services = OpenStore();
        Assert.Empty(services.GetRequiredService<UserService>().All());
    }

    [Fact]
    public void BackupThenRestore_IntoAnotherFolder_GivesTheSameUsers_AndAVerifiedChain()
    {
        Run(["users", "add", "--email", "a@example.org", "--name", "A", "--role", "Admin"], stdin: Password);
        Run(["users", "add", "--email", "b@example.org", "--name", "B", "--role", "Auditor"], stdin: Password);
        using var elsewhere = new TempFolder();
        var file = Path.Combine(elsewhere.Path, "nightly.db");

        var backup = Run(["backup", "--to", file]);
        var restore = CommandLine.Run(["--data-dir", Path.Combine(elsewhere.Path, "restored"), "restore", "--from", file], new StringReader(""), new StringWriter(), new StringWriter());

        Assert.Equal(CommandLine.Ok, backup.ExitCode);
        Assert.Matches("^Backup written to .*nightly.db: [0-9,]+ bytes, SHA-256 [0-9a-f]{64}, audit chain head 2\\.", backup.Out);
        Assert.Equal(CommandLine.Ok, restore);
        using var restored = new OpenedStore(LiteDbStore.Open(new StoreOptions(Path.Combine(elsewhere.Path, "restored"), DemoMode: false), TimeProvider.System));
        Assert.Equal(["a@example.org", "b@example.org"], restored.GetRequiredService<UserService>().All().Select(u => u.Email).Order());
    }

    [Fact]
    public void Restore_OverAStoreWithData_NeedsForce_AndSaysSo()
    {
        Run(["users", "add", "--email", "a@example.org", "--name", "A", "--role", "Admin"], stdin: Password);
        using var elsewhere = new TempFolder();
        var file = Path.Combine(elsewhere.Path, "b.db");
        Run(["backup", "--to", file]);

        var refused = Run(["restore", "--from", file]);
        var forced = Run(["restore", "--from", file, "--force"]);

        Assert.Equal(CommandLine.Failed, refused.ExitCode);
        Assert.Contains("Use --force to replace it. Nothing was restored.", refused.Error);
        Assert.Equal(CommandLine.Ok, forced.ExitCode);
        Assert.Contains("Audit chain Intact (1 entries", forced.Out);
    }

    [Fact]
    public void BackupAndRestore_WithoutTheirFile_AreUsageErrors()
    {
        Assert.Equal((CommandLine.Usage, "backup needs --to FILE."), (Run(["backup"]).ExitCode, Run(["backup"]).Error.Trim()));
        Assert.Equal((CommandLine.Usage, "restore needs --from FILE."), (Run(["restore"]).ExitCode, Run(["restore"]).Error.Trim()));
    }

    private (int ExitCode, string Out, string Error) Run(string[] args, string stdin = "")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CommandLine.Run(["--data-dir", _folder.Path, .. args], new StringReader(stdin), output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The store the commands wrote, opened after they released it.</summary>
    private OpenedStore OpenStore() => new(LiteDbStore.Open(new StoreOptions(_folder.Path, DemoMode: false), TimeProvider.System));

    private sealed class OpenedStore(LiteDbStore store) : IDisposable
    {
        private readonly ServiceProvider _services = new ServiceCollection().AddComplianceCore()
            .AddSingleton<ISecretProtector>(new DataProtectionSecrets(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()))
            .AddLiteDbStorage(store).BuildServiceProvider();

        public T GetRequiredService<T>() where T : notnull => _services.GetRequiredService<T>();

        public void Dispose()
        {
            _services.Dispose();
            store.Dispose();
        }
    }

    [GeneratedRegex(@"Password \(shown once\): (\S+)")]
    private static partial Regex GeneratedPassword();
}
