using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Kestrel in this process with one route answering a fixed JSON body, no host substitute, no middleware, no app: the
/// HTTP exchange every step makes before any of its own work, measured beside the steps so their floor can be read with
/// and without it (issue 23 item 4).
/// </summary>
internal sealed class BareHttpServer : IAsyncDisposable
{
    private const string Route = "/bare";

    private static readonly byte[] Body = "[{\"id\":\"bare\",\"text\":\"Une réponse fixe, de la taille d'une petite réponse de l'API.\"}]"u8.ToArray();

    private readonly WebApplication _app;

    /// <summary>A client of its own (its own connection).</summary>
    private readonly HttpClient _client;

    private BareHttpServer(WebApplication app, HttpClient client)
    {
        _app = app;
        _client = client;
    }

    public static async Task<BareHttpServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePort.Next();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        var app = builder.Build();
        app.MapGet(Route, context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.Body.WriteAsync(Body, context.RequestAborted).AsTask();
        });
        await app.StartAsync(cancellationToken);
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri($"http://localhost:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        return new BareHttpServer(app, client);
    }

    /// <summary>One exchange: the request sent, the whole answer read.</summary>
    public async Task ExchangeAsync(CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(new Uri(Route, UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
