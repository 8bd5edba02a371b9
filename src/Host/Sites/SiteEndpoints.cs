using Host.Infrastructure;
using Host.Sites.ChangingSiteDetails;
using Host.Sites.DecommissioningSite;
using Host.Sites.GettingSite;
using Host.Sites.RegisteringSite;

namespace Host.Sites;

internal static class SiteEndpoints
{
    public static void MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        var sites = app.MapGroup("").AddEndpointFilter<StaleVersionFilter>();
        sites.MapRegisterSite();
        sites.MapChangeSiteDetails();
        sites.MapDecommissionSite();
        sites.MapGetSite();
    }
}
