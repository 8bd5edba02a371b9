using PanelIngest.Translation;

namespace PanelIngest.Tests.Ingest;

/// <summary>The event-log walk: new records oldest first, each once, and a gap reported rather than events invented.</summary>
public sealed class EventLogWalkerTests
{
    private static Task<LogWalk> Walk(FakeEventLog log, LogPosition? from, int maxWalk = 100, int backlog = 100) =>
        EventLogWalker.WalkAsync(log.ReadAsync, from, maxWalk, backlog, CancellationToken.None);

    private static int[] Codes(LogWalk walk) => walk.NewRecords.Select(r => r.Record.MinuteOfDay).ToArray();

    [Fact]
    public async Task First_contact_reads_the_backlog_oldest_first_and_stands_at_the_newest()
    {
        var log = new FakeEventLog(50);
        log.Add(5);
        var walk = await Walk(log, null);
        Assert.Equal([0, 1, 2, 3, 4], Codes(walk));
        Assert.False(walk.Gap);
        Assert.Equal(LogPosition.Of(log.Answer(4)), walk.To);
    }

    [Fact]
    public async Task First_contact_with_no_backlog_reads_nothing_but_takes_the_newest_position()
    {
        var log = new FakeEventLog(50);
        log.Add(5);
        var walk = await Walk(log, null, backlog: 0);
        Assert.Empty(walk.NewRecords);
        Assert.True(walk.Moved);
        Assert.Equal(LogPosition.Of(log.Answer(4)), walk.To);
    }

    [Fact]
    public async Task Only_records_after_the_stored_position_are_returned_in_panel_order()
    {
        var log = new FakeEventLog(50);
        log.Add(10);
        var from = LogPosition.Of(log.Answer(6));
        log.Add(3);
        var walk = await Walk(log, from);
        Assert.Equal([7, 8, 9, 10, 11, 12], Codes(walk));
        Assert.False(walk.Gap);
        Assert.Equal(LogPosition.Of(log.Answer(12)), walk.To);
    }

    [Fact]
    public async Task Nothing_new_costs_one_read_and_does_not_move()
    {
        var log = new FakeEventLog(50);
        log.Add(10);
        var walk = await Walk(log, LogPosition.Of(log.Answer(9)));
        Assert.Empty(walk.NewRecords);
        Assert.False(walk.Moved);
        Assert.Equal(1, log.Reads);
    }

    [Fact]
    public async Task A_log_that_wrapped_past_the_position_reports_a_gap_and_every_record_it_still_holds()
    {
        var log = new FakeEventLog(8);
        log.Add(3);
        var from = LogPosition.Of(log.Answer(2));
        log.Add(20); // 23 written, 8 held: sequences 15..22
        var walk = await Walk(log, from);
        Assert.True(walk.Gap);
        Assert.Equal(Enumerable.Range(15, 8).ToArray(), Codes(walk));
    }

    [Fact]
    public async Task An_index_reused_by_another_record_is_told_apart_by_the_fingerprint()
    {
        var log = new FakeEventLog(8);
        log.Add(3);
        var from = LogPosition.Of(log.Answer(2)); // slot 2
        log.Add(8); // exactly one turn: slot 2 now holds sequence 10
        var walk = await Walk(log, from);
        Assert.True(walk.Gap);
        Assert.Equal(Enumerable.Range(3, 8).ToArray(), Codes(walk)); // all it holds, the record at the reused index too
    }

    [Fact]
    public async Task A_position_further_back_than_the_longest_walk_is_a_gap_with_the_newest_records()
    {
        var log = new FakeEventLog(1000);
        log.Add(5);
        var from = LogPosition.Of(log.Answer(4));
        log.Add(30);
        var walk = await Walk(log, from, maxWalk: 10);
        Assert.True(walk.Gap);
        Assert.Equal(Enumerable.Range(25, 10).ToArray(), Codes(walk));
    }

    [Fact]
    public async Task The_monitoring_status_bits_do_not_change_the_fingerprint()
    {
        var log = new FakeEventLog(8);
        log.Add(1);
        var record = log.Answer(0).Record;
        var reported = record with { Station1 = PanelIngest.Protocol.MonitoringStatus.Sent };
        Assert.Equal(RecordFingerprint.Of(record), RecordFingerprint.Of(reported));
        Assert.NotEqual(RecordFingerprint.Of(record), RecordFingerprint.Of(record with { Source = 99 }));
    }
}
