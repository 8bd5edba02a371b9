using System.Net;
using System.Text.Json;
using static Host.Tests.Reports.ReportHost;

namespace Host.Tests.Reports;

/// <summary>Tenant isolation, authorisation and request validation, for every report.</summary>
[Collection(ReportCollection.Name)]
public sealed class ReportAccessTests(ReportHost host)
{
    public static TheoryData<string> Reports =>
        ["alarms", "response-times", "connectivity", "connectivity/periods", "arming", "troubles", "panel-commands"];

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Each_tenant_sees_only_its_own_rows(string report)
    {
        foreach (var (tenant, own, other) in new[] { ("tenant-a", host.A, host.B), ("tenant-b", host.B, host.A) })
        {
            using var client = host.Client(tenant, "operator");
            var items = Items(await GetJsonAsync(client, $"/api/reports/{report}?{Period}"));
            Assert.NotEmpty(items);
            var json = JsonSerializer.Serialize(items);
            Assert.DoesNotContain(other.SiteId, json, StringComparison.Ordinal);
            Assert.DoesNotContain(other.PanelId, json, StringComparison.Ordinal);
            if (report != "response-times") Assert.All(items, i => Assert.Equal(own.SiteId, i.GetProperty("siteId").GetString()));
            // naming the other tenant's site or panel finds nothing rather than its rows
            var filter = report == "response-times" ? $"siteId={other.SiteId}" : $"siteId={other.SiteId}&panelId={other.PanelId}";
            Assert.Empty(Items(await GetJsonAsync(client, $"/api/reports/{report}?{Period}&{filter}")));
        }
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_bad_period_is_400(string report)
    {
        using var client = host.Client();
        foreach (var query in new[] { "from=2025-03-12T00:00:00Z&to=2025-03-10T00:00:00Z", "from=2024-01-01T00:00:00Z&to=2025-03-10T00:00:00Z", "from=yesterday", "format=xml" })
        {
            var response = await client.GetAsync($"/api/reports/{report}?{query}");
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{report}?{query}: {response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("alarms?pageSize=1001")]
    [InlineData("alarms?page=0")]
    [InlineData("alarms?kind=Flood")]
    [InlineData("alarms?outcome=maybe")]
    [InlineData("response-times?groupBy=site")]
    [InlineData("response-times?page=2")]
    [InlineData("response-times?panelId=panel-1")]
    [InlineData("arming?armBy=25:00")]
    [InlineData("troubles?status=closed")]
    [InlineData("panel-commands?outcome=lost")]
    [InlineData("alarms?after=not-a-cursor")]
    [InlineData("alarms?after=WyIxIl0&page=2")]
    [InlineData("response-times?after=WyIxIl0")]
    [InlineData("connectivity?after=WyIxIl0")]
    public async Task Bad_filters_are_400_with_a_problem(string query)
    {
        using var client = host.Client();
        var response = await client.GetAsync($"/api/reports/{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Reports_need_a_token_and_a_reading_role(string report)
    {
        using var anonymous = host.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/reports/{report}")).StatusCode);
        using var stranger = host.Client(role: "installer");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/reports/{report}")).StatusCode);
        foreach (var role in new[] { "operator", "supervisor", "admin", "auditor" })
        {
            using var reader = host.Client(role: role);
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/reports/{report}")).StatusCode);
        }
    }
}
