using BinHub.Features.Join;

namespace BinHub.Tests.Join;

public class EnterpriseNumberTests
{
    [Theory]
    [InlineData("BE0403.170.701", "0403170701")]   // a real published number: 97 - (04031707 mod 97) = 01
    [InlineData("0403 170 701", "0403170701")]
    [InlineData("403170701", "0403170701")]        // old nine-digit form
    [InlineData("be 0403-170-701", "0403170701")]
    public void Valid_numbers_in_every_written_form_are_stored_as_ten_digits(string input, string expected)
    {
        Assert.True(EnterpriseNumber.TryParse(input, out var ten));
        Assert.Equal(expected, ten);
    }

    [Theory]
    [InlineData("BE0403.170.702")]  // wrong check digits
    [InlineData("2403170701")]      // must start with 0 or 1
    [InlineData("04031707")]        // too short
    [InlineData("BE0403.170.701x")]
    [InlineData("")]
    [InlineData("NL0403170701")]
    public void Invalid_numbers_are_refused(string input) => Assert.False(EnterpriseNumber.TryParse(input, out _));
}
