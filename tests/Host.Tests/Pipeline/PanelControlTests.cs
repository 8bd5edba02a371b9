using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts;
using Domain.Panels;
using RabbitMQ.Client;
using static Host.Tests.Pipeline.PipelineHost;

namespace Host.Tests.Pipeline;

/// <summary>
/// Panel control both ways: the operator's request is recorded and, in the same transaction, sent to the ingest
/// through the outbox and RabbitMQ; the ingest's answer comes back as a message and is recorded on the panel.
/// The test plays the ingest with a queue of its own bound to what the ingest consumes.
/// </summary>
public sealed class PanelControlTests : IAsyncLifetime
{
    private readonly PipelineHost _host = new("t_ctl_" + Guid.NewGuid().ToString("N")[..12]);
    private HostFactory _factory = null!;
    private IConnection _rabbit = null!;
    private IChannel _channel = null!;
    private string IngestQueue => "ingest-" + _host.Schema;

    public async Task InitializeAsync()
    {
        _factory = _host.Start();
        _rabbit = await new ConnectionFactory { Uri = new Uri(HostFactory.TestRabbitMq) }.CreateConnectionAsync();
        _channel = await _rabbit.CreateChannelAsync();
        await _channel.ExchangeDeclareAsync(_host.Exchange, ExchangeType.Topic, durable: true);
        await _channel.QueueDeclareAsync(IngestQueue, durable: false, exclusive: false, autoDelete: true);
        foreach (var key in MessageNames.ToIngest) await _channel.QueueBindAsync(IngestQueue, _host.Exchange, key);
    }

    public async Task DisposeAsync()
    {
        await _channel.QueueDeleteAsync(IngestQueue);
        await _channel.DisposeAsync();
        await _rabbit.DisposeAsync();
        await _factory.DisposeAsync();
        await HostFactory.DropSchemaAsync(_host.Schema);
    }

    [Fact]
    public async Task A_control_request_reaches_the_ingest_and_its_answer_is_recorded_on_the_panel()
    {
        var (_, panelId) = await RegisterAsync(_factory);
        await ConnectAsync(_factory, panelId);
        using var op = _factory.CreateClient().As("olga", "operator", "tenant-a");
        var accepted = await op.PostAsJsonAsync($"/api/panels/{panelId}/control", new { action = "Arm", mode = "Full", partitions = new[] { 1, 2 } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var requestId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;

        var delivery = await EventuallyAsync(async () => await _channel.BasicGetAsync(IngestQueue, autoAck: true), "the request at the ingest");
        Assert.Equal(MessageNames.ExecutePanelControl, delivery.BasicProperties.Type);
        var execute = JsonSerializer.Deserialize<ExecutePanelControl>(delivery.Body.Span, JsonSerializerOptions.Web)!;
        Assert.Equal((panelId, requestId, PanelControlAction.Arm, ArmMode.Full), (execute.PanelId, execute.RequestId, execute.Action, execute.Mode));
        Assert.Equal([1, 2], execute.Partitions);

        await SendFromIngestAsync(_factory, new PanelControlCompleted(panelId, requestId, PanelControlResult.Refused, "partition 2: zone violated", DateTimeOffset.UtcNow), panelId);
        var panel = await EventuallyValueAsync<JsonElement>(async () =>
        {
            var p = await op.GetFromJsonAsync<JsonElement>($"/api/panels/{panelId}");
            return p.GetProperty("controlRequests").EnumerateArray().Any(r => r.GetProperty("result").GetString() == "Refused") ? p : null;
        }, "the refusal recorded on the panel");
        Assert.Equal(requestId, panel.GetProperty("controlRequests")[0].GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task A_stale_if_match_sends_nothing_to_the_ingest()
    {
        var (_, panelId) = await RegisterAsync(_factory);
        await ConnectAsync(_factory, panelId);
        using var op = _factory.CreateClient().As("olga", "operator", "tenant-a");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/panels/{panelId}/control") { Content = JsonContent.Create(new { action = "Disarm", partitions = new[] { 1 } }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await op.SendAsync(request)).StatusCode);

        // A good request after it is the first and only one the ingest receives.
        var good = await op.PostAsJsonAsync($"/api/panels/{panelId}/control", new { action = "Disarm", partitions = new[] { 1 }, requestId = "req-after-412" });
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        var delivery = await EventuallyAsync(async () => await _channel.BasicGetAsync(IngestQueue, autoAck: true), "the request at the ingest");
        Assert.Equal("req-after-412", JsonSerializer.Deserialize<ExecutePanelControl>(delivery.Body.Span, JsonSerializerOptions.Web)!.RequestId);
    }
}
