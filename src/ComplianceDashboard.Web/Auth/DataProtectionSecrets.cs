using ComplianceDashboard.Core.Identity;
using Microsoft.AspNetCore.DataProtection;

namespace ComplianceDashboard.Web.Auth;

/// <summary>Encrypts TOTP secrets with ASP.NET Core data protection, whose keys live in the store (DashboardStore).</summary>
public sealed class DataProtectionSecrets(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("ComplianceDashboard.Totp.v1");

    public string Protect(byte[] secret) => Convert.ToBase64String(_protector.Protect(secret));

    public byte[] Unprotect(string protectedSecret) => _protector.Unprotect(Convert.FromBase64String(protectedSecret));
}
