using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>A pipeline's credential. Only the SHA-256 of its secret is stored.</summary>
public sealed record ApiKey : Aggregate
{
    public string Name { get; init; } = "";
    public ApiScope Scopes { get; init; }
    public string SecretHash { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTime? RevokedAt { get; init; }
    public DateTime? LastUsedAt { get; init; }

    public bool IsActive => RevokedAt is null;
}

/// <summary>Stores API keys.</summary>
public interface IApiKeyRepository
{
    ApiKey? Find(string id);
    ApiKey? FindBySecretHash(string secretHash);
    IReadOnlyList<ApiKey> All();
    Result<ApiKey> Save(ApiKey key);

    /// <summary>Writes last-use times collected since the previous batch (not audited, not versioned).</summary>
    void RecordLastUse(IReadOnlyDictionary<string, DateTime> lastUseById);
}
