namespace RecoveryFunctions.Core.Passwords;

/// <summary>Hashes passwords and security answers into self-describing strings.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    /// <returns>False for a wrong password and for a malformed hash string (never throws on bad input).</returns>
    bool Verify(string password, string encoded);

    /// <summary>True when the hash was made with other parameters than the configured ones (or is unreadable).</summary>
    bool NeedsRehash(string encoded);

    /// <summary>Spends the same time as <see cref="Verify"/> so an unknown account costs what a known one does.</summary>
    void DummyVerify(string password);
}
