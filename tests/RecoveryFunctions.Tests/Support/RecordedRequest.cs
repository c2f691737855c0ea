namespace RecoveryFunctions.Tests.Support;

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization);
