using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Kestrel in this process, no host substitute, no middleware, no app: the HTTP exchange every step makes before any of
/// its own work, alone (<see cref="ExchangeAsync(CancellationToken)"/>: a GET answered with a fixed JSON body) or around a
/// step's own calls redone bare, with the step's method and as many bytes sent and answered
/// (<see cref="ExchangeAsync(ExchangeShape, Func{Task}, CancellationToken)"/>), measured beside the steps so their floor can
/// be read with and without it (issue 23 item 4).
/// </summary>
internal sealed class BareHttpServer : IAsyncDisposable
{
    private const string Route = "/bare";

    private const string WorkRoute = "/bare/work";

    private static readonly byte[] Body = "[{\"id\":\"bare\",\"text\":\"Une réponse fixe, de la taille d'une petite réponse de l'API.\"}]"u8.ToArray();

    private readonly WebApplication _app;

    /// <summary>A client of its own (its own connection).</summary>
    private readonly HttpClient _client;

    /// <summary>What the next exchange on <see cref="WorkRoute"/> runs before it answers, and how long its answer is: one exchange at a time (the one-client level).</summary>
    private (Func<Task> Work, int AnswerBytes)? _next;

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
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri($"http://localhost:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        var server = new BareHttpServer(app, client);
        app.MapGet(Route, context => AnswerAsync(context, Body));
        app.Map(WorkRoute, async context =>
        {
            var (work, answerBytes) = server._next ?? throw new InvalidOperationException("No work was given for this exchange.");
            // Read whole, as the app reads its JSON body before its first call.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            await work();
            await AnswerAsync(context, new byte[answerBytes]);
        });
        await app.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>One exchange: the request sent, the whole answer read.</summary>
    public Task ExchangeAsync(CancellationToken cancellationToken) => SendAsync(new HttpRequestMessage(HttpMethod.Get, Route), cancellationToken);

    /// <summary>
    /// One exchange of <paramref name="shape"/> (its method, a body and an answer of its lengths, each with a
    /// Content-Length as the app's) whose route awaits <paramref name="work"/> before it answers: a step's calls served
    /// over HTTP with nothing else.
    /// </summary>
    public async Task ExchangeAsync(ExchangeShape shape, Func<Task> work, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(shape.Method, WorkRoute);
        if (shape.RequestBytes > 0)
        {
            request.Content = new ByteArrayContent(new byte[shape.RequestBytes]) { Headers = { ContentType = new("application/json") } };
        }

        _next = (work, shape.AnswerBytes);
        try
        {
            await SendAsync(request, cancellationToken);
        }
        finally
        {
            _next = null;
        }
    }

    private static Task AnswerAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private async Task SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await _client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
