namespace RecoveryFunctions.Core.Tokens;

/// <summary>What a stored token opens. The kind is checked on every look-up so one kind never opens another.</summary>
public enum TokenKind
{
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
}
