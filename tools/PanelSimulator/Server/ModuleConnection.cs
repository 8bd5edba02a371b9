using System.Net.Sockets;
using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>
/// One client's connection to a simulated module. Requests are handled strictly one after another, each answered
/// before the next is read (the manual: "wait for answer before sending the next one"). Automatic-mode pushes and
/// unsolicited 0x8C frames go out from a second loop; a write lock keeps frames whole. The connection ends when the
/// client closes it, when it sends nothing for the idle timeout, on a reset fault, or when the server stops.
/// </summary>
internal sealed partial class ModuleConnection : IAsyncDisposable
{
    private readonly Socket socket;
    private readonly SimulatedPanel panel;
    private readonly SimulatorOptions options;
    private readonly ModuleResponder responder;
    private readonly ModuleEncryption? encryption;
    private readonly EncryptedPduReader? pduReader;
    private readonly FrameDecoder decoder = new(FrameShapes.Request);
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly Random dice;
    private readonly CancellationTokenSource life;

    public ModuleConnection(Socket socket, SimulatedPanel panel, SimulatorOptions options, NewDataFlags flags, int seed)
    {
        this.socket = socket;
        this.panel = panel;
        this.options = options;
        responder = new ModuleResponder(panel, options, flags);
        dice = new Random(seed);
        life = new CancellationTokenSource(Timeout.InfiniteTimeSpan, options.Time);
        if (panel.Definition.IntegrationKey is { } key)
        {
            encryption = new ModuleEncryption(key);
            pduReader = new EncryptedPduReader();
        }
    }

    /// <summary>Serves the client until the connection ends.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var stopping = stop.Register(Stop);
        panel.StateChanged += OnStateChanged;
        if (options.PushEventRecords)
            panel.RecordLogged += OnRecordLogged;
        var pushing = PushLoopAsync(life.Token);
        try
        {
            await ServeAsync(life.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or EncryptedPduException)
        {
            // The client left, went idle, or sent something that ends the session: the connection just closes.
        }
        finally
        {
            panel.StateChanged -= OnStateChanged;
            panel.RecordLogged -= OnRecordLogged;
            Stop();
            await pushing.ConfigureAwait(false);
            socket.Dispose();
            encryption?.Dispose();
        }
    }

    /// <summary>Ends the connection from outside (a module restart); <see cref="RunAsync"/> then finishes.</summary>
    public ValueTask DisposeAsync()
    {
        Stop();
        socket.Dispose();
        return ValueTask.CompletedTask;
    }

    // The token source is left to the collector rather than disposed: a Cancel from another thread (server stop,
    // module restart) could otherwise race with its disposal. Cancel and CancelAfter are thread-safe.
    private void Stop() => life.Cancel();

    private async Task ServeAsync(CancellationToken ct)
    {
        var buffer = new byte[1024];
        var frames = new List<SatelFrame>();
        life.CancelAfter(options.IdleTimeout);
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0)
                return;
            // Only what the client sends counts as activity (PROTOCOL.md §5.3: clients keep alive by sending).
            life.CancelAfter(options.IdleTimeout);
            frames.Clear();
            Decode(buffer.AsSpan(0, n), frames);
            foreach (var frame in frames)
                if (!await HandleAsync(frame, ct).ConfigureAwait(false))
                    return;
        }
    }

    private void Decode(ReadOnlySpan<byte> chunk, List<SatelFrame> frames)
    {
        if (encryption is null || pduReader is null)
        {
            decoder.Decode(chunk, frames);
            return;
        }
        var pdus = new List<byte[]>();
        pduReader.Read(chunk, pdus);
        foreach (var pdu in pdus)
        {
            byte[] plain;
            lock (encryption)
                plain = encryption.Open(pdu);
            // A wrong key decrypts to noise in which no frame is found, so such a client gets no answer at all.
            decoder.Decode(plain, frames);
        }
    }

    // Returns false when a fault reset the connection.
    private async Task<bool> HandleAsync(SatelFrame frame, CancellationToken ct)
    {
        SatelRequest request;
        try
        {
            request = RequestParser.Parse(frame);
        }
        catch (MalformedFrameException)
        {
            return true; // "dropped and gets no answer", like any malformed frame
        }
        if (responder.Answer(request) is not { } answer)
            return true;
        var faults = panel.Faults;
        if (faults.AnswerDelay > TimeSpan.Zero)
            await Task.Delay(faults.AnswerDelay, options.Time, ct).ConfigureAwait(false);
        if (Roll(faults.ResetProbability))
        {
            Reset();
            return false;
        }
        if (!Roll(faults.DropAnswerProbability))
            await SendAsync(answer.ToFrame(), ct).ConfigureAwait(false);
        if (request is SetAutomaticMode)
            SchedulePushOfAll(); // "initially all commands specified in its first bytes will be sent"
        return true;
    }

    private async Task SendAsync(SatelFrame frame, CancellationToken ct)
    {
        var faults = panel.Faults;
        var bytes = Roll(faults.CorruptCrcProbability) ? WireFaults.WithBadCrc(frame) : frame.Encode();
        if (Roll(faults.GarbageProbability))
            lock (dice)
                bytes = [.. WireFaults.Garbage(dice), .. bytes];
        await writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (encryption is not null)
                lock (encryption)
                    bytes = encryption.Seal(bytes);
            await socket.SendAsync(bytes.AsMemory(), SocketFlags.None, ct).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private bool Roll(double probability)
    {
        if (probability <= 0)
            return false;
        lock (dice)
            return dice.NextDouble() < probability;
    }

    // A zero linger time makes Close send RST instead of FIN: the client sees "connection reset".
    private void Reset()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }
}
