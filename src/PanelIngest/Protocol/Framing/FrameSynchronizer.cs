namespace PanelIngest.Protocol;

/// <summary>What one byte did to the <see cref="FrameSynchronizer"/>.</summary>
public enum SyncStep
{
    /// <summary>Nothing to report: the byte was sync, stuffing, data, or garbage between frames.</summary>
    None,

    /// <summary><c>FE 0D</c> ended a frame: <see cref="FrameSynchronizer.Body"/> holds it until the next byte.</summary>
    FrameEnded,

    /// <summary>A frame in progress was abandoned by a resync (<c>FE FE</c>, or FE + a byte other than F0/0D).</summary>
    FrameInterrupted,

    /// <summary>A frame in progress outgrew any frame the protocol has, so it was abandoned.</summary>
    FrameTooLong,
}

/// <summary>
/// The byte-level half of the receiver: the manual's rules for 0xFE, and nothing else (no CRC, no command check).
/// Rules: two or more FE mean sync; waiting for the command, FE is skipped; <c>FE F0</c> is a data FE;
/// <c>FE 0D</c> ends the frame; FE followed by anything else counts as <c>FE FE</c>, so the following byte is
/// consumed as the second sync byte. Bytes outside a frame (including a lone FE) are ignored.
/// </summary>
/// <remarks>
/// Because every frame starts with <c>FE FE</c> and <c>FE FE</c> resynchronises from every state, no prefix of
/// garbage can swallow a following well-formed frame.
/// </remarks>
public sealed class FrameSynchronizer
{
    /// <summary>The longest body (cmd + data + CRC) accepted; the protocol's longest frame is far shorter.</summary>
    public const int MaxBodyLength = 256;

    private readonly byte[] body = new byte[MaxBodyLength];
    private int length;
    private State state = State.Hunting;

    private enum State
    {
        Hunting,
        HuntingAfterFe,
        WaitingForCommand,
        InFrame,
        InFrameAfterFe,
    }

    /// <summary>The unstuffed body (cmd, data, crc.hi, crc.lo) of the frame that just ended.</summary>
    public ReadOnlySpan<byte> Body => body.AsSpan(0, length);

    /// <summary>Takes one received byte.</summary>
    public SyncStep Push(byte b)
    {
        switch (state)
        {
            case State.Hunting:
                if (b == FrameEncoder.SpecialByte)
                    state = State.HuntingAfterFe;
                return SyncStep.None;
            case State.HuntingAfterFe:
                state = b == FrameEncoder.SpecialByte ? State.WaitingForCommand : State.Hunting;
                return SyncStep.None;
            case State.WaitingForCommand:
                if (b != FrameEncoder.SpecialByte)
                    Begin(b);
                return SyncStep.None;
            case State.InFrame:
                if (b == FrameEncoder.SpecialByte)
                {
                    state = State.InFrameAfterFe;
                    return SyncStep.None;
                }
                return Append(b);
            default:
                return AfterFeInFrame(b);
        }
    }

    private SyncStep AfterFeInFrame(byte b)
    {
        switch (b)
        {
            case FrameEncoder.StuffedByte:
                state = State.InFrame;
                return Append(FrameEncoder.SpecialByte);
            case FrameEncoder.EndByte:
                state = State.Hunting;
                return SyncStep.FrameEnded;
            default:
                // FE FE, or FE + any other byte, which the manual says to treat as FE FE.
                state = State.WaitingForCommand;
                length = 0;
                return SyncStep.FrameInterrupted;
        }
    }

    private void Begin(byte command)
    {
        length = 0;
        body[length++] = command;
        state = State.InFrame;
    }

    private SyncStep Append(byte b)
    {
        if (length == MaxBodyLength)
        {
            length = 0;
            state = State.Hunting;
            return SyncStep.FrameTooLong;
        }
        body[length++] = b;
        return SyncStep.None;
    }
}
