using System.Text.RegularExpressions;
using Deploy.Tests.Support;

namespace Deploy.Tests.Systemd;

/// <summary>
/// The bare-metal units: services run as the unprivileged user, and every *_FILE setting names a credential the unit
/// loads (systemd's %d is the credentials directory), so secrets never sit in an environment file.
/// </summary>
public sealed partial class UnitFileTests
{
    public static TheoryData<string> Services => new()
    {
        "alarm-monitoring-host@.service", "alarm-monitoring-panel-ingest.service", "alarm-monitoring-backup.service",
    };

    [GeneratedRegex(@"^Environment=(?<name>\w+_FILE)=%d/(?<credential>[\w.-]+)$", RegexOptions.Multiline)]
    private static partial Regex FileSetting();

    [GeneratedRegex(@"^LoadCredential=(?<credential>[\w.-]+):/etc/alarm-monitoring/secrets/\k<credential>$", RegexOptions.Multiline)]
    private static partial Regex Credential();

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_runs_unprivileged_and_reads_its_secrets_from_credentials(string file)
    {
        var unit = File.ReadAllText(Repo.Path("deploy", "systemd", file));
        Assert.Contains("\nUser=alarm-monitoring\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nNoNewPrivileges=true\n", unit, StringComparison.Ordinal);
        Assert.Matches(@"\nExecStart=/\S+", unit);
        var loaded = Credential().Matches(unit).Select(m => m.Groups["credential"].Value).ToHashSet();
        var used = FileSetting().Matches(unit).Select(m => m.Groups["credential"].Value).ToList();
        Assert.NotEmpty(used);
        Assert.All(used, credential => Assert.Contains(credential, loaded));
        Assert.DoesNotMatch(@"(?im)^Environment=\S*(password|key|connection)\w*=(?!%d/)", unit);
    }

    [Fact]
    public void The_backup_timer_starts_the_backup_service_daily_and_catches_up_after_downtime()
    {
        var timer = File.ReadAllText(Repo.Path("deploy", "systemd", "alarm-monitoring-backup.timer"));
        Assert.Matches(@"\nOnCalendar=\*-\*-\* \d\d:\d\d:00\n", timer);
        Assert.Contains("\nPersistent=true\n", timer, StringComparison.Ordinal);
        Assert.True(File.Exists(Repo.Path("deploy", "systemd", "alarm-monitoring-backup.service")));
    }
}
