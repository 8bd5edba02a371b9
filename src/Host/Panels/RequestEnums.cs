namespace Host.Panels;

/// <summary>Enum values in request bodies are their names ("Arm", "FalseAlarm"), never numbers.</summary>
internal static class RequestEnums
{
    /// <exception cref="ArgumentException">The value is missing, a number or not a name of <typeparamref name="T"/> (400).</exception>
    public static T Parse<T>(string? value, string field) where T : struct, Enum =>
        !string.IsNullOrWhiteSpace(value) && !char.IsAsciiDigit(value.Trim()[0]) && value.Trim()[0] != '-'
        && Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new ArgumentException($"'{field}' must be one of: {string.Join(", ", Enum.GetNames<T>())}.");

    public static T? ParseOptional<T>(string? value, string field) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? null : Parse<T>(value, field);
}
