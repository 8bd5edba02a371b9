using System.Net;
using System.Net.Sockets;

namespace PanelSimulator;

/// <summary>
/// A simulated ETHM-1 module: a TCP listener serving one <see cref="SimulatedPanel"/> over the Satel integration
/// protocol, plain or encrypted (when the panel has an integration key). Like a real module it serves one client at
/// a time: a second connection gets the busy text and is closed (PROTOCOL.md §5.1–5.2). Costs one listening socket
/// and, while a client is connected, two pending asynchronous operations; no threads of its own.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly SimulatorOptions options;
    private readonly NewDataFlags flags = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private readonly Lock slotGate = new();
    private ModuleConnection? client;
    private Task clientTask = Task.CompletedTask;
    private int connectionsAccepted;
    private int busyRefusals;

    private SimulatorServer(SimulatedPanel panel, Socket listener, SimulatorOptions options)
    {
        Panel = panel;
        this.listener = listener;
        this.options = options;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        accepting = AcceptLoopAsync();
    }

    /// <summary>The panel behind the module.</summary>
    public SimulatedPanel Panel { get; }

    /// <summary>Where the module listens (with the real port when 0 was asked for).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The panel's fault-injection settings (<see cref="SimulatedPanel.Faults"/>); change them at any time.</summary>
    public FaultSettings Faults => Panel.Faults;

    /// <summary>How many clients were served so far (busy refusals not counted).</summary>
    public int ConnectionsAccepted => Volatile.Read(ref connectionsAccepted);

    /// <summary>How many connections were refused because a client held the module.</summary>
    public int BusyRefusals => Volatile.Read(ref busyRefusals);

    /// <summary>Whether a client holds the module now.</summary>
    public bool HasClient
    {
        get
        {
            lock (slotGate)
                return client is not null;
        }
    }

    /// <summary>Starts serving <paramref name="panel"/> on <paramref name="endpoint"/> (port 0 picks a free port).</summary>
    /// <exception cref="SocketException">The address cannot be bound (in use, or not a local address).</exception>
    public static Task<SimulatorServer> StartAsync(
        SimulatedPanel panel, IPEndPoint endpoint, SimulatorOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(endpoint);
        ct.ThrowIfCancellationRequested();
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return Task.FromResult(new SimulatorServer(panel, listener, options ?? SimulatorOptions.Default));
    }

    /// <summary>Closes the client connection (if any) without stopping the server, as a module reboot would.</summary>
    public async Task DisconnectClientAsync()
    {
        ModuleConnection? current;
        lock (slotGate)
            current = client;
        if (current is not null)
            await current.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops listening and closes the client connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
            return;
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        await accepting.ConfigureAwait(false);
        Task running;
        lock (slotGate)
            running = clientTask;
        await running.ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // a client that gave up before we accepted it
            }
            socket.NoDelay = true;
            Admit(socket);
        }
    }

    private void Admit(Socket socket)
    {
        lock (slotGate)
        {
            if (client is null)
            {
                var seed = options.Seed is { } s ? s + connectionsAccepted : Random.Shared.Next();
                var connection = new ModuleConnection(socket, Panel, options, flags, seed);
                client = connection;
                Interlocked.Increment(ref connectionsAccepted);
                clientTask = ServeAsync(connection);
                return;
            }
        }
        Interlocked.Increment(ref busyRefusals);
        _ = RefuseAsync(socket);
    }

    private async Task ServeAsync(ModuleConnection connection)
    {
        // Yield so that the accept loop is not held up by the start of the session.
        await Task.Yield();
        try
        {
            await connection.RunAsync(stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (slotGate)
                client = null;
        }
    }

    // The busy text is not a frame: plain modules send ASCII, encrypted ones opaque bytes (PROTOCOL.md §5.2).
    private async Task RefuseAsync(Socket socket)
    {
        try
        {
            var busy = Panel.Definition.IntegrationKey is null ? options.BusyText : options.EncryptedBusyBytes;
            await socket.SendAsync(busy.ToArray(), SocketFlags.None).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The client already left.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
