using System.Text.Json;
using Audit.Infrastructure;

namespace Audit.Verifying;

/// <summary>A stream's head as an anchor recorded it.</summary>
internal sealed record AnchorEntry(string StreamId, long Version, string Hash);

/// <summary>
/// An anchor: every chained stream's (version, head hash) at a moment when verification passed, written as JSON
/// lines. Kept off the database host (WORM storage, a ticket, an e-mail), it turns "the chain is consistent" into
/// "history up to the anchor is unchanged": somebody able to rewrite rows and recompute every hash still cannot
/// match an anchor they do not control.
/// </summary>
internal static class Anchor
{
    public static Dictionary<string, AnchorEntry> Load(string path)
    {
        var entries = new Dictionary<string, AnchorEntry>(StringComparer.Ordinal);
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.GetProperty("kind").GetString() != "head") continue;
                var e = new AnchorEntry(root.GetProperty("streamId").GetString()!, root.GetProperty("version").GetInt64(), root.GetProperty("hash").GetString()!);
                entries[e.StreamId] = e;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new AuditException($"{path}, line {n}: not an anchor line ({e.Message})");
            }
        }
        return entries;
    }

    public sealed class Writer(TextWriter output)
    {
        private readonly JsonLines _lines = new(output);

        public void Header(string schema, DateTimeOffset at) => _lines.Write(w =>
        {
            w.WriteString("kind", "anchor");
            w.WriteString("schema", schema);
            w.WriteString("createdAt", at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("format", EventStore.EventHashChain.FormatVersion);
        });

        public void Head(string streamId, long version, byte[] hash) => _lines.Write(w =>
        {
            w.WriteString("kind", "head");
            w.WriteString("streamId", streamId);
            w.WriteNumber("version", version);
            w.WriteString("hash", Convert.ToHexStringLower(hash));
        });
    }
}
