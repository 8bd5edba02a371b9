using System.Text.RegularExpressions;
using System.Xml.Linq;
using Deploy.Tests.Support;

namespace Deploy.Tests.Images;

/// <summary>
/// A built-in lint of docker/*.Dockerfile (hadolint is not packaged by Debian): the .NET images are multi-stage on
/// Microsoft's runtime images, every final stage runs as a non-root user, no ENV or ARG holds a secret, services with an
/// HTTP endpoint have a HEALTHCHECK, what is COPY'd exists, and the restore layer copies every project the
/// deployable references (so a new project reference cannot break the image build unnoticed).
/// </summary>
public sealed partial class DockerfileTests
{
    /// <summary>The .NET deployables: Dockerfile → the project it publishes.</summary>
    public static TheoryData<string, string> DotnetImages => new()
    {
        { "Host.Dockerfile", "src/Host/Host.csproj" },
        { "PanelIngest.Dockerfile", "src/PanelIngest/PanelIngest.csproj" },
        { "PanelSimulator.Dockerfile", "tools/PanelSimulator/PanelSimulator.csproj" },
        { "Audit.Dockerfile", "tools/Audit/Audit.csproj" },
    };

    private static Dockerfile Read(string name) => Dockerfile.Read(Repo.Path("docker", name));

    [Fact]
    public void Every_dockerfile_in_docker_is_checked_here()
    {
        var files = Directory.GetFiles(Repo.Path("docker"), "*.Dockerfile").Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal(["Audit.Dockerfile", "Host.Dockerfile", "PanelIngest.Dockerfile", "PanelSimulator.Dockerfile", "Patroni.Dockerfile"], files);
    }

    [Theory]
    [MemberData(nameof(DotnetImages))]
    public void A_dotnet_image_is_built_in_the_sdk_and_runs_on_the_aspnet_runtime_image(string file, string project)
    {
        var docker = Read(file);
        Assert.True(docker.Stages >= 2, $"{file}: multi-stage (build, then runtime) expected");
        var from = docker.Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToArray();
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", from[0], StringComparison.Ordinal);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(aspnet|runtime):\$\{DOTNET_VERSION\}(-noble-chiseled)? AS runtime$", from[^1]);
        Assert.Contains(docker.Final, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build ", StringComparison.Ordinal));
        Assert.Contains(docker.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains($"dotnet publish {project}", StringComparison.Ordinal));
        var entry = Assert.Single(docker.Final, i => i.Keyword == "ENTRYPOINT");
        Assert.StartsWith("[\"dotnet\", ", entry.Arguments, StringComparison.Ordinal); // exec form: signals reach the app
    }

    [Theory]
    [InlineData("Host.Dockerfile")]
    [InlineData("PanelIngest.Dockerfile")]
    [InlineData("PanelSimulator.Dockerfile")]
    [InlineData("Audit.Dockerfile")]
    [InlineData("Patroni.Dockerfile")]
    public void The_final_stage_runs_as_a_non_root_user_and_no_secret_is_baked_in(string file)
    {
        var docker = Read(file);
        var user = docker.Final.LastOrDefault(i => i.Keyword == "USER");
        Assert.True(user is not null, $"{file}: the final stage sets no USER (it would run as root)");
        Assert.DoesNotMatch(@"^(root|0)(:.*)?$", user!.Arguments);
        foreach (var (name, instruction) in docker.Variables())
            Assert.False(SecretName().IsMatch(name) && !name.EndsWith("_FILE", StringComparison.Ordinal),
                $"{file}: '{instruction}' sets a secret in the image; pass a *_FILE path at run time instead");
        Assert.DoesNotContain(docker.Instructions, i => i.Keyword is "COPY" or "ADD" && i.Arguments.Contains("secrets", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex("(?i)(password|passwd|secret|signingkey|masterkey|apikey|token|connectionstring)")]
    private static partial Regex SecretName();

    [Theory]
    [InlineData("Host.Dockerfile", "/health/ready")]
    [InlineData("Patroni.Dockerfile", "/health")]
    public void A_service_with_an_http_endpoint_has_a_healthcheck_on_it(string file, string path)
    {
        var check = Assert.Single(Read(file).Final, i => i.Keyword == "HEALTHCHECK");
        Assert.Contains($"GET {path} HTTP", check.Arguments, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host.Dockerfile")]
    [InlineData("PanelIngest.Dockerfile")]
    [InlineData("PanelSimulator.Dockerfile")]
    [InlineData("Audit.Dockerfile")]
    [InlineData("Patroni.Dockerfile")]
    public void What_is_copied_from_the_build_context_exists(string file)
    {
        foreach (var copy in Read(file).Instructions.Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal)))
        {
            var sources = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1);
            foreach (var source in sources)
            {
                // The audit CLI is being written: its Dockerfile may name it before it exists (then only it may be missing).
                if (source.StartsWith("tools/Audit", StringComparison.Ordinal) && !Directory.Exists(Repo.Path("tools", "Audit"))) continue;
                Assert.True(File.Exists(Repo.Path(source)) || Directory.Exists(Repo.Path(source)), $"{file}: COPY {source}: not in the repository");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DotnetImages))]
    public void The_restore_layer_copies_every_project_the_deployable_references(string file, string project)
    {
        if (!File.Exists(Repo.Path(project))) return; // tools/Audit before it exists: nothing to compare yet
        var copied = Read(file).Instructions.Where(i => i.Keyword == "COPY").SelectMany(i => i.Arguments.Split(' ')).ToHashSet();
        foreach (var referenced in ProjectClosure(project))
        {
            var directory = Path.GetDirectoryName(referenced)!.Replace('\\', '/') + "/";
            var top = directory.Split('/')[0] + "/";
            Assert.True(copied.Contains(referenced) || copied.Contains(directory) || copied.Contains(top),
                $"{file}: {referenced} is referenced by {project} but not copied before the restore");
        }
    }

    /// <summary>The project and every project it references, transitively, as repository-relative paths.</summary>
    private static IReadOnlyCollection<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([project]);
        while (queue.TryDequeue(out var current))
        {
            if (!seen.Add(current)) continue;
            var directory = Path.GetDirectoryName(Repo.Path(current))!;
            foreach (var reference in XDocument.Load(Repo.Path(current)).Descendants("ProjectReference"))
                queue.Enqueue(Path.GetRelativePath(Repo.Root, Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value))).Replace('\\', '/'));
        }
        return seen;
    }
}
