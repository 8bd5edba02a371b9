using Deploy.Tests.Support;

namespace Deploy.Tests.Failover;

/// <summary>
/// A fact that needs Patroni, etcd and etcdctl (Debian's patroni, etcd-server, etcd-client) and curl: installed at
/// discovery if they can be, else the test is skipped with the reason (as <see cref="NeedsToolFactAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NeedsPatroniFactAttribute : FactAttribute
{
    public NeedsPatroniFactAttribute()
    {
        foreach (var (tool, package) in new[] { ("patroni", "patroni"), ("etcd", "etcd-server"), ("etcdctl", "etcd-client"), ("curl", "curl") })
        {
            var (path, why) = Tools.Ensure(tool, package);
            if (path is not null) continue;
            Skip = why;
            return;
        }
        if (!File.Exists("/usr/lib/postgresql/15/bin/initdb") && !Directory.Exists("/usr/lib/postgresql"))
            Skip = "no PostgreSQL server binaries under /usr/lib/postgresql";
    }
}
