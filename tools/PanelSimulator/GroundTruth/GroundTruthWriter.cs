using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;

namespace PanelSimulator;

/// <summary>
/// Writes ground truth as JSON lines, one <see cref="GroundTruthEvent"/> per line, in the order panels generated
/// them. Panels hand events over without waiting (an unbounded channel), and one background task writes, so a
/// fleet's event handlers never block on the disk.
/// </summary>
public sealed class GroundTruthWriter : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Channel<GroundTruthEvent> pending =
        Channel.CreateUnbounded<GroundTruthEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StreamWriter writer;
    private readonly Task writing;

    /// <summary>Appends to <paramref name="path"/>, creating it and its directory if needed.</summary>
    public GroundTruthWriter(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            Directory.CreateDirectory(directory);
        writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
        writing = Task.Run(WriteAllAsync);
    }

    /// <summary>How many events were written so far.</summary>
    public long Written { get; private set; }

    /// <summary>One JSON line for <paramref name="e"/> (the file's format).</summary>
    public static string ToJsonLine(GroundTruthEvent e) => JsonSerializer.Serialize(e, Json);

    /// <summary>Reads one line written by this class.</summary>
    public static GroundTruthEvent FromJsonLine(string line) =>
        JsonSerializer.Deserialize<GroundTruthEvent>(line, Json) ?? throw new FormatException("An empty ground-truth line.");

    /// <summary>Queues <paramref name="e"/>; suitable as a <see cref="SimulatedPanel.EventGenerated"/> handler.</summary>
    public void Add(GroundTruthEvent e) => pending.Writer.TryWrite(e);

    /// <summary>Writes what is queued, then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        await writing.ConfigureAwait(false);
        await writer.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteAllAsync()
    {
        var reader = pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var e))
            {
                await writer.WriteLineAsync(ToJsonLine(e)).ConfigureAwait(false);
                Written++;
            }
            // Flush per batch so a reader tailing the file sees events within moments.
            await writer.FlushAsync().ConfigureAwait(false);
        }
    }
}
