namespace Domain;

/// <summary>
/// Records compare list properties by reference. Events and states that carry lists (contacts, partitions, zones)
/// use this so that record equality means "same content", which is what idempotency checks and tests rely on.
/// </summary>
internal static class ListEquality
{
    public static bool Equal<T>(IReadOnlyList<T>? left, IReadOnlyList<T>? right) =>
        ReferenceEquals(left, right) || (left is not null && right is not null && left.SequenceEqual(right));

    public static int Hash<T>(IReadOnlyList<T>? list)
    {
        var hash = new HashCode();
        if (list is not null)
            foreach (var item in list)
                hash.Add(item);
        return hash.ToHashCode();
    }
}
