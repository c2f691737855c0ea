namespace RecoveryFunctions.Core.Tokens;

/// <summary>What a stored token opens. The kind is checked on every look-up so one kind never opens another.</summary>
public enum TokenKind
{
    Captcha,
    Activation,
    Session,
    RecoveryLink,
    RecoveryFlow,
    EmailChange,
    HelpdeskLink,
    Marker,
}
