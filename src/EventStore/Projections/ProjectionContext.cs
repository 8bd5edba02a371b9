using EventStore.Schema;
using Npgsql;

namespace EventStore.Projections;

/// <summary>The transaction a projection writes in, and the physical names of its tables for the generation being built.</summary>
public sealed class ProjectionContext
{
    internal ProjectionContext(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string projection, int generation)
    {
        Connection = connection;
        Transaction = transaction;
        Schema = schema;
        Projection = projection;
        Generation = generation;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }
    public string Schema { get; }
    public string Projection { get; }
    public int Generation { get; }

    /// <summary>The quoted, schema-qualified table for <paramref name="table"/> in this generation.</summary>
    public string Table(string table) => TableName(Schema, table, Generation);

    /// <summary>A command bound to this context's connection and transaction.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);

    internal static string TableName(string schema, string table, int generation) =>
        $"{SchemaMigrator.Quote(schema)}.{SchemaMigrator.Quote($"{table}_g{generation}")}";
}
