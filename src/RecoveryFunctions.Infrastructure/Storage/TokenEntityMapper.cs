using Azure.Data.Tables;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

internal static class TokenEntityMapper
{
    public static TableEntity ToEntity(TokenAddress address, TokenRecord r) => new(address.Partition, address.Row)
    {
        ["Kind"] = r.Kind.ToString(),
        ["SubscriberNumber"] = r.SubscriberNumber,
        ["SecurityStamp"] = r.SecurityStamp,
        ["IssuedAt"] = r.IssuedAt,
        ["ExpiresAt"] = r.ExpiresAt,
        ["ExtendableUntil"] = r.ExtendableUntil,
        ["UsedAt"] = r.UsedAt,
        ["Attempts"] = r.Attempts,
        ["Payload"] = r.Payload,
    };

    public static TokenRecord FromEntity(TableEntity e) => new()
    {
        Kind = Enum.Parse<TokenKind>(e.GetString("Kind")),
        SubscriberNumber = e.GetString("SubscriberNumber"),
        SecurityStamp = e.GetInt64("SecurityStamp") ?? 0,
        IssuedAt = e.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue,
        ExpiresAt = e.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
        ExtendableUntil = e.GetDateTimeOffset("ExtendableUntil"),
        UsedAt = e.GetDateTimeOffset("UsedAt"),
        Attempts = e.GetInt32("Attempts") ?? 0,
        Payload = e.GetString("Payload"),
    };
}
