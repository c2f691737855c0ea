namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// What the Functions host and its platform do around HTTP functions, and nothing more, from the settings
/// they read (the app itself owns every product behaviour, e.g. the problem+json 500 is worker middleware):
/// <list type="bullet">
/// <item>CORS first: the ASP.NET Core CORS middleware with the policy the host builds from
/// <c>siteConfig.cors</c> on Flex Consumption and Core Tools from <c>Host.CORS</c> (the listed origins, any
/// header, any method, credentials only when asked), so a preflight is answered 204 before any function
/// runs and a refused origin simply gets no CORS header.</item>
/// <item>The home page at <c>/</c>: 204 when <c>AzureWebJobsDisableHomepage</c> is true (as deployed).</item>
/// <item>An unknown route, or a declared route with a method it does not declare, is an empty 404: the
/// host's routes are method-constrained and fall through; it never answers 405.</item>
/// </list>
/// </summary>
public static class PlatformHttpBehaviour
{
    public static void UsePlatformHttpBehaviour(this WebApplication app)
    {
        var cors = HostCorsSettings.From(app.Configuration);
        if (cors.Origins.Count > 0)
        {
            app.UseCors(policy =>
            {
                policy.WithOrigins([.. cors.Origins]).AllowAnyHeader().AllowAnyMethod();
                if (cors.SupportCredentials)
                {
                    policy.AllowCredentials();
                }
            });
        }

        var homepageDisabled = app.Configuration.GetValue<bool>("AzureWebJobsDisableHomepage");
        app.UseWhen(context => context.Request.Path.Value == "/", home => home.Run(async context =>
        {
            if (homepageDisabled)
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<!DOCTYPE html><title>Functions host</title><p>The function app is running.</p>");
        }));

        app.UseRouting();

        // Endpoint routing picks a non-route "405" endpoint when only the method differs; the host has none.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is { } endpoint and not RouteEndpoint)
            {
                context.SetEndpoint(null);
            }

            return next(context);
        });
    }
}
