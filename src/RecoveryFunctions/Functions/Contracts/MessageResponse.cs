namespace RecoveryFunctions.Functions;

/// <summary>A generic acknowledgement, identical whatever happened behind it.</summary>
public sealed record MessageResponse(string Message);
