using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Questions;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.DevServices.FranceConnect;

namespace RecoveryFunctions.DevServices;

/// <summary>An active account to try the flows with, created at start and printed to the console.</summary>
public static class DemoAccount
{
    public const string Email = "demo.usager@example.fr";
    public const string Password = "Printemps-Fiscal-2026";
    public const string Answer = "Rue des Lilas";
    public const int QuestionId = 7;

    /// <param name="franceConnectClientId">The client id the local FranceConnect knows this host by (its <c>sub</c> depends on it).</param>
    /// <returns>The account's subscriber number.</returns>
    public static async Task<string> SeedAsync(IServiceProvider services, string franceConnectClientId, CancellationToken cancellationToken)
    {
        var accounts = services.GetRequiredService<IAccountStore>();
        var hasher = services.GetRequiredService<IPasswordHasher>();
        var time = services.GetRequiredService<TimeProvider>();
        var subscriberNumber = SubscriberNumber.Generate();
        if (await accounts.TryClaimEmailAsync(Email, subscriberNumber, cancellationToken))
        {
            var passwordHash = hasher.Hash(Password);
            // At start-up, outside any invocation: the key ring as it is now, not a request's.
            var ring = await services.GetRequiredService<SecretTokenKeyProvider>().GetKeyRingAsync(cancellationToken);
            var now = time.GetUtcNow();
            var registered = Account.Register(
                subscriberNumber,
                Email,
                passwordHash,
                SecretFingerprints.OfPassword(ring, subscriberNumber, Password),
                QuestionId,
                hasher.Hash(SecurityAnswerNormalizer.Normalize(Answer)),
                SecretFingerprints.OfAnswer(ring, subscriberNumber, SecurityAnswerNormalizer.Normalize(Answer)),
                "+33612345678",
                "fr",
                now);
            await accounts.TryCreateAsync(registered.Activate(now)!, cancellationToken);

            // Bound to the local FranceConnect's demo identity, so the FranceConnect way back can be tried at once.
            var identity = LocalFranceConnectProcess.DemoIdentity;
            await services.GetRequiredService<IFranceConnectBindingStore>().TryBindAsync(
                subscriberNumber,
                FranceConnectHashes.Binding(ring, new FranceConnectAuthentication(identity.SubFor(franceConnectClientId), identity.Pivot, string.Empty, string.Empty), now),
                cancellationToken);
        }

        return subscriberNumber;
    }

    /// <summary>What the console shows a person about to try the flows.</summary>
    public static string Describe(string subscriberNumber, string mailboxDirectory)
    {
        var question = SecurityQuestionCatalog.Find(QuestionId)!;
        return string.Join(
            Environment.NewLine,
            "Demo account (active):",
            $"  email           {Email}",
            $"  password        {Password}",
            $"  subscriber no.  {subscriberNumber}",
            $"  question        {question.French}",
            $"  answer          {Answer}",
            $"  FranceConnect   bound to the local provider's identity {LocalFranceConnectProcess.DemoIdentity.Describe()}",
            $"  mailbox folder  {mailboxDirectory}");
    }
}
