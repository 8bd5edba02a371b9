using Npgsql;
using PanelIngest.Protocol;
using PanelIngest.Storage;

namespace PanelIngest.Secrets;

/// <summary>
/// The <c>ingest_secrets</c> table: per panel, the integration key and the remote-control user code, each an AES-GCM
/// ciphertext under the master key. Plain secrets exist only in memory, only while used.
/// </summary>
public sealed class SecretStore(NpgsqlDataSource dataSource, string schema, byte[]? masterKey)
{
    private const string KeyField = "integration_key";
    private const string CodeField = "user_code";
    private readonly string q = IngestSchema.Q(schema);

    private SecretCipher Cipher => masterKey is null
        ? throw new InvalidOperationException("Ingest:MasterKey is not configured: panel secrets cannot be read or written.")
        : new SecretCipher(masterKey);

    /// <summary>Stores the given secrets of <paramref name="panelId"/>; a null one keeps what is stored.</summary>
    public async Task SetAsync(string panelId, SecretText? integrationKey, UserCode? userCode, CancellationToken ct = default)
    {
        var cipher = Cipher;
        await using var cmd = dataSource.CreateCommand($"""
            insert into {q}.ingest_secrets (panel_id, integration_key, user_code) values ($1, $2, $3)
            on conflict (panel_id) do update set integration_key = coalesce(excluded.integration_key, ingest_secrets.integration_key),
                user_code = coalesce(excluded.user_code, ingest_secrets.user_code), updated_at = now()
            """);
        cmd.Parameters.Add(new() { Value = panelId });
        cmd.Parameters.Add(new() { Value = integrationKey is null ? DBNull.Value : cipher.Seal(panelId, KeyField, integrationKey.Reveal()), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea });
        cmd.Parameters.Add(new() { Value = userCode is null ? DBNull.Value : cipher.Seal(panelId, CodeField, userCode.Digits), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The secrets of <paramref name="panelId"/>, decrypted; <see cref="PanelSecrets.None"/> if none are stored.</summary>
    public async Task<PanelSecrets> ReadAsync(string panelId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"select integration_key, user_code from {q}.ingest_secrets where panel_id = $1");
        cmd.Parameters.Add(new() { Value = panelId });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return PanelSecrets.None;
        var key = r.IsDBNull(0) ? null : (byte[])r[0];
        var code = r.IsDBNull(1) ? null : (byte[])r[1];
        var cipher = Cipher;
        return new PanelSecrets(
            key is null ? null : new SecretText(cipher.Open(panelId, KeyField, key)),
            code is null ? null : UserCode.Parse(cipher.Open(panelId, CodeField, code)));
    }
}
