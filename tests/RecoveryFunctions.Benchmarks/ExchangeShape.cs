namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// What an HTTP exchange with the app carried: its method and the bytes of its request body and of its answer, so the bare
/// route (<see cref="BareHttpServer"/>) can make an exchange of the same shape around a step's calls redone bare.
/// </summary>
internal sealed record ExchangeShape(HttpMethod Method, int RequestBytes, int AnswerBytes)
{
    public static readonly ExchangeShape EmptyGet = new(HttpMethod.Get, 0, 0);
}

/// <summary>
/// Keeps the shape of the last exchange the client made. Read only at one client, right after the request, when no other
/// exchange can have replaced it.
/// </summary>
internal sealed class ExchangeShapeRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private ExchangeShape? _last;

    public ExchangeShape Last => Volatile.Read(ref _last) ?? ExchangeShape.EmptyGet;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        // The app answers every request with a Content-Length (its results are written whole), and the driver sends
        // StringContent, whose length is known before it is sent.
        Volatile.Write(ref _last, new ExchangeShape(request.Method, (int)(request.Content?.Headers.ContentLength ?? 0), (int)(response.Content.Headers.ContentLength ?? 0)));
        return response;
    }
}
