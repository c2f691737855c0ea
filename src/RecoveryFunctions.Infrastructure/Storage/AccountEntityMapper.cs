using System.Text.Json;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Passkeys;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>Account ⇄ table entity. Only hashes and keyed fingerprints are stored for secrets; the password history, the familiar clients and the recovery codes are JSON arrays of hashes.</summary>
internal static class AccountEntityMapper
{
    public const string RowKey = "account";

    public static TableEntity ToEntity(Account a) => new(a.SubscriberNumber, RowKey)
    {
        ["Email"] = a.Email,
        ["Status"] = a.Status.ToString(),
        ["PasswordHash"] = a.PasswordHash,
        ["SecurityQuestionId"] = a.SecurityQuestionId,
        ["SecurityAnswerHash"] = a.SecurityAnswerHash,
        ["Phone"] = a.Phone,
        ["Language"] = a.Language,
        ["RegisteredAt"] = a.RegisteredAt,
        ["ActivatedAt"] = a.ActivatedAt,
        ["PasswordChangedAt"] = a.PasswordChangedAt,
        ["PasswordHistory"] = JsonSerializer.Serialize(a.PasswordHistory),
        ["SecurityStamp"] = a.SecurityStamp,
        ["FailedSignIns"] = a.FailedSignIns,
        ["SignInLockCount"] = a.SignInLockCount,
        ["SignInLockedUntil"] = a.SignInLockedUntil,
        ["FamiliarClients"] = JsonSerializer.Serialize(a.FamiliarClients),
        ["PasswordFingerprint"] = a.PasswordFingerprint,
        ["AnswerFingerprint"] = a.AnswerFingerprint,
        ["WrongAnswers"] = a.WrongAnswers,
        ["WrongAnswersWindowStart"] = a.WrongAnswersWindowStart,
        ["RecoveryLockedUntil"] = a.RecoveryLockedUntil,
        ["RecoveryCodes"] = JsonSerializer.Serialize(a.RecoveryCodes),
        ["RecoveryCodesCreatedAt"] = a.RecoveryCodesCreatedAt,
        ["PasskeyUserHandle"] = a.PasskeyUserHandle,
        ["Passkeys"] = JsonSerializer.Serialize(a.Passkeys),
        ["AnsweredFlow"] = a.AnsweredFlow,
        ["AnsweredFlowAt"] = a.AnsweredFlowAt,
        ["CompletedFlow"] = a.CompletedFlow,
    };

    public static Account FromEntity(TableEntity e) => new()
    {
        SubscriberNumber = e.PartitionKey,
        Email = e.GetString("Email"),
        Status = Enum.Parse<AccountStatus>(e.GetString("Status")),
        PasswordHash = e.GetString("PasswordHash"),
        SecurityQuestionId = e.GetInt32("SecurityQuestionId") ?? 0,
        SecurityAnswerHash = e.GetString("SecurityAnswerHash"),
        Phone = e.GetString("Phone"),
        Language = e.GetString("Language") ?? "fr",
        RegisteredAt = e.GetDateTimeOffset("RegisteredAt") ?? DateTimeOffset.MinValue,
        ActivatedAt = e.GetDateTimeOffset("ActivatedAt"),
        PasswordChangedAt = e.GetDateTimeOffset("PasswordChangedAt"),
        PasswordHistory = JsonSerializer.Deserialize<string[]>(e.GetString("PasswordHistory") ?? "[]") ?? [],
        SecurityStamp = e.GetInt64("SecurityStamp") ?? 0,
        FailedSignIns = e.GetInt32("FailedSignIns") ?? 0,
        SignInLockCount = e.GetInt32("SignInLockCount") ?? 0,
        SignInLockedUntil = e.GetDateTimeOffset("SignInLockedUntil"),
        FamiliarClients = JsonSerializer.Deserialize<FamiliarClient[]>(e.GetString("FamiliarClients") ?? "[]") ?? [],
        PasswordFingerprint = e.GetString("PasswordFingerprint"),
        AnswerFingerprint = e.GetString("AnswerFingerprint"),
        WrongAnswers = e.GetInt32("WrongAnswers") ?? 0,
        WrongAnswersWindowStart = e.GetDateTimeOffset("WrongAnswersWindowStart"),
        RecoveryLockedUntil = e.GetDateTimeOffset("RecoveryLockedUntil"),
        RecoveryCodes = JsonSerializer.Deserialize<string[]>(e.GetString("RecoveryCodes") ?? "[]") ?? [],
        RecoveryCodesCreatedAt = e.GetDateTimeOffset("RecoveryCodesCreatedAt"),
        PasskeyUserHandle = e.GetString("PasskeyUserHandle"),
        Passkeys = JsonSerializer.Deserialize<Passkey[]>(e.GetString("Passkeys") ?? "[]") ?? [],
        AnsweredFlow = e.GetString("AnsweredFlow"),
        AnsweredFlowAt = e.GetDateTimeOffset("AnsweredFlowAt"),
        CompletedFlow = e.GetString("CompletedFlow"),
    };
}
