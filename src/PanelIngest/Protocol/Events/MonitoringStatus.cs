namespace PanelIngest.Protocol;

/// <summary>
/// How the panel's own reporting to its monitoring station 1 or 2 handled an event (the S1/S2 bits of a 0x8C record,
/// as the 2018-02-19 manual revision reads them).
/// </summary>
public enum MonitoringStatus
{
    NewNotProcessed = 0,
    Sent = 1,
    NotSent = 2,
    NotMonitored = 3,
}
