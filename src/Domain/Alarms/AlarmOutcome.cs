namespace Domain.Alarms;

/// <summary>What an alarm turned out to be, given when it is resolved. Values are stored: never renumber them.</summary>
public enum AlarmOutcome
{
    Real = 0,
    FalseAlarm = 1,
    Test = 2,
    CancelledByCustomer = 3,
}

/// <summary>Who an alarm was dispatched to. Values are stored: never renumber them.</summary>
public enum DispatchTarget
{
    Patrol = 0,
    Police = 1,
    FireService = 2,
}
