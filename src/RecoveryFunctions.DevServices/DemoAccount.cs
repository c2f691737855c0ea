using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Questions;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.DevServices;

/// <summary>An active account to try the flows with, created at start and printed to the console.</summary>
public static class DemoAccount
{
    public const string Email = "demo.usager@example.fr";
    public const string Password = "Printemps-Fiscal-2026";
    public const string Answer = "Rue des Lilas";
    public const int QuestionId = 7;

    public static async Task SeedAsync(IServiceProvider services, string mailboxDirectory, CancellationToken cancellationToken)
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
        }

        var question = SecurityQuestionCatalog.Find(QuestionId)!;
        Console.WriteLine("Demo account (active):");
        Console.WriteLine($"  email           {Email}");
        Console.WriteLine($"  password        {Password}");
        Console.WriteLine($"  subscriber no.  {subscriberNumber}");
        Console.WriteLine($"  question        {question.French}");
        Console.WriteLine($"  answer          {Answer}");
        Console.WriteLine($"  mailbox folder  {mailboxDirectory}");
    }
}
