namespace RecoveryFunctions.Core.Passwords;

/// <summary>Personal data the password must not contain (canonical email, subscriber number).</summary>
public sealed record PasswordContext(string? Email, string? SubscriberNumber)
{
    public static PasswordContext None { get; } = new(null, null);
}
