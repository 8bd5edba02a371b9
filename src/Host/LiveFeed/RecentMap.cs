namespace Host.LiveFeed;

/// <summary>
/// A map that forgets what has not been used for a while, in constant memory: two generations of at most
/// <paramref name="capacity"/> entries each; when the current one is full it becomes the old one and the oldest is
/// dropped. A hit in the old generation moves the entry forward. Good enough for facts that never change (an
/// alarm's site), where forgetting costs only a read of the store. Not thread-safe: one tail uses it.
/// </summary>
internal sealed class RecentMap(int capacity)
{
    private Dictionary<string, string> _current = new(StringComparer.Ordinal);
    private Dictionary<string, string> _previous = new(StringComparer.Ordinal);

    public bool TryGet(string key, out string value)
    {
        if (_current.TryGetValue(key, out value!)) return true;
        if (!_previous.TryGetValue(key, out value!)) return false;
        Set(key, value);
        return true;
    }

    public void Set(string key, string value)
    {
        if (_current.Count >= capacity && !_current.ContainsKey(key))
        {
            _previous = _current;
            _current = new Dictionary<string, string>(StringComparer.Ordinal);
        }
        _current[key] = value;
    }
}
