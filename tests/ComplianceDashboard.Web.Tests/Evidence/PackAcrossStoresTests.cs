using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Tests.Cli;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>
/// The same data written through the services on a fixed clock (the demo programme, whose ids are fixed) into a LiteDB store
/// and into a PostgreSQL store gives the same evidence pack, byte for byte: canonical hashing, ordinal ordering and
/// millisecond times make the store invisible in the PDF. (A compliance run is left out: its id is random by design, and
/// the pack prints it; StoreCopyTests covers a store with runs, where the move keeps their ids.)
/// </summary>
public sealed class PackAcrossStoresTests : IDisposable
{
    private static readonly FixedClock Clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-3).AddHours(9), TimeSpan.Zero));
    private readonly TempFolder _folder = new();
    private readonly string _database = PostgresTestDatabases.Create();

    public void Dispose()
    {
        _folder.Dispose();
        PostgresTestDatabases.Drop(_database);
    }

    private static (EvidencePack Pack, byte[] Pdf) WriteAndGenerate(StoreEnd store)
    {
        Assert.True(store.Get<DemoProgramme>().Seed().Succeeded);
        var packs = store.Get<EvidencePackService>();
        var generated = packs.Generate(EvidencePackGenerationTests.Officer, Parameters());
        Assert.True(generated.Succeeded, generated.Failure?.Message);
        return (generated.Value, packs.Pdf(generated.Value.Id)!);
    }

    private static PackParameters Parameters()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        return new PackParameters
        {
            Jurisdiction = "UK", PeriodFrom = today.AddDays(-120), PeriodTo = today, AsOf = now,
            Audience = PackAudience.Internal, Classification = "CONFIDENTIAL",
        };
    }

    [Fact]
    public void APackFromTheSameDataWrittenThroughTheServices_IsByteIdentical_OnLiteDbAndOnPostgres()
    {
        (EvidencePack Pack, byte[] Pdf) onLiteDb, onPostgres;
        using (var liteDb = StoreEnd.LiteDb(_folder.Path, Clock))
            onLiteDb = WriteAndGenerate(liteDb);
        using (var postgres = StoreEnd.Postgres(PostgresTestDatabases.ConnectionString(_database), Clock))
            onPostgres = WriteAndGenerate(postgres);

        Assert.Equal(onLiteDb.Pack.Id, onPostgres.Pack.Id);
        Assert.Equal(onLiteDb.Pack.ChainHeadHash, onPostgres.Pack.ChainHeadHash);
        Assert.Equal(onLiteDb.Pack.PdfSha256, onPostgres.Pack.PdfSha256);
        Assert.Equal(onLiteDb.Pdf, onPostgres.Pdf);
        Assert.True(onLiteDb.Pdf.Length > 10_000, "the pack is suspiciously small");
    }
}
