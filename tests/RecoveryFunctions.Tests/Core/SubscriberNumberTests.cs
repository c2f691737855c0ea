using RecoveryFunctions.Core.Identity;

namespace RecoveryFunctions.Tests.Core;

public sealed class SubscriberNumberTests
{
    [Fact]
    public void Generate_ManyTimes_GivesValidThirteenDigitNumbers()
    {
        for (var i = 0; i < 1000; i++)
        {
            var number = SubscriberNumber.Generate();

            Assert.Equal(13, number.Length);
            Assert.All(number, c => Assert.True(char.IsAsciiDigit(c)));
            Assert.NotEqual('0', number[0]);
            Assert.True(SubscriberNumber.IsValid(number), number);
        }
    }

    [Fact]
    public void Generate_ManyTimes_IsNotRepeated()
    {
        var numbers = Enumerable.Range(0, 1000).Select(_ => SubscriberNumber.Generate()).ToHashSet();

        Assert.Equal(1000, numbers.Count);
    }

    [Fact]
    public void IsValid_AnySingleDigitChanged_ReturnsFalse()
    {
        var number = SubscriberNumber.Generate();
        for (var position = 0; position < number.Length; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit == number[position])
                {
                    continue;
                }

                var changed = string.Concat(number.AsSpan(0, position), digit.ToString(), number.AsSpan(position + 1));
                Assert.False(SubscriberNumber.IsValid(changed), changed);
            }
        }
    }

    [Fact]
    public void IsValid_AdjacentDigitsSwapped_IsAlmostAlwaysDetected()
    {
        // MOD 11,10, like Luhn, misses about 2 % of adjacent transpositions; it must catch the rest.
        int swaps = 0, detected = 0;
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var number = SubscriberNumber.Generate();
            for (var i = 0; i < number.Length - 1; i++)
            {
                if (number[i] == number[i + 1])
                {
                    continue;
                }

                var chars = number.ToCharArray();
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                swaps++;
                detected += SubscriberNumber.IsValid(new string(chars)) ? 0 : 1;
            }
        }

        Assert.True(detected >= swaps * 0.95, $"{detected} of {swaps} swaps detected");
    }

    [Theory]
    [InlineData("8609574271", 9)] // German tax id example 86095742719 (ISO 7064 MOD 11,10)
    [InlineData("9457740319", 4)] // Croatian OIB example 94577403194 (ISO 7064 MOD 11,10)
    public void CheckDigit_PublishedMod1110Numbers_MatchTheirCheckDigit(string digits, int expected)
    {
        Assert.Equal(expected, SubscriberNumber.CheckDigit(digits));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123456789012")]
    [InlineData("12345678901234")]
    [InlineData("12345678901a3")]
    [InlineData("１２３４５６７８９０１２３")]
    public void IsValid_WrongShape_ReturnsFalse(string? value)
    {
        Assert.False(SubscriberNumber.IsValid(value));
    }

    [Fact]
    public void TryParse_TypedWithSpaces_ReturnsBareNumber()
    {
        var number = SubscriberNumber.Generate();
        var typed = $" {number[..4]} {number[4..8]}-{number[8..]} ";

        Assert.True(SubscriberNumber.TryParse(typed, out var parsed));
        Assert.Equal(number, parsed);
    }
}
