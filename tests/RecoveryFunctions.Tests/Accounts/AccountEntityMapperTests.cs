using Azure.Data.Tables;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Tests.Accounts;

/// <summary>
/// The account row's layout is a stored format: rows written by earlier versions must read back and be written again
/// column for column, value for value (docs/architecture/account.md). The row below is written out by hand, as stored.
/// </summary>
public sealed class AccountEntityMapperTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StoredRow_ReadThenWritten_SameColumnsAndValues()
    {
        var stored = StoredRow();

        var written = AccountEntityMapper.ToEntity(AccountEntityMapper.FromEntity(stored));

        Assert.Equal(Columns(stored), Columns(written));
    }

    [Fact]
    public void StoredRow_Read_EveryColumnLandsInItsProperty()
    {
        var account = AccountEntityMapper.FromEntity(StoredRow());

        Assert.Equal(("1234567890128", "a@example.fr", AccountStatus.Active, "$argon2id$p", 4, "$argon2id$a"), (account.SubscriberNumber, account.Email, account.Status, account.PasswordHash, account.SecurityQuestionId, account.SecurityAnswerHash));
        Assert.Equal(["$argon2id$p", "$argon2id$old"], account.PasswordHistory);
        Assert.Equal([new FamiliarClient("k1", At)], account.FamiliarClients);
        Assert.Equal((7L, 2, 1, (DateTimeOffset?)At.AddMinutes(15)), (account.SecurityStamp, account.FailedSignIns, account.SignInLockCount, account.SignInLockedUntil));
        Assert.Equal((1, (DateTimeOffset?)At, (DateTimeOffset?)At.AddHours(24)), (account.WrongAnswers, account.WrongAnswersWindowStart, account.RecoveryLockedUntil));
        Assert.Equal(["h1", "h2"], account.RecoveryCodes);
        Assert.Equal(At.AddDays(-2), account.RecoveryCodesCreatedAt);
        Assert.Equal("handle43", account.PasskeyUserHandle);
        Assert.Equal([new Passkey("cred1", "pk1", 3, "Phone", At, null)], account.Passkeys);
        Assert.Equal(("keyed-flow-id", (DateTimeOffset?)At.AddMinutes(-3)), (account.AnsweredFlow, account.AnsweredFlowAt));
        Assert.Equal("keyed-completed-id", account.CompletedFlow);
    }

    [Fact]
    public void RowOlderThanTheCounters_ReadsAsZeroAndEmpty_WrittenWithEveryColumn()
    {
        var old = new TableEntity("1234567890128", AccountEntityMapper.RowKey)
        {
            ["Email"] = "a@example.fr",
            ["Status"] = "Pending",
            ["PasswordHash"] = "$argon2id$p",
            ["SecurityQuestionId"] = 4,
            ["SecurityAnswerHash"] = "$argon2id$a",
            ["RegisteredAt"] = At,
        };

        var account = AccountEntityMapper.FromEntity(old);
        var written = AccountEntityMapper.ToEntity(account);

        Assert.Equal((0L, 0, 0, "fr"), (account.SecurityStamp, account.WrongAnswers, account.FailedSignIns, account.Language));
        Assert.Empty(account.PasswordHistory);
        Assert.Empty(account.FamiliarClients);
        Assert.Empty(account.RecoveryCodes);
        Assert.Empty(account.Passkeys);
        Assert.Null(account.AnsweredFlow);
        Assert.Null(account.CompletedFlow);
        Assert.Equal(Columns(StoredRow()).Select(c => c.Key), Columns(written).Select(c => c.Key));
    }

    private static TableEntity StoredRow() => new("1234567890128", AccountEntityMapper.RowKey)
    {
        ["Email"] = "a@example.fr",
        ["Status"] = "Active",
        ["PasswordHash"] = "$argon2id$p",
        ["SecurityQuestionId"] = 4,
        ["SecurityAnswerHash"] = "$argon2id$a",
        ["Phone"] = "+33612345678",
        ["Language"] = "en",
        ["RegisteredAt"] = At.AddDays(-30),
        ["ActivatedAt"] = At.AddDays(-29),
        ["PasswordChangedAt"] = At.AddDays(-1),
        ["PasswordHistory"] = "[\"$argon2id$p\",\"$argon2id$old\"]",
        ["SecurityStamp"] = 7L,
        ["FailedSignIns"] = 2,
        ["SignInLockCount"] = 1,
        ["SignInLockedUntil"] = At.AddMinutes(15),
        ["FamiliarClients"] = "[{\"Key\":\"k1\",\"LastSignIn\":\"2026-12-01T09:00:00+00:00\"}]",
        ["PasswordFingerprint"] = "pfp01",
        ["AnswerFingerprint"] = "afp01",
        ["WrongAnswers"] = 1,
        ["WrongAnswersWindowStart"] = At,
        ["RecoveryLockedUntil"] = At.AddHours(24),
        ["RecoveryCodes"] = "[\"h1\",\"h2\"]",
        ["RecoveryCodesCreatedAt"] = At.AddDays(-2),
        ["PasskeyUserHandle"] = "handle43",
        ["Passkeys"] = "[{\"Id\":\"cred1\",\"PublicKey\":\"pk1\",\"SignCount\":3,\"Name\":\"Phone\",\"CreatedAt\":\"2026-12-01T09:00:00+00:00\",\"LastUsedAt\":null}]",
        ["AnsweredFlow"] = "keyed-flow-id",
        ["AnsweredFlowAt"] = At.AddMinutes(-3),
        ["CompletedFlow"] = "keyed-completed-id",
    };

    private static List<KeyValuePair<string, object?>> Columns(TableEntity entity)
        => [.. entity.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new KeyValuePair<string, object?>(c.Key, c.Value))];
}
