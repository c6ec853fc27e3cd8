using System.Collections.Concurrent;
using System.Security.Cryptography;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>A key as handed to its owner: the stored record and the secret, shown once.</summary>
public sealed record IssuedApiKey(ApiKey Key, string Secret);

/// <summary>Issuing, revoking and checking API keys. Secrets are random 256-bit values stored as SHA-256.</summary>
public sealed class ApiKeyService(IApiKeyRepository keys, IAuditLog audit, IUnitOfWork store, TimeProvider clock)
{
    public const string EntityType = "ApiKey";
    private const string Prefix = "cdk_";

    /// <summary>
    /// How long a cached active key is trusted before it is read again: a key revoked on another instance (whose cache this
    /// one cannot see) is refused here at most this long after the revocation committed.
    /// </summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(2);

    private sealed record CachedKey(ApiKey Key, DateTime ReadAt);

    private readonly ConcurrentDictionary<string, CachedKey> _activeByHash = new();
    private readonly ConcurrentDictionary<string, DateTime> _pendingLastUse = new();

    public IReadOnlyList<ApiKey> All() => keys.All().OrderByDescending(k => k.CreatedAt).ToList();

    public Result<IssuedApiKey> Create(Actor actor, string name, ApiScope scopes)
    {
        if (actor.Require(Permission.ManageApiKeys) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(name)) return Failure.Validation("Give the key a name that says which pipeline uses it.");
        if (scopes == ApiScope.None) return Failure.Validation("Choose at least one scope.");

        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = Base64Url(RandomNumberGenerator.GetBytes(9)),
            Name = name.Trim(),
            Scopes = scopes,
            SecretHash = HashOf(secret),
            CreatedAt = clock.UtcNowMs(),
            CreatedBy = actor.DisplayName,
        };
        return store.Write(() =>
        {
            var saved = keys.Save(key);
            if (!saved.Succeeded) return Result<IssuedApiKey>.Fail(saved.Failure!);
            audit.Append(actor, "apikey.created", EntityType, key.Id, $"Created key '{key.Name}' with scopes {ApiScopes.Format(scopes)}");
            return new IssuedApiKey(saved.Value, secret);
        });
    }

    public Result<ApiKey> Revoke(Actor actor, string id)
    {
        if (actor.Require(Permission.ManageApiKeys) is { } denied) return denied;
        var result = store.Write(() =>
        {
            var key = keys.Find(id);
            if (key is null) return Failure.NotFound($"There is no API key with id {id}.");
            if (!key.IsActive) return key;
            var saved = keys.Save(key with { RevokedAt = clock.UtcNowMs() });
            if (saved.Succeeded)
                audit.Append(actor, "apikey.revoked", EntityType, id, $"Revoked key '{key.Name}'");
            return saved;
        });
        if (result.Succeeded) _activeByHash.TryRemove(result.Value.SecretHash, out _);
        return result;
    }

    /// <summary>
    /// The active key for a presented secret; wrong or revoked keys fail and are audited unless
    /// <paramref name="auditFailure"/> is false (a client already over its failure limit, see <see cref="RecordThrottled"/>).
    /// </summary>
    public Result<ApiKey> Authenticate(string? presented, string client, bool auditFailure = true)
    {
        if (string.IsNullOrWhiteSpace(presented))
            return Failure.Unauthorized("An API key is required in the X-Api-Key header.");
        var hash = HashOf(presented.Trim());
        var now = clock.UtcNowMs();
        ApiKey key;
        if (_activeByHash.TryGetValue(hash, out var cached) && now - cached.ReadAt < CacheLifetime)
            key = cached.Key;
        else
        {
            var stored = keys.FindBySecretHash(hash);
            if (stored is not { IsActive: true })
            {
                _activeByHash.TryRemove(hash, out _);
                if (auditFailure)
                    store.Write(() =>
                    {
                        audit.Append(Actor.Anonymous(client), "apikey.failed", EntityType, stored?.Id ?? "unknown",
                            stored is null ? "Unknown API key presented" : $"Revoked key '{stored.Name}' presented");
                        return Result<Done>.Ok(Done.Value);
                    });
                return Failure.Unauthorized("The API key is not valid or has been revoked.");
            }
            _activeByHash[hash] = new CachedKey(stored, now);
            key = stored;
        }
        _pendingLastUse[key.Id] = now;
        return key;
    }

    /// <summary>
    /// Audits, once per window, that a client went over its limit of failed uses: its further failures in the
    /// window are refused without an audit entry each, so a flood of bad keys cannot flood the audit chain.
    /// </summary>
    public void RecordThrottled(string client, int failures, TimeSpan window, DateTime until) =>
        store.Write(() =>
        {
            audit.Append(Actor.Anonymous(client), "apikey.throttled", EntityType, "unknown",
                $"{failures} failed API-key uses within {window.TotalSeconds:0} s: further failures refused until " +
                $"{until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)} and not audited one by one");
            return Result<Done>.Ok(Done.Value);
        });

    /// <summary>Writes the last-use times gathered since the previous flush, in one batch.</summary>
    public int FlushLastUse()
    {
        if (_pendingLastUse.IsEmpty) return 0;
        var batch = new Dictionary<string, DateTime>();
        foreach (var id in _pendingLastUse.Keys)
            if (_pendingLastUse.TryRemove(id, out var at)) batch[id] = at;
        store.Write(() =>
        {
            keys.RecordLastUse(batch);
            return Result<Done>.Ok(Done.Value);
        });
        return batch.Count;
    }

    internal static string HashOf(string secret) => CanonicalJson.Sha256Hex(secret);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
