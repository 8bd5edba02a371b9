using Domain.Panels;

namespace PanelSimulator;

/// <summary>A partition of a simulated panel (1..32).</summary>
public sealed record PartitionDefinition(int Number, string Name);

/// <summary>A zone of a simulated panel, assigned to one partition.</summary>
public sealed record ZoneDefinition(int Number, string Name, int Partition);

/// <summary>An output of a simulated panel.</summary>
public sealed record OutputDefinition(int Number, string Name);

/// <summary>
/// A user of a simulated panel: 1..240 users, 241..248 masters (the event log's user numbering). The code is what a
/// client sends in control commands, prefix included if the panel uses prefixes.
/// </summary>
/// <param name="Partitions">The partitions the user may arm, disarm and clear; null means all.</param>
public sealed record UserDefinition(int Number, string Name, string Code, IReadOnlyList<int>? Partitions = null)
{
    /// <summary>Whether the user may operate <paramref name="partition"/>.</summary>
    public bool MayOperate(int partition) => Partitions is null || Partitions.Contains(partition);
}

/// <summary>
/// Everything a simulated panel is built from: its identity, INTEGRA type, objects and users, the optional
/// ETHM-1 Plus integration key, and the event-log capacity.
/// </summary>
/// <param name="Id">The panel id used in ground truth (the id the monitoring side registers the panel under).</param>
/// <param name="IntegrationKey">Null for a plain connection; otherwise the ETHM-1 Plus integration key (a secret).</param>
/// <param name="LogCapacity">Records held before the oldest is overwritten; small values make tests wrap quickly.</param>
/// <param name="ClockOffset">Panel local time minus UTC (panels keep local time with no zone).</param>
public sealed record PanelDefinition(
    string Id,
    string Name,
    PanelModel Model,
    IReadOnlyList<PartitionDefinition> Partitions,
    IReadOnlyList<ZoneDefinition> Zones,
    IReadOnlyList<OutputDefinition> Outputs,
    IReadOnlyList<UserDefinition> Users,
    string? IntegrationKey = null,
    int LogCapacity = PanelDefinition.DefaultLogCapacity,
    TimeSpan ClockOffset = default)
{
    /// <summary>The default event-log capacity.</summary>
    public const int DefaultLogCapacity = 1000;

    /// <summary>
    /// A small typical installation: <paramref name="partitions"/> partitions, <paramref name="zones"/> zones spread
    /// over them in turn, 4 outputs, user 1 with code 1111 and master 241 with code 9999 (all partitions), and
    /// user 2 with code 2222 limited to partition 1.
    /// </summary>
    public static PanelDefinition Standard(
        string id, PanelModel model = PanelModel.Integra128, int partitions = 2, int zones = 8,
        string? integrationKey = null, int logCapacity = DefaultLogCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitions, PanelModelLimits.MaxPartitions(model));
        ArgumentOutOfRangeException.ThrowIfLessThan(zones, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zones, PanelModelLimits.MaxZones(model));
        return new PanelDefinition(
            id,
            $"Panel {id}",
            model,
            [.. Enumerable.Range(1, partitions).Select(p => new PartitionDefinition(p, $"Partition {p}"))],
            [.. Enumerable.Range(1, zones).Select(z => new ZoneDefinition(z, $"Zone {z}", (z - 1) % partitions + 1))],
            [.. Enumerable.Range(1, 4).Select(o => new OutputDefinition(o, $"Output {o}"))],
            [
                new UserDefinition(1, "User 1", "1111"),
                new UserDefinition(2, "User 2", "2222", [1]),
                new UserDefinition(241, "Master", "9999"),
            ],
            integrationKey,
            logCapacity);
    }

    /// <summary>Checks numbers against the INTEGRA type's limits and cross references.</summary>
    /// <exception cref="ArgumentException">The definition describes no possible panel.</exception>
    public void Validate()
    {
        var maxPartitions = PanelModelLimits.MaxPartitions(Model);
        var maxZones = PanelModelLimits.MaxZones(Model);
        Require(Partitions.All(p => p.Number >= 1 && p.Number <= maxPartitions), $"Partitions are 1..{maxPartitions} on {Model}.");
        Require(Zones.All(z => z.Number >= 1 && z.Number <= maxZones), $"Zones are 1..{maxZones} on {Model}.");
        Require(Zones.All(z => Partitions.Any(p => p.Number == z.Partition)), "Every zone belongs to a defined partition.");
        Require(Outputs.All(o => o.Number is >= 1 and <= 256), "Outputs are 1..256.");
        Require(Users.All(u => u.Number is >= 1 and <= 248), "Users are 1..240, masters 241..248.");
        Require(Users.Select(u => u.Code).Distinct().Count() == Users.Count, "User codes are unique.");
        Require(Distinct(Partitions.Select(p => p.Number)) && Distinct(Zones.Select(z => z.Number))
            && Distinct(Outputs.Select(o => o.Number)) && Distinct(Users.Select(u => u.Number)), "Object numbers are unique.");
        Require(LogCapacity is >= 1 and <= 1_000_000, "The log capacity is 1..1,000,000.");
        foreach (var user in Users)
            PanelIngest.Protocol.UserCode.Parse(user.Code);
    }

    private static bool Distinct(IEnumerable<int> numbers) => numbers.GroupBy(n => n).All(g => g.Count() == 1);

    private static void Require(bool condition, string message)
    {
        if (!condition)
            throw new ArgumentException(message);
    }
}
