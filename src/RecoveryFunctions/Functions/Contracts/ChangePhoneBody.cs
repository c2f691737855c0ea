namespace RecoveryFunctions.Functions.Contracts;

/// <summary><see cref="Phone"/> must be sent; <c>null</c> removes the phone (an absent field is a mistake, not a removal).</summary>
public sealed record ChangePhoneBody(string CurrentPassword, string? Phone);
