using Host.Infrastructure;
using Host.Panels.ChangingPanelConnection;
using Host.Panels.DecommissioningPanel;
using Host.Panels.GettingPanel;
using Host.Panels.RegisteringPanel;
using Host.Panels.RequestingPanelControl;

namespace Host.Panels;

internal static class PanelEndpoints
{
    public static void MapPanelEndpoints(this IEndpointRouteBuilder app)
    {
        var panels = app.MapGroup("").AddEndpointFilter<StaleVersionFilter>();
        panels.MapRegisterPanel();
        panels.MapChangePanelConnection();
        panels.MapDecommissionPanel();
        panels.MapRequestPanelControl();
        panels.MapGetPanel();
    }
}
