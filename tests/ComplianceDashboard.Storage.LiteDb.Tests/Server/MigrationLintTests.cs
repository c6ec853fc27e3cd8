using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Server;

/// <summary>
/// Migrations are expand-only except in a marked release (issue 16 item 5): release N and N+1 run side by side during a
/// rolling upgrade, so no migration may remove, rename or tighten what the previous release uses unless it is marked as
/// a contracting release and raises the compatibility floor.
/// </summary>
public sealed class MigrationLintTests
{
    private const string Folder = "src/ComplianceDashboard.Storage.Postgres/Migrations";

    private static List<string> Files() =>
        [.. Directory.GetFiles(RepositoryFiles.PathOf(Folder), "*.sql").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> ShippedMigrations() => [.. Files()];

    [Theory]
    [MemberData(nameof(ShippedMigrations))]
    public void EveryShippedMigration_IsExpandOnly_OrAMarkedReleaseThatRaisesTheFloor(string file)
    {
        var sql = RepositoryFiles.Read($"{Folder}/{file}");

        Assert.Empty(MigrationLint.Check(sql));
        if (MigrationLint.ContractRelease(sql) is { } release)
            Assert.True(release <= PostgresSchema.AppLevel, $"{file} contracts in release {release}, but this app is level {PostgresSchema.AppLevel}");
    }

    [Fact]
    public void TheLint_SeesEveryMigrationTheStoreShips()
    {
        var embedded = typeof(PostgresStore).Assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Migrations.V", StringComparison.Ordinal))
            .Select(n => n[(n.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..]);

        Assert.Equal(embedded.Order(StringComparer.Ordinal), Files());
    }

    [Theory]
    [InlineData("DROP TABLE objections;", "drops something")]
    [InlineData("drop table if exists old_rollups;", "drops something")]
    [InlineData("ALTER TABLE users DROP COLUMN document;", "drops a column")]
    [InlineData("ALTER TABLE users RENAME COLUMN document TO body;", "renames")]
    [InlineData("ALTER TABLE users RENAME TO accounts;", "renames")]
    [InlineData("ALTER TABLE objections ALTER COLUMN status TYPE text;", "changes a column's type")]
    [InlineData("ALTER TABLE objections ALTER COLUMN status SET DATA TYPE bigint;", "changes a column's type")]
    [InlineData("ALTER TABLE complaints ALTER COLUMN received_at SET NOT NULL;", "makes a column required")]
    [InlineData("ALTER TABLE users ADD COLUMN tenant text NOT NULL;", "adds a required column without a default")]
    [InlineData("ALTER TABLE users ADD tenant text NOT NULL, ADD region text DEFAULT 'eu';", "adds a required column without a default")]
    [InlineData("ALTER TABLE users ADD CONSTRAINT users_email CHECK (id <> '');", "adds a constraint")]
    [InlineData("ALTER TABLE users ADD UNIQUE (version);", "adds a constraint")]
    [InlineData("TRUNCATE audit;", "empties a table")]
    public void TheLint_RefusesAContractingStep_OutsideAMarkedRelease(string sql, string why)
    {
        var violation = Assert.Single(MigrationLint.Check($"-- A migration.\nCREATE TABLE t (id text PRIMARY KEY);\n{sql}\n"));

        Assert.Contains(why, violation);
        Assert.StartsWith("line 3:", violation);
        Assert.Contains("outside a marked release", violation);
    }

    [Theory]
    [InlineData("CREATE TABLE pack_downloads (pack_id text COLLATE \"C\" NOT NULL, at timestamptz NOT NULL);")]
    [InlineData("ALTER TABLE users ADD COLUMN mfa_enrolled_at timestamptz;")]
    [InlineData("ALTER TABLE audit ADD COLUMN region text NOT NULL DEFAULT 'eu';")]
    [InlineData("ALTER TABLE audit ADD COLUMN IF NOT EXISTS region text DEFAULT 'eu' NOT NULL;")]
    [InlineData("CREATE INDEX objections_source ON objections (source_id);")]
    [InlineData("DROP INDEX IF EXISTS objections_unused;")]
    [InlineData("ALTER TABLE users ALTER COLUMN document DROP NOT NULL;")]
    [InlineData("-- DROP TABLE users; (a comment)\nUPDATE store SET mode = 'Real' WHERE mode = 'DROP TABLE';")]
    [InlineData("/* ALTER TABLE users RENAME TO accounts; */ SELECT 1;")]
    public void TheLint_AcceptsExpandOnlySteps(string sql)
    {
        Assert.Empty(MigrationLint.Check(sql));
    }

    [Fact]
    public void AMarkedRelease_MayContract_WhenItRaisesTheFloorToTheReleaseBeforeIt()
    {
        const string contract = "-- contract: release 3\n-- Drops what release 1 still read and release 2 no longer uses.\nALTER TABLE users DROP COLUMN legacy;\n";

        Assert.Equal(3, MigrationLint.ContractRelease(contract));
        Assert.Contains("must raise the floor", Assert.Single(MigrationLint.Check(contract)));
        Assert.Contains("must raise the floor", Assert.Single(MigrationLint.Check(contract + "UPDATE store_compatibility SET oldest_app_level = 1;")));
        Assert.Contains("must raise the floor", Assert.Single(MigrationLint.Check(contract + "UPDATE store_compatibility SET oldest_app_level = 3;")));
        Assert.Empty(MigrationLint.Check(contract + "UPDATE store_compatibility SET oldest_app_level = 2, raised_by = 'V9__contract';"));
    }

    [Fact]
    public void TheMarker_CountsOnlyAsTheFirstLine()
    {
        const string late = "-- Something.\n-- contract: release 3\nALTER TABLE users DROP COLUMN legacy;\nUPDATE store_compatibility SET oldest_app_level = 2;\n";

        Assert.Null(MigrationLint.ContractRelease(late));
        Assert.Contains("outside a marked release", Assert.Single(MigrationLint.Check(late)));
    }
}
