using System.Diagnostics;
using Messaging.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Tests.Transport;

[Collection(TransportCollection.Name)]
public sealed class ConnectionTests
{
    [Fact]
    public async Task Connecting_to_an_unreachable_broker_keeps_retrying_until_cancelled()
    {
        var options = RabbitMqTestEnvironment.Options("unreachable");
        options.Uri = "amqp://guest:guest@127.0.0.1:1/";   // nothing listens on port 1
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RabbitMqConnection.ConnectAsync(options, NullLogger.Instance, cancel.Token));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {clock.Elapsed} instead of retrying");
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_connecting()
    {
        var options = RabbitMqTestEnvironment.Options("invalid");
        options.Uri = "http://127.0.0.1/";

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            RabbitMqConnection.ConnectAsync(options, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(nameof(RabbitMqOptions.Uri), refused.ParamName);
    }
}
