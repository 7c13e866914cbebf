namespace BinHub.Tests.Training;

/// <summary>Guessing certificate codes is throttled per client address, like the other code checks (page and API alike).</summary>
public class VerifyRateLimitTests(VerifyRateLimitTests.StrictApp app) : IClassFixture<VerifyRateLimitTests.StrictApp>
{
    public sealed class StrictApp : BinHubApp
    {
        protected override int CodesPerFiveMinutes => 3;
    }

    [Fact]
    public async Task Certificate_checks_answer_429_after_the_limit_on_the_page_and_the_api()
    {
        var client = app.ClientFor(null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Certificates/Verify?code=ABCDE-FGHJK")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/training/certificates/verify?code=ABCDEFGHJM")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Certificates/Verify?code=ABCDE-FGHJN")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/training/certificates/verify?code=ABCDEFGHJP")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/Certificates/Verify?code=ABCDE-FGHJQ")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Join")).StatusCode);
    }
}
