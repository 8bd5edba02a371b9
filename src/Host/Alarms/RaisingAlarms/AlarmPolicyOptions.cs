using Domain.Alarms;

namespace Host.Alarms.RaisingAlarms;

/// <summary>
/// The station's alarm policy (configuration section <c>Alarms</c>): acknowledgement deadlines per priority, e.g.
/// <c>Alarms:AcknowledgeWithin:Critical = 00:00:45</c>. A priority left out keeps the domain's default
/// (<see cref="AlarmDeadlines"/>).
/// </summary>
public sealed class AlarmPolicyOptions
{
    public Dictionary<AlarmPriority, TimeSpan> AcknowledgeWithin { get; } = [];

    /// <summary>The deadline recorded with a new alarm, or null for the priority's default.</summary>
    public TimeSpan? DeadlineFor(AlarmPriority priority) => AcknowledgeWithin.TryGetValue(priority, out var within) ? within : null;

    public static AlarmPolicyOptions From(IConfiguration configuration)
    {
        var options = new AlarmPolicyOptions();
        foreach (var entry in configuration.GetSection("Alarms:AcknowledgeWithin").GetChildren())
        {
            if (!Enum.TryParse<AlarmPriority>(entry.Key, ignoreCase: true, out var priority) || !Enum.IsDefined(priority))
                throw new InvalidOperationException($"Alarms:AcknowledgeWithin:{entry.Key}: not a priority ({string.Join(", ", Enum.GetNames<AlarmPriority>())}).");
            if (!TimeSpan.TryParse(entry.Value, System.Globalization.CultureInfo.InvariantCulture, out var within) || within <= TimeSpan.Zero)
                throw new InvalidOperationException($"Alarms:AcknowledgeWithin:{entry.Key}: '{entry.Value}' is not a positive time span (hh:mm:ss).");
            options.AcknowledgeWithin[priority] = within;
        }
        return options;
    }
}
