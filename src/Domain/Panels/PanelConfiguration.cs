namespace Domain.Panels;

/// <summary>A partition as configured in the panel: number 1–32 and its name.</summary>
public sealed record PanelPartition(int Number, string Name);

/// <summary>A zone as configured in the panel: number 1–256, its name and the partition it belongs to.</summary>
public sealed record PanelZone(int Number, string Name, int Partition);
