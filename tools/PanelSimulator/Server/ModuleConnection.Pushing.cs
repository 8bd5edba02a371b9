using System.Collections.Concurrent;
using PanelIngest.Protocol;

namespace PanelSimulator;

// What the module sends unasked: automatic-mode state pushes, and (optionally) 0x8C frames for new events.
internal sealed partial class ModuleConnection
{
    private readonly SemaphoreSlim pushSignal = new(0, 1);
    private readonly ConcurrentQueue<LoggedEvent> recordsToPush = new();
    private readonly long[] pushedVersions = new long[StateCommands.Last + 1];
    private int signalled;
    private bool pushAll;

    private void OnStateChanged() => Signal();

    private void OnRecordLogged(LoggedEvent logged)
    {
        recordsToPush.Enqueue(logged);
        Signal();
    }

    private void SchedulePushOfAll()
    {
        Volatile.Write(ref pushAll, true);
        Signal();
    }

    // Coalesces signals: many changes while the loop is busy need only one more pass.
    private void Signal()
    {
        if (Interlocked.Exchange(ref signalled, 1) == 0)
            pushSignal.Release();
    }

    private async Task PushLoopAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await pushSignal.WaitAsync(ct).ConfigureAwait(false);
                Volatile.Write(ref signalled, 0);
                while (recordsToPush.TryDequeue(out var logged))
                    await SendAsync(
                        new EventRecordAnswer(logged.Record, logged.Index, panel.IndexAfter(logged)).ToFrame(), ct)
                        .ConfigureAwait(false);
                await PushStateAsync(ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The connection is ending; the read loop closes it.
        }
    }

    // A 6- or 7-byte list can name commands past 0x31, which do not exist, and 0x30/0x31 need capability bit 1.
    private IEnumerable<StateCommand> Pushable(StateCommandSet commands) => commands.Commands.Where(c =>
        (byte)c <= StateCommands.Last && (c < StateCommand.TroublesPart8 || options.ModuleVersion.ServesTroublesPart8));

    private async Task PushStateAsync(CancellationToken ct)
    {
        var all = Volatile.Read(ref pushAll);
        Volatile.Write(ref pushAll, false);
        var anyChanged = false;
        if (responder.PushOnChange is { } onChange)
        {
            foreach (var command in Pushable(onChange))
            {
                var version = panel.VersionOf(command);
                if (!all && version == pushedVersions[(int)command])
                    continue;
                pushedVersions[(int)command] = version;
                anyChanged = true;
                await SendAsync(responder.Push(command).ToFrame(), ct).ConfigureAwait(false);
            }
        }
        // "Sent on every data reception from INTEGRA": the simulated panel sends data when something changes [I].
        if (responder.PushAlways is { } always && (anyChanged || !all))
            foreach (var command in Pushable(always))
                await SendAsync(responder.Push(command).ToFrame(), ct).ConfigureAwait(false);
    }
}
