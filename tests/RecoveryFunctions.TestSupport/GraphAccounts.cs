using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport;

/// <summary>Accounts stored directly through a graph's own ports, as registration leaves them, whichever adapters the graph has.</summary>
public static class GraphAccounts
{
    /// <summary>
    /// Stores an account (password <see cref="ServiceGraphFixture.AccountPassword"/>, answer <see cref="ServiceGraphFixture.AccountAnswer"/>,
    /// both fingerprinted as registration does unless <paramref name="fingerprinted"/> is false) and returns its email.
    /// <paramref name="hashes"/>: the password's and the answer's hashes made once for many accounts (a load driver's
    /// thousands of accounts), each still verifying against its secret.
    /// </summary>
    public static async Task<string> CreateAsync(IServiceProvider services, DateTimeOffset registeredAt, AccountStatus status, DateTimeOffset? recoveryLockedUntil = null, DateTimeOffset? signInLockedUntil = null, bool fingerprinted = true, (string Password, string Answer)? hashes = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var accounts = services.GetRequiredService<IAccountStore>();
        var hasher = services.GetRequiredService<IPasswordHasher>();
        var ring = await services.GetRequiredService<SecretTokenKeyProvider>().GetKeyRingAsync();
        var email = $"graphe.{Guid.NewGuid():N}@example.fr";
        var subscriberNumber = SubscriberNumber.Generate();
        Assert.True(await accounts.TryClaimEmailAsync(email, subscriberNumber));
        Assert.True(await accounts.TryCreateAsync(new Account
        {
            SubscriberNumber = subscriberNumber,
            Email = email,
            Status = status,
            PasswordHash = hashes?.Password ?? hasher.Hash(ServiceGraphFixture.AccountPassword),
            SecurityQuestionId = 1,
            SecurityAnswerHash = hashes?.Answer ?? hasher.Hash(ServiceGraphFixture.AccountAnswer),
            PasswordFingerprint = fingerprinted ? SecretFingerprints.OfPassword(ring, subscriberNumber, ServiceGraphFixture.AccountPassword) : null,
            AnswerFingerprint = fingerprinted ? SecretFingerprints.OfAnswer(ring, subscriberNumber, ServiceGraphFixture.AccountAnswer) : null,
            Language = "fr",
            RegisteredAt = registeredAt,
            SecurityStamp = 1,
            RecoveryLockedUntil = recoveryLockedUntil,
            SignInLockedUntil = signInLockedUntil,
        }));
        return email;
    }
}
