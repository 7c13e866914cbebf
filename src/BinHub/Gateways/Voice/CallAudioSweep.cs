namespace BinHub.Gateways.Voice;

/// <summary>
/// Rendered call audio is a cache: a missing file is rendered again when a call needs it. What a verification call says
/// holds a code, so it goes within the hour (codes live ten minutes); message audio after two days (an alarm's calls end
/// within its hour, a deferred prevention call within a day); what a crash left half-written after an hour.
/// </summary>
public static class CallAudioSweep
{
    public static readonly TimeSpan Codes = TimeSpan.FromHours(1);
    public static readonly TimeSpan Messages = TimeSpan.FromDays(2);
    public static readonly TimeSpan Leftovers = TimeSpan.FromHours(1);

    /// <summary>Deletes what is due in <paramref name="directories"/>; returns how many files and work directories went.</summary>
    public static int Run(IEnumerable<string?> directories, DateTimeOffset now)
    {
        var removed = 0;
        foreach (var dir in directories.OfType<string>().Select(Path.GetFullPath).Distinct())
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var file in new DirectoryInfo(dir).EnumerateFiles())
            {
                var keep = file.Name.StartsWith("verify-", StringComparison.Ordinal) || file.Name.StartsWith("v-", StringComparison.Ordinal) ? Codes
                    : file.Extension == ".wav" ? Messages : Leftovers;
                if (now - file.LastWriteTimeUtc < keep) continue;
                // A call playing the file keeps its open handle: on Linux the data stays until it closes.
                try { file.Delete(); removed++; } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            foreach (var work in new DirectoryInfo(dir).EnumerateDirectories(".work-*"))
            {
                if (now - work.LastWriteTimeUtc < Leftovers) continue;
                try { work.Delete(true); removed++; } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        return removed;
    }
}
