namespace Domain.Panels;

/// <summary>The INTEGRA panel types. Values are stored in events: never renumber them.</summary>
public enum PanelModel
{
    Integra24 = 0,
    Integra32 = 1,
    Integra64 = 2,
    Integra128 = 3,
    Integra128Wrl = 4,
    Integra64Plus = 66,
    Integra128Plus = 67,
    Integra256Plus = 72,
}

/// <summary>How many partitions and zones each panel type has (PROTOCOL.md §2.2, openHAB IntegraType).</summary>
public static class PanelModelLimits
{
    public static int MaxPartitions(PanelModel model) => model switch
    {
        PanelModel.Integra24 => 4,
        PanelModel.Integra32 => 16,
        _ => 32,
    };

    public static int MaxZones(PanelModel model) => model switch
    {
        PanelModel.Integra24 => 24,
        PanelModel.Integra32 => 32,
        PanelModel.Integra64 or PanelModel.Integra64Plus => 64,
        PanelModel.Integra256Plus => 256,
        _ => 128,
    };
}
