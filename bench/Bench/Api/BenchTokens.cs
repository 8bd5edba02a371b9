using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bench.Api;

/// <summary>
/// HS256 bearer tokens as the Host validates them (src/Host/Infrastructure/Auth.cs): issuer and audience
/// "alarm-monitoring", claims sub, role and tenant. Hand-rolled so that the bench needs no JWT package.
/// </summary>
public static class BenchTokens
{
    private const string IssuerAndAudience = "alarm-monitoring";

    public static string For(string signingKey, string user, string role, string tenant)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = IssuerAndAudience,
            ["aud"] = IssuerAndAudience,
            ["sub"] = user,
            ["role"] = role,
            ["tenant"] = tenant,
            ["iat"] = now,
            ["nbf"] = now - 60,
            ["exp"] = now + 3600,
        }));
        var signed = $"{header}.{payload}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(signed));
        return $"{signed}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
