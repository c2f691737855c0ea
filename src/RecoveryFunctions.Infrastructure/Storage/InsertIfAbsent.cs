using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Insert-if-absent with the service's 409 as an answer, not an exception. <see cref="TableClient.AddEntityAsync{T}"/>
/// throws on a 409 and offers no way not to. Registering a known address meets two conflicts (its claim, its account
/// insert) and a new one none, so a stranger could time the exceptions: in the app each cost 0.09–0.16 ms
/// (docs/decisions/0013-insert-conflicts-without-exceptions.md).
/// <see cref="Policy"/>, on every table client, answers an expected conflict with a bodiless 204 that carries a marker
/// header, so the SDK returns normally; only calls made through <see cref="TryAddAsync"/> expect one, every other 409
/// still throws.
/// </summary>
internal static class InsertIfAbsent
{
    private const string ConflictHeader = "x-recovery-insert-conflict";
    private static readonly AsyncLocal<bool> Expected = new();

    /// <summary>The insert's response, or null when a row is already at its keys (nothing written).</summary>
    public static async Task<Response?> TryAddAsync(this TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        Expected.Value = true;
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken);
            return response.Headers.TryGetValue(ConflictHeader, out _) ? null : response;
        }
        finally
        {
            Expected.Value = false;
        }
    }

    /// <summary>Outermost on the table clients (per call), so the recorder and the retry policy still see the real 409.</summary>
    public sealed class Policy : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            AnswerConflict(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            AnswerConflict(message);
        }

        private static void AnswerConflict(HttpMessage message)
        {
            if (Expected.Value && message.Response.Status == 409)
            {
                var conflict = message.Response;
                message.Response = new ConflictAnswer(conflict.ClientRequestId);
                conflict.Dispose();
            }
        }
    }

    /// <summary>The 204 that stands for the 409: no body, only the marker header.</summary>
    private sealed class ConflictAnswer(string clientRequestId) : Response
    {
        public override int Status => 204;

        public override string ReasonPhrase => "No Content";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = clientRequestId;

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => IsMarker(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [new HttpHeader(ConflictHeader, "1")];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = IsMarker(name) ? "1" : null;
            return value is not null;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = IsMarker(name) ? ["1"] : null;
            return values is not null;
        }

        private static bool IsMarker(string name) => string.Equals(name, ConflictHeader, StringComparison.OrdinalIgnoreCase);
    }
}
