using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Questions;

namespace RecoveryFunctions.DevServices;

/// <summary>An active account to try the flows with, created at start and printed to the console.</summary>
public static class DemoAccount
{
    public const string Email = "demo.usager@example.fr";
    public const string Password = "Printemps-Fiscal-2026";
    public const string Answer = "Rue des Lilas";
    public const int QuestionId = 7;

    /// <returns>The account's subscriber number.</returns>
    public static async Task<string> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var accounts = services.GetRequiredService<IAccountStore>();
        var hasher = services.GetRequiredService<IPasswordHasher>();
        var time = services.GetRequiredService<TimeProvider>();
        var subscriberNumber = SubscriberNumber.Generate();
        if (await accounts.TryClaimEmailAsync(Email, subscriberNumber, cancellationToken))
        {
            var passwordHash = hasher.Hash(Password);
            await accounts.TryCreateAsync(new Account
            {
                SubscriberNumber = subscriberNumber,
                Email = Email,
                Status = AccountStatus.Active,
                PasswordHash = passwordHash,
                SecurityQuestionId = QuestionId,
                SecurityAnswerHash = hasher.Hash(SecurityAnswerNormalizer.Normalize(Answer)),
                Phone = "+33612345678",
                Language = "fr",
                RegisteredAt = time.GetUtcNow(),
                ActivatedAt = time.GetUtcNow(),
                PasswordHistory = [passwordHash],
                SecurityStamp = 1,
            }, cancellationToken);
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
            $"  mailbox folder  {mailboxDirectory}");
    }
}
