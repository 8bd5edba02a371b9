using PanelIngest.Protocol;

namespace PanelSimulator;

/// <summary>One record held in a simulated panel's event log.</summary>
/// <param name="Sequence">The panel's own count of events, from 0; never reported to clients.</param>
/// <param name="Index">The opaque index the panel reports for this record (the 0x8C answer's returned index).</param>
/// <param name="Record">The 8-byte record as the panel sends it.</param>
public sealed record LoggedEvent(long Sequence, EventLogIndex Index, EventRecord Record);
