namespace RecoveryFunctions.Core.Email.Templates;

/// <summary>How a block of an email template is laid out in HTML and in plain text.</summary>
public enum EmailBlockKind
{
    /// <summary>A paragraph; <c>{Key}</c> placeholders are replaced by encoded values.</summary>
    Paragraph,

    /// <summary>A call-to-action link: the label is the text, the value is an absolute http(s) URL.</summary>
    Button,

    /// <summary>A one-time code shown large: the label is the text, the value is the code.</summary>
    Code,

    /// <summary>A "label: value" row; an empty value shows as "not provided".</summary>
    Detail,

    /// <summary>A "label: value" row left out when the value is absent (the security question under the ASVS profile).</summary>
    OptionalDetail,

    /// <summary>The "not you?" pointer of a security notification, linking to the AssistanceUrl value.</summary>
    NotYou,
}
