using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static Host.Tests.Reports.ReportHost;

namespace Host.Tests.Reports;

/// <summary>CSV: UTF-8 with a BOM, a header row, RFC 4180 quoting, CRLF, and the source and lag in headers.</summary>
[Collection(ReportCollection.Name)]
public sealed class ReportCsvTests(ReportHost host)
{
    private static async Task<(HttpResponseMessage Response, byte[] Body)> GetCsvAsync(HttpClient client, string uri, bool acceptHeader = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (acceptHeader) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_site_name_with_a_comma_a_quote_and_Polish_letters_is_escaped_and_kept_in_UTF8_with_a_BOM()
    {
        using var client = host.Client();
        var (response, body) = await GetCsvAsync(client, $"/api/reports/alarms?{Period}&format=csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("primary", response.Headers.GetValues("X-Report-Source").Single());
        Assert.Equal("0", response.Headers.GetValues("X-Report-Lag-Seconds").Single());
        Assert.Equal([0xEF, 0xBB, 0xBF], body[..3]);

        var text = Encoding.UTF8.GetString(body, 3, body.Length - 3);
        var lines = text.Split("\r\n");
        Assert.Equal("", lines[^1]); // every record ends with CRLF
        Assert.Equal(5, lines.Length); // header, three alarms, and the empty tail
        Assert.StartsWith("alarmId,siteId,siteName,panelId,kind,priority,partition,zone,raisedAt,", lines[0], StringComparison.Ordinal);
        Assert.Equal($"{host.A.BurglaryAlarm},{host.A.SiteId},\"Magazyn \"\"Północ\"\", Łódź\",{host.A.PanelId},Burglary,High,1,3,2025-03-10T14:00:00.0000000Z,",
            lines[1][..(lines[1].IndexOf("Z,", StringComparison.Ordinal) + 2)]);
        Assert.EndsWith(",FalseAlarm", lines[1], StringComparison.Ordinal);
        Assert.Contains(",,", lines[3], StringComparison.Ordinal); // the open tamper alarm: empty fields for null values
    }

    [Fact]
    public async Task Accept_text_csv_asks_for_CSV_too_and_paging_applies_when_asked()
    {
        using var client = host.Client();
        var (_, all) = await GetCsvAsync(client, $"/api/reports/panel-commands?{Period}", acceptHeader: true);
        var lines = Encoding.UTF8.GetString(all).Split("\r\n");
        Assert.Equal("\uFEFFrequestId,panelId,siteId,siteName,operator,action,mode,partitions,requestedAt,result,resultAt,reason,secondsToResult", lines[0]);
        Assert.Contains(",\"1;2\",", lines[3].Replace(",1;2,", ",\"1;2\",", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(5, lines.Length);

        var (_, page) = await GetCsvAsync(client, $"/api/reports/panel-commands?{Period}&format=csv&pageSize=1&page=2");
        var pageLines = Encoding.UTF8.GetString(page).Split("\r\n");
        Assert.Equal(3, pageLines.Length);
        Assert.StartsWith("req-2,", pageLines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\r\n", "\"cr\r\n\"")]
    [InlineData("Zażółć gęślą jaźń", "Zażółć gęślą jaźń")]
    public void Fields_are_quoted_only_when_they_hold_a_quote_a_comma_or_a_line_break(string value, string expected) =>
        Assert.Equal(expected, Host.Reports.CsvField.Escape(value));
}
