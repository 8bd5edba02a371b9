using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Host.Infrastructure;

/// <summary>
/// JWT bearer authentication (HS256, key from Auth:SigningKey or its _FILE) and the roles: operators handle alarms
/// and panels, supervisors also manage sites, auditors read (including raw streams), admins do all of that. The
/// matrix is written down in docs/architecture.md ("Roles"); every role works within its tenant claim only.
/// </summary>
internal static class Auth
{
    public const string TenantClaim = "tenant";
    public const string Operator = "operator", Supervisor = "supervisor", Admin = "admin", Auditor = "auditor";
    public const string CanManageSites = "sites:write";
    public const string CanOperate = "alarms:write";
    public const string CanRead = "read";
    public const string CanReadStreams = "streams:read";

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
            o.Events = new JwtBearerEvents { OnMessageReceived = LiveFeed.LiveFeedModule.TakeTokenFromQuery }; // /ws only: browsers' WebSockets send no headers
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(CanManageSites, p => p.RequireRole(Supervisor, Admin).RequireClaim(TenantClaim))
            .AddPolicy(CanOperate, p => p.RequireRole(Operator, Supervisor, Admin).RequireClaim(TenantClaim))
            .AddPolicy(CanRead, p => p.RequireRole(Operator, Supervisor, Admin, Auditor).RequireClaim(TenantClaim))
            // Raw streams show every stored fact with its metadata (who, from which request): auditors' work, not operators'.
            .AddPolicy(CanReadStreams, p => p.RequireRole(Auditor, Admin).RequireClaim(TenantClaim));
        return services;
    }
}
