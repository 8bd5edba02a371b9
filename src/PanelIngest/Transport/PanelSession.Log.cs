using Contracts;
using Domain.Panels;
using Microsoft.Extensions.Logging;
using PanelIngest.Protocol;
using PanelIngest.Translation;

namespace PanelIngest.Transport;

public sealed partial class PanelSession
{
    /// <summary>What the session learned about the panel on connecting.</summary>
    private sealed record PanelIdentity(bool Integra256Plus, TimeSpan ClockOffset);

    /// <summary>
    /// Reads the panel type and version (0x7E), the module version (0x7C; modules before 2013-11 do not answer it) and
    /// the panel clock (0x1A), which turns the record's year-modulo-4 into a year.
    /// </summary>
    private async Task<PanelIdentity> IdentifyAsync(PanelConnection connection, CancellationToken ct)
    {
        var version = await connection.RequestAsync(new ReadPanelVersion(), options.RequestTimeout, ct) as PanelVersionAnswer;
        try
        {
            if (await connection.RequestAsync(new ReadModuleVersion(), options.RequestTimeout, ct) is ModuleVersionAnswer module)
                services.Logger.LogInformation("Panel {PanelId}: type {Type} v{Version}, module v{Module}", Panel.PanelId, version?.Model, version?.Version, module.Version);
        }
        catch (PanelTimeoutException)
        {
            // An old module: it does not know 0x7C. Nothing depends on it.
        }
        var offset = TimeSpan.Zero;
        try
        {
            if (await connection.RequestAsync(new ReadState(StateCommand.ClockAndStatus), options.RequestTimeout, ct) is ClockAndStatusAnswer clock)
                offset = clock.Clock - services.Clock.GetLocalNow().DateTime;
        }
        catch (PanelTimeoutException)
        {
            // Our local clock stands in for the panel's.
        }
        var is256 = version?.Model == PanelModel.Integra256Plus || Panel.Model == nameof(PanelModel.Integra256Plus);
        return new PanelIdentity(is256, offset);
    }

    /// <summary>
    /// Walks the log back to the stored position and makes what is new durable, oldest first, in batches: each batch's
    /// messages and the position after it commit together (<see cref="IngestBatchHandler"/>). Returns the new position.
    /// </summary>
    private async Task<LogPosition?> IngestLogAsync(PanelConnection connection, PanelIdentity panel, LogPosition? position, CancellationToken ct)
    {
        var walk = await EventLogWalker.WalkAsync(
            async (index, token) => await connection.RequestAsync(new ReadEvent(index), options.RequestTimeout, token) as EventRecordAnswer
                ?? throw new PanelUnreachableException("the module refused to read its event log"),
            position, options.MaxLogWalk, options.InitialBacklog, ct);
        if (!walk.Moved) return position;
        if (walk.Gap)
            services.Logger.LogWarning("Panel {PanelId}: the event log no longer reaches back to {Index}; reporting a gap", Panel.PanelId, walk.From?.Index);

        var now = services.Clock.GetUtcNow();
        var panelNow = services.Clock.GetLocalNow().DateTime + panel.ClockOffset;
        var from = walk.From;
        var chunks = walk.NewRecords.Chunk(options.BatchSize).ToList();
        if (chunks.Count == 0) chunks.Add([]);
        for (var i = 0; i < chunks.Count; i++)
        {
            var last = i == chunks.Count - 1;
            var to = last ? walk.To : LogPosition.Of(chunks[i][^1]);
            var records = chunks[i].Select(r => Read(r, panelNow, panel.Integra256Plus, now)).OfType<PanelEventRead>().ToList();
            var batch = new IngestBatch(Panel.PanelId, options.NodeId, from, to, i == 0 && walk.Gap ? walk.From?.Index.ToString() : null, records, now);
            try
            {
                await services.Bus.InvokeAsync(batch, Metadata(), ct);
            }
            catch (PositionMovedException)
            {
                // Someone else moved it (a previous owner finishing a batch): start again from what is stored.
                return await services.Positions.ReadAsync(Panel.PanelId, ct);
            }
            services.Metrics.EventsRead(records.Count);
            from = to;
        }
        return from;
    }

    /// <summary>The message for one record; a record whose date is no date is counted and left out, never guessed.</summary>
    private PanelEventRead? Read(EventRecordAnswer record, DateTime panelNow, bool integra256Plus, DateTimeOffset now)
    {
        try
        {
            var facts = EventRecordInterpreter.Interpret(record, panelNow, integra256Plus);
            if (facts is null) return null;
            return new PanelEventRead(Panel.PanelId, facts.EventLogIndex, facts.PanelTime, facts.EventCode, facts.Restore, facts.Class,
                facts.Kind, facts.Partition, facts.Zone, facts.User, facts.Source, facts.Description, now);
        }
        catch (MalformedFrameException e)
        {
            services.Metrics.DecodeError("event_record");
            services.Logger.LogWarning("Panel {PanelId}: record {Index} left out: {Problem}", Panel.PanelId, record.Previous, e.Message);
            return null;
        }
    }
}
