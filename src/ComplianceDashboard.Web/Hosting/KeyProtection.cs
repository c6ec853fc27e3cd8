using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceDashboard.Core.Common;
using Microsoft.AspNetCore.DataProtection;

namespace ComplianceDashboard.Web.Hosting;

/// <summary>How the data-protection keys (which sign cookies, antiforgery tokens and download links) are protected at rest, for the start-up log.</summary>
/// <param name="Warn">True when the keys sit unencrypted in a shared database (worth a warning at start-up).</param>
public sealed record KeyProtectionMode(bool Encrypted, bool Warn, string Description);

/// <summary>
/// ASP.NET Core data protection for the app. The keys live in the store (the data folder's keys/ for LiteDB, the
/// data_protection_keys table for PostgreSQL, see <see cref="DashboardStore"/>), so every instance on a store uses the same
/// keys. With <c>ComplianceDashboard:DataProtection:CertificatePath</c> (a PKCS#12 file, with
/// <c>CertificatePassword</c>) each key is encrypted with that certificate before it is stored, so reading the database
/// is not enough to forge a session. A PostgreSQL store in the Production environment refuses to start without one.
/// </summary>
public static class KeyProtection
{
    public const string CertificatePathKey = "ComplianceDashboard:DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "ComplianceDashboard:DataProtection:CertificatePassword";

    public static IServiceCollection AddDashboardDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("ComplianceDashboard");
        var path = configuration[CertificatePathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            var shared = DashboardStore.Provider(configuration) == StoreProvider.Postgres;
            if (shared && environment.IsProduction())
                throw new StoreUnavailableException(
                    $"A PostgreSQL store in Production needs a certificate to encrypt the data-protection keys it keeps in the database: set {CertificatePathKey} " +
                    $"(a .pfx file kept outside the database, the same on every instance) and {CertificatePasswordKey}. See docs/operations.md.");
            services.AddSingleton(shared
                ? new KeyProtectionMode(false, true, $"stored unencrypted in the database (no {CertificatePathKey}; acceptable for demos and tests only)")
                : new KeyProtectionMode(false, false, "stored unencrypted in the data folder's keys/ (protect the folder, or set a certificate)"));
            return services;
        }
        var certificate = Load(path, configuration[CertificatePasswordKey]);
        dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        services.AddSingleton(new KeyProtectionMode(true, false, $"encrypted with the certificate {certificate.Subject} ({certificate.Thumbprint})"));
        return services;
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            return certificate.HasPrivateKey
                ? certificate
                : throw new StoreUnavailableException($"The certificate {path} ({CertificatePathKey}) has no private key, so it cannot decrypt the data-protection keys.");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException($"The certificate for the data-protection keys ({CertificatePathKey}) cannot be read from {path}: {e.Message}", e);
        }
    }
}
