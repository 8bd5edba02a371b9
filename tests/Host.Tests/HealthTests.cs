using System.Net;
using Npgsql;

namespace Host.Tests;

public sealed class HealthTests : IAsyncLifetime
{
    private readonly string _schema = "t_host_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Live_and_ready_answer_200_when_the_database_is_up()
    {
        await using var factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var startupDeadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetAsync("/health/startup")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < startupDeadline) await Task.Delay(50);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/startup")).StatusCode);
        var projections = await client.GetAsync("/api/projections");
        Assert.Equal(HttpStatusCode.OK, projections.StatusCode);
        // messaging migrates in the background: the outbox figures answer once its tables exist
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage outbox;
        while ((outbox = await client.GetAsync("/api/outbox")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(HttpStatusCode.OK, outbox.StatusCode);
        Assert.Contains("\"pending\":0", await outbox.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_includes_the_broker_when_one_is_configured()
    {
        var rabbit = Environment.GetEnvironmentVariable("ES_RABBIT") ?? "amqp://guest:guest@127.0.0.1:55672/";
        await using var factory = new HostFactory(HostFactory.TestConnectionString, _schema, rabbit);
        using var client = factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage ready;
        while ((ready = await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"rabbitmq\":\"up\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        await using var factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadAsStringAsync();
        Assert.Contains("/api/sites/{id}/decommission", document, StringComparison.Ordinal);
        Assert.Contains("/api/alarms/{id}/acknowledge", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html")).StatusCode);
    }

    [Fact]
    public async Task Ready_answers_503_when_the_database_is_unreachable()
    {
        await using var factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        using var client = factory.CreateClient(); // starts (and migrates) against the real database
        var store = (EventStore.PostgresEventStore)factory.Services.GetService(typeof(EventStore.PostgresEventStore))!;
        Assert.NotNull(store);

        // A second host whose database is a closed port: it cannot even start its migration, so build the
        // readiness check against a data source that points nowhere.
        var deadSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Timeout=2");
        await using var deadStore = new EventStore.PostgresEventStore(deadSource, new EventStore.EventStoreOptions { Schema = _schema });
        await using var deadFactory = factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton(deadStore);
            foreach (var d in s.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)).ToList()) s.Remove(d);
        }));
        using var deadClient = deadFactory.CreateClient();
        var response = await deadClient.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"postgresql\":\"unreachable\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await HostFactory.DropSchemaAsync(_schema);
    }
}
