using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DevToken;

/// <summary>
/// Mints HS256 JSON Web Tokens shaped as the Host validates them (issuer, audience, <c>sub</c>, <c>role</c>,
/// <c>tenant</c>, lifetime). Hand-rolled over <see cref="HMACSHA256"/> so the tool depends on no token library.
/// For development only: real tokens come from the identity provider.
/// </summary>
public static class DevTokens
{
    /// <summary>The Host's defaults for Auth:Issuer and Auth:Audience.</summary>
    public const string DefaultIssuer = "alarm-monitoring", DefaultAudience = "alarm-monitoring";

    /// <summary>The roles the Host knows (src/Host/Infrastructure/Auth.cs); repeated here, the tool references nothing of ours.</summary>
    public static IReadOnlyList<string> Roles { get; } = ["operator", "supervisor", "admin", "auditor"];

    /// <summary>The Host refuses shorter signing keys.</summary>
    public const int MinKeyLength = 32;

    /// <summary>A compact JWT for <paramref name="user"/> with <paramref name="role"/> in <paramref name="tenant"/>, valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    /// <param name="signingKey">The Host's Auth:SigningKey; its UTF-8 bytes are the HMAC key, as the Host reads it.</param>
    public static string Mint(string user, string role, string tenant, string signingKey, TimeSpan lifetime, DateTimeOffset now,
        string issuer = DefaultIssuer, string audience = DefaultAudience)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        if (signingKey is null || signingKey.Length < MinKeyLength)
            throw new ArgumentException($"The signing key must be at least {MinKeyLength} characters, as the Host requires.", nameof(signingKey));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);

        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "HS256", ["typ"] = "JWT" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = user,
            ["role"] = role,
            ["tenant"] = tenant,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime).ToUnixTimeSeconds(),
        });
        var signingInput = Base64Url(header) + "." + Base64Url(payload);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
