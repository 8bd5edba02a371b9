using Microsoft.Extensions.Configuration;
using Npgsql;
using PanelIngest.Hosting;
using PanelIngest.Protocol;
using PanelIngest.Storage;

namespace PanelIngest.Secrets;

/// <summary>
/// The CLI verb that stores a panel's secrets, encrypted under the master key:
/// <c>PanelIngest secrets set --panel ID [--integration-key-file PATH|-] [--user-code-file PATH|-]</c>; <c>-</c> reads
/// standard input (one of the two at most). Settings as the ingest reads them (appsettings.json, environment).
/// Secrets are read only from files or standard input, never from arguments (which other users can see in the
/// process list), and are never printed.
/// </summary>
public static class SecretsCommand
{
    private const string Usage = "usage: PanelIngest secrets set --panel ID [--integration-key-file PATH|-] [--user-code-file PATH|-]";

    /// <summary>Runs the verb; returns the exit code (0 stored, 1 bad arguments, 2 not configured).</summary>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, IConfiguration? configuration = null)
    {
        if (args is not ["set", .. var rest] || Parse(rest) is not { } parsed || parsed.Panel is null || parsed is { KeyFile: null, CodeFile: null } || parsed is { KeyFile: "-", CodeFile: "-" })
        {
            await stderr.WriteLineAsync(Usage);
            return 1;
        }
        configuration ??= new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build();
        IngestOptions options;
        string connectionString;
        try
        {
            options = ConfigurationValues.IngestOptions(configuration);
            connectionString = ConfigurationValues.Secret(configuration, "ConnectionStrings:EventStore") ?? throw new ArgumentException("ConnectionStrings:EventStore is not configured.");
            if (options.MasterKey is null) throw new ArgumentException("Ingest:MasterKey (or Ingest:MasterKey_FILE) is not configured.");
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 2;
        }

        SecretText? key;
        UserCode? code;
        try
        {
            key = parsed.KeyFile is null ? null : new SecretText(await ReadAsync(parsed.KeyFile, stdin));
            code = parsed.CodeFile is null ? null : UserCode.Parse(await ReadAsync(parsed.CodeFile, stdin));
            if (key is not null) IntegrationKey.Derive(key.Reveal()); // refuse what the module could never use (the message names no secret)
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            await stderr.WriteLineAsync(e.Message);
            return 1;
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await IngestSchema.MigrateAsync(dataSource, options.Schema);
        await new SecretStore(dataSource, options.Schema, options.MasterKey).SetAsync(parsed.Panel, key, code);
        await stdout.WriteLineAsync($"stored for panel {parsed.Panel}: {(key is null ? "" : "integration key ")}{(code is null ? "" : "user code")}".TrimEnd());
        return 0;
    }

    private sealed record Arguments(string? Panel, string? KeyFile, string? CodeFile);

    private static Arguments? Parse(string[] args)
    {
        var parsed = new Arguments(null, null, null);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length) return null;
            parsed = args[i] switch
            {
                "--panel" => parsed with { Panel = args[i + 1] },
                "--integration-key-file" => parsed with { KeyFile = args[i + 1] },
                "--user-code-file" => parsed with { CodeFile = args[i + 1] },
                _ => null,
            };
            if (parsed is null) return null;
        }
        return parsed;
    }

    private static async Task<string> ReadAsync(string path, TextReader stdin) =>
        (path == "-" ? await stdin.ReadToEndAsync() : await File.ReadAllTextAsync(path)).Trim();
}
