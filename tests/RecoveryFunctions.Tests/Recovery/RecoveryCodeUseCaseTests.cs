using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.RecoveryCodes;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Recovery;

/// <summary>
/// Saved recovery codes (contract §2.9, docs/security/recovery-codes.md) on the Core services and the in-memory adapters:
/// made from the account space, spent once instead of the mailbox and the question, refused alike for every address.
/// </summary>
public sealed partial class RecoveryCodeUseCaseTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    private int _client;

    [Fact]
    public async Task Generate_TenCodesInGroups_OnlyKeyedHashesStored_HolderEmailedWithoutThem()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        graph.Outbox.Clear();

        var set = await GenerateAsync(email);

        Assert.Equal(10, set.Codes.Count);
        Assert.Equal(10, set.Codes.Distinct().Count());
        Assert.All(set.Codes, code => Assert.Matches(Grouped(), code));
        var stored = await AccountAsync(email);
        Assert.Equal(10, stored.RecoveryCodes.Count);
        Assert.Equal(set.CreatedAt, stored.RecoveryCodesCreatedAt);
        Assert.All(set.Codes, code => Assert.DoesNotContain(stored.RecoveryCodes, h => h.Contains(code.Replace("-", "", StringComparison.Ordinal)[..8], StringComparison.Ordinal)));
        var notice = Assert.Single(graph.Outbox.Drain(), m => m.To == email);
        Assert.Equal(EmailTemplate.RecoveryCodesGenerated, notice.Template);
        Assert.All(set.Codes, code => Assert.DoesNotContain(notice.Values.Values, v => v.Contains(code, StringComparison.Ordinal)));
        Assert.True(RecoveryCodeFormat.EntropyBits >= 112);
    }

    [Fact]
    public async Task Generate_WrongPassword_Refused_NoSetWritten()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var account = await AccountAsync(email);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => graph.Request<RecoveryCodeIssuer>().GenerateAsync(account, "Pas-Le-Bon-2026"));

        Assert.Equal(ProblemCode.PasswordIncorrect, refusal.Problem);
        Assert.Empty((await AccountAsync(email)).RecoveryCodes);
    }

    [Fact]
    public async Task Recover_RightCode_OpensPasswordStage_ResetRevokesSessions_CodeSpentAndNotifiedWithCountLeft()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var set = await GenerateAsync(email);
        var before = await AccountAsync(email);
        graph.Outbox.Clear();

        // Typed as a person copies it from paper: lower case, spaces for dashes.
        var flow = await RecoverAsync(email, set.Codes[3].ToLowerInvariant().Replace('-', ' '));
        var summary = await graph.Request<PasswordReset>().ResetAsync(flow.FlowId, RecoverySteps.NewPassword, RecoverySteps.NewPassword, "fr");

        var after = await AccountAsync(email);
        Assert.Equal(before.SubscriberNumber, summary.SubscriberNumber);
        Assert.Equal(before.SecurityStamp + 1, after.SecurityStamp);
        Assert.Equal(9, after.RecoveryCodes.Count);
        // What the way back costs in email: the notice (with the count left) and the reset's confirmation, neither of
        // them on the time-critical lane, and nothing the holder has to wait for (docs/security/recovery-codes.md).
        var sent = graph.Outbox.Drain();
        Assert.Equal([EmailTemplate.RecoveryCodeUsed, EmailTemplate.PasswordChanged], sent.Select(m => m.Template));
        Assert.DoesNotContain(sent, m => EmailUrgency.IsTimeCritical(m.Template));
        Assert.Equal((email, "9"), (sent[0].To, sent[0].Values[EmailValueKeys.CodesLeft]));
        var again = await Assert.ThrowsAsync<DomainException>(() => RecoverAsync(email, set.Codes[3]));
        Assert.Equal(ProblemCode.RecoveryCodeInvalid, again.Problem);
        Assert.NotNull(await RecoverAsync(email, set.Codes[4]));
    }

    [Fact]
    public async Task Regenerate_OldSetDead_NewSetWorks()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var old = await GenerateAsync(email);

        var fresh = await GenerateAsync(email);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => RecoverAsync(email, old.Codes[0]));
        Assert.Equal(ProblemCode.RecoveryCodeInvalid, refusal.Problem);
        Assert.Equal(10, (await AccountAsync(email)).RecoveryCodes.Count);
        Assert.NotNull(await RecoverAsync(email, fresh.Codes[0]));
    }

    [Fact]
    public async Task Recover_ThreeWrongCodes_CodesRefusedForTheDay_HolderTold_EmailedLinkAndQuestionUntouched()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var set = await GenerateAsync(email);
        graph.Outbox.Clear();

        for (var i = 0; i < 3; i++)
        {
            var wrong = await Assert.ThrowsAsync<DomainException>(() => RecoverAsync(email, RecoveryCodeFormat.NewCode()));
            Assert.Equal(ProblemCode.RecoveryCodeInvalid, wrong.Problem);
        }

        var locked = await Assert.ThrowsAsync<DomainException>(() => RecoverAsync(email, set.Codes[0]));
        Assert.Equal(ProblemCode.RecoveryCodesLocked, locked.Problem);
        Assert.Equal(EmailTemplate.RecoveryCodesLocked, Assert.Single(graph.Outbox.Drain(), m => m.To == email).Template);

        // A stranger who knows only the address closed this way back, not the emailed link nor the question.
        Assert.False((await AccountAsync(email)).IsRecoveryLocked(graph.Time.GetUtcNow()));
        await graph.Request<RecoveryIdentification>().IdentifyAsync(email, NextClient());
        Assert.Contains(graph.Outbox.Drain(), m => m.To == email && m.Template == EmailTemplate.RecoveryLink);

        graph.Time.Advance(TimeSpan.FromHours(24));
        Assert.NotNull(await RecoverAsync(email, set.Codes[0]));
    }

    [Fact]
    public async Task Recover_UnknownPendingLockedNoCodesActive_SameRefusalAndOperations()
    {
        var now = graph.Time.GetUtcNow();
        var unknown = $"inconnu.{Guid.NewGuid():N}@example.fr";
        var pending = await graph.CreateAccountAsync(AccountStatus.Pending);
        var locked = await graph.CreateAccountAsync(AccountStatus.Active, recoveryLockedUntil: now.AddHours(12));
        var withoutCodes = await graph.CreateAccountAsync(AccountStatus.Active);
        var active = await graph.CreateAccountAsync(AccountStatus.Active);
        var lockedCodes = (await GenerateAsync(locked)).Codes;
        await GenerateAsync(active);
        var pendingCode = RecoveryCodeFormat.Format(RecoveryCodeFormat.NewCode());

        var seen = new List<string>();
        foreach (var (email, code) in new[] { (unknown, pendingCode), (pending, pendingCode), (locked, lockedCodes[0]), (withoutCodes, pendingCode), (active, pendingCode) })
        {
            // Three attempts each: the third fills the address's counter and queues one message, whatever the address.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                graph.ClearOperations();
                graph.Outbox.Clear();
                var refusal = await Assert.ThrowsAsync<DomainException>(() => RecoverAsync(email, code));
                var queued = graph.Outbox.Drain();
                seen.Add($"{attempt} {refusal.Code} {refusal.Errors?.Count} {refusal.RetryAfter}: "
                    + string.Join(", ", graph.Operations.Select(o => $"{o.Method} {o.Resource} {o.IsPointRead}"))
                    + $" | outbox {string.Join(",", queued.Select(m => m.Template))}");
            }
        }

        Assert.Contains("recovery-code-invalid", seen[0], StringComparison.Ordinal);
        Assert.Contains("RecoveryCodesLocked", seen[2], StringComparison.Ordinal);
        for (var i = 3; i < seen.Count; i++)
        {
            Assert.Equal(seen[i % 3], seen[i]);
        }
    }

    [Theory]
    [InlineData("ABCD-EFGH")]
    [InlineData("0000-0000-0000-0000-0000-0000")]
    [InlineData("")]
    public async Task Recover_NotShapedLikeACode_ValidationRefusal_NothingReadOrCounted(string typed)
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        graph.ClearOperations();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => RecoverAsync(email, typed));

        Assert.Equal(ProblemCode.ValidationFailed, refusal.Problem);
        Assert.Equal(["recovery-code-malformed"], refusal.Errors!["recoveryCode"]);
        Assert.Empty(graph.Operations);
    }

    private async Task<RecoveryCodeSet> GenerateAsync(string email)
        => await graph.Request<RecoveryCodeIssuer>().GenerateAsync(await AccountAsync(email), ServiceGraphFixture.AccountPassword);

    private Task<OpenFlow> RecoverAsync(string email, string code)
        => graph.Request<RecoveryCodeCheck>().RecoverAsync(email, code, NextClient());

    private async Task<Account> AccountAsync(string email)
        => (await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account;

    private string NextClient() => $"198.51.100.{Interlocked.Increment(ref _client) % 250}";

    [GeneratedRegex("^([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}$")]
    private static partial Regex Grouped();
}
