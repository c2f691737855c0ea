using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Summary;

/// <summary>
/// The whole system with a recorder around the real ACS client: what the queue worker handed to ACS (attachments
/// included) is kept, and the email still goes through the local ACS endpoint to the mailbox.
/// </summary>
public sealed class SentEmailFixture : LocalHostFixture
{
    private readonly ConcurrentQueue<(string To, RenderedEmail Email)> _sent = new();

    public async Task<RenderedEmail> WaitForSentAsync(string to, Func<RenderedEmail, bool> match)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = _sent.Where(s => s.To == to && match(s.Email)).Select(s => s.Email).FirstOrDefault();
            if (found is not null)
            {
                return found;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"No matching email was sent to {to}.");
            await Task.Delay(100);
        }
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        var real = services.Last(d => d.ServiceType == typeof(IEmailSender));
        services.Remove(real);
        services.AddSingleton<IEmailSender>(sp => new Recording((IEmailSender)real.ImplementationFactory!(sp), _sent));
    }

    private sealed class Recording(IEmailSender inner, ConcurrentQueue<(string, RenderedEmail)> sent) : IEmailSender
    {
        public Task<EmailSendResult> SendAsync(EmailSendRequest request, CancellationToken cancellationToken = default)
        {
            sent.Enqueue((request.To, request.Email));
            return inner.SendAsync(request, cancellationToken);
        }

        public Task<EmailSendResult> GetStatusAsync(Guid operationId, CancellationToken cancellationToken = default)
            => inner.GetStatusAsync(operationId, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class SentEmailCollection : ICollectionFixture<SentEmailFixture>
{
    public const string Name = "Sent emails";
}
