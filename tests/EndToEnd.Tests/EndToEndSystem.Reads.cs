using System.Net.Http.Json;
using System.Text.Json;
using Domain.Panels;
using EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEnd.Tests;

// What the tests read back: through the Host's HTTP API as an operator would, and from the Host's database where the
// API has no view of it (the panel stream as stored, the outbox, the ingest's leases).
internal sealed partial class EndToEndSystem
{
    /// <summary><c>GET /api/panels/{id}</c> as an operator.</summary>
    public async Task<JsonElement> PanelAsync(string panelId)
    {
        using var operatorClient = Host.ClientAs("olga", "operator");
        return await operatorClient.GetFromJsonAsync<JsonElement>($"/api/panels/{panelId}");
    }

    /// <summary>Waits until the Host shows every panel Connected (the ingest reached it and said so through RabbitMQ).</summary>
    public Task AllConnectedAsync() => Eventually.HoldsAsync(async () =>
    {
        foreach (var id in PanelIds)
            if ((await PanelAsync(id)).GetProperty("connection").GetString() != "Connected") return false;
        return true;
    }, "every panel connected in the Host");

    /// <summary>The panel events recorded in the panel stream, in stream order (read from the store, as the Host does).</summary>
    public async Task<List<PanelEventRecorded>> RecordedAsync(string panelId)
    {
        var store = Host.Services.GetRequiredService<PostgresEventStore>();
        var recorded = new List<PanelEventRecorded>();
        await foreach (var e in store.ReadStreamAsync(panelId))
            if (e.Data is PanelEventRecorded r) recorded.Add(r);
        return recorded;
    }

    /// <summary>The open alarms board of the tenant (the projection), as an operator sees it.</summary>
    public async Task<List<JsonElement>> BoardAsync()
    {
        using var operatorClient = Host.ClientAs("olga", "operator");
        var page = await operatorClient.GetFromJsonAsync<JsonElement>("/api/alarms?pageSize=500");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    /// <summary>Rows still waiting in the outbox for these panels (both processes write it; either relay publishes it).</summary>
    public async Task<long> OutboxBacklogAsync()
    {
        var store = Host.Services.GetRequiredService<PostgresEventStore>();
        await using var cmd = store.DataSource.CreateCommand($"select count(*) from \"{Schema}\".outbox where ordering_key = any($1)");
        cmd.Parameters.Add(new() { Value = PanelIds.ToArray() });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Which node holds each panel's lease now.</summary>
    public async Task<Dictionary<string, string>> LeaseOwnersAsync()
    {
        var store = Host.Services.GetRequiredService<PostgresEventStore>();
        await using var cmd = store.DataSource.CreateCommand($"select panel_id, owner from \"{Schema}\".ingest_leases");
        await using var reader = await cmd.ExecuteReaderAsync();
        var owners = new Dictionary<string, string>();
        while (await reader.ReadAsync()) owners[reader.GetString(0)] = reader.GetString(1);
        return owners;
    }
}
