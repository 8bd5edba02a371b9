using Deploy.Tests.Support;

namespace Deploy.Tests.Nginx;

/// <summary>
/// A throwaway nginx around one of our sites, all in <c>dir</c>: a self-signed certificate (cert.pem, key.pem, for
/// localhost and 127.0.0.1), the site as site.conf, and a minimal nginx.conf that includes it (pid, logs and temp
/// paths inside dir, so nothing of the machine's nginx is touched).
/// </summary>
internal static class NginxWrapper
{
    /// <summary>Writes the certificate, the site and nginx.conf; returns nginx.conf's path.</summary>
    public static string Write(string dir, string site)
    {
        var openssl = Processes.Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", Path.Combine(dir, "key.pem"), "-out", Path.Combine(dir, "cert.pem")]);
        Assert.True(openssl.ExitCode == 0, "openssl: " + openssl.Output);
        File.WriteAllText(Path.Combine(dir, "site.conf"), site);
        var conf = Path.Combine(dir, "nginx.conf");
        File.WriteAllText(conf, $$"""
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            worker_processes 1;
            events {}
            http {
                access_log off;
                client_body_temp_path {{dir}}/body;
                proxy_temp_path {{dir}}/proxy;
                include {{dir}}/site.conf;
            }
            """);
        return conf;
    }

    public static string Nginx => Tools.Ensure("nginx", "nginx-light").Path!;
}
