namespace RecoveryFunctions.Core.Email;

/// <summary>Names of the values a template inserts; all values are encoded by the renderer.</summary>
public static class EmailValueKeys
{
    public const string ActivationUrl = "ActivationUrl";
    public const string SignInUrl = "SignInUrl";
    public const string AssistanceUrl = "AssistanceUrl";
    public const string SubscriberNumber = "SubscriberNumber";
    public const string Email = "Email";
    public const string Question = "Question";
    public const string Phone = "Phone";
    public const string Date = "Date";
    public const string LockedUntil = "LockedUntil";
    public const string RecoveryUrl = "RecoveryUrl";
    public const string Code = "Code";
    public const string ExpiresAt = "ExpiresAt";
    public const string ConfirmUrl = "ConfirmUrl";
    public const string NewEmailMasked = "NewEmailMasked";
    public const string Action = "Action";
    public const string ServiceName = "ServiceName";

    /// <summary>The portal's brand and public address (<see cref="Options.ServiceOptions"/>), shown in the masthead and footer.</summary>
    public const string ServiceBrand = "ServiceBrand";

    public const string ServiceAddress = "ServiceAddress";
    public const string Reference = "Reference";

    /// <summary>How many saved recovery codes are left, as a number.</summary>
    public const string CodesLeft = "CodesLeft";

    /// <summary>The name the holder gave a passkey (encoded like every value).</summary>
    public const string PasskeyName = "PasskeyName";

    /// <summary>Which secret a contact-form message held, as words for the holder ("Votre mot de passe"), never the secret.</summary>
    public const string ExposedSecret = "ExposedSecret";

    /// <summary>
    /// "Asvs" when the service runs the ASVS profile (put by the notifier): the email is then worded without any
    /// security question (<see cref="Templates.EmailLanguageText.WithoutQuestion"/>). Absent otherwise.
    /// </summary>
    public const string Profile = "Profile";

    /// <summary>
    /// Keys whose values are instants, written by producers as ISO 8601 round-trip text ("O", UTC) so the queue
    /// stays machine-readable; the renderer writes them for people in the service's time zone and the email's language.
    /// </summary>
    public static bool IsInstant(string key) => key is Date or ExpiresAt or LockedUntil;
}
