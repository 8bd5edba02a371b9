using System.Text.Json;
using Deploy.Tests.Support;

namespace Deploy.Tests.Kubernetes;

/// <summary>
/// deploy/k8s (the optional Kubernetes target) parses, every object is named, the Host's probes map to its health
/// endpoints, pods run as non-root, and secrets reach the containers only as files (*_FILE) from the Secret.
/// </summary>
public sealed class ManifestTests
{
    private static IReadOnlyList<(string File, JsonElement Doc)> Manifests() =>
        [.. Directory.GetFiles(Repo.Path("deploy", "k8s"), "*.yaml").Order()
            .SelectMany(f => Yaml.Documents(File.ReadAllText(f)).Select(d => (Path.GetFileName(f), d)))];

    [NeedsToolFact("python3-yaml", "python3-yaml")]
    public void Every_object_is_named_and_the_kustomization_lists_existing_files()
    {
        var manifests = Manifests();
        foreach (var (file, doc) in manifests)
        {
            Assert.True(doc.TryGetProperty("apiVersion", out _) && doc.TryGetProperty("kind", out _), $"{file}: apiVersion and kind");
            if (doc.GetProperty("kind").GetString() != "Kustomization") Assert.False(string.IsNullOrEmpty(doc.GetProperty("metadata").GetProperty("name").GetString()), $"{file}: metadata.name");
        }
        var kustomization = Assert.Single(manifests, m => m.Doc.GetProperty("kind").GetString() == "Kustomization").Doc;
        foreach (var resource in kustomization.GetProperty("resources").EnumerateArray())
            Assert.True(File.Exists(Repo.Path("deploy", "k8s", resource.GetString()!)), $"kustomization: {resource} missing");
        Assert.DoesNotContain(kustomization.GetProperty("resources").EnumerateArray(), r => r.GetString()!.StartsWith("secret", StringComparison.Ordinal));
    }

    [NeedsToolFact("python3-yaml", "python3-yaml")]
    public void The_hosts_probes_map_to_its_health_endpoints()
    {
        var host = Deployment("host");
        var container = host.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
        Assert.Equal("/health/startup", ProbePath(container, "startupProbe"));
        Assert.Equal("/health/live", ProbePath(container, "livenessProbe"));
        Assert.Equal("/health/ready", ProbePath(container, "readinessProbe"));
        Assert.True(host.GetProperty("spec").GetProperty("replicas").GetInt32() >= 2);
    }

    [NeedsToolFact("python3-yaml", "python3-yaml")]
    public void Pods_run_as_non_root_and_read_secrets_only_from_files_of_the_secret()
    {
        foreach (var name in new[] { "host", "panel-ingest" })
        {
            var pod = Deployment(name).GetProperty("spec").GetProperty("template").GetProperty("spec");
            Assert.True(pod.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean(), $"{name}: runAsNonRoot");
            var items = pod.GetProperty("volumes").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "secrets")
                .GetProperty("secret").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("path").GetString()).ToHashSet();
            foreach (var env in pod.GetProperty("containers")[0].GetProperty("env").EnumerateArray())
            {
                var variable = env.GetProperty("name").GetString()!;
                if (!variable.EndsWith("_FILE", StringComparison.Ordinal))
                {
                    Assert.DoesNotContain("ConnectionStrings", variable, StringComparison.Ordinal);
                    Assert.DoesNotContain("Key", variable, StringComparison.Ordinal);
                    continue;
                }
                var path = env.GetProperty("value").GetString()!;
                Assert.True(path.StartsWith("/run/secrets/", StringComparison.Ordinal) && items.Contains(path["/run/secrets/".Length..]), $"{name}: {variable}={path} is not a file of the Secret");
            }
        }
    }

    private static JsonElement Deployment(string name) =>
        Manifests().Single(m => m.Doc.GetProperty("kind").GetString() == "Deployment" && m.Doc.GetProperty("metadata").GetProperty("name").GetString() == name).Doc;

    private static string? ProbePath(JsonElement container, string probe) =>
        container.GetProperty(probe).GetProperty("httpGet").GetProperty("path").GetString();
}
