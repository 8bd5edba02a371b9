using Microsoft.Extensions.Configuration;
using System.Security.Cryptography;
using PanelIngest.Protocol;
using PanelIngest.Secrets;

namespace PanelIngest.Tests.Ingest;

/// <summary>Secrets at rest: AES-GCM ciphertext only, bound to the panel and field, and never shown by ToString.</summary>
public sealed class SecretStoreTests : IngestDatabase
{
    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public async Task Secrets_round_trip_and_the_table_holds_no_plain_text()
    {
        var store = new SecretStore(DataSource, Schema, MasterKey);
        await store.SetAsync("panel-1", new SecretText("Kx9qZeta77"), UserCode.Parse("73917391"));
        var read = await store.ReadAsync("panel-1");
        Assert.Equal("Kx9qZeta77", read.IntegrationKey!.Reveal());
        Assert.Equal("73917391", read.UserCode!.Digits);

        await using var cmd = DataSource.CreateCommand($"select integration_key, user_code from \"{Schema}\".ingest_secrets");
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        var stored = Convert.ToHexString((byte[])r[0]) + Convert.ToHexString((byte[])r[1]);
        Assert.DoesNotContain(Convert.ToHexString("Kx9qZeta77"u8), stored);
        Assert.DoesNotContain(Convert.ToHexString("73917391"u8), stored);
    }

    [Fact]
    public async Task Setting_one_secret_keeps_the_other()
    {
        var store = new SecretStore(DataSource, Schema, MasterKey);
        await store.SetAsync("panel-2", new SecretText("key-one"), null);
        await store.SetAsync("panel-2", null, UserCode.Parse("1234"));
        var read = await store.ReadAsync("panel-2");
        Assert.Equal("key-one", read.IntegrationKey!.Reveal());
        Assert.Equal("1234", read.UserCode!.Digits);
    }

    [Fact]
    public async Task Another_master_key_or_another_row_does_not_decrypt()
    {
        await new SecretStore(DataSource, Schema, MasterKey).SetAsync("panel-3", new SecretText("abc"), null);
        await Assert.ThrowsAsync<CryptographicException>(() => new SecretStore(DataSource, Schema, RandomNumberGenerator.GetBytes(32)).ReadAsync("panel-3"));

        var cipher = new SecretCipher(MasterKey);
        var sealedKey = cipher.Seal("panel-3", "integration_key", "abc");
        var e = Assert.Throws<CryptographicException>(() => cipher.Open("panel-4", "integration_key", sealedKey));
        Assert.DoesNotContain("abc", e.Message);
    }

    [Fact]
    public void Secret_types_redact_themselves()
    {
        var secrets = new PanelSecrets(new SecretText("Kx9qZeta77"), UserCode.Parse("73917391"));
        Assert.DoesNotContain("Kx9qZeta77", secrets.ToString());
        Assert.DoesNotContain("7391", secrets.ToString());
        Assert.DoesNotContain("Kx9qZeta77", secrets.IntegrationKey!.ToString());
        Assert.DoesNotContain("7391", $"{secrets.UserCode}");
    }

    [Fact]
    public async Task The_cli_verb_stores_secrets_from_files_and_stdin_and_prints_none()
    {
        var codeFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(codeFile, "55667788\n");
        var settings = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = ConnectionString,
            ["EventStore:Schema"] = Schema,
            ["Ingest:MasterKey"] = Convert.ToBase64String(MasterKey),
        }).Build();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await SecretsCommand.RunAsync(["set", "--panel", "panel-cli", "--integration-key-file", "-", "--user-code-file", codeFile],
            new StringReader("StdinKey99\n"), stdout, stderr, settings);
        File.Delete(codeFile);

        Assert.Equal(0, exit);
        var read = await new SecretStore(DataSource, Schema, MasterKey).ReadAsync("panel-cli");
        Assert.Equal("StdinKey99", read.IntegrationKey!.Reveal());
        Assert.Equal("55667788", read.UserCode!.Digits);
        Assert.DoesNotContain("StdinKey99", stdout.ToString() + stderr);
        Assert.DoesNotContain("55667788", stdout.ToString() + stderr);
    }

    [Fact]
    public async Task The_cli_verb_refuses_secrets_in_arguments_and_a_bad_code_without_echoing_it()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, await SecretsCommand.RunAsync(["set", "--panel", "p", "--user-code", "1234"], new StringReader(""), new StringWriter(), stderr));
        var settings = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = ConnectionString,
            ["EventStore:Schema"] = Schema,
            ["Ingest:MasterKey"] = Convert.ToBase64String(MasterKey),
        }).Build();
        Assert.Equal(1, await SecretsCommand.RunAsync(["set", "--panel", "p", "--user-code-file", "-"], new StringReader("12ab98"), new StringWriter(), stderr, settings));
        Assert.DoesNotContain("12ab98", stderr.ToString());
    }
}
