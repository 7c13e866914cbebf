using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

/// <summary>
/// A browser that hits an error gets an HTML page in its language (the layout, 112/101, a way home); a program (/api/…, or
/// Accept: application/json) keeps problem+json.
/// </summary>
public class ErrorPageTests(ErrorPageTests.ThrowingApp app) : IClassFixture<ErrorPageTests.ThrowingApp>
{
    /// <summary>BinHub with one route that fails, at the end of its pipeline (where an unmatched request goes).</summary>
    public sealed class ThrowingApp : BinHubApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddTransient<IStartupFilter, Boom>());
        }

        private sealed class Boom : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => b =>
            {
                next(b);
                b.Run(ctx =>
                {
                    if (ctx.Request.Path.Value?.EndsWith("/boom") == true) throw new InvalidOperationException("test failure");
                    ctx.Response.StatusCode = StatusCodes.Status404NotFound; // what the app answers for an unmatched request
                    return Task.CompletedTask;
                });
            };
        }
    }

    private HttpClient Browser(string lang)
    {
        var client = app.ClientFor(null, lang);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return client;
    }

    private static HttpClient Program(HttpClient client)
    {
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        return client;
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("112", html);
        Assert.Contains("101", html);
        Assert.Contains("<a href=\"/\">", html);
        return html;
    }

    [Fact]
    public async Task A_browser_on_a_missing_page_gets_an_html_page_in_its_language()
    {
        var html = await HtmlAsync(await Browser("nl-BE").GetAsync("/Bestaat/Niet"), HttpStatusCode.NotFound);
        Assert.Contains("<title>Pagina niet gevonden · BinHub</title>", html);
        Assert.Contains("<html lang=\"nl\">", html);
    }

    [Fact]
    public async Task A_page_that_answers_not_found_shows_the_html_page_to_a_browser()
    {
        // A page handler's NotFound() (the composer's preview and the dashboards answer this out of scope) was raw JSON before.
        var html = await HtmlAsync(await Browser("fr-BE").GetAsync("/Privacy?version=nope"), HttpStatusCode.NotFound);
        Assert.Contains("Page introuvable", html);
    }

    [Fact]
    public async Task A_program_asking_for_json_keeps_problem_json_on_pages_and_the_api()
    {
        var page = await Program(app.ClientFor(null)).GetAsync("/Privacy?version=nope");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("application/problem+json", page.Content.Headers.ContentType?.MediaType);

        var api = await Browser("en").GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_shows_the_400_page_in_german()
    {
        var response = await Browser("de-BE").PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "a@b.invalid" }));
        var html = await HtmlAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Die Anfrage konnte nicht verarbeitet werden", html);
    }

    [Fact]
    public async Task A_failure_shows_the_500_page_to_a_browser_and_problem_json_to_the_api()
    {
        var html = await HtmlAsync(await Browser("en").GetAsync("/boom"), HttpStatusCode.InternalServerError);
        Assert.Contains("Something went wrong", html);
        Assert.DoesNotContain("test failure", html);

        var api = await Browser("en").GetAsync("/api/v1/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }
}
