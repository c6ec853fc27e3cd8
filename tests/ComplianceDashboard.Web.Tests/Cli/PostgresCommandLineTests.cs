using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Cli;
using ComplianceDashboard.Web.Hosting;
using Npgsql;

namespace ComplianceDashboard.Web.Tests.Cli;

/// <summary>The operator subcommands on a PostgreSQL store, chosen by configuration as an operator would (provider and connection string).</summary>
public sealed class PostgresCommandLineTests : IDisposable
{
    private readonly string _database = PostgresTestDatabases.Create();
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _folder.Dispose();
        PostgresTestDatabases.Drop(_database);
    }

    private (int ExitCode, string Out, string Error) Run(string[] args, string stdin = "")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CommandLine.Run(args, new StringReader(stdin), output, error, new Dictionary<string, string?>
        {
            [DashboardStore.ProviderKey] = "Postgres",
            [$"ConnectionStrings:{DashboardStore.ConnectionStringName}"] = PostgresTestDatabases.ConnectionString(_database),
        });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void UsersAddAndAuditVerify_WorkOnAPostgresStore()
    {
        var added = Run(["users", "add", "--email", "ada@example.org", "--name", "Ada Admin", "--role", "Admin"], stdin: "Correct-Horse-Battery-7\n");
        var listed = Run(["users", "list"]);
        var verified = Run(["audit", "verify"]);

        Assert.Equal(CommandLine.Ok, added.ExitCode);
        Assert.Contains("ada@example.org", listed.Out);
        Assert.Equal(CommandLine.Ok, verified.ExitCode);
        Assert.Contains("Audit chain Intact (1 entries", verified.Out);
    }

    [Fact]
    public void Backup_OnAPostgresStore_IsRefused_SayingBackupsBelongToTheDatabase_AndWritesNothing()
    {
        var file = Path.Combine(_folder.Path, "backup.db");

        var backup = Run(["backup", "--to", file]);

        Assert.Equal(CommandLine.Failed, backup.ExitCode);
        Assert.Contains("Backups of a PostgreSQL store belong to the database: use pg_dump", backup.Error);
        Assert.False(File.Exists(file));
        Assert.Contains("Audit chain Intact (0 entries", Run(["audit", "verify"]).Out);
    }

    [Fact]
    public void Restore_OnAPostgresStore_IsRefused_NamingTheDatabasesOwnTools()
    {
        var restore = Run(["restore", "--from", Path.Combine(_folder.Path, "backup.db")]);

        Assert.Equal(CommandLine.Failed, restore.ExitCode);
        Assert.Contains("pg_restore or point-in-time recovery", restore.Error);
    }

    [Fact]
    public void Commands_Run_WhileAnAppHasTheDatabaseOpen()
    {
        using var app = PostgresStore.Open(new PostgresOptions(PostgresTestDatabases.ConnectionString(_database), DemoMode: false), TimeProvider.System);

        var verified = Run(["audit", "verify"]);

        Assert.Equal(CommandLine.Ok, verified.ExitCode);
        Assert.Contains("Audit chain Intact", verified.Out);
    }

    [Fact]
    public void AnUnknownProvider_ExitsWith3_SayingWhichOnesExist()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = CommandLine.Run(["users", "list"], new StringReader(""), output, error,
            new Dictionary<string, string?> { [DashboardStore.ProviderKey] = "SqlServer" });

        Assert.Equal(CommandLine.StoreUnavailable, exitCode);
        Assert.Contains("use LiteDb (the default) or Postgres", error.ToString());
    }

    [Fact]
    public void TheDataProtectionKeys_OfAPostgresStore_LiveInItsDatabase()
    {
        using var store = PostgresStore.Open(new PostgresOptions(PostgresTestDatabases.ConnectionString(_database), DemoMode: false), TimeProvider.System);
        var keys = new PostgresXmlRepository(store);

        keys.StoreElement(new System.Xml.Linq.XElement("key", new System.Xml.Linq.XAttribute("id", "k1")), "key-k1");

        using var connection = new NpgsqlConnection(PostgresTestDatabases.ConnectionString(_database));
        connection.Open();
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys WHERE friendly_name = 'key-k1'", connection);
        Assert.Equal("<key id=\"k1\" />", command.ExecuteScalar());
        Assert.Equal("k1", Assert.Single(keys.GetAllElements()).Attribute("id")!.Value);
    }
}
