namespace Host.Infrastructure;

internal static class Secrets
{
    /// <summary>A setting, or the contents of the file named by the same key with a <c>_FILE</c> suffix (Docker secrets).</summary>
    public static string? Read(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (!string.IsNullOrWhiteSpace(value)) return value;
        var file = configuration[key + "_FILE"];
        return string.IsNullOrWhiteSpace(file) ? null : File.ReadAllText(file).Trim();
    }
}
