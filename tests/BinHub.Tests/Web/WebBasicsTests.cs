using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

public partial class WebBasicsTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task Health_reports_the_database()
    {
        var response = await app.ClientFor(null).GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_describes_every_api_v1_route()
    {
        var doc = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var documented = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name.TrimEnd('/')).ToHashSet();
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => r.StartsWith("/api/v1"))
            .Select(r => Regex.Replace(r, @"\{(\w+)(:[^}]+)?\}", "{$1}").TrimEnd('/'))
            .ToHashSet();
        Assert.NotEmpty(routes);
        Assert.Empty(routes.Except(documented));
        Assert.True(doc.GetProperty("components").GetProperty("schemas").TryGetProperty("BinInput", out _));
    }

    [Fact]
    public async Task Pages_send_a_strict_content_security_policy_and_have_no_inline_script_or_style()
    {
        var response = await app.ClientFor(null).GetAsync("/Account/Login");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", html);
        Assert.DoesNotMatch(@"\sstyle=""", html);
        Assert.DoesNotMatch(@"<style", html);
    }

    [Fact]
    public async Task Api_without_credentials_gets_a_401_problem_not_a_login_page()
    {
        var response = await app.ClientFor(null).GetAsync("/api/v1/bins");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_revoked_token_no_longer_works()
    {
        var kc = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var client = app.ClientFor(kc.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/bins")).StatusCode);
        await using (var db = app.Db())
        {
            foreach (var t in db.ApiTokens.Where(t => t.UserId == kc.User.Id)) t.RevokedAt = app.Clock.Now;
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/bins")).StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_antiforgery_token_is_refused()
    {
        var response = await app.ClientFor(null).PostAsync("/Account/Login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "a@b.c", ["Password"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("nl-BE", "Aanmelden")]
    [InlineData("fr-BE", "Connexion")]
    [InlineData("de-BE", "Anmeldung")]
    [InlineData("en", "Sign in")]
    public async Task Pages_follow_the_browser_language(string acceptLanguage, string title)
    {
        var html = await app.ClientFor(null, acceptLanguage).GetStringAsync("/Account/Login");
        Assert.Contains($"<h1>{title}</h1>", html);
    }

    [Fact]
    public async Task Emergency_numbers_are_on_every_page()
    {
        var html = await app.ClientFor(null, "nl-BE").GetStringAsync("/");
        Assert.Contains("112", html);
        Assert.Contains("101", html);
    }
}

public class RateLimitTests(RateLimitTests.LowLimitApp app) : IClassFixture<RateLimitTests.LowLimitApp>
{
    public sealed class LowLimitApp : BinHubApp
    {
        protected override int AnonymousPerMinute => 5;
    }

    [Fact]
    public async Task Anonymous_requests_beyond_the_limit_get_429_with_retry_after()
    {
        var client = app.ClientFor(null);
        var statuses = new List<HttpStatusCode>();
        for (var n = 0; n < 8; n++) statuses.Add((await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        var limited = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
    }
}
