namespace RecoveryFunctions.Core.Secrets;

/// <summary>Secret names, identical in Key Vault and in the <c>Secrets:Values</c> configuration section.</summary>
public static class SecretNames
{
    /// <summary>Current token HMAC key, base64, at least 32 bytes.</summary>
    public const string TokenKeyCurrent = "token-hmac-current";

    /// <summary>Previous token HMAC key (accepted for validation during rotation), base64.</summary>
    public const string TokenKeyPrevious = "token-hmac-previous";

    /// <summary>Current AES-256-GCM key of the email outbox messages (seals every message), base64, exactly 32 bytes.</summary>
    public const string OutboxKeyCurrent = "outbox-key-current";

    /// <summary>Previous outbox key (still opens messages queued before a rotation), base64, exactly 32 bytes.</summary>
    public const string OutboxKeyPrevious = "outbox-key-previous";

    /// <summary>ACS access key (base64), for HMAC authentication.</summary>
    public const string AcsAccessKey = "acs-access-key";

    /// <summary>The PISTE application's client secret, for the CaptchEtat provider's OAuth2 client credentials.</summary>
    public const string CaptchEtatClientSecret = "captchetat-client-secret";

    /// <summary>
    /// The throttle cache's StackExchange.Redis configuration string, access key included (<c>host:10000,password=…,ssl=True</c>):
    /// read only when <c>Throttling:Store</c> is Redis (docs/decisions/0008-throttles-in-a-cache.md).
    /// </summary>
    public const string ThrottleCacheConnection = "throttle-cache-connection";
}
