using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Storage.LiteDb;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ComplianceDashboard.Web.Hosting;

/// <summary>The stores the app can run on.</summary>
public enum StoreProvider
{
    /// <summary>The embedded default: one LiteDB file in the data folder, one process.</summary>
    LiteDb,

    /// <summary>A PostgreSQL 14+ database named by the ComplianceDashboard connection string.</summary>
    Postgres,
}

/// <summary>The store this process runs on, as the app and its CLI need to know it: where it is, whether it answers, and whether it can serve.</summary>
/// <param name="Unready">Null when this instance can serve from the store; otherwise one line saying why not (the readiness probe).</param>
public sealed record SelectedStore(
    StoreProvider Provider,
    Func<IServiceProvider, string> Describe,
    Func<IServiceProvider, bool> IsAvailable,
    Func<IServiceProvider, string?> Unready);

/// <summary>
/// Chooses the store from configuration: <c>ComplianceDashboard:Store:Provider</c> = <c>LiteDb</c> (default) or
/// <c>Postgres</c>, with the database in <c>ConnectionStrings:ComplianceDashboard</c>. The same choice serves the app and its CLI.
/// </summary>
public static class DashboardStore
{
    public const string ProviderKey = "ComplianceDashboard:Store:Provider";
    public const string StatementTimeoutKey = "ComplianceDashboard:Store:StatementTimeoutSeconds";
    public const string ConnectionStringName = "ComplianceDashboard";

    /// <summary>The configured provider; a value that is neither is refused with one line.</summary>
    public static StoreProvider Provider(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value)) return StoreProvider.LiteDb;
        return Enum.TryParse<StoreProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new StoreUnavailableException($"{ProviderKey} is '{value}': use LiteDb (the default) or Postgres.");
    }

    /// <summary>
    /// Registers the configured store, its repositories, where data-protection keys live (the data folder's keys/ for
    /// LiteDB, the data_protection_keys table for PostgreSQL) and how /health probes it.
    /// </summary>
    /// <param name="dataDirectory">The LiteDB data folder (resolved when the store opens).</param>
    public static IServiceCollection AddDashboardStore(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, string> dataDirectory, Func<IServiceProvider, bool> demoMode)
    {
        var keys = services.AddOptions<KeyManagementOptions>();
        if (Provider(configuration) == StoreProvider.LiteDb)
        {
            services.AddLiteDbStorage(sp => new StoreOptions(dataDirectory(sp), demoMode(sp)));
            keys.Configure<IServiceProvider>((options, sp) => options.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(dataDirectory(sp), "keys")), sp.GetRequiredService<ILoggerFactory>()));
            return services.AddSingleton(new SelectedStore(StoreProvider.LiteDb,
                sp => $"the data folder {dataDirectory(sp)}",
                sp => sp.GetRequiredService<LiteDbStore>().IsOpen,
                sp => sp.GetRequiredService<LiteDbStore>().IsOpen ? null : "The store is closed: the app is stopping."));
        }

        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new StoreUnavailableException(
                $"{ProviderKey} is Postgres but ConnectionStrings:{ConnectionStringName} is not set: give the database, e.g. ConnectionStrings__{ConnectionStringName}=\"Host=localhost;Database=compliance;Username=compliance\".");
        var timeout = configuration.GetValue<int?>(StatementTimeoutKey) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        services.AddPostgresStorage(sp => new PostgresOptions(connectionString, demoMode(sp), timeout));
        keys.Configure<IServiceProvider>((options, sp) => options.XmlRepository = new PostgresXmlRepository(sp.GetRequiredService<PostgresStore>()));
        return services.AddSingleton(new SelectedStore(StoreProvider.Postgres,
            sp => $"the PostgreSQL database {sp.GetRequiredService<PostgresStore>().Describe}",
            sp => sp.GetRequiredService<PostgresStore>().IsAvailable(),
            sp => sp.GetRequiredService<PostgresStore>().Unready()));
    }
}
