using System.Text.Json.Serialization;

namespace RecoveryFunctions.Http;

/// <summary>RFC 9457 problem details with the API's extensions: a stable code, the trace id, field errors.</summary>
internal sealed record ProblemBody(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    string TraceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors);
