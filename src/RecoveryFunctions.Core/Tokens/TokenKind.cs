namespace RecoveryFunctions.Core.Tokens;

/// <summary>What a stored token opens. The kind is checked on every look-up so one kind never opens another.</summary>
public enum TokenKind
{
    /// <summary>Captcha rows, no longer written (the challenge is sealed into its id, SealedChallenge); rows written before are swept by cleanup.</summary>
    Captcha,
    Activation,
    Session,

    /// <summary>A recovery link's own row, no longer written (a link carries its flow's address: decision 0010); rows written before are swept by cleanup.</summary>
    RecoveryLink,
    RecoveryFlow,
    EmailChange,

    /// <summary>An agent's link's own row, no longer written, as <see cref="RecoveryLink"/>.</summary>
    HelpdeskLink,

    /// <summary>A WebAuthn ceremony: the token is the challenge; deleted under its ETag by the one response it accepts.</summary>
    PasskeyCeremony,

    /// <summary>The <c>state</c> of a FranceConnect authorization request (FranceConnectAuthorizations).</summary>
    FranceConnectState,

    /// <summary>Supersede markers, no longer written (a newer recovery request revokes nothing); rows written before are swept by cleanup.</summary>
    Marker,

    /// <summary>
    /// A sealed captcha challenge checked once (CaptchaService): inserted at the hash of the challenge's random id, so a
    /// second check of the same challenge meets a conflict. Holds nothing but the hash and the challenge's expiry.
    /// </summary>
    SpentCaptcha,
}
