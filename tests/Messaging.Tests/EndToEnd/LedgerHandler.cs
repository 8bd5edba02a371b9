using EventStore;
using Messaging.Handlers;
using Messaging.Tests.Infrastructure;
using NpgsqlTypes;

namespace Messaging.Tests.EndToEnd;

/// <summary>
/// The consuming side's handler: records each BalanceChanged (or Ping) as a row in an effects table, in the
/// handler's transaction. Rows per message id show the effect count; row order shows the handling order.
/// </summary>
public sealed class EffectsHandler<TMessage>(string schema, Func<TMessage, (string Key, long Seq)> identify) : IMessageHandler where TMessage : notnull
{
    public Type MessageType => typeof(TMessage);

    /// <summary>While set, the handler throws: a bug that a later fix (clearing it) repairs.</summary>
    public volatile bool Broken;

    public static string CreateTableSql(string schema) =>
        $"create table if not exists \"{schema}\".effects (id bigserial primary key, message_id uuid not null, key text not null, seq bigint not null)";

    public async Task<object?> HandleAsync(object message, MessageContext context, CancellationToken ct)
    {
        if (Broken) throw new InvalidOperationException("the handler is broken");
        var (key, seq) = identify((TMessage)message);
        await using var cmd = context.Session.CreateCommand($"insert into \"{schema}\".effects (message_id, key, seq) values ($1, $2, $3)");
        cmd.Parameters.Add(new() { Value = context.MessageId, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new() { Value = key, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = seq, NpgsqlDbType = NpgsqlDbType.Bigint });
        await cmd.ExecuteNonQueryAsync(ct);
        return null;
    }
}
