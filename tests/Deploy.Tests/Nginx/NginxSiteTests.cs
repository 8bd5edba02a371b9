using System.Text.RegularExpressions;
using Deploy.Tests.Support;

namespace Deploy.Tests.Nginx;

/// <summary>
/// `nginx -t` on both nginx sites (bare metal and compose), each inside a minimal wrapper configuration, with a
/// throwaway certificate in place of the real one and, for the compose site, loopback addresses in place of the
/// container names (nginx resolves upstream names when it loads). Plus what the site must keep doing.
/// </summary>
public sealed partial class NginxSiteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deploy-nginx-").FullName;

    [GeneratedRegex(@"(?<=(server |proxy_pass http://))(?<name>[a-z][a-z0-9-]*):(?<port>\d+)")]
    private static partial Regex ContainerAddress();

    [NeedsToolFact("nginx", "nginx-light")]
    public void The_bare_metal_site_passes_nginx_t() =>
        Check("alarm-monitoring.conf", site => site
            .Replace("/etc/nginx/tls/alarm-monitoring/fullchain.pem", Path.Combine(_dir, "cert.pem"), StringComparison.Ordinal)
            .Replace("/etc/nginx/tls/alarm-monitoring/privkey.pem", Path.Combine(_dir, "key.pem"), StringComparison.Ordinal)
            .Replace("root /var/www/acme;", $"root {_dir};", StringComparison.Ordinal));

    [NeedsToolFact("nginx", "nginx-light")]
    public void The_compose_site_passes_nginx_t() =>
        Check("alarm-monitoring.compose.conf", site => ContainerAddress().Replace(site
                .Replace("/run/secrets/tls_certificate.pem", Path.Combine(_dir, "cert.pem"), StringComparison.Ordinal)
                .Replace("/run/secrets/tls_private_key.pem", Path.Combine(_dir, "key.pem"), StringComparison.Ordinal),
            m => "127.0.0.1:" + m.Groups["port"].Value));

    [Theory]
    [InlineData("alarm-monitoring.conf")]
    [InlineData("alarm-monitoring.compose.conf")]
    public void The_site_redirects_to_https_upgrades_the_live_feed_and_hides_metrics(string file)
    {
        var site = File.ReadAllText(Repo.Path("deploy", "nginx", file));
        Assert.Contains("return 301 https://$host$request_uri;", site, StringComparison.Ordinal);
        Assert.Contains("location = /ws", site, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", site, StringComparison.Ordinal);
        Assert.Contains("hash $remote_addr consistent;", site, StringComparison.Ordinal);         // sticky live feed
        Assert.Contains("location = /metrics { return 404; }", site, StringComparison.Ordinal);
        Assert.Contains("proxy_buffering off;", site, StringComparison.Ordinal);                  // SSE
        foreach (var header in new[] { "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy" })
            Assert.Contains($"add_header {header} ", site, StringComparison.Ordinal);
        // nginx drops every server-level proxy_set_header in a location that sets one of its own: keep them all at server level.
        var locations = Regex.Matches(site, @"location [^{]+\{(?<body>[^}]*)\}").Select(m => m.Groups["body"].Value);
        Assert.DoesNotContain(locations, body => body.Contains("proxy_set_header", StringComparison.Ordinal));
    }

    private void Check(string file, Func<string, string> adapt)
    {
        var conf = NginxWrapper.Write(_dir, adapt(File.ReadAllText(Repo.Path("deploy", "nginx", file))));
        var result = Processes.Run(NginxWrapper.Nginx, ["-t", "-p", _dir, "-c", conf]);
        Assert.True(result.ExitCode == 0, $"nginx -t {file}: {result.Output}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
