using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventStore;

/// <summary>
/// Maps CLR event types to pinned stored names and back, and turns stored old versions into current types
/// (upcasting). A stored name is a contract: renaming a class never changes it.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<Type, string> _names = new();
    private readonly ConcurrentDictionary<string, Func<string, JsonSerializerOptions, object>> _readers = new(StringComparer.Ordinal);

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="storedName"/>.</summary>
    public EventTypeRegistry Register<T>(string storedName) where T : notnull => Register(typeof(T), storedName);

    /// <summary>Registers <paramref name="type"/> under <paramref name="storedName"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or already used by another type.</exception>
    public EventTypeRegistry Register(Type type, string storedName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storedName);
        if (storedName.Length > 200) throw new ArgumentException("Event type names are at most 200 characters.", nameof(storedName));
        lock (_names)
        {
            if (_names.TryGetValue(type, out var existing))
            {
                if (existing == storedName) return this; // registering the same pair twice is harmless
                throw new ArgumentException($"{type.Name} is already registered as '{existing}'.", nameof(type));
            }
            if (_readers.ContainsKey(storedName))
                throw new ArgumentException($"'{storedName}' is already registered for another type or upcaster.", nameof(storedName));
            _readers[storedName] = (json, o) => JsonSerializer.Deserialize(json, type, o)!;
            _names[type] = storedName;
        }
        return this;
    }

    /// <summary>
    /// Reads events stored as <paramref name="oldStoredName"/> (deserialised as <typeparamref name="TOld"/>)
    /// as <typeparamref name="TNew"/>. The old type need not be registered for writing.
    /// </summary>
    public EventTypeRegistry Upcast<TOld, TNew>(string oldStoredName, Func<TOld, TNew> upcast) where TNew : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(oldStoredName);
        AddReader(oldStoredName, (json, o) => upcast(JsonSerializer.Deserialize<TOld>(json, o)!));
        return this;
    }

    /// <summary>Reads events stored as <paramref name="oldStoredName"/> from their raw JSON as <typeparamref name="TNew"/>.</summary>
    public EventTypeRegistry Upcast<TNew>(string oldStoredName, Func<JsonObject, TNew> upcast) where TNew : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(oldStoredName);
        AddReader(oldStoredName, (json, _) => upcast(JsonNode.Parse(json)!.AsObject()));
        return this;
    }

    private void AddReader(string name, Func<string, JsonSerializerOptions, object> reader)
    {
        lock (_names)
            if (!_readers.TryAdd(name, reader))
            throw new ArgumentException($"'{name}' already has a reader; an upcaster is for names no current type uses.", nameof(name));
    }

    /// <summary>The stored name of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">The type is not registered.</exception>
    public string NameOf(Type type) =>
        _names.TryGetValue(type, out var name)
            ? name
            : throw new ArgumentException($"Event type {type.FullName} is not registered. Register it with a pinned name.", nameof(type));

    /// <summary>Whether events stored under <paramref name="storedName"/> can be read.</summary>
    public bool IsKnown(string storedName) => _readers.ContainsKey(storedName);

    /// <summary>Deserialises (and upcasts) JSON stored under <paramref name="storedName"/>; false when the name is unknown.</summary>
    /// <exception cref="JsonException">The JSON does not fit the type.</exception>
    public bool TryDeserialize(string storedName, string json, JsonSerializerOptions options, out object? data) => TryRead(storedName, json, options, out data);

    internal bool TryRead(string storedName, string json, JsonSerializerOptions options, out object? data)
    {
        if (!_readers.TryGetValue(storedName, out var reader))
        {
            data = null;
            return false;
        }
        data = reader(json, options);
        return true;
    }
}
