using Audit.Tests.Infrastructure;

namespace Audit.Tests.Verifying;

/// <summary><c>verify</c> passes on an untouched log and catches rows changed behind the store's back.</summary>
public sealed class VerifyTests : AuditTest
{
    [Fact]
    public async Task An_untouched_log_verifies_on_both_write_paths()
    {
        await SeedAsync();
        await SeedLongSiteAsync();

        var run = await AuditAsync("verify");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("verified 73 events in 3 streams", run.Out);
        Assert.Contains("OK: no altered, deleted or inserted event found", run.Out);
        // Redirected stderr: the progress as plain lines, the last with the total and the rate.
        Assert.Matches(@"^verify: 73 of 73 events in \d+\.\d s, [\d,]+ events/s$", run.Err.Trim());
    }

    [Fact]
    public async Task Verifying_a_stream_that_does_not_exist_is_a_usage_error_not_a_pass()
    {
        var run = await AuditAsync("verify", "--stream", "alarm-nope");

        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith("audit: Stream 'alarm-nope' does not exist.\n", run.Err);
    }

    [Fact]
    public async Task Editing_an_events_data_in_the_database_is_caught_as_altered()
    {
        var (_, alarm) = await SeedAsync();
        var site = await SeedLongSiteAsync();
        await ExecAsync($"update {Q}.events set data = jsonb_set(data, '{{name}}', '\"Lager 99\"') where stream_id = '{site}' and version = 40");

        var run = await AuditAsync("verify");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"FAILED: 1 finding(s). First: altered event: stream {site} version 40", run.Out);
        Assert.DoesNotContain(alarm, run.Out);
    }

    [Fact]
    public async Task Editing_metadata_only_is_caught_too()
    {
        var (_, alarm) = await SeedAsync();
        await ExecAsync($"update {Q}.events set user_id = 'mallory' where stream_id = '{alarm}' and version = 2");

        var run = await AuditAsync("verify", "--stream", alarm);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"altered event: stream {alarm} version 2", run.Out);
    }

    [Fact]
    public async Task A_deleted_event_and_an_inserted_one_are_reported_as_such()
    {
        var site = await SeedLongSiteAsync();
        var (_, alarm) = await SeedAsync();
        await ExecAsync($"delete from {Q}.events where stream_id = '{site}' and version = 10");
        await ExecAsync($"""
            insert into {Q}.events (position, stream_id, version, event_id, type, data, timestamp)
            select 100000, stream_id, 3, gen_random_uuid(), type, data, timestamp from {Q}.events where stream_id = '{alarm}' and version = 2
            """);

        var run = await AuditAsync("verify");

        Assert.Equal(1, run.ExitCode);
        // The first finding reported is the earliest in the log: the site's gap (positions 1-70), not the alarm's event at 100000.
        Assert.Contains($"FAILED: 2 finding(s). First: deleted event: stream {site} version 10", run.Out);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(run.Out, $@"deleted\W+{site}\W+10\b"), run.Out);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(run.Out, $@"inserted\W+{alarm}\W+3\b"), run.Out);
    }

    [Fact]
    public async Task A_rewrite_that_recomputes_every_hash_passes_the_chain_but_not_an_anchor()
    {
        var (site, _) = await SeedAsync();
        var anchor = Path.Combine(Path.GetTempPath(), $"anchor-{Guid.NewGuid():N}.jsonl");
        try
        {
            Assert.Equal(0, (await AuditAsync("verify", "--save-anchor", anchor)).ExitCode);
            // An attacker with the canonical form: change the only event and recompute its hash and the head.
            await ExecAsync($"update {Q}.events set data = jsonb_set(data, '{{name}}', '\"Elsewhere\"') where stream_id = '{site}'");
            var (data, id, ts) = await RowAsync(site);
            var digest = EventStore.EventHashChain.ContentDigest(site, id, "site_registered", ts, data, "req-1", "req-1", "alice", "tenant-a", null, null);
            var hash = Convert.ToHexString(EventStore.EventHashChain.Link(EventStore.EventHashChain.Genesis, 1, digest));
            await ExecAsync($"update {Q}.events set hash = '\\x{hash}' where stream_id = '{site}'");
            await ExecAsync($"update {Q}.streams set last_hash = '\\x{hash}' where id = '{site}'");

            Assert.Equal(0, (await AuditAsync("verify")).ExitCode);
            var run = await AuditAsync("verify", "--anchor", anchor);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"altered event: stream {site} version 1", run.Out);
            Assert.Contains("differs from the anchor", run.Out);
        }
        finally
        {
            File.Delete(anchor);
        }
    }

    [Fact]
    public async Task Legacy_events_without_hashes_are_reported_as_unchained_not_failed()
    {
        var (site, _) = await SeedAsync();
        await ExecAsync($"update {Q}.events set hash = null where stream_id = '{site}'");
        await ExecAsync($"update {Q}.streams set last_hash = null where id = '{site}'");

        var run = await AuditAsync("verify");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1 legacy events in 1 streams are unchained", run.Out);
    }

    [Fact]
    public async Task Tombstoned_streams_verify_and_archived_ones_are_checked_like_any_other()
    {
        var (site, alarm) = await SeedAsync();
        await Store.TombstoneStreamAsync(site);
        await Store.ArchiveStreamAsync(alarm);
        Assert.Equal(0, (await AuditAsync("verify")).ExitCode);

        await ExecAsync($"update {Q}.events set timestamp = timestamp + interval '1 hour' where stream_id = '{alarm}' and version = 1");
        Assert.Equal(1, (await AuditAsync("verify")).ExitCode);
    }

    [Fact]
    public async Task As_a_process_verify_exits_1_on_a_tampered_row_and_0_once_repaired()
    {
        var (_, alarm) = await SeedAsync();
        Assert.Equal(0, (await AuditProcessAsync("verify")).ExitCode);
        await ExecAsync($"update {Q}.events set type = 'alarm_resolved' where stream_id = '{alarm}' and version = 2");

        var run = await AuditProcessAsync("verify");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"altered event: stream {alarm} version 2", run.Out);
        Assert.DoesNotContain("   at ", run.Err); // no stack trace
    }

    private async Task<(string Data, Guid Id, DateTime Ts)> RowAsync(string stream)
    {
        await using var cmd = DataSource.CreateCommand($"select data::text, event_id, timestamp from {Q}.events where stream_id = '{stream}'");
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetString(0), r.GetGuid(1), r.GetFieldValue<DateTime>(2));
    }
}
