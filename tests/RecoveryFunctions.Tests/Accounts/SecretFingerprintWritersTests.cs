using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Accounts;

/// <summary>
/// The contact form can only find a secret whose keyed fingerprint the account keeps: every step that knows the password
/// or the answer in clear writes it, so an account older than the fingerprints gets them at its next sign-in, answer,
/// password change or reset (the same <see cref="Core.Passwords.PasswordChanger"/>) or question change. Registration is
/// proved over HTTP (EndToEnd/AssistanceRequestTests: a freshly registered holder's secrets are found).
/// </summary>
public sealed class SecretFingerprintWritersTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    private const string NewPassword = "Nouveau-Depart-2026x";
    private static int _client;

    [Fact]
    public async Task SignIn_AccountWithoutFingerprints_PasswordFingerprintWritten()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active, fingerprinted: false);

        await graph.Request<SignInService>().SignInAsync(email, ServiceGraphFixture.AccountPassword, NewClient());

        var account = await ReadAsync(email);
        Assert.Equal(SecretFingerprints.OfPassword(await RingAsync(), account.SubscriberNumber, ServiceGraphFixture.AccountPassword), account.PasswordFingerprint);
        Assert.Null(account.AnswerFingerprint);
    }

    [Fact]
    public async Task Answer_AccountWithoutFingerprints_AnswerFingerprintWritten()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active, fingerprinted: false);
        await graph.Request<RecoveryIdentification>().IdentifyAsync(email, NewClient());
        var values = await graph.LastOutboxValuesAsync(email);
        var token = Uri.UnescapeDataString(values["RecoveryUrl"].Split("#token=")[1]);
        var verified = await graph.Request<MailboxVerification>().VerifyLinkAsync(token, "fr", "192.0.2.1");

        await graph.Request<SecurityAnswerCheck>().AnswerAsync(verified.FlowId, "  DUPONT ");

        var account = await ReadAsync(email);
        Assert.Equal(SecretFingerprints.OfAnswer(await RingAsync(), account.SubscriberNumber, ServiceGraphFixture.AccountAnswer), account.AnswerFingerprint);
    }

    [Fact]
    public async Task AccountSpace_PasswordThenQuestionChanged_FingerprintsFollow()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active, fingerprinted: false);
        var ring = await RingAsync();

        await graph.Request<AccountSpaceService>().ChangePasswordAsync(await ReadAsync(email), ServiceGraphFixture.AccountPassword, NewPassword);
        var changed = await ReadAsync(email);
        Assert.Equal(SecretFingerprints.OfPassword(ring, changed.SubscriberNumber, NewPassword), changed.PasswordFingerprint);

        await graph.Request<AccountSpaceService>().ChangeSecurityQuestionAsync(changed, NewPassword, 3, "Clermont-Ferrand");
        var requestioned = await ReadAsync(email);
        Assert.Equal(SecretFingerprints.OfAnswer(ring, changed.SubscriberNumber, "clermont-ferrand"), requestioned.AnswerFingerprint);
        Assert.Equal(changed.PasswordFingerprint, requestioned.PasswordFingerprint);
    }

    private static string NewClient() => $"192.0.2.{Interlocked.Increment(ref _client)}";

    private async Task<Account> ReadAsync(string email)
        => (await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account;

    private Task<TokenKeyRing> RingAsync() => graph.Request<ITokenKeyProvider>().GetKeyRingAsync().AsTask();
}
