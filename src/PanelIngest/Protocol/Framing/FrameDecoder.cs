namespace PanelIngest.Protocol;

/// <summary>
/// The streaming receiver: feed it whatever chunks the transport read, get whole frames out. It never throws on
/// received bytes; a frame it cannot accept is dropped, counted by reason and reported to the optional callback, so
/// the ingest can count decode errors. Modules push frames nobody asked for, so any well-formed frame is returned at
/// any time and routing by command is the caller's job.
/// </summary>
/// <remarks>One instance per connection; not thread-safe. The only allocation is each returned frame.</remarks>
public sealed class FrameDecoder
{
    private readonly FrameSynchronizer synchronizer = new();
    private readonly FrameShapeRule shape;
    private readonly Action<FrameDropReason>? onDropped;
    private readonly long[] drops = new long[Enum.GetValues<FrameDropReason>().Length];

    /// <param name="shape">Which commands and lengths to accept; <see cref="FrameShapes.Answer"/> by default.</param>
    /// <param name="onDropped">Called for every dropped frame, on the caller's thread.</param>
    public FrameDecoder(FrameShapeRule? shape = null, Action<FrameDropReason>? onDropped = null)
    {
        this.shape = shape ?? FrameShapes.Answer;
        this.onDropped = onDropped;
    }

    /// <summary>Frames returned so far.</summary>
    public long FramesDecoded { get; private set; }

    /// <summary>Frames dropped so far, for any reason.</summary>
    public long FramesDropped => drops.Sum();

    /// <summary>Frames dropped so far for <paramref name="reason"/>.</summary>
    public long DroppedFor(FrameDropReason reason) => drops[(int)reason];

    /// <summary>Takes a chunk of received bytes and adds each frame it completes to <paramref name="frames"/>.</summary>
    /// <returns>How many frames were added.</returns>
    public int Decode(ReadOnlySpan<byte> chunk, ICollection<SatelFrame> frames)
    {
        var added = 0;
        foreach (var b in chunk)
        {
            switch (synchronizer.Push(b))
            {
                case SyncStep.FrameEnded:
                    if (Accept(synchronizer.Body) is { } frame)
                    {
                        frames.Add(frame);
                        added++;
                    }
                    break;
                case SyncStep.FrameInterrupted:
                    Drop(FrameDropReason.Interrupted);
                    break;
                case SyncStep.FrameTooLong:
                    Drop(FrameDropReason.TooLong);
                    break;
            }
        }
        FramesDecoded += added;
        return added;
    }

    /// <summary>Takes a chunk of received bytes and returns the frames it completes.</summary>
    public IReadOnlyList<SatelFrame> Decode(ReadOnlySpan<byte> chunk)
    {
        var frames = new List<SatelFrame>();
        Decode(chunk, frames);
        return frames;
    }

    private SatelFrame? Accept(ReadOnlySpan<byte> body)
    {
        if (body.Length < 3)
            return Drop(FrameDropReason.TooShort);
        var content = body[..^2];
        var crc = (ushort)((body[^2] << 8) | body[^1]);
        if (SatelCrc.Compute(content) != crc)
            return Drop(FrameDropReason.BadCrc);
        return shape(content[0], content.Length - 1) switch
        {
            FrameShapeCheck.Fits => new SatelFrame(content[0], content[1..]),
            FrameShapeCheck.UnknownCommand => Drop(FrameDropReason.UnknownCommand),
            _ => Drop(FrameDropReason.WrongLength),
        };
    }

    private SatelFrame? Drop(FrameDropReason reason)
    {
        drops[(int)reason]++;
        onDropped?.Invoke(reason);
        return null;
    }
}
