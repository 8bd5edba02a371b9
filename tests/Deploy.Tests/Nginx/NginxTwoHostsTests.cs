using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Deploy.Tests.Support;
using Domain;
using Domain.Alarms;
using EventStore;
using Npgsql;

namespace Deploy.Tests.Nginx;

/// <summary>
/// The bare-metal nginx site, run for real with a self-signed certificate in front of two Host processes on one
/// database: requests and both live feeds work through it, and when the Host holding the feed is killed (SIGKILL),
/// traffic and a reconnected feed continue on the other.
/// </summary>
public sealed class NginxTwoHostsTests : IAsyncLifetime
{
    private static readonly object Site = new
    {
        name = "Warehouse North",
        address = new { street = "Polna 1", postalCode = "00-001", city = "Warszawa", country = "PL" },
        contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("deploy-nginx-hosts-").FullName;
    private readonly string _schema = "t_nginx_" + Guid.NewGuid().ToString("N")[..12];
    private readonly int _http = ChildProcess.FreePort(), _https = ChildProcess.FreePort();
    private readonly List<(ChildProcess Process, int Port)> _hosts = [];
    private readonly List<IAsyncDisposable> _feeds = [];
    private ChildProcess? _nginx;
    private X509Certificate2? _certificate;

    public Task InitializeAsync() => Task.CompletedTask;

    [NeedsToolFact("nginx", "nginx-light")]
    public async Task Requests_and_the_live_feed_go_through_nginx_and_continue_on_the_other_Host_when_one_is_killed()
    {
        await StartAsync();
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var redirect = await plain.GetAsync($"http://127.0.0.1:{_http}/api/sites");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.StartsWith("https://", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var supervisor = Client(TestHost.TokenFor("sue", "supervisor", "tenant-a"));
        using var op = Client(TestHost.TokenFor("olga", "operator", "tenant-a"));
        var created = await supervisor.PostAsJsonAsync("/api/sites", Site);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.Contains("Strict-Transport-Security"), "nginx adds the security headers");
        var siteId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync("/metrics")).StatusCode); // hidden from the outside

        // Both feeds through nginx; sticky by client address, so both land on the same Host.
        var operatorToken = TestHost.TokenFor("olga", "operator", "tenant-a");
        var socket = await WebSocketFeed.ConnectAsync(new Uri($"wss://127.0.0.1:{_https}/ws?access_token={Uri.EscapeDataString(operatorToken)}"), Validate);
        _feeds.Add(socket);
        var sse = await SseFeed.ConnectAsync(op);
        _feeds.Add(sse);
        var feedHost = await EventuallyIndexAsync(() => HostWithSubscribersAsync(2), "one Host holding both feeds");

        var alarm = await RaiseAlarmAsync(siteId);
        await socket.WaitForAsync("alarm_raised", alarm);
        await sse.WaitForAsync("alarm_raised", alarm);

        // The feed's Host dies without a goodbye. Its consoles reconnect; nginx sends them to the other Host.
        var (dead, _) = _hosts[feedHost];
        var (_, livePort) = _hosts[1 - feedHost];
        dead.Kill();
        var reconnected = await EventuallyAsync(async () =>
        {
            try
            {
                return await SseFeed.ConnectAsync(op);
            }
            catch (HttpRequestException)
            {
                return null; // nginx may still have been finding out; a console retries the same way
            }
        }, "the live feed reconnected through nginx");
        _feeds.Add(reconnected);
        var socketAgain = await WebSocketFeed.ConnectAsync(new Uri($"wss://127.0.0.1:{_https}/ws?access_token={Uri.EscapeDataString(operatorToken)}"), Validate);
        _feeds.Add(socketAgain);
        Assert.Equal(2, await SubscribersAsync(livePort)); // both reconnected consoles, on the surviving Host

