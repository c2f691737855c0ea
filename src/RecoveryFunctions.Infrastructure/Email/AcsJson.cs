using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>JSON settings of the ACS Email REST contract: camelCase names, nulls left out.</summary>
public static class AcsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
