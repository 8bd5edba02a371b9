using Audit.Tests.Infrastructure;

namespace Audit.Tests.DeadLetters;

/// <summary><c>dead-letters list|replay</c> over the messaging tables in the store's schema.</summary>
public sealed class DeadLetterTests : AuditTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Messaging.Schema.MessagingSchema.MigrateAsync(DataSource, Schema);
        await ExecAsync($$"""
            insert into {{Q}}.dead_letters (queue, message_id, message_type, body, headers, exception_type, exception_message)
            values ('host.alarms', gen_random_uuid(), 'raise_alarm', convert_to('{"zone":7}', 'UTF8'), '{"correlation-id":"req-dl"}', 'TimeoutException', 'broker slow');
            insert into {{Q}}.inbox (consumer, message_id, message_type, correlation_id, causation_id, user_id)
            values ('host.panel-events', gen_random_uuid(), 'panel_event_read', 'req-dl', 'panel-17/log:0358A6', 'ingest');
            """);
    }

    [Fact]
    public async Task Lists_then_replays_through_the_outbox_and_trace_finds_the_dead_letter_and_the_handled_message()
    {
        var id = await ScalarAsync<long>($"select id from {Q}.dead_letters");

        var list = await AuditAsync("dead-letters", "list");
        var trace = await AuditAsync("trace", "req-dl");
        var replay = await AuditAsync("dead-letters", "replay", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var after = await AuditAsync("dead-letters", "list");

        Assert.Contains("1 dead letter(s)", list.Out);
        Assert.Contains("TimeoutException: broker slow", list.Out);
        Assert.Contains("dead letter", trace.Out);
        // A published message leaves no outbox row; the inbox of the consumer that handled it shows its passage.
        Assert.Contains("2 message(s)", trace.Out);
        Assert.Contains("handled", trace.Out);
        Assert.Contains("panel_event_read", trace.Out);
        Assert.Equal((0, "replayed 1 of 1 dead letter(s)\n"), (replay.ExitCode, replay.Out));
        Assert.Contains("0 dead letter(s)", after.Out);
        Assert.Equal(1L, await ScalarAsync<long>($"select count(*) from {Q}.outbox where message_type = 'raise_alarm'"));
    }
}
