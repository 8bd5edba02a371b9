using Npgsql;
using NpgsqlTypes;

namespace Projections.Reports;

/// <summary>
/// Parameterised batch commands for the report read models. Values are always parameters, never SQL text; a null
/// is sent untyped, so the SQL casts every parameter that may be null (<c>$4::int</c>).
/// </summary>
internal static class ReportCommands
{
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(Parameter(v));
        return cmd;
    }

    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        DateTimeOffset t => new NpgsqlParameter { Value = t.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
        // A panel's clock has no time zone: stored as it reads, in a timestamp without time zone.
        DateTime local => new NpgsqlParameter { Value = DateTime.SpecifyKind(local, DateTimeKind.Unspecified), NpgsqlDbType = NpgsqlDbType.Timestamp },
        Enum e => new NpgsqlParameter { Value = e.ToString(), NpgsqlDbType = NpgsqlDbType.Text },
        _ => new NpgsqlParameter { Value = value },
    };
}
