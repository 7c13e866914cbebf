using BinHub.Features.Phones;

namespace BinHub.Tests.Phones;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("0470 12 34 56", "+32470123456", PhoneKind.Mobile)]
    [InlineData("0470/12.34.56", "+32470123456", PhoneKind.Mobile)]
    [InlineData("+32 470 12 34 56", "+32470123456", PhoneKind.Mobile)]
    [InlineData("0032470123456", "+32470123456", PhoneKind.Mobile)]
    [InlineData("+32 (0)470 12 34 56", "+32470123456", PhoneKind.Mobile)]
    [InlineData("+320470123456", "+32470123456", PhoneKind.Mobile)]
    [InlineData("0499-99-99-99", "+32499999999", PhoneKind.Mobile)]
    [InlineData("09 123 45 67", "+3291234567", PhoneKind.Landline)]
    [InlineData("02/511.22.33", "+3225112233", PhoneKind.Landline)]
    [InlineData("087 55 44 33", "+3287554433", PhoneKind.Landline)]
    [InlineData("+32 3 123 45 67", "+3231234567", PhoneKind.Landline)]
    [InlineData("+31 6 12345678", "+31612345678", PhoneKind.Foreign)]
    [InlineData("0049 171 1234567", "+491711234567", PhoneKind.Foreign)]
    [InlineData("+352 621 123 456", "+352621123456", PhoneKind.Foreign)]
    public void Common_ways_of_writing_a_number_give_its_E164(string input, string e164, PhoneKind kind)
    {
        Assert.True(PhoneNumber.TryParse(input, out var number, out var error), error);
        Assert.Equal(e164, number!.E164);
        Assert.Equal(kind, number.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("470123456")]          // no leading 0 nor country code
    [InlineData("0470 12 34 5")]       // one digit short
    [InlineData("0470 12 34 567")]     // one digit too many
    [InlineData("0412 34 56 78")]      // 041x is no mobile range
    [InlineData("0800 12 345")]        // free phone
    [InlineData("0900 12 345")]        // premium
    [InlineData("070 22 33 44")]       // shared cost
    [InlineData("+1 23")]              // too short
    [InlineData("+123456789012345678")] // longer than E.164 allows
    [InlineData("0470 12 34 56 ext 2")]
    [InlineData("04701+23456")]
    [InlineData("<script>")]
    public void Invalid_numbers_are_refused_with_a_reason(string input)
    {
        Assert.False(PhoneNumber.TryParse(input, out var number, out var error));
        Assert.Null(number);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void A_masked_number_shows_only_the_country_prefix_and_last_two_digits()
    {
        PhoneNumber.TryParse("0470 12 34 56", out var number, out _);
        Assert.Equal("+32••••••56", number!.Masked);
    }
}
