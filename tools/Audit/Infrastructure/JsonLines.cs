using System.Text.Json;
using System.Text;

namespace Audit.Infrastructure;

/// <summary>One JSON object per line (the export format and <c>--json</c> output); stored JSON is written as stored.</summary>
internal sealed class JsonLines(TextWriter output)
{
    private readonly MemoryStream _buffer = new();

    public void Write(Action<Utf8JsonWriter> body)
    {
        _buffer.SetLength(0);
        using (var w = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        output.Write(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
        output.Write('\n');
    }

    /// <summary>An event in the export format (also what <c>stream show --json</c> and <c>trace --json</c> print).</summary>
    public void WriteEvent(RawEvent e) => Write(w =>
    {
        w.WriteString("kind", "event");
        w.WriteNumber("position", e.Position);
        w.WriteString("streamId", e.StreamId);
        w.WriteNumber("version", e.Version);
        w.WriteString("eventId", e.EventId);
        w.WriteString("type", e.Type);
        w.WriteString("timestamp", e.Time);
        w.WritePropertyName("data");
        w.WriteRawValue(e.Data, skipInputValidation: true);
        w.WriteStartObject("metadata");
        w.WriteString("correlationId", e.CorrelationId);
        w.WriteString("causationId", e.CausationId);
        w.WriteString("userId", e.UserId);
        w.WriteString("tenant", e.Tenant);
        w.WritePropertyName("headers");
        if (e.Headers is null) w.WriteNullValue(); else w.WriteRawValue(e.Headers, skipInputValidation: true);
        w.WriteEndObject();
        w.WriteString("idempotencyKey", e.IdempotencyKey);
        w.WriteBoolean("archived", e.Archived);
        w.WriteString("hash", e.Hash is null ? null : Convert.ToHexStringLower(e.Hash));
    });
}
