using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>
/// <see cref="IEmailSender"/> on the Azure Communication Services Email REST API, api-version 2025-09-01 (the SDK is
/// not available here). A send is a repeatable request (Repeatability-Request-ID + Repeatability-First-Sent, the
/// documented idempotency of Email Send) that also names its operation (Operation-Id), so its status can be read at
/// <c>/emails/operations/{id}</c> by a later run. One call is one request: no inline polling, no pipeline retry;
/// every delay the service asks for (retry-after-ms, retry-after, Retry-After) is returned for the caller to honour.
/// Never throws for a service or network failure.
/// </summary>
public sealed class AcsEmailClient : IEmailSender
{
    public const string EntraScope = "https://communication.azure.com//.default";

    private readonly AcsEmailOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;
    private readonly HttpPipeline _pipeline;
    private readonly SlidingWindowQuota _statusReads;

    /// <param name="options">Endpoint, sender, authentication mode and the status-read budget.</param>
    /// <param name="secrets">Source of <see cref="SecretNames.AcsAccessKey"/> (AccessKey mode only).</param>
    /// <param name="credential">Entra ID credential (ManagedIdentity mode); null builds a managed identity credential from the options.</param>
    /// <param name="timeProvider">Clock for x-ms-date, Retry-After dates and the status-read budget.</param>
    /// <param name="clientOptions">Pipeline options and the status-read budget's windows; tests set the transport.</param>
    /// <param name="logger">Logs operation ids and outcomes, never addresses or content.</param>
    public AcsEmailClient(
        AcsEmailOptions options,
        ISecretSource secrets,
        TokenCredential? credential,
        TimeProvider timeProvider,
        AcsEmailClientOptions? clientOptions = null,
        ILogger<AcsEmailClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"{AcsEmailOptions.SectionName}:{nameof(AcsEmailOptions.Endpoint)} must be an absolute http(s) URL.", nameof(options));
        }

        if (options.Authentication == EmailAuthentication.ManagedIdentity && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            // Bearer tokens are never sent in clear; say so at start-up rather than on the first email.
            throw new ArgumentException($"{AcsEmailOptions.SectionName}:{nameof(AcsEmailOptions.Endpoint)} must be https with ManagedIdentity authentication.", nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority));
        clientOptions ??= new AcsEmailClientOptions();
        _statusReads = new SlidingWindowQuota(options.StatusReadsPerMinute, options.StatusReadsPerHour, clientOptions.StatusReadWindows.Minute, clientOptions.StatusReadWindows.Hour);

        HttpPipelinePolicy authentication = options.Authentication switch
        {
            EmailAuthentication.AccessKey => new AcsHmacAuthenticationPolicy(secrets, timeProvider),
            EmailAuthentication.ManagedIdentity => new BearerTokenAuthenticationPolicy(credential ?? CreateManagedIdentityCredential(options), EntraScope),
            _ => throw new ArgumentException($"Unknown email authentication {options.Authentication}.", nameof(options)),
        };

        _pipeline = HttpPipelineBuilder.Build(clientOptions, authentication);
    }

    public async Task<EmailSendResult> SendAsync(EmailSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.To);
        if (request.OperationId == Guid.Empty)
        {
            throw new ArgumentException("The operation id must be set: it is what keeps a retried email single.", nameof(request));
        }

        var id = request.OperationId.ToString("D");
        var body = new AcsSendEmailRequest(
            _options.SenderAddress,
            new AcsEmailContent(request.Email.Subject, request.Email.PlainText, request.Email.Html),
            new AcsEmailRecipients([new AcsEmailAddress(request.To)]),
            Attachments: request.Email.Attachments is { Count: > 0 } files
                ? files.Select(f => new AcsEmailAttachment(f.Name, f.ContentType, Convert.ToBase64String(f.Content))).ToList()
                : null);
        var result = await ExchangeAsync(
            RequestMethod.Post,
            new Uri(_endpoint, $"/emails:send?api-version={AcsEmailClientOptions.ApiVersion}"),
            message =>
            {
                message.Request.Headers.SetValue("Operation-Id", id);
                message.Request.Headers.SetValue("Repeatability-Request-ID", id);
                message.Request.Headers.SetValue("Repeatability-First-Sent", request.FirstSentAt.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture));
                message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
                message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, AcsJson.Options));
            },
            MapSendResponse,
            cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("ACS email send {OperationId}: {Outcome} {Detail}", request.OperationId, result.Outcome, result.Detail);
        return result;
    }

    public async Task<EmailSendResult> GetStatusAsync(Guid operationId, CancellationToken cancellationToken = default)
    {
        if (_statusReads.TryTake(_timeProvider.GetUtcNow()) is { } wait)
        {
            return new EmailSendResult(EmailSendOutcome.Throttled, wait, "status-read budget of this instance spent");
        }

        var result = await ExchangeAsync(
            RequestMethod.Get,
            new Uri(_endpoint, $"/emails/operations/{operationId:D}?api-version={AcsEmailClientOptions.ApiVersion}"),
            static _ => { },
            MapStatusResponse,
            cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("ACS email status {OperationId}: {Outcome} {Detail}", operationId, result.Outcome, result.Detail);
        return result;
    }

    private async Task<EmailSendResult> ExchangeAsync(RequestMethod method, Uri uri, Action<HttpMessage> prepare, Func<Response, EmailSendResult> map, CancellationToken cancellationToken)
    {
        try
        {
            using var message = _pipeline.CreateMessage();
            message.Request.Method = method;
            message.Request.Uri.Reset(uri);
            prepare(message);
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return map(message.Response);
        }
        catch (RequestFailedException ex) when (ex.Status == 0)
        {
            // The request may have reached the service before the connection broke.
            return new EmailSendResult(EmailSendOutcome.TransientFailure, Detail: $"network error: {ex.GetType().Name}", Uncertain: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new EmailSendResult(EmailSendOutcome.TransientFailure, Detail: "request timed out", Uncertain: true);
        }
    }

    private EmailSendResult MapSendResponse(Response response) => response.Status switch
    {
        202 => MapOperation(TryRead<AcsOperationStatus>(response), RetryAfter(response), "accepted"),

        // Repeatability: the first request with this id is still in progress.
        409 => new EmailSendResult(EmailSendOutcome.Accepted, RetryAfter(response), Describe(response)),

        // Repeatability: the first-sent time is outside the window the service tracks.
        412 => new EmailSendResult(EmailSendOutcome.RepeatabilityExpired, Detail: Describe(response)),
        _ => MapFailure(response),
    };

    private EmailSendResult MapStatusResponse(Response response) => response.Status switch
    {
        200 => MapOperation(TryRead<AcsOperationStatus>(response), RetryAfter(response), "unreadable status"),
        404 => new EmailSendResult(EmailSendOutcome.NotFound, Detail: Describe(response)),
        _ => MapFailure(response),
    };

    private static EmailSendResult MapOperation(AcsOperationStatus? status, TimeSpan? retryAfter, string whenUnknown) => status?.Status switch
    {
        "Succeeded" => EmailSendResult.Sent(),
        "Failed" or "Canceled" => new EmailSendResult(
            EmailSendOutcome.PermanentFailure,
            Detail: status.Error?.Code is { } code ? $"operation {status.Status}: {code}" : $"operation {status.Status}"),
        "NotStarted" or "Running" => new EmailSendResult(EmailSendOutcome.Accepted, retryAfter, $"operation {status.Status}"),
        _ => new EmailSendResult(EmailSendOutcome.Accepted, retryAfter, whenUnknown),
    };

    private EmailSendResult MapFailure(Response response) => response.Status switch
    {
        429 => new EmailSendResult(EmailSendOutcome.Throttled, RetryAfter(response) ?? AcsRetryAfter.Default, Describe(response)),

        // A gateway timeout can come after the service took the request.
        502 or 504 => new EmailSendResult(EmailSendOutcome.TransientFailure, RetryAfter(response), Describe(response), Uncertain: true),
        408 or >= 500 => new EmailSendResult(EmailSendOutcome.TransientFailure, RetryAfter(response), Describe(response)),
        _ => new EmailSendResult(EmailSendOutcome.PermanentFailure, Detail: Describe(response)),
    };

    private TimeSpan? RetryAfter(Response response) => AcsRetryAfter.Read(response, _timeProvider.GetUtcNow());

    private static string Describe(Response response)
        => TryRead<AcsErrorResponse>(response)?.Error?.Code is { } code ? $"HTTP {response.Status} {code}" : $"HTTP {response.Status}";

    private static T? TryRead<T>(Response response)
        where T : class
    {
        try
        {
            var content = response.Content;
            return content is null || content.ToMemory().IsEmpty ? null : content.ToObjectFromJson<T>(AcsJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ManagedIdentityCredential CreateManagedIdentityCredential(AcsEmailOptions options) =>
        string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
}
