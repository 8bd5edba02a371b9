using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Messaging.Transport;

/// <summary>One message to publish on a <see cref="ConfirmChannel"/>.</summary>
internal readonly record struct Publication(string Exchange, string RoutingKey, BasicProperties Properties, ReadOnlyMemory<byte> Body);

/// <summary>
/// A lazily opened publisher-confirm channel, reused across batches and replaced after any failure
/// (a channel that saw a timeout or a broker error is in an unknown state).
/// </summary>
internal sealed class ConfirmChannel(RabbitMqConnection connection, ILogger logger) : IAsyncDisposable
{
    // One batch at a time: keeps a batch's messages contiguous and in order on the wire, and makes
    // replacing the channel safe.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    /// <summary>Publishes all messages at once (mandatory), then waits for every confirm.</summary>
    /// <exception cref="PublishFailedException">Anything was not confirmed.</exception>
    public async Task PublishAsync(IReadOnlyList<Publication> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
            return;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            IChannel channel;
            try
            {
                channel = _channel is { IsOpen: true } ? _channel : await OpenAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                throw new PublishFailedException($"Could not open a publishing channel: {ex.Message}", batch.Count,
                    batch.Select(IdOf).ToList(), [], ex);
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(connection.Options.PublishConfirmTimeout);

            // Started in order without awaiting: the client hands out publish sequence numbers under a FIFO lock,
            // so the wire order is the batch order, and all confirms are awaited together (one round trip, not N).
            var pending = new Task[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var p = batch[i];
                pending[i] = channel.BasicPublishAsync(p.Exchange, p.RoutingKey, mandatory: true, p.Properties, p.Body, timeout.Token).AsTask();
            }
            try
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                await DiscardAsync().ConfigureAwait(false);
                throw Failure(pending, batch);
            }
            catch (Exception)
            {
                await DiscardAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await DiscardAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IChannel> OpenAsync(CancellationToken ct)
    {
        await DiscardAsync().ConfigureAwait(false);
        _channel = await connection.CreateChannelAsync(confirms: true, ct).ConfigureAwait(false);
        return _channel;
    }

    private async Task DiscardAsync()
    {
        if (_channel is not { } channel)
            return;
        _channel = null;
        try
        {
            if (channel.IsOpen)
                await channel.CloseAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Closing a failed publishing channel failed");
        }
        channel.Dispose();
    }

    private static PublishFailedException Failure(Task[] pending, IReadOnlyList<Publication> batch)
    {
        var failed = Enumerable.Range(0, pending.Length).Where(i => !pending[i].IsCompletedSuccessfully).ToList();
        var unroutable = failed.Where(i => pending[i].Exception?.InnerException is PublishException { IsReturn: true }).ToList();
        // Canceled tasks (the confirm timeout) carry no exception.
        var first = failed.Select(i => pending[i].Exception?.InnerException).FirstOrDefault(e => e is not null);
        var reason = first switch
        {
            PublishException { IsReturn: true } => "returned as unroutable",
            PublishException => "nacked by the broker",
            null => "not confirmed in time",
            _ => first.Message,
        };
        return new PublishFailedException(
            $"{failed.Count} of {batch.Count} messages were not confirmed ({reason}); retry the batch.", batch.Count,
            failed.Select(i => IdOf(batch[i])).ToList(), unroutable.Select(i => IdOf(batch[i])).ToList(), first);
    }

    private static Guid IdOf(Publication p) => Guid.TryParse(p.Properties.MessageId, out var id) ? id : Guid.Empty;
}
