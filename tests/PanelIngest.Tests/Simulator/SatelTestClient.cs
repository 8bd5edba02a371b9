using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using PanelIngest.Protocol;

namespace PanelIngest.Tests.Simulator;

/// <summary>
/// A tiny integration-protocol client built from the codec, for talking to the simulator over real loopback TCP:
/// it sends a request and waits for the frame with the same command or 0xEF, as openHAB and c-soft match answers.
/// Other frames (pushes) are kept for <see cref="NextFrameAsync"/>.
/// </summary>
internal sealed class SatelTestClient : IAsyncDisposable
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket socket;
    private readonly EncryptedSession? session;
    private readonly EncryptedPduReader pduReader = new();
    private readonly Channel<SatelFrame> frames = Channel.CreateUnbounded<SatelFrame>();
    private readonly List<byte> raw = [];
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task receiving;

    private SatelTestClient(Socket socket, string? key)
    {
        this.socket = socket;
        session = key is null ? null : new EncryptedSession(key);
        receiving = ReceiveLoopAsync();
    }

    /// <summary>Decodes received frames; its counters show what was dropped.</summary>
    public FrameDecoder Decoder { get; } = new(FrameShapes.Any);

    /// <summary>Whether the module closed (or reset) the connection.</summary>
    public bool IsClosed => closed.Task.IsCompleted;

    /// <summary>Every byte received, as it came off the socket.</summary>
    public byte[] RawReceived
    {
        get
        {
            lock (raw)
                return [.. raw];
        }
    }

    public static async Task<SatelTestClient> ConnectAsync(IPEndPoint endpoint, string? key = null)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint);
        return new SatelTestClient(socket, key);
    }

    /// <summary>Sends <paramref name="request"/> and returns its parsed answer.</summary>
    /// <exception cref="TimeoutException">No answer within the timeout.</exception>
    public async Task<SatelAnswer> AskAsync(SatelRequest request, TimeSpan? timeout = null) =>
        await TryAskAsync(request, timeout ?? AnswerTimeout)
        ?? throw new TimeoutException($"No answer to {request} within {timeout ?? AnswerTimeout}.");

    /// <summary>Sends <paramref name="request"/> and returns its answer, or null when none came in time.</summary>
    public async Task<SatelAnswer?> TryAskAsync(SatelRequest request, TimeSpan timeout)
    {
        await SendAsync(request.ToFrame().Encode());
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var frame = await frames.Reader.ReadAsync(deadline.Token);
                if (frame.Command == request.Command || frame.Command == 0xEF)
                    return AnswerParser.Default.Parse(frame);
                pushed.Enqueue(frame);
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private readonly Queue<SatelFrame> pushed = new();

    /// <summary>The next frame received (including pushes set aside while waiting for answers), or null on timeout.</summary>
    public async Task<SatelFrame?> NextFrameAsync(TimeSpan timeout)
    {
        if (pushed.TryDequeue(out var early))
            return early;
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await frames.Reader.ReadAsync(deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Sends raw bytes (plain) or seals them into a PDU (encrypted).</summary>
    public async Task SendAsync(byte[] frameBytes)
    {
        var bytes = session is null ? frameBytes : session.Seal(frameBytes);
        await socket.SendAsync(bytes, SocketFlags.None);
    }

    /// <summary>Waits until the module closes the connection; false if it is still open at the deadline.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(closed.Task, Task.Delay(timeout));
        return finished == closed.Task;
    }

    public async ValueTask DisposeAsync()
    {
        socket.Dispose();
        await receiving;
        session?.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                    break;
                lock (raw)
                    raw.AddRange(buffer.AsSpan(0, n));
                foreach (var frame in Decode(buffer.AsSpan(0, n)))
                    frames.Writer.TryWrite(frame);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or ProtocolException)
        {
            // Reset, closed by us, or an encrypted PDU we cannot accept: the connection is over either way.
        }
        frames.Writer.TryComplete();
        closed.TrySetResult();
    }

    private List<SatelFrame> Decode(ReadOnlySpan<byte> chunk)
    {
        var decoded = new List<SatelFrame>();
        if (session is null)
        {
            Decoder.Decode(chunk, decoded);
            return decoded;
        }
        var pdus = new List<byte[]>();
        pduReader.Read(chunk, pdus);
        foreach (var pdu in pdus)
            Decoder.Decode(session.Open(pdu), decoded);
        return decoded;
    }
}
