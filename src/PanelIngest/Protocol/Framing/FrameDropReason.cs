namespace PanelIngest.Protocol;

/// <summary>
/// Why a received frame was dropped. The manual says such frames get no answer and that the client should act the
/// same way, so a dropped frame is never an error to the caller; it is only counted.
/// </summary>
public enum FrameDropReason
{
    /// <summary>A resync (<c>FE FE</c>, or FE + a byte other than F0/0D) arrived before <c>FE 0D</c>.</summary>
    Interrupted,

    /// <summary>The frame grew past <see cref="FrameSynchronizer.MaxBodyLength"/> without ending.</summary>
    TooLong,

    /// <summary>The frame ended before it held a command and two CRC bytes.</summary>
    TooShort,

    /// <summary>The CRC did not match the command and data.</summary>
    BadCrc,

    /// <summary>The command is not one this side of the protocol can receive.</summary>
    UnknownCommand,

    /// <summary>The data length does not suit the command.</summary>
    WrongLength,
}
