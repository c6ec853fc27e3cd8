using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Operations;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Web.Evidence;
using ComplianceDashboard.Web.Hosting;

namespace ComplianceDashboard.Web.Cli;

/// <summary>
/// Operator subcommands run by the web executable instead of the server, on the store the app is configured with. They
/// take the store's lock (the data folder's lock file, or the PostgreSQL database's instance lock), so they refuse to run
/// while the app (or another command) uses it.
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int StoreUnavailable = 3;

    public const string HelpText = """
        Usage: ComplianceDashboard.Web [--data-dir PATH] <command>

          users add --email E --name N --role R [--generate-password]
                                     add a user; the password is read from standard input
                                     unless --generate-password prints a strong one once
                                     roles: Admin, ComplianceOfficer, LegalReviewer, Dpo, Auditor
          users list                 list users with role and state
          users disable --email E    disable a user (open sessions end within 15 seconds)
          users reset-mfa --email E  remove a user's authenticator app and recovery codes
                                     (e.g. the only admin lost their phone); they set one up
                                     again at their next sign-in
          apikeys create --name N --scope ingest,read,reports,backup
                                     create an API key and print it once
          audit verify               walk the audit chain; exit 0 when intact, 1 when broken
          demo seed                  seed the demo programme into a demo store
          backup --to FILE           write a consistent backup of the store to FILE
          restore --from FILE [--force]
                                     check FILE (it opens and its audit chain verifies) and
                                     make it the store; a store with data needs --force
          packs verify FILE          check that FILE is an evidence pack this system generated,
                                     unaltered; exit 0 when it is, 1 when unknown or altered
          packs reproduce ID --to FILE
                                     render stored pack ID again from the data and write it to FILE;
                                     exit 0 when it is byte-identical to the stored pack, 1 otherwise
          store copy --to-postgres "Host=…;Database=…;Username=…"
                                     copy this LiteDB store (the data folder) into an EMPTY PostgreSQL
                                     database in one transaction, audited there; exit 1 when the
                                     database is not empty or the copy fails (nothing is written)

        Without a command the web app starts. The store is the one the app is configured with:
        LiteDB by default, in the data folder from --data-dir or ComplianceDashboard:DataDirectory
        (default: data/ under the content root); or PostgreSQL when ComplianceDashboard:Store:Provider
        is Postgres, in the database of ConnectionStrings:ComplianceDashboard (there, backup and
        restore belong to the database: pg_dump, point-in-time recovery; see docs/operations.md).
        """;

    /// <summary>Any leading word is a command (so a typo is reported, not a server started); host options start with "--".</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--data-dir" or "--help");

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error) => Run(args, input, output, error, settings: null);

    /// <param name="settings">Configuration laid over the environment's (tests name their own store without touching the process environment).</param>
    internal static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings)
    {
        _settings.Value = settings;
        try
        {
            return RunCommand(args, input, output, error);
        }
        finally
        {
            _settings.Value = null;
        }
    }

    private static readonly AsyncLocal<IReadOnlyDictionary<string, string?>?> _settings = new();

    private static int RunCommand(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var arguments = new Arguments(args);
        var dataDir = arguments.Option("--data-dir");
        if (arguments.Positional.Count == 0 || arguments.Positional[0] is "help" or "--help")
        {
            output.WriteLine(HelpText);
            return arguments.Positional.Count == 0 ? Usage : Ok;
        }

        var command = string.Join(' ', arguments.Positional.Take(2));
        Func<ServiceProvider, int>? run = command switch
        {
            "users add" => sp => AddUser(sp, arguments, input, output, error),
            "users list" => sp => ListUsers(sp, output),
            "users disable" => sp => DisableUser(sp, arguments, output, error),
            "users reset-mfa" => sp => ResetMfa(sp, arguments, output, error),
            "apikeys create" => sp => CreateApiKey(sp, arguments, output, error),
            "audit verify" => sp => VerifyAudit(sp, output, error),
            "demo seed" => sp => SeedDemo(sp, output, error),
            "backup" => sp => Backup(sp, arguments, output, error),
            "restore" => _ => Ok,
            "store copy" => _ => Ok,
            "packs verify" => sp => VerifyPack(sp, arguments.Positional.ElementAtOrDefault(2), output, error),
            "packs reproduce" => sp => ReproducePack(sp, arguments.Positional.ElementAtOrDefault(2), arguments.Option("--to"), output, error),
            _ => null,
        };
        if (run is null)
        {
            error.WriteLine($"Unknown command '{command}'.");
            error.WriteLine(HelpText);
            return Usage;
        }
        if (arguments.Unknown(KnownOptions) is { Count: > 0 } unknown)
        {
            error.WriteLine($"Unknown option(s): {string.Join(", ", unknown)}.");
            return Usage;
        }

        try
        {
            // A restore replaces the store's files, so it takes the folder's lock itself and never opens the store first.
            if (command == "restore") return Restore(arguments, dataDir, output, error);
            // A move opens two stores: the data folder's (the source) and the database it names (the target).
            if (command == "store copy") return CopyStore(arguments, dataDir, output, error);
            using var services = BuildServices(dataDir);
            services.GetRequiredService<IStoreInfo>();
            return run(services);
        }
        catch (StoreUnavailableException e)
        {
            error.WriteLine(e.Message);
            return StoreUnavailable;
        }
    }

    private static readonly string[] KnownOptions = ["--data-dir", "--email", "--name", "--role", "--scope", "--generate-password", "--to", "--from", "--force", "--to-postgres"];

    private static (string Directory, bool DemoMode, IConfiguration Configuration) Settings(string? dataDir)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        if (_settings.Value is { } settings) builder.Configuration.AddInMemoryCollection(settings);
        var options = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new DashboardOptions();
        if (dataDir is not null) options.DataDirectory = dataDir;
        return (options.ResolveDataDirectory(builder.Environment.ContentRootPath), options.DemoMode, builder.Configuration);
    }

    private static ServiceProvider BuildServices(string? dataDir)
    {
        var (directory, demoMode, configuration) = Settings(dataDir);
        return new ServiceCollection()
            .AddLogging()
            .AddEvidencePackRendering(configuration)
            .AddComplianceCore()
            .AddDashboardStore(configuration, _ => directory, _ => demoMode)
            .BuildServiceProvider();
    }

    private static int AddUser(IServiceProvider sp, Arguments args, TextReader input, TextWriter output, TextWriter error)
    {
        var email = args.Option("--email");
        var name = args.Option("--name");
        var roleText = args.Option("--role");
        if (email is null || name is null || roleText is null)
            return UsageError(error, "users add needs --email, --name and --role.");
        if (!Enum.TryParse<Role>(roleText, ignoreCase: true, out var role) || !Enum.IsDefined(role))
            return UsageError(error, $"Unknown role '{roleText}'. Roles: {string.Join(", ", Enum.GetNames<Role>())}.");
        var generate = args.Flag("--generate-password");
        var password = generate ? PasswordPolicy.Generate() : input.ReadLine()?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password))
            return UsageError(error, "Give the password on standard input, or use --generate-password.");

        var result = sp.GetRequiredService<UserService>().Add(Actor.CommandLine, email, name, role, password);
        if (!result.Succeeded) return Report(error, result.Failure!);
        output.WriteLine($"Added {result.Value.DisplayName} <{result.Value.Email}> as {role.DisplayName()}.");
        if (generate) output.WriteLine($"Password (shown once): {password}");
        return Ok;
    }

    private static int ListUsers(IServiceProvider sp, TextWriter output)
    {
        var users = sp.GetRequiredService<UserService>().All();
        if (users.Count == 0)
        {
            output.WriteLine("No users yet. Add the first admin with: users add --email E --name N --role Admin");
            return Ok;
        }
        foreach (var user in users)
            output.WriteLine($"{user.Email,-36} {user.Role,-18} {(user.Disabled ? "disabled" : "active"),-9} {user.DisplayName}");
        return Ok;
    }

    private static int DisableUser(IServiceProvider sp, Arguments args, TextWriter output, TextWriter error)
    {
        if (args.Option("--email") is not { } email) return UsageError(error, "users disable needs --email.");
        var result = sp.GetRequiredService<UserService>().Disable(Actor.CommandLine, email);
        if (!result.Succeeded) return Report(error, result.Failure!);
        output.WriteLine($"Disabled {result.Value.Email}.");
        return Ok;
    }

    private static int ResetMfa(IServiceProvider sp, Arguments args, TextWriter output, TextWriter error)
    {
        if (args.Option("--email") is not { } email) return UsageError(error, "users reset-mfa needs --email.");
        var result = sp.GetRequiredService<UserService>().ResetMfa(Actor.CommandLine, email);
        if (!result.Succeeded) return Report(error, result.Failure!);
        output.WriteLine($"MFA of {result.Value.Email} reset; they set up an authenticator app again at their next sign-in where their role requires it.");
        return Ok;
    }

    private static int CreateApiKey(IServiceProvider sp, Arguments args, TextWriter output, TextWriter error)
    {
        var name = args.Option("--name");
        var scopeText = args.Option("--scope");
        if (name is null || scopeText is null) return UsageError(error, "apikeys create needs --name and --scope (ingest, read, reports, backup; comma-separated).");
        if (!ApiScopes.TryParse(scopeText, out var scopes, out var problem)) return UsageError(error, problem);
        var result = sp.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, name, scopes);
        if (!result.Succeeded) return Report(error, result.Failure!);
        output.WriteLine($"Created API key '{result.Value.Key.Name}' (id {result.Value.Key.Id}) with scopes {ApiScopes.Format(scopes)}.");
        output.WriteLine("Key (shown once; send it in the X-Api-Key header):");
        output.WriteLine(result.Value.Secret);
        return Ok;
    }

    private static int VerifyAudit(IServiceProvider sp, TextWriter output, TextWriter error)
    {
        var verification = sp.GetRequiredService<AuditService>().Verify(Actor.CommandLine).Value;
        (verification.Intact ? output : error).WriteLine($"Audit chain {verification.Describe()}");
        return verification.Intact ? Ok : Failed;
    }

    private static int SeedDemo(IServiceProvider sp, TextWriter output, TextWriter error)
    {
        var result = sp.GetRequiredService<DemoProgramme>().Seed();
        if (!result.Succeeded) return Report(error, result.Failure!);
        output.WriteLine(result.Value == 0 ? "The demo programme is already seeded; nothing changed." : $"Seeded {result.Value} demo records.");
        return Ok;
    }

    private static int Backup(IServiceProvider sp, Arguments args, TextWriter output, TextWriter error)
    {
        if (args.Option("--to") is not { Length: > 0 } path) return UsageError(error, "backup needs --to FILE.");
        var result = sp.GetRequiredService<Core.Operations.BackupService>().Take(Actor.CommandLine, Path.GetFullPath(path));
        if (!result.Succeeded) return Report(error, result.Failure!);
        var receipt = result.Value;
        output.WriteLine($"Backup written to {receipt.Path}: {receipt.Bytes:N0} bytes, SHA-256 {receipt.Sha256}, audit chain head {receipt.Head.Count}.");
        return Ok;
    }

    private static int Restore(Arguments args, string? dataDir, TextWriter output, TextWriter error)
    {
        var (directory, _, configuration) = Settings(dataDir);
        if (DashboardStore.Provider(configuration) == StoreProvider.Postgres)
        {
            error.WriteLine("restore puts a LiteDB backup file into a data folder; this app runs on PostgreSQL, whose backups belong to the database: " +
                            "restore with pg_restore or point-in-time recovery, then run 'audit verify'. See docs/operations.md.");
            return Failed;
        }
        if (args.Option("--from") is not { Length: > 0 } path) return UsageError(error, "restore needs --from FILE.");
        var result = StoreRestore.Restore(Path.GetFullPath(path), directory, args.Flag("--force"), TimeProvider.System);
        if (!result.Succeeded) return Report(error, result.Failure!);
        var report = result.Value;
        output.WriteLine($"Restored {Path.GetFullPath(path)} into {directory} ({report.Info.Mode} store created {report.Info.CreatedAt:yyyy-MM-dd HH:mm} UTC).");
        output.WriteLine($"Audit chain {report.Chain.Describe()}");
        foreach (var (collection, count) in report.Counts)
            output.WriteLine($"  {collection,-28} {count,12:N0}");
        return Ok;
    }

    /// <summary>
    /// Moves the LiteDB store into an empty PostgreSQL database (StoreCopy, one transaction there), printing progress, what
    /// it copied and the copy's audit chain. Ctrl+C stops it with nothing written.
    /// </summary>
    private static int CopyStore(Arguments args, string? dataDir, TextWriter output, TextWriter error)
    {
        var (directory, _, configuration) = Settings(dataDir);
        if (DashboardStore.Provider(configuration) == StoreProvider.Postgres)
            return UsageError(error, "store copy moves a LiteDB store (a data folder) into PostgreSQL, but this app is configured for PostgreSQL: " +
                                     "run it without ComplianceDashboard:Store:Provider=Postgres, on the data folder (--data-dir).");
        if (args.Option("--to-postgres") is not { Length: > 0 } connectionString)
            return UsageError(error, "store copy needs --to-postgres \"Host=…;Database=…;Username=…\" naming an empty database (give a password with PGPASSWORD or ~/.pgpass).");
        if (!File.Exists(Path.Combine(directory, StoreOptions.DatabaseFile)))
        {
            error.WriteLine($"There is no store in '{directory}' to copy (no {StoreOptions.DatabaseFile}).");
            return Failed;
        }

        using var source = BuildServices(dataDir);
        var from = StorePorts.Of(source);
        var opened = PostgresStore.OpenEmpty(connectionString, from.Info.Info);
        if (!opened.Succeeded) return Report(error, opened.Failure!);
        using var target = opened.Value;
        using var targetServices = new ServiceCollection().AddLogging().AddComplianceCore().AddPostgresStorage(target).BuildServiceProvider();

        using var interrupted = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += stop;
        Result<StoreCopyReport> copied;
        try
        {
            output.WriteLine($"Copying the {from.Info.Info.Mode} store in {directory} into the PostgreSQL database {target.Describe} (one transaction)...");
            copied = StoreCopy.Copy(from, StorePorts.Of(targetServices), targetServices.GetRequiredService<IStoreCopyTarget>(), Actor.CommandLine,
                $"the LiteDB data folder {directory}", p => PrintProgress(output, p), interrupted.Token);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"The copy was interrupted; the database {target.Describe} was rolled back and is still empty.");
            return Failed;
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
        if (!copied.Succeeded) return Report(error, copied.Failure!);

        var report = copied.Value;
        output.WriteLine($"Copied the {report.Identity.Mode} store (created {CanonicalJson.Time(report.Identity.CreatedAt)}) into {target.Describe}; " +
                         $"the move is audit entry {report.Move.Sequence} ({StoreCopy.MovedAction}).");
        var verification = targetServices.GetRequiredService<AuditService>().Verify(Actor.CommandLine).Value;
        (verification.Intact ? output : error).WriteLine($"Audit chain of the copy {verification.Describe()}");
        output.WriteLine("Point the app at the database (ComplianceDashboard__Store__Provider=Postgres, ConnectionStrings__ComplianceDashboard=…) and keep the data folder as the archive of the move; users sign in again.");
        return verification.Intact ? Ok : Failed;
    }

    /// <summary>One line per kind copied, and a line every 100,000 rows of the large ones.</summary>
    private static void PrintProgress(TextWriter output, StoreCopyProgress progress)
    {
        if (progress.Done) output.WriteLine($"  {progress.Kind,-24} {progress.Rows,12:N0}");
        else if (progress.Rows % 100_000 == 0) output.WriteLine($"  {progress.Kind,-24} {progress.Rows,12:N0} so far");
    }

    private static int VerifyPack(IServiceProvider sp, string? file, TextWriter output, TextWriter error)
    {
        if (file is null) return UsageError(error, "packs verify needs the PDF file: packs verify FILE.");
        if (!File.Exists(file))
        {
            error.WriteLine($"There is no file '{file}'.");
            return Failed;
        }
        var result = sp.GetRequiredService<Core.Evidence.EvidencePackService>().Verify(Actor.CommandLine, File.ReadAllBytes(file));
        if (!result.Succeeded) return Report(error, result.Failure!);
        var v = result.Value;
        if (v.Pack is not { } pack)
        {
            output.WriteLine($"NOT VERIFIED: no evidence pack generated by this system has SHA-256 {v.Sha256}; the file is unknown or altered.");
            return Failed;
        }
        var p = pack.Parameters;
        output.WriteLine($"VERIFIED: {file} is {(v.SignedCopy ? "the signed copy of " : "")}evidence pack {pack.Id}, unaltered (SHA-256 {v.Sha256}).");
        output.WriteLine($"  {p.Jurisdiction}, {p.PeriodFrom:yyyy-MM-dd} to {p.PeriodTo:yyyy-MM-dd}, as of {CanonicalJson.Time(p.AsOf)}, {p.Audience}, {p.Classification}");
        output.WriteLine($"  status {Core.Evidence.EvidencePackService.Describe(pack.Status)}; generated by {pack.GeneratedByName} at {CanonicalJson.Time(pack.GeneratedAt)}; {pack.PageCount} pages" +
                         (pack.IsDemo ? "; DEMO DATA" : ""));
        return Ok;
    }

    /// <summary>Renders a stored pack again from the store (nothing is stored) and compares the bytes.</summary>
    private static int ReproducePack(IServiceProvider sp, string? id, string? to, TextWriter output, TextWriter error)
    {
        if (id is null || to is not { Length: > 0 }) return UsageError(error, "packs reproduce needs the pack id and --to FILE.");
        var packs = sp.GetRequiredService<Core.Evidence.EvidencePackService>();
        if (packs.Find(id) is not { } pack)
        {
            error.WriteLine($"There is no evidence pack {id}.");
            return Failed;
        }
        var prepared = packs.Prepare(Actor.CommandLine, pack.Parameters);
        if (!prepared.Succeeded) return Report(error, prepared.Failure!);
        if (prepared.Value.Id != pack.Id)
        {
            output.WriteLine($"NOT REPRODUCED: the data behind {pack.Id} changed since it was generated (the same parameters now name {prepared.Value.Id}).");
            return Failed;
        }
        var pdf = packs.Render(prepared.Value).Pdf;
        File.WriteAllBytes(to, pdf);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf));
        if (sha == pack.PdfSha256)
        {
            output.WriteLine($"REPRODUCED: {to} is byte-identical to evidence pack {pack.Id} (SHA-256 {sha}).");
            return Ok;
        }
        output.WriteLine($"NOT REPRODUCED: {to} has SHA-256 {sha}; the stored pack {pack.Id} has {pack.PdfSha256} (generated by version {pack.AppVersion}, this is {Core.Evidence.EvidencePackService.AppVersion}).");
        return Failed;
    }

    private static int UsageError(TextWriter error, string message)
    {
        error.WriteLine(message);
        return Usage;
    }

    private static int Report(TextWriter error, Failure failure)
    {
        error.WriteLine(failure.Message);
        foreach (var detail in failure.Details ?? [])
            error.WriteLine($"  - {detail}");
        return failure.Kind == FailureKind.Validation ? Usage : Failed;
    }

    /// <summary>Positional words and --name value options.</summary>
    private sealed class Arguments
    {
        private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

        public Arguments(string[] args)
        {
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i].StartsWith("--") && args[i] != "--help")
                {
                    var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--");
                    _options[args[i]] = hasValue ? args[++i] : null;
                }
                else
                {
                    Positional.Add(args[i]);
                }
            }
        }

        public List<string> Positional { get; } = [];
        public string? Option(string name) => _options.GetValueOrDefault(name);
        public bool Flag(string name) => _options.ContainsKey(name);
        public List<string> Unknown(string[] known) => _options.Keys.Where(k => !known.Contains(k)).ToList();
    }
}
