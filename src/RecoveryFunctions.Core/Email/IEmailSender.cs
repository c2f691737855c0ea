namespace RecoveryFunctions.Core.Email;

/// <summary>Sends one rendered email to one recipient (Azure Communication Services Email in production).</summary>
public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(string to, RenderedEmail email, Guid operationId, CancellationToken cancellationToken = default);
}
