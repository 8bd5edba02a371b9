using System.Net.Sockets;
using System.Threading.Channels;
using PanelIngest.Metrics;
using PanelIngest.Protocol;

namespace PanelIngest.Transport;

/// <summary>
/// One TCP connection to an ETHM-1 module, plain or encrypted (ETHM-1 Plus). A reader loop turns received bytes into
/// frames; <see cref="RequestAsync"/> sends one request at a time and waits for its answer, skipping frames the
/// module pushes unasked (PROTOCOL.md §2.4, §5.4). All I/O is asynchronous: no thread per connection.
/// </summary>
public sealed class PanelConnection : IAsyncDisposable
{
    private readonly TcpClient client;
    private readonly NetworkStream stream;
    private readonly EncryptedSession? encryption;
    private readonly EncryptedPduReader pduReader = new();
    private readonly FrameDecoder decoder;
    private readonly IngestMetrics metrics;
    private readonly Channel<SatelFrame> frames = Channel.CreateUnbounded<SatelFrame>(new() { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource closing = new();
    private readonly Lock cryptoLock = new();
    private readonly Task reader;
    private long bytesReceived;
    private bool sentAny;

    private PanelConnection(TcpClient client, EncryptedSession? encryption, IngestMetrics metrics)
    {
        this.client = client;
        this.encryption = encryption;
        this.metrics = metrics;
        stream = client.GetStream();
        decoder = new FrameDecoder(onDropped: metrics.FrameDropped);
        reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>
    /// Connects and makes sure the module's slot is ours: a free module is silent after connect, a busy one talks
    /// first (PROTOCOL.md §5.2), so any byte within <paramref name="busyProbe"/> means busy.
    /// </summary>
    /// <param name="integrationKey">The integration key for ETHM-1 Plus encryption; null for a plain connection.</param>
    public static async Task<PanelConnection> OpenAsync(string host, int port, string? integrationKey, TimeSpan connectTimeout, TimeSpan busyProbe, IngestMetrics metrics, CancellationToken ct)
    {
        var client = new TcpClient { NoDelay = true };
        PanelConnection? connection = null;
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(connectTimeout);
                try
                {
                    await client.ConnectAsync(host, port, timeout.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new PanelUnreachableException("connection attempt timed out");
                }
                catch (SocketException e)
                {
                    throw new PanelUnreachableException($"connection failed: {e.SocketErrorCode}", e);
                }
            }
            connection = new PanelConnection(client, integrationKey is null ? null : new EncryptedSession(integrationKey), metrics);
            await Task.Delay(busyProbe, ct);
            if (Interlocked.Read(ref connection.bytesReceived) > 0) throw new PanelBusyException();
            return connection;
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            else client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns its answer: the frame with the same command (for 0x8C, echoing the
    /// index asked for), or a 0xEF result. Other frames that arrive meanwhile are pushes and are skipped.
    /// </summary>
    /// <exception cref="PanelTimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="PanelUnreachableException">The connection closed.</exception>
    public async Task<SatelAnswer> RequestAsync(SatelRequest request, TimeSpan timeout, CancellationToken ct)
    {
        while (frames.Reader.TryRead(out _)) { } // leftovers of earlier pushes: nobody waits for them
        await SendAsync(request.ToFrame().Encode(), ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var frame = await frames.Reader.ReadAsync(deadline.Token);
                if (frame.Command != request.Command && frame.Command != 0xEF) continue;
                SatelAnswer answer;
                try
                {
                    answer = AnswerParser.Default.Parse(frame);
                }
                catch (MalformedFrameException)
                {
                    metrics.DecodeError("malformed_answer");
                    continue;
                }
                if (request is ReadEvent asked && answer is EventRecordAnswer got && got.Called != asked.Index) continue; // an unsolicited record
                return answer;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new PanelTimeoutException(request.Command);
        }
        catch (ChannelClosedException e)
        {
            throw new PanelUnreachableException("connection closed by the module", e);
        }
    }

    private async Task SendAsync(byte[] frameBytes, CancellationToken ct)
    {
        byte[] wire;
        lock (cryptoLock)
        {
            wire = encryption?.Seal(frameBytes) ?? frameBytes;
            sentAny = true;
        }
        try
        {
            await stream.WriteAsync(wire, ct);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new PanelUnreachableException("connection lost while sending", e);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        var pdus = new List<byte[]>();
        var decoded = new List<SatelFrame>();
        Exception? failure = null;
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, closing.Token);
                if (n == 0) break;
                Interlocked.Add(ref bytesReceived, n);
                decoded.Clear();
                if (encryption is null)
                    decoder.Decode(buffer.AsSpan(0, n), decoded);
                else
                    DecodeEncrypted(buffer.AsSpan(0, n), pdus, decoded);
                foreach (var frame in decoded) frames.Writer.TryWrite(frame);
            }
        }
        catch (EncryptedPduException e)
        {
            // The stream can no longer be trusted (every known client disconnects here): close and reconnect.
            metrics.DecodeError("encrypted_pdu");
            failure = new PanelUnreachableException("encrypted stream out of step", e);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            failure = e is OperationCanceledException ? null : new PanelUnreachableException("connection lost", e);
        }
        frames.Writer.TryComplete(failure);
    }

    private void DecodeEncrypted(ReadOnlySpan<byte> chunk, List<byte[]> pdus, List<SatelFrame> decoded)
    {
        pdus.Clear();
        pduReader.Read(chunk, pdus);
        foreach (var pdu in pdus)
        {
            byte[] plain;
            lock (cryptoLock)
            {
                if (!sentAny) continue; // a module that talks before we do is busy: OpenAsync decides on the byte count
                plain = encryption!.Open(pdu);
            }
            decoder.Decode(plain, decoded); // zero padding after the frame is ignored like noise between frames
        }
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        client.Dispose();
        try { await reader; } catch (Exception) { /* already reported through the channel */ }
        encryption?.Dispose();
        closing.Dispose();
    }
}
