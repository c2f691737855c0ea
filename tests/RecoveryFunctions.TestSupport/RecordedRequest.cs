namespace RecoveryFunctions.TestSupport;

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization);
