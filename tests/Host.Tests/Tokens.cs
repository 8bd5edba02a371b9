using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Host.Tests;

/// <summary>Bearer tokens as an identity provider would issue them, signed with the test key.</summary>
public static class Tokens
{
    public const string SigningKey = "test-signing-key-of-at-least-32-characters!";

    public static string For(string user, string role, string tenant) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "alarm-monitoring",
            Audience = "alarm-monitoring",
            Subject = new ClaimsIdentity([new Claim("sub", user), new Claim("role", role), new Claim("tenant", tenant)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });

    public static HttpClient As(this HttpClient client, string user, string role, string tenant)
    {
        client.DefaultRequestHeaders.Authorization = new("Bearer", For(user, role, tenant));
        return client;
    }
}
