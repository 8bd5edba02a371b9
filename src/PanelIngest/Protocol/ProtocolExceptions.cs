namespace PanelIngest.Protocol;

/// <summary>
/// The one family of exceptions the codec throws for what a module sent. Callers catch this base type to count a
/// decode error and carry on: a malformed answer is the module's fault, never a reason to crash the ingest.
/// </summary>
public class ProtocolException : Exception
{
    public ProtocolException(string message) : base(message) { }

    public ProtocolException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// A frame with a good CRC whose command or data does not fit the manual: wrong length, impossible field values.
/// </summary>
public sealed class MalformedFrameException : ProtocolException
{
    public MalformedFrameException(byte command, string message)
        : base($"Frame 0x{command:X2}: {message}") => Command = command;

    /// <summary>The frame's command byte.</summary>
    public byte Command { get; }
}

/// <summary>
/// An ETHM-1 Plus encrypted PDU that cannot be accepted: too short, or it does not echo the id we last sent
/// (all known clients drop the connection then, since the stream can no longer be trusted).
/// </summary>
public sealed class EncryptedPduException : ProtocolException
{
    public EncryptedPduException(string message) : base(message) { }
}
