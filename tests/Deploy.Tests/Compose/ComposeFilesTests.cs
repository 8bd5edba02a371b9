using System.Text.Json;
using System.Text.RegularExpressions;
using Deploy.Tests.Support;

namespace Deploy.Tests.Compose;

/// <summary>
/// The compose files are valid (Debian's docker-compose validates them against the Compose schema without a Docker
/// engine: `config -q`), and the production one keeps its promises: only nginx is reachable from outside, the
/// internal networks are internal, no password or key is written into the file, every secret used is declared.
/// </summary>
public sealed partial class ComposeFilesTests
{
    private static JsonElement Resolved(string file)
    {
        var (compose, _) = Tools.Ensure("docker-compose", "docker-compose");
        var check = Processes.Run(compose!, ["-f", Repo.Path("docker", file), "config", "-q"]);
        Assert.True(check.ExitCode == 0, $"docker-compose config -q {file}: {check.Output}");
        var resolved = Processes.Run(compose!, ["-f", Repo.Path("docker", file), "config"]);
        Assert.True(resolved.ExitCode == 0, resolved.Output);
        return Yaml.Single(resolved.Stdout);
    }

    [NeedsToolFact("docker-compose", "docker-compose")]
    public void The_development_file_is_valid_and_publishes_on_loopback_only()
    {
        var config = Resolved("compose.dev.yml");
        foreach (var service in new[] { "postgres", "rabbitmq", "host", "panel-ingest", "simulator" })
            Assert.True(config.GetProperty("services").TryGetProperty(service, out _), $"service {service} missing");
        foreach (var (name, service) in Services(config))
            foreach (var port in Ports(service))
                Assert.True(port.StartsWith("127.0.0.1:", StringComparison.Ordinal), $"{name} publishes {port} beyond loopback");
        AssertNoSecretValues(config);
        AssertSecretsDeclared(config);
    }

    [NeedsToolFact("docker-compose", "docker-compose")]
    public void The_production_file_is_valid_and_only_nginx_is_exposed()
    {
        var config = Resolved("compose.prod.yml");
        var services = Services(config).ToDictionary(s => s.Name, s => s.Service);
        foreach (var service in new[] { "nginx", "host-1", "host-2", "panel-ingest", "pg-1", "pg-2", "pgbouncer-1", "pgbouncer-2",
                     "etcd-1", "etcd-2", "etcd-3", "rabbitmq", "prometheus", "grafana", "backup" })
            Assert.True(services.ContainsKey(service), $"service {service} missing");

        Assert.Equal(["nginx"], services.Where(s => Ports(s.Value).Any()).Select(s => s.Key));
        var networks = config.GetProperty("networks");
        foreach (var internalNetwork in new[] { "app", "data" })
            Assert.True(networks.GetProperty(internalNetwork).TryGetProperty("internal", out var flag) && flag.GetBoolean(), $"network {internalNetwork} must be internal");
        // Only nginx is on the edge network; the only other route out is the ingest's, to the panels.
        foreach (var (name, service) in services)
        {
            var joined = NetworksOf(service);
            if (name != "nginx") Assert.DoesNotContain("edge", joined);
            if (name != "panel-ingest") Assert.DoesNotContain("panels", joined);
        }
        // Two Hosts behind nginx, with the same image and settings: the same image for every deployment.
        Assert.Equal(services["host-1"].GetProperty("image").GetString(), services["host-2"].GetProperty("image").GetString());
        Assert.Equal(services["host-1"].GetProperty("environment").ToString(), services["host-2"].GetProperty("environment").ToString());
        AssertNoSecretValues(config);
        AssertSecretsDeclared(config);
    }

    private static IEnumerable<(string Name, JsonElement Service)> Services(JsonElement config) =>
        config.GetProperty("services").EnumerateObject().Select(p => (p.Name, p.Value));

    private static IEnumerable<string> Ports(JsonElement service) =>
        service.TryGetProperty("ports", out var ports)
            ? ports.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString()!
                : $"{(p.TryGetProperty("host_ip", out var ip) ? ip.GetString() : "0.0.0.0")}:{p.GetProperty("published")}")
            : [];

    private static IReadOnlyList<string> NetworksOf(JsonElement service) =>
        !service.TryGetProperty("networks", out var n) ? []
        : n.ValueKind == JsonValueKind.Array ? [.. n.EnumerateArray().Select(e => e.GetString()!)]
        : [.. n.EnumerateObject().Select(p => p.Name)];

    [GeneratedRegex("(?i)(password|secret|signingkey|masterkey|token|connectionstrings__|_pass$|_uri$)")]
    private static partial Regex SecretName();

    /// <summary>Names that look like secrets but are not: etcd's cluster token only tells clusters apart.</summary>
    private static readonly HashSet<string> NotSecret = ["ETCD_INITIAL_CLUSTER_TOKEN"];

    /// <summary>Settings that name a secret carry a file path (*_FILE, /run/secrets/…), never the secret itself.</summary>
    private static void AssertNoSecretValues(JsonElement config)
    {
        foreach (var (name, service) in Services(config))
        {
            if (!service.TryGetProperty("environment", out var env)) continue;
            foreach (var variable in env.EnumerateObject())
            {
                if (!SecretName().IsMatch(variable.Name) || NotSecret.Contains(variable.Name)) continue;
                var value = variable.Value.ToString();
                Assert.True(variable.Name.EndsWith("_FILE", StringComparison.Ordinal) || value.StartsWith("/run/secrets/", StringComparison.Ordinal),
                    $"{name}: {variable.Name} looks like a secret given as a value; use a Docker secret and the _FILE variant");
            }
        }
    }

    private static void AssertSecretsDeclared(JsonElement config)
    {
        var declared = config.TryGetProperty("secrets", out var s) ? s.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
        foreach (var (name, service) in Services(config))
        {
            if (!service.TryGetProperty("secrets", out var used)) continue;
            foreach (var secret in used.EnumerateArray())
            {
                var source = secret.ValueKind == JsonValueKind.String ? secret.GetString()! : secret.GetProperty("source").GetString()!;
                Assert.True(declared.Contains(source), $"{name} uses undeclared secret {source}");
            }
            // A file secret is read from /run/secrets/<name>: every *_FILE variable must name one this service has.
            if (!service.TryGetProperty("environment", out var env)) continue;
            var mounted = used.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()!
                : x.TryGetProperty("target", out var t) ? t.GetString()! : x.GetProperty("source").GetString()!).ToHashSet();
            foreach (var variable in env.EnumerateObject().Where(v => v.Name.EndsWith("_FILE", StringComparison.Ordinal)))
            {
                var path = variable.Value.GetString()!;
                Assert.True(path.StartsWith("/run/secrets/", StringComparison.Ordinal) && mounted.Contains(path["/run/secrets/".Length..]),
                    $"{name}: {variable.Name}={path} is not one of its secrets ({string.Join(", ", mounted)})");
            }
        }
    }
}