        // Reads and writes continue. nginx never retries a POST it has sent (it cannot know whether the dead Host
        // acted on it); one refused at connect is passed on. A client retries a 502 on its own terms, as here once.
        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await op.GetAsync($"/api/sites/{siteId}")).StatusCode);
        var acknowledged = await op.PostAsync($"/api/alarms/{alarm}/acknowledge", null);
        if (acknowledged.StatusCode == HttpStatusCode.BadGateway) acknowledged = await op.PostAsync($"/api/alarms/{alarm}/acknowledge", null);
        Assert.Equal(HttpStatusCode.NoContent, acknowledged.StatusCode);
        await reconnected.WaitForAsync("alarm_acknowledged", alarm);
        await socketAgain.WaitForAsync("alarm_acknowledged", alarm);
        Assert.True(dead.HasExited);
    }

    private async Task StartAsync()
    {
        // Two Hosts on one schema, as in production on one database; they migrate it together (advisory lock).
        foreach (var name in new[] { "host-a", "host-b" })
        {
            var port = ChildProcess.FreePort();
            _hosts.Add((ChildProcess.StartHost(name, port, _schema), port));
        }
        using var direct = new HttpClient();
        foreach (var (process, port) in _hosts)
            await EventuallyAsync(async () =>
            {
                Assert.False(process.HasExited, process.Tail());
                try
                {
                    return (await direct.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode ? "ready" : null;
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            }, $"{process.Name} ready", TimeSpan.FromSeconds(90));

        // The site as shipped; only what ties it to a machine changes: addresses, ports, certificate, ACME root.
        var site = File.ReadAllText(Repo.Path("deploy", "nginx", "alarm-monitoring.conf"))
            .Replace("127.0.0.1:5080", $"127.0.0.1:{_hosts[0].Port}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5081", $"127.0.0.1:{_hosts[1].Port}", StringComparison.Ordinal)
            .Replace("listen [::]:80;", "", StringComparison.Ordinal)
            .Replace("listen [::]:443 ssl http2;", "", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{_http};", StringComparison.Ordinal)
            .Replace("listen 443 ssl http2;", $"listen 127.0.0.1:{_https} ssl http2;", StringComparison.Ordinal)
            .Replace("/etc/nginx/tls/alarm-monitoring/fullchain.pem", Path.Combine(_dir, "cert.pem"), StringComparison.Ordinal)
            .Replace("/etc/nginx/tls/alarm-monitoring/privkey.pem", Path.Combine(_dir, "key.pem"), StringComparison.Ordinal)
            .Replace("root /var/www/acme;", $"root {_dir};", StringComparison.Ordinal);
        Assert.DoesNotContain(":5080", site, StringComparison.Ordinal);
        var conf = NginxWrapper.Write(_dir, site);
        _certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, "cert.pem")));
        _nginx = ChildProcess.Start("nginx", NginxWrapper.Nginx, ["-p", _dir, "-c", conf, "-g", "daemon off;"]);
        using var probe = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = Validate } });
        await EventuallyAsync(async () =>
        {
            Assert.False(_nginx.HasExited, _nginx.Tail() + ErrorLog());
            try
            {
                return (await probe.GetAsync($"https://127.0.0.1:{_https}/health/ready")).IsSuccessStatusCode ? "up" : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, "nginx serving the Hosts' health");
    }

    /// <summary>Accepts exactly this test's certificate.</summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && _certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString();

    private HttpClient Client(string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = Validate }, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"https://127.0.0.1:{_https}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>Nothing raises alarms over HTTP (the panel-event policy does): the fact is appended as the policy would.</summary>
    private async Task<string> RaiseAlarmAsync(string siteId)
    {
        await using var dataSource = NpgsqlDataSource.Create(TestHost.ConnectionString);
        var options = new EventStoreOptions { Schema = _schema };
        foreach (var (type, name) in DomainEventTypes.All) options.Types.Register(type, name);
        var store = new PostgresEventStore(dataSource, options);
        await using (store)
        {
            var alarmId = StreamIds.Alarm(Guid.CreateVersion7());
            await store.AppendAsync(alarmId, "alarm", ExpectedVersion.NoStream,
                new AlarmRaised(alarmId, siteId, "panel-1", AlarmKind.Burglary, AlarmPriority.High, 1, 3, "panel-1/event/0001", DateTimeOffset.UtcNow));
            return alarmId;
        }
    }

    /// <summary>The index in <see cref="_hosts"/> of the Host with <paramref name="count"/> feed subscribers, or null.</summary>
    private async Task<int?> HostWithSubscribersAsync(int count)
    {
        for (var i = 0; i < _hosts.Count; i++)
            if (await SubscribersAsync(_hosts[i].Port) == count) return i;
        return null;
    }

    private static async Task<int> SubscribersAsync(int port)
    {
        using var direct = new HttpClient();
        var metrics = await direct.GetStringAsync($"http://127.0.0.1:{port}/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("alarm_monitoring_live_feed_subscribers", StringComparison.Ordinal));
        return line is null ? 0 : (int)double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private string ErrorLog() => File.Exists(Path.Combine(_dir, "error.log")) ? "\n" + File.ReadAllText(Path.Combine(_dir, "error.log")) : "";

    private string Diagnostics() => string.Join('\n', _hosts.Select(h => h.Process.Tail(20))) + (_nginx is null ? "" : "\n" + _nginx.Tail(20) + ErrorLog());

    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value) return value;
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(30))) throw new TimeoutException($"not reached: {what}\n{Diagnostics()}");
            await Task.Delay(100);
        }
    }

    private async Task<int> EventuallyIndexAsync(Func<Task<int?>> probe, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value) return value;
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"not reached: {what}\n{Diagnostics()}");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var feed in _feeds) await feed.DisposeAsync();
        _nginx?.Dispose();
        foreach (var (process, _) in _hosts) process.Dispose();
        _certificate?.Dispose();
        await TestHost.DropSchemaAsync(_schema);
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A console's feed: the JSON items received, in order.</summary>
    private abstract class Feed : IAsyncDisposable
    {
        private readonly List<JsonElement> _items = [];
        protected readonly CancellationTokenSource Stop = new();

        protected void Add(string json)
        {
            using var doc = JsonDocument.Parse(json);
            lock (_items) _items.Add(doc.RootElement.Clone());
        }

        public async Task WaitForAsync(string type, string streamId)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                lock (_items)
                    if (_items.Any(i => i.TryGetProperty("type", out var t) && t.GetString() == type
                                        && i.TryGetProperty("streamId", out var s) && s.GetString() == streamId)) return;
                if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"no {type} of {streamId} on the feed");
                await Task.Delay(50);
            }
        }

        public abstract ValueTask DisposeAsync();
    }

    private sealed class SseFeed : Feed
    {
        private HttpResponseMessage? _response;
        private Task? _reading;

        /// <summary>Connects to /api/live; returns once the headers (so the subscription) are there.</summary>
        public static async Task<SseFeed> ConnectAsync(HttpClient client)
        {
            var response = await client.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                var status = response.StatusCode;
                response.Dispose();
                throw new HttpRequestException($"/api/live answered {(int)status}");
            }
            var feed = new SseFeed { _response = response };
            var stream = await response.Content.ReadAsStreamAsync();
            feed._reading = Task.Run(() => feed.ReadAsync(stream));
            return feed;
        }

        private async Task ReadAsync(Stream stream)
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            try
            {
                while (await reader.ReadLineAsync(Stop.Token) is { } line)
                    if (line.StartsWith("data: ", StringComparison.Ordinal)) Add(line["data: ".Length..]);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
            {
                // the feed ended: the test's own stop, or the Host died
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            _response?.Dispose();
            if (_reading is not null) await _reading;
        }
    }

    private sealed class WebSocketFeed : Feed
    {
        private readonly ClientWebSocket _socket = new();
        private Task? _reading;

        public static async Task<WebSocketFeed> ConnectAsync(Uri uri, RemoteCertificateValidationCallback validate)
        {
            var feed = new WebSocketFeed();
            feed._socket.Options.RemoteCertificateValidationCallback = validate;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await feed._socket.ConnectAsync(uri, timeout.Token);
            feed._reading = Task.Run(feed.ReadAsync);
            return feed;
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[64 * 1024];
            var message = new MemoryStream();
            try
            {
                while (true)
                {
                    var result = await _socket.ReceiveAsync(buffer, Stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage) continue;
                    Add(Encoding.UTF8.GetString(message.ToArray()));
                    message.SetLength(0);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
            {
                // the feed ended
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            if (_reading is not null) await _reading;
            _socket.Dispose();
        }
    }
}
