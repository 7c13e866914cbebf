namespace BinHub.Tests.Cli;

/// <summary>
/// <c>dotnet BinHub.dll &lt;something&gt;</c> as an operator types it: asking for help, or mistyping a verb, prints the
/// verbs and fails; it never starts the web server.
/// </summary>
public class CommandLineTests
{
    private static readonly string[] Verbs = ["migrate", "import geo", "seed demo", "seed national", "user add", "token add"];

    private static Task<BinHubExe.Outcome> Run(params string[] args) =>
        BinHubExe.RunAsync(BinHubExe.BuiltAppDirectory, Path.GetTempPath(), args, TimeSpan.FromSeconds(30),
            until: text => text.Contains("Now listening on") || text.Contains("Application started"));

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_every_verb_on_its_own_line_and_exits_non_zero_without_starting_the_web_server(string flag)
    {
        var run = await Run(flag);

        Assert.False(run.StoppedByTest, $"BinHub {flag} did not exit (the web server started?):\n{run.Tail}");
        Assert.NotEqual(0, run.ExitCode);
        var lines = run.Out.Split('\n').Select(l => l.Trim()).ToList();
        foreach (var verb in Verbs) Assert.Single(lines, l => l.StartsWith(verb + " ", StringComparison.Ordinal));
        Assert.DoesNotContain("unknown", run.All, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_verb_is_named_the_usage_printed_and_the_exit_non_zero_without_starting_the_web_server()
    {
        var run = await Run("frobnicate", "--now");

        Assert.False(run.StoppedByTest, $"BinHub frobnicate did not exit (the web server started?):\n{run.Tail}");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("unknown verb \"frobnicate\"", run.Err);
        foreach (var verb in Verbs) Assert.Contains(verb, run.Err);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Seed_demo_on_an_empty_database_prints_the_accounts_and_the_code_of_the_demo_certificate()
    {
        var run = await BinHubExe.RunAsync(BinHubExe.BuiltAppDirectory, Path.GetTempPath(), ["seed", "demo"], TimeSpan.FromMinutes(3));

        Assert.False(run.StoppedByTest, $"seed demo did not finish:\n{run.Tail}");
        Assert.True(run.ExitCode == 0, run.Tail);
        Assert.Contains("kenniscentrum@demo.binhub.be", run.Out);
        Assert.Matches(@"/Certificates/Verify: [A-Z2-9]{5}-[A-Z2-9]{5}", run.Out);
    }

    [Fact]
    public async Task An_unknown_option_in_place_of_a_verb_is_refused_like_an_unknown_verb()
    {
        var run = await Run("--verbose");

        Assert.False(run.StoppedByTest, $"BinHub --verbose did not exit (the web server started?):\n{run.Tail}");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("unknown verb \"--verbose\"", run.Err);
    }
}
