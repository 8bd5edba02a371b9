namespace Domain;

/// <summary>
/// Stream ids are plain strings with a prefix naming the stream type ("site-…", "panel-…", "alarm-…"), so that
/// events stay primitive when serialised and a stream id in a log line says what it is.
/// </summary>
public static class StreamIds
{
    public const string SitePrefix = "site-";
    public const string PanelPrefix = "panel-";
    public const string AlarmPrefix = "alarm-";

    public static string Site(Guid id) => SitePrefix + id.ToString("N");

    public static string Panel(Guid id) => PanelPrefix + id.ToString("N");

    public static string Alarm(Guid id) => AlarmPrefix + id.ToString("N");
}
