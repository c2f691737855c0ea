using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>
/// <see cref="IEmailSender"/> on the Azure Communication Services Email REST API (the SDK is not available here):
/// POST /emails:send with the caller's Operation-Id, then poll the operation until it ends. Never throws for a
/// service or network failure: the outcome tells the queue worker whether to retry, wait or give up.
/// </summary>
public sealed class AcsEmailClient : IEmailSender
{
    public const string EntraScope = "https://communication.azure.com//.default";

    private readonly EmailOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;
    private readonly HttpPipeline _pipeline;

    /// <param name="options">Endpoint, sender, authentication mode and polling.</param>
    /// <param name="secrets">Source of <see cref="SecretNames.AcsAccessKey"/> (AccessKey mode only).</param>
    /// <param name="credential">Entra ID credential (ManagedIdentity mode); null builds a managed identity credential from the options.</param>
    /// <param name="timeProvider">Clock for x-ms-date, poll delays and the poll timeout.</param>
    /// <param name="clientOptions">Pipeline options; tests set the transport.</param>
    /// <param name="logger">Logs operation ids and outcomes, never addresses or content.</param>
    public AcsEmailClient(
        EmailOptions options,
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
            throw new ArgumentException($"{EmailOptions.SectionName}:{nameof(EmailOptions.Endpoint)} must be an absolute http(s) URL.", nameof(options));
        }

        if (options.Authentication == EmailAuthentication.ManagedIdentity && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            // Bearer tokens are never sent in clear; say so at start-up rather than on the first email.
            throw new ArgumentException($"{EmailOptions.SectionName}:{nameof(EmailOptions.Endpoint)} must be https with ManagedIdentity authentication.", nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority));

        HttpPipelinePolicy authentication = options.Authentication switch
        {
            EmailAuthentication.AccessKey => new AcsHmacAuthenticationPolicy(secrets, timeProvider),
            // This policy refuses plain http endpoints; the local fake therefore uses AccessKey.
            EmailAuthentication.ManagedIdentity => new BearerTokenAuthenticationPolicy(credential ?? CreateManagedIdentityCredential(options), EntraScope),
            _ => throw new ArgumentException($"Unknown email authentication {options.Authentication}.", nameof(options)),
        };

        _pipeline = HttpPipelineBuilder.Build(clientOptions ?? new AcsEmailClientOptions(), authentication);
    }

    public async Task<EmailSendResult> SendAsync(string to, RenderedEmail email, Guid operationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        ArgumentNullException.ThrowIfNull(email);
        if (operationId == Guid.Empty)
        {
            throw new ArgumentException("The operation id must be set: it is what keeps a retried email single.", nameof(operationId));
        }

        var result = await SendCoreAsync(to, email, operationId.ToString("D"), cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("ACS email operation {OperationId}: {Outcome} {Detail}", operationId, result.Outcome, result.Detail);
        return result;
    }

    private async Task<EmailSendResult> SendCoreAsync(string to, RenderedEmail email, string operationId, CancellationToken cancellationToken)
    {
        Uri statusUri;
        try
        {
            using var message = _pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Post;
            message.Request.Uri.Reset(new Uri(_endpoint, $"/emails:send?api-version={AcsEmailClientOptions.ApiVersion}"));
            message.Request.Headers.SetValue("Operation-Id", operationId);
            message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
            var body = new AcsSendEmailRequest(
                _options.SenderAddress,
                new AcsEmailContent(email.Subject, email.PlainText, email.Html),
                new AcsEmailRecipients([new AcsEmailAddress(to)]),
                Attachments: email.Attachments is { Count: > 0 } files
                    ? files.Select(f => new AcsEmailAttachment(f.Name, f.ContentType, Convert.ToBase64String(f.Content))).ToList()
                    : null);
            message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, AcsJson.Options));

            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var response = message.Response;
            if (response.Status != 202)
            {
                return MapFailure(response);
            }

            var accepted = TryRead<AcsOperationStatus>(response);
            var terminal = MapTerminal(accepted);
            if (terminal is not null)
            {
                return terminal;
            }

            statusUri = StatusUri(response, operationId);
        }
        catch (RequestFailedException ex) when (ex.Status == 0)
        {
            return new EmailSendResult(EmailSendOutcome.TransientFailure, Detail: $"network error: {ex.GetType().Name}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new EmailSendResult(EmailSendOutcome.TransientFailure, Detail: "send request timed out");
        }

        return await PollAsync(statusUri, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls until a terminal status; on timeout the message is retried, and the same Operation-Id keeps it single.</summary>
    private async Task<EmailSendResult> PollAsync(Uri statusUri, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        string lastStatus = "none";
        while (_timeProvider.GetElapsedTime(started) < _options.PollTimeout)
        {
            await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
            try
            {
                using var message = _pipeline.CreateMessage();
                message.Request.Method = RequestMethod.Get;
                message.Request.Uri.Reset(statusUri);
                await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
                var response = message.Response;
                if (response.Status == 200)
                {
                    var status = TryRead<AcsOperationStatus>(response);
                    var terminal = MapTerminal(status);
                    if (terminal is not null)
                    {
                        return terminal;
                    }

                    lastStatus = status?.Status ?? "unreadable";
                }
                else if (response.Status is 401 or 403)
                {
                    return MapFailure(response);
                }
                else
                {
                    // 404 right after acceptance, 429 or 5xx on a status read: keep polling until the timeout.
                    lastStatus = $"HTTP {response.Status}";
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 0)
            {
                lastStatus = "network error";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastStatus = "status request timed out";
            }
        }

        return new EmailSendResult(EmailSendOutcome.TransientFailure, Detail: $"operation not finished after {_options.PollTimeout} (last: {lastStatus})");
    }

    private EmailSendResult MapFailure(Response response)
    {
        var code = TryRead<AcsErrorResponse>(response)?.Error?.Code;
        var detail = code is null ? $"HTTP {response.Status}" : $"HTTP {response.Status} {code}";
        return response.Status switch
        {
            429 => new EmailSendResult(
                EmailSendOutcome.Throttled,
                AcsRetryAfter.Read(response, _timeProvider.GetUtcNow()) ?? AcsRetryAfter.Default,
                detail),
            408 or >= 500 => new EmailSendResult(EmailSendOutcome.TransientFailure, Detail: detail),
            _ => new EmailSendResult(EmailSendOutcome.PermanentFailure, Detail: detail),
        };
    }

    private static EmailSendResult? MapTerminal(AcsOperationStatus? status) => status?.Status switch
    {
        "Succeeded" => EmailSendResult.Sent(),
        "Failed" or "Canceled" => new EmailSendResult(
            EmailSendOutcome.PermanentFailure,
            Detail: status.Error?.Code is { } code ? $"operation {status.Status}: {code}" : $"operation {status.Status}"),
        _ => null,
    };

    /// <summary>
    /// Follows Operation-Location only on the configured endpoint's authority, so the signed or bearer-authenticated
    /// status request can never be sent to another host; otherwise builds the documented status URL.
    /// </summary>
    private Uri StatusUri(Response response, string operationId)
    {
        if (response.Headers.TryGetValue("Operation-Location", out var location)
            && Uri.TryCreate(location, UriKind.Absolute, out var uri)
            && Uri.Compare(uri, _endpoint, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return uri;
        }

        return new Uri(_endpoint, $"/emails/operations/{Uri.EscapeDataString(operationId)}?api-version={AcsEmailClientOptions.ApiVersion}");
    }

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

    private static ManagedIdentityCredential CreateManagedIdentityCredential(EmailOptions options) =>
        string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
}
