using PanelIngest.Protocol;

namespace PanelIngest.Secrets;

/// <summary>A panel's secrets, decrypted: the integration key (ETHM-1 Plus encryption) and the user code for remote control.</summary>
public sealed class PanelSecrets(SecretText? integrationKey, UserCode? userCode)
{
    /// <summary>None stored.</summary>
    public static PanelSecrets None { get; } = new(null, null);

    public SecretText? IntegrationKey { get; } = integrationKey;

    public UserCode? UserCode { get; } = userCode;

    /// <summary>Says only which secrets are present.</summary>
    public override string ToString() => $"PanelSecrets(integration key: {(IntegrationKey is null ? "none" : "set")}, user code: {(UserCode is null ? "none" : "set")})";
}
