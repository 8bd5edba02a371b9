namespace Audit.Infrastructure;

/// <summary>A usage or environment problem, reported in one line with exit code 2 (never a finding).</summary>
public sealed class AuditException(string message) : Exception(message);

/// <summary>The exit codes of every command.</summary>
public static class ExitCodes
{
    /// <summary>Done; nothing found.</summary>
    public const int Ok = 0;
    /// <summary>A finding: verification failed, differences, an export that does not verify.</summary>
    public const int Finding = 1;
    /// <summary>Usage or connection error.</summary>
    public const int Error = 2;
}
