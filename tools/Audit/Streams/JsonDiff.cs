using System.Text.Json.Nodes;

namespace Audit.Streams;

/// <summary>
/// The differences between two JSON documents as "path: old → new" lines. Arrays are compared as sorted lists of
/// their elements' JSON, because the states keep sets (triggers, dispatches) whose order means nothing.
/// </summary>
internal static class JsonDiff
{
    public static IReadOnlyList<string> Lines(JsonNode? before, JsonNode? after)
    {
        var lines = new List<string>();
        Walk("$", before, after, lines);
        return lines;
    }

    private static void Walk(string path, JsonNode? a, JsonNode? b, List<string> lines)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)).Order(StringComparer.Ordinal))
                Walk($"{path}.{key}", oa[key], ob[key], lines);
            return;
        }
        var ta = Text(a);
        var tb = Text(b);
        if (ta != tb) lines.Add($"{path}: {ta} → {tb}");
    }

    private static string Text(JsonNode? n) => n switch
    {
        null => "null",
        JsonArray arr => "[" + string.Join(",", arr.Select(Text).Order(StringComparer.Ordinal)) + "]",
        _ => n.ToJsonString(),
    };
}
