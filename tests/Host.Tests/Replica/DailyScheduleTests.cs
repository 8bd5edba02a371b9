using Host.Reports.Daily;
using Microsoft.Extensions.Configuration;

namespace Host.Tests.Replica;

public sealed class DailyScheduleTests
{
    private static readonly TimeOnly Six = new(6, 0);

    [Theory]
    [InlineData("2024-03-11T05:59:59Z", "2024-03-09")] // today's is not due yet: the last due is the day before
    [InlineData("2024-03-11T06:00:00Z", "2024-03-10")]
    [InlineData("2024-03-11T23:00:00+02:00", "2024-03-10")] // 21:00 UTC
    [InlineData("2024-03-12T01:00:00+02:00", "2024-03-10")] // still the 11th in UTC
    public void The_latest_due_day_is_yesterday_once_the_time_of_day_has_passed(string now, string expected)
    {
        var due = DailySchedule.LatestDueDay(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Six);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), due);
    }

    [Fact]
    public void The_next_due_moment_is_today_at_the_time_or_tomorrow()
    {
        Assert.Equal(new DateTimeOffset(2024, 3, 11, 6, 0, 0, TimeSpan.Zero), DailySchedule.NextDue(new(2024, 3, 11, 5, 0, 0, TimeSpan.Zero), Six));
        Assert.Equal(new DateTimeOffset(2024, 3, 12, 6, 0, 0, TimeSpan.Zero), DailySchedule.NextDue(new(2024, 3, 11, 6, 0, 0, TimeSpan.Zero), Six));
    }

    [Theory]
    [InlineData("tenant-a", "tenant-a")]
    [InlineData("../etc", null)]
    [InlineData("..", null)]
    [InlineData("a/b", null)]
    public void A_tenant_folder_is_a_plain_name_inside_the_directory(string tenant, string? expected)
    {
        var folder = DailyReportFiles.TenantFolder(tenant);
        if (expected is not null) Assert.Equal(expected, folder);
        Assert.Matches("^[A-Za-z0-9_-]+$", folder);
        Assert.NotEqual(DailyReportFiles.TenantFolder("a_b"), DailyReportFiles.TenantFolder("a/b")); // no two tenants share one
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("six")]
    public void A_wrong_time_of_day_is_refused_at_start_up(string at)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Reports:Daily:At"] = at }).Build();
        Assert.Throws<InvalidOperationException>(() => DailyReportOptions.From(configuration));
    }
}
