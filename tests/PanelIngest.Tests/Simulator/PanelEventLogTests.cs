using PanelIngest.Protocol;
using PanelSimulator;

namespace PanelIngest.Tests.Simulator;

public sealed class PanelEventLogTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    [InlineData(65535)]
    public void Indices_are_distinct_and_never_the_newest_requests(int capacity)
    {
        var log = new PanelEventLog(capacity, seed: capacity * 31);
        var indices = new HashSet<EventLogIndex>();
        for (var i = 0; i < capacity; i++)
            indices.Add(log.Append(Record(i)).Index);

        Assert.Equal(capacity, indices.Count);
        Assert.DoesNotContain(EventLogIndex.Newest, indices);
        Assert.DoesNotContain(EventLogIndex.NewestGrade, indices);
    }

    [Fact]
    public void An_index_the_panel_never_reported_reads_as_the_end_of_events()
    {
        var log = new PanelEventLog(10, seed: 5);
        var known = log.Append(Record(1)).Index;
        var unknown = Enumerable.Range(0, 0xFFFF).Select(v => new EventLogIndex(v)).First(i => i != known);

        Assert.False(log.Read(unknown).Record.NotEmpty);
        Assert.False(log.Read(known).Record.NotEmpty); // nothing before the only record
        Assert.True(log.Read(EventLogIndex.Newest).Record.NotEmpty);
    }

    [Fact]
    public void The_grade_log_request_answers_its_end_of_events()
    {
        var log = new PanelEventLog(10, seed: 5);
        log.Append(Record(1));

        Assert.False(log.Read(EventLogIndex.NewestGrade).Record.NotEmpty);
    }

    private static EventRecord Record(int minute) => new(
        1, true, true, MonitoringStatus.NotMonitored, MonitoringStatus.NotMonitored, Domain.Panels.PanelEventClass.ZoneAlarms,
        1, 1, minute % 1440, 0, false, 99, 1, 0, 0);
}
