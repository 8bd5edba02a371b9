using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Host.Infrastructure;

/// <summary>
/// JWT bearer authentication (HS256, key from Auth:SigningKey or its _FILE) and the roles: operators handle alarms
/// and panels, supervisors also manage sites, auditors read raw streams.
/// </summary>
internal static class Auth
{
    public const string TenantClaim = "tenant";
    public const string Operator = "operator", Supervisor = "supervisor", Auditor = "auditor";
    public const string CanManageSites = "sites:write";
    public const string CanRead = "read";

    public static IServiceCollection AddAuthModule(this IServiceCollection services, IConfiguration configuration)
    {
        var key = Secrets.Read(configuration, "Auth:SigningKey")
            ?? throw new InvalidOperationException("Auth:SigningKey is not configured (at least 32 characters; use Auth__SigningKey_FILE for a secret file).");
        if (key.Length < 32) throw new InvalidOperationException("Auth:SigningKey must be at least 32 characters.");
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = configuration["Auth:Issuer"] ?? "alarm-monitoring",
                ValidAudience = configuration["Auth:Audience"] ?? "alarm-monitoring",
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
                RoleClaimType = "role",
                NameClaimType = "sub",
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(CanManageSites, p => p.RequireRole(Supervisor).RequireClaim(TenantClaim))
            .AddPolicy(CanRead, p => p.RequireRole(Operator, Supervisor, Auditor).RequireClaim(TenantClaim));
        return services;
    }
}
