namespace RecoveryFunctions.Core.Identity;

/// <summary>Shows an address without revealing it: jean.dupont@example.fr → j***@e***.fr.</summary>
public static class EmailMasker
{
    private const string Hidden = "***";

    public static string Mask(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return Hidden;
        }

        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
        {
            return Hidden;
        }

        var local = email[..at];
        var domain = email[(at + 1)..];
        var lastDot = domain.LastIndexOf('.');

        // Only the top-level domain is shown in full: it narrows nothing down.
        var maskedDomain = lastDot > 0 && lastDot < domain.Length - 1
            ? string.Concat(domain.AsSpan(0, 1), Hidden, domain.AsSpan(lastDot))
            : string.Concat(domain.AsSpan(0, 1), Hidden);

        return string.Concat(local.AsSpan(0, 1), Hidden, "@", maskedDomain);
    }
}
