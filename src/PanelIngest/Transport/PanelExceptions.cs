namespace PanelIngest.Transport;

/// <summary>
/// Talking to a module failed: refused, busy, silent, or the connection dropped. The message is the reason reported
/// to the Host (<c>PanelConnectionChanged.Reason</c>), so it never holds a secret.
/// </summary>
public class PanelUnreachableException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>The module's one client slot is taken: it talked first (the "Busy!" text, or opaque bytes when encrypted).</summary>
public sealed class PanelBusyException() : PanelUnreachableException("module busy: another client holds its connection");

/// <summary>The module did not answer a request in time.</summary>
public sealed class PanelTimeoutException(byte command) : PanelUnreachableException($"no answer to 0x{command:X2} in time")
{
    public byte Command { get; } = command;
}
