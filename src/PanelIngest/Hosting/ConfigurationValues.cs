using Microsoft.Extensions.Configuration;

namespace PanelIngest.Hosting;

/// <summary>Reads settings that may be secrets: the value itself, or the contents of the file named by <c>KEY_FILE</c> (Docker secrets).</summary>
internal static class ConfigurationValues
{
    public static string? Secret(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (!string.IsNullOrWhiteSpace(value)) return value;
        var file = configuration[key + "_FILE"];
        return string.IsNullOrWhiteSpace(file) ? null : File.ReadAllText(file).Trim();
    }

    /// <summary>The ingest options from <paramref name="configuration"/> (section Ingest, EventStore:Schema, Ingest:MasterKey[_FILE]).</summary>
    public static IngestOptions IngestOptions(IConfiguration configuration)
    {
        var options = new IngestOptions();
        configuration.GetSection("Ingest").Bind(options, o => o.ErrorOnUnknownConfiguration = false);
        options.Schema = configuration["EventStore:Schema"] ?? "eventstore";
        options.MasterKey = Secret(configuration, "Ingest:MasterKey") is { } key ? MasterKeyBytes(key) : null;
        options.Validate();
        return options;
    }

    // The key itself never goes into the message: a bad value says only what shape was expected.
    private static byte[] MasterKeyBytes(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new ArgumentException("Ingest:MasterKey is not base64 (expected 32 random bytes, base64-encoded).");
        }
    }
}
