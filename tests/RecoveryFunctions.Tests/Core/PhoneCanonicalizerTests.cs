using RecoveryFunctions.Core.Identity;

namespace RecoveryFunctions.Tests.Core;

public sealed class PhoneCanonicalizerTests
{
    [Theory]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("0612345678", "+33612345678")]
    [InlineData("06.12.34.56.78", "+33612345678")]
    [InlineData("06-12-34-56-78", "+33612345678")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("+33 (0)6 12 34 56 78", "+33612345678")]
    [InlineData("0033612345678", "+33612345678")]
    [InlineData(" 01 42 75 80 00 ", "+33142758000")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void TryCanonicalize_ValidNumbers_GiveE164(string input, string expected)
    {
        Assert.True(PhoneCanonicalizer.TryCanonicalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("06 12")]
    [InlineData("00 00 00 00 00")]
    [InlineData("06 12 34 56 78 90 12")]
    [InlineData("+999 12345678")]
    [InlineData("' or 1 eq 1")]
    [InlineData("0612345678012345678901234567890123456789012345")]
    public void TryCanonicalize_Invalid_ReturnsFalse(string? input)
    {
        Assert.False(PhoneCanonicalizer.TryCanonicalize(input, out var e164));
        Assert.Equal(string.Empty, e164);
    }

    [Fact]
    public void Mask_FrenchMobile_ShowsCountryCodeAndLastTwoDigits()
    {
        Assert.Equal("+33•••••••78", PhoneCanonicalizer.Mask("+33612345678"));
    }

    [Fact]
    public void Mask_UkNumber_KeepsItsCountryCode()
    {
        Assert.Equal("+44••••••••58", PhoneCanonicalizer.Mask("+442079460958"));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    public void Mask_Missing_IsEmpty(string? input, string expected)
    {
        Assert.Equal(expected, PhoneCanonicalizer.Mask(input));
    }
}
