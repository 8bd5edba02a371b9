using System.CommandLine;

namespace DevToken;

/// <summary>
/// <c>dotnet run --project tools/DevToken -- --user alice --role operator --tenant tenant-a</c> prints a development
/// token and nothing else, so that <c>TOKEN=$(…)</c> works; errors go to stderr with a non-zero exit code.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var user = new Option<string>("--user") { Description = "The acting user (sub claim).", Required = true };
        var role = new Option<string>("--role") { Description = "operator, supervisor, admin or auditor.", Required = true };
        role.AcceptOnlyFromAmong([.. DevTokens.Roles]);
        var tenant = new Option<string>("--tenant") { Description = "The tenant claim.", Required = true };
        var hours = new Option<double>("--hours") { Description = "Lifetime in hours.", DefaultValueFactory = _ => 8 };
        hours.Validators.Add(r => { if (r.GetValueOrDefault<double>() is <= 0 or > 24 * 30) r.AddError("--hours must be more than 0 and at most 720."); });
        var key = new Option<string?>("--key") { Description = "The signing key (default: env Auth__SigningKey)." };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = "A file holding the signing key (default: env Auth__SigningKey_FILE)." };
        var issuer = new Option<string>("--issuer") { Description = "Default: env Auth__Issuer, else the Host's default.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Auth__Issuer") is { Length: > 0 } i ? i : DevTokens.DefaultIssuer };
        var audience = new Option<string>("--audience") { Description = "Default: env Auth__Audience, else the Host's default.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Auth__Audience") is { Length: > 0 } a ? a : DevTokens.DefaultAudience };

        var root = new RootCommand("Mints a development JWT that the Host accepts (HS256 with its Auth:SigningKey).")
        {
            user, role, tenant, hours, key, keyFile, issuer, audience,
        };
        root.SetAction(parsed =>
        {
            var signingKey = SigningKey(parsed.GetValue(key), parsed.GetValue(keyFile));
            if (signingKey is null)
            {
                Console.Error.WriteLine("No signing key: pass --key or --key-file, or set Auth__SigningKey or Auth__SigningKey_FILE.");
                return 2;
            }
            try
            {
                Console.Out.WriteLine(DevTokens.Mint(parsed.GetValue(user)!, parsed.GetValue(role)!, parsed.GetValue(tenant)!, signingKey,
                    TimeSpan.FromHours(parsed.GetValue(hours)), DateTimeOffset.UtcNow, parsed.GetValue(issuer)!, parsed.GetValue(audience)!));
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return root.Parse(args).Invoke();
    }

    /// <summary>As the Host reads Auth:SigningKey: the value, else the trimmed contents of the _FILE it names.</summary>
    private static string? SigningKey(string? key, FileInfo? keyFile)
    {
        if (!string.IsNullOrWhiteSpace(key)) return key;
        if (keyFile is not null) return File.ReadAllText(keyFile.FullName).Trim();
        if (Environment.GetEnvironmentVariable("Auth__SigningKey") is { } fromEnv && !string.IsNullOrWhiteSpace(fromEnv)) return fromEnv;
        return Environment.GetEnvironmentVariable("Auth__SigningKey_FILE") is { } file && !string.IsNullOrWhiteSpace(file) ? File.ReadAllText(file).Trim() : null;
    }
}
