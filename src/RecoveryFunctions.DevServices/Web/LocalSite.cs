using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.DevServices.Web;

/// <summary>
/// The front ends on their own origin (http://localhost:5173 by default), as Azure Static Web Apps serves them:
/// the files of src/RecoveryFunctions.Web/wwwroot with the headers of its staticwebapp.config.json, compressed,
/// <c>/config.json</c> naming this run's API origin and the service's name, brand and address (the API's own
/// <see cref="ServiceOptions"/>, as the deployment's build step writes them), and, local host only, the mailbox page.
/// </summary>
public sealed class LocalSite : IAsyncDisposable
{
    private LocalSite(WebApplication app) => App = app;

    public WebApplication App { get; }

    public Uri BaseAddress => new(App.Urls.First());

    public static string WebRoot => Path.Combine(RepositoryRoot.Find(), "src", "RecoveryFunctions.Web", "wwwroot");

    public static async Task<LocalSite> StartAsync(int port, Uri apiBaseAddress, string mailboxDirectory, CancellationToken cancellationToken = default, ServiceOptions? service = null)
    {
        service ??= new ServiceOptions();
        ArgumentNullException.ThrowIfNull(apiBaseAddress);
        await WebVendorFiles.EnsureAsync(StartupStages.Silent, cancellationToken);
        var root = WebRoot;
        var apiOrigin = apiBaseAddress.GetLeftPart(UriPartial.Authority);
        var config = StaticWebAppConfig.Load(Path.Combine(root, StaticWebAppConfig.FileName), apiOrigin);
        var files = new PhysicalFileProvider(root);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development, ContentRootPath = root });
        builder.WebHost.UseUrls($"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json", "image/svg+xml"];
        });

        var app = builder.Build();
        app.UseResponseCompression();
        app.Use(async (context, next) =>
        {
            // Route headers (CSP above all) are the file's; the mailbox pages set their own before this runs.
            context.Response.OnStarting(() =>
            {
                foreach (var (name, value) in config.HeadersFor(context.Request.Path.Value ?? "/"))
                {
                    context.Response.Headers.TryAdd(name, value);
                }

                return Task.CompletedTask;
            });
            await next(context);
        });
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (config.TrailingSlashAuto && !path.EndsWith('/') && !Path.HasExtension(path) && files.GetFileInfo(path + "/index.html").Exists)
            {
                // A 301 keeps the fragment: /mot-de-passe-oublie#token=... lands on /mot-de-passe-oublie/#token=...
                context.Response.Redirect(path + "/" + context.Request.QueryString, permanent: true);
                return;
            }

            await next(context);
        });

        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status404NotFound && !context.Response.HasStarted
                && config.NotFoundRewrite is { } page && files.GetFileInfo(page) is { Exists: true } file)
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.SendFileAsync(file);
            }
        });
        var siteConfig = JsonSerializer.Serialize(new
        {
            apiBaseUrl = apiOrigin,
            service = new { name = service.Name, englishName = service.EnglishName, brand = service.Brand, address = service.Address },
        });
        app.MapGet("/config.json", () => Results.Text(siteConfig, "application/json"));
        app.MapGet("/" + StaticWebAppConfig.FileName, () => Results.NotFound());
        app.MapLocalMailbox(mailboxDirectory);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = ContentTypes(),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        await app.StartAsync(cancellationToken);
        return new LocalSite(app);
    }

    /// <summary>Text served with its charset, as Static Web Apps does.</summary>
    private static FileExtensionContentTypeProvider ContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        foreach (var (extension, type) in new[] { (".html", "text/html"), (".css", "text/css"), (".js", "text/javascript"), (".json", "application/json"), (".svg", "image/svg+xml") })
        {
            provider.Mappings[extension] = type + "; charset=utf-8";
        }

        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
