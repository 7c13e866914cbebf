using BinHub.Gateways.Voice;
using BinHub.Tests.Dispatch;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BinHub.Tests.Voice;

public class CallAudioSweepTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("binhub-sweep-").FullName;
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);

    private string File(string name, TimeSpan age)
    {
        var path = Path.Combine(dir, name);
        System.IO.File.WriteAllBytes(path, [1, 2, 3]);
        System.IO.File.SetLastWriteTimeUtc(path, (Now - age).UtcDateTime);
        return path;
    }

    [Fact]
    public void Audio_that_speaks_a_code_goes_within_the_hour_message_audio_after_two_days_and_crash_leftovers_after_an_hour()
    {
        var code = File("verify-812-nl-0a1b2c3d4e5f.wav", TimeSpan.FromMinutes(61));
        var paddedCode = File("v-0123456789abcdef012345.wav", TimeSpan.FromMinutes(61));
        var freshCode = File("verify-813-nl-0a1b2c3d4e5f.wav", TimeSpan.FromMinutes(20));
        var message = File("alarm-77-fr-0a1b2c3d4e5f.wav", TimeSpan.FromHours(30));
        var padded = File("m-0123456789abcdef012345.wav", TimeSpan.FromHours(30));
        var oldMessage = File("alarm-70-fr-0a1b2c3d4e5f.wav", TimeSpan.FromDays(2.1));
        var half = File("m-0123456789abcdef012345.wav.tmp", TimeSpan.FromMinutes(70));
        var work = Directory.CreateDirectory(Path.Combine(dir, ".work-abc")).FullName;
        Directory.SetLastWriteTimeUtc(work, (Now - TimeSpan.FromHours(2)).UtcDateTime);

        var removed = CallAudioSweep.Run([dir, dir, Path.Combine(dir, "missing")], Now);

        Assert.Equal(5, removed);
        Assert.All(new[] { code, paddedCode, oldMessage, half }, f => Assert.False(System.IO.File.Exists(f), f));
        Assert.All(new[] { freshCode, message, padded }, f => Assert.True(System.IO.File.Exists(f), f));
        Assert.False(Directory.Exists(work));
    }

    [Fact]
    public async Task Health_is_degraded_while_the_call_engine_cannot_be_reached()
    {
        var calls = new ScriptedCalls(channels: 4) { Down = true };
        var check = new CallEngineHealthCheck(calls);

        var down = await check.CheckHealthAsync(new HealthCheckContext());
        calls.Down = false;
        var up = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, down.Status);
        Assert.Contains("ctrl_tcp connection refused", down.Description);
        Assert.Equal(HealthStatus.Healthy, up.Status);
    }

    public void Dispose() => Directory.Delete(dir, true);
}
