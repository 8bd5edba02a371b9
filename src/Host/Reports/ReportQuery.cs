using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Host.Reports;

/// <summary>
/// Builds a report's SQL: every value becomes a positional parameter (<see cref="Param"/> returns its <c>$n</c>), so
/// the text holds only our own fragments, the schema's quoted views and placeholders, never input.
/// </summary>
internal sealed class ReportQuery(string schema)
{
    private readonly List<NpgsqlParameter> _parameters = [];
    private readonly List<string> _conditions = [];

    /// <summary>The schema-qualified view of a read model table (the live generation).</summary>
    public string View(string table) => $"{SchemaMigrator.Quote(schema)}.{SchemaMigrator.Quote(table)}";

    public string Param(object? value, NpgsqlDbType type)
    {
        _parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return "$" + _parameters.Count;
    }

    public string Text(string value) => Param(value, NpgsqlDbType.Text);

    public string Time(DateTimeOffset value) => Param(value.UtcDateTime, NpgsqlDbType.TimestampTz);

    /// <summary>Adds a condition (built from our fragments and <see cref="Param"/> placeholders) to <see cref="Where"/>.</summary>
    public void And(string condition) => _conditions.Add(condition);

    /// <summary>The conditions joined with <c>and</c>: always at least the tenant and the period.</summary>
    public string Where => string.Join(" and ", _conditions);

    /// <summary>The command, with <c>limit</c> one row past the page so the writer can tell whether there is more.</summary>
    public NpgsqlCommand ToCommand(NpgsqlConnection connection, string sql, ReportPaging? paging)
    {
        if (paging is not null)
            sql += $" limit {Param(paging.PageSize + 1, NpgsqlDbType.Integer)} offset {Param(paging.Offset, NpgsqlDbType.Integer)}";
        var cmd = new NpgsqlCommand(sql, connection) { CommandTimeout = 60 };
        foreach (var p in _parameters) cmd.Parameters.Add(p);
        return cmd;
    }
}
