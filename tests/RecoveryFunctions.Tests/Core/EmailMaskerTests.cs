using RecoveryFunctions.Core.Identity;

namespace RecoveryFunctions.Tests.Core;

public sealed class EmailMaskerTests
{
    [Theory]
    [InlineData("jean@example.fr", "j***@e***.fr")]
    [InlineData("jean.dupont@mail.example.com", "j***@m***.com")]
    [InlineData("a@b.fr", "a***@b***.fr")]
    [InlineData("jean@localhost", "j***@l***")]
    [InlineData("", "***")]
    [InlineData(null, "***")]
    [InlineData("not-an-email", "***")]
    public void Mask_Addresses_HideAllButFirstLettersAndTld(string? email, string expected)
    {
        Assert.Equal(expected, EmailMasker.Mask(email));
    }
}
