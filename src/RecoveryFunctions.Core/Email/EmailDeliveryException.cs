namespace RecoveryFunctions.Core.Email;

/// <summary>Thrown for a transient send failure so the queue host retries the message.</summary>
public sealed class EmailDeliveryException(string message) : Exception(message);
