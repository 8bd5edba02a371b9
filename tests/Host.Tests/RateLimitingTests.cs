using System.Net;
using System.Net.Http.Json;
using Npgsql;

namespace Host.Tests;

public sealed class RateLimitingTests : IAsyncLifetime
{
    private readonly string _schema = "t_rate_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Writes_over_a_users_budget_get_429_while_reads_and_other_users_go_on()
    {
        await using var factory = new HostFactory(HostFactory.TestConnectionString, _schema, writesPerSecond: 2);
        using var sue = factory.CreateClient().As("sue", "supervisor", "tenant-r");
        var body = new { name = "", contacts = Array.Empty<object>() }; // refused by the domain, but counted as a write
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await sue.PostAsJsonAsync("/api/sites", body)).StatusCode);

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.NotFound, (await sue.GetAsync("/api/sites/site-none")).StatusCode); // reads are not limited
        using var bob = factory.CreateClient().As("bob", "supervisor", "tenant-r");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await bob.PostAsJsonAsync("/api/sites", body)).StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await HostFactory.DropSchemaAsync(_schema);
    }
}
