using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Audit;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// An audit row as stored, in the audit table or beside the account in the Accounts table (<see cref="AuditPlacement"/>):
/// partition = subscriber number; row key = a prefix, inverted ticks, so the newest sort first, and random bits, so two
/// events of the same tick never collide.
/// </summary>
internal static class AuditRows
{
    /// <summary>
    /// Row-key prefix of the audit rows in an account's partition: '-' sorts apart from the account row ("account"), and
    /// the rows are the key range [<see cref="BesideTheAccount"/>, <see cref="BesideTheAccountEnd"/>).
    /// </summary>
    public const string BesideTheAccount = "audit-";

    public const string BesideTheAccountEnd = "audit.";

    public static TableEntity ToEntity(AuditEvent auditEvent, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return new TableEntity(auditEvent.SubscriberNumber, prefix + RowKey(auditEvent))
        {
            ["At"] = auditEvent.At,
            ["Type"] = auditEvent.Type,
            ["AgentId"] = auditEvent.AgentId,
            ["AgentName"] = auditEvent.AgentName,
            ["Reason"] = auditEvent.Reason,
            ["Detail"] = auditEvent.Detail,
        };
    }

    /// <summary>Inverted ticks, so the newest sort first, then random bits, so two events of one tick never collide.</summary>
    public static string RowKey(AuditEvent auditEvent)
        => $"{(DateTimeOffset.MaxValue.UtcTicks - auditEvent.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";

    public static AuditEvent FromEntity(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        entity.GetString("Type") ?? "",
        entity.GetString("AgentId"),
        entity.GetString("AgentName"),
        entity.GetString("Reason"),
        entity.GetString("Detail"));
}
