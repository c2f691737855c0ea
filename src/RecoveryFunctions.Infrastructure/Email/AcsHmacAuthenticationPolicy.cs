using Azure.Core;
using Azure.Core.Pipeline;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>
/// Signs every request with the ACS access key (x-ms-date, x-ms-content-sha256, Authorization). The key is read from
/// <see cref="ISecretSource"/> on each request, so a rotated key is picked up without a restart (the source caches).
/// Placed per retry, so a retried request gets a fresh date.
/// </summary>
public sealed class AcsHmacAuthenticationPolicy(ISecretSource secrets, TimeProvider timeProvider) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        // The client only sends asynchronously; the sync path exists for completeness of the policy contract.
        SignAsync(message, message.CancellationToken).AsTask().GetAwaiter().GetResult();
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await SignAsync(message, message.CancellationToken).ConfigureAwait(false);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    private async ValueTask SignAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        var encodedKey = await secrets.GetSecretAsync(SecretNames.AcsAccessKey, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(encodedKey))
        {
            throw new InvalidOperationException($"The secret '{SecretNames.AcsAccessKey}' (ACS access key) is missing.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(encodedKey.Trim());
        }
        catch (FormatException)
        {
            // Never echo the value: it is the key.
            throw new InvalidOperationException($"The secret '{SecretNames.AcsAccessKey}' is not valid base64.");
        }

        var body = await ReadBodyAsync(message.Request.Content, cancellationToken).ConfigureAwait(false);
        var uri = message.Request.Uri.ToUri();
        var date = AcsHmacSigner.FormatDate(timeProvider.GetUtcNow());
        var contentHash = AcsHmacSigner.ComputeContentHash(body);
        var stringToSign = AcsHmacSigner.BuildStringToSign(message.Request.Method.Method, uri.PathAndQuery, date, AcsHmacSigner.SignedHost(uri), contentHash);
        var signature = AcsHmacSigner.ComputeSignature(key, stringToSign);

        message.Request.Headers.SetValue("x-ms-date", date);
        message.Request.Headers.SetValue("x-ms-content-sha256", contentHash);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, AcsHmacSigner.FormatAuthorization(signature));
    }

    private static async ValueTask<byte[]> ReadBodyAsync(RequestContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return [];
        }

        using var buffer = new MemoryStream();
        await content.WriteToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
