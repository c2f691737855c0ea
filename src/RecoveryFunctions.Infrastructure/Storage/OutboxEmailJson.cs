using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>The one JSON shape of outbox messages, shared by the writer and the queue worker.</summary>
public static class OutboxEmailJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
