using System.Security.Cryptography;
using System.Text;

namespace BinHub.Gateways.Voice;

/// <summary>
/// The file a call plays: the message followed by the listening time in silence. baresip's <c>aufile</c> source ends the call
/// when its file ends (1.0.0: <c>AUDIO_ERROR "end of file"</c>, then <c>CALL_CLOSED</c>), so the time in which the member may
/// still press a digit has to be part of the file. The copy is made once per message and listening time.
/// </summary>
public static class CallPadding
{
    public sealed record Prepared(string Path, TimeSpan Message);

    private static readonly SemaphoreSlim One = new(1, 1);

    /// <summary>Checks the message is 8 kHz mono 16-bit PCM and returns the padded copy (made if missing).</summary>
    /// <exception cref="InvalidDataException">The file is missing or not telephony audio (a Failed call, not a retry).</exception>
    public static async Task<Prepared> PrepareAsync(string audioPath, TimeSpan silence, string directory, CancellationToken ct)
    {
        if (!File.Exists(audioPath)) throw new InvalidDataException($"audio file not found: {audioPath}");
        var info = new FileInfo(audioPath);
        var (dataOffset, dataLength) = Inspect(audioPath);
        var message = TimeSpan.FromSeconds(dataLength / 16000.0);
        // "v-" for a verification call's audio (it speaks a code: CallAudioSweep removes it within the hour), "m-" otherwise;
        // 28 characters in all, for baresip's 128-byte device path.
        var key = (info.Name.StartsWith("verify-", StringComparison.Ordinal) ? "v-" : "m-") + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{(long)silence.TotalMilliseconds}")))[..22].ToLowerInvariant();
        var dir = Directory.CreateDirectory(directory).FullName;
        var path = System.IO.Path.Combine(dir, $"{key}.wav");
        if (File.Exists(path)) return new Prepared(path, message);
        await One.WaitAsync(ct);
        try
        {
            if (File.Exists(path)) return new Prepared(path, message);
            var silenceBytes = (int)(silence.TotalSeconds * 8000) * 2;
            var tmp = path + ".tmp";
            await using (var output = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            await using (var input = new FileStream(audioPath, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                var total = dataLength + silenceBytes;
                await output.WriteAsync(Header(total), ct);
                input.Position = dataOffset;
                var left = dataLength;
                var chunk = new byte[65536];
                while (left > 0)
                {
                    var n = await input.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), ct);
                    if (n == 0) break;
                    await output.WriteAsync(chunk.AsMemory(0, n), ct);
                    left -= n;
                }
                await output.WriteAsync(new byte[silenceBytes], ct);
            }
            File.Move(tmp, path, overwrite: true);
            return new Prepared(path, message);
        }
        finally { One.Release(); }
    }

    /// <summary>Walks the RIFF chunks; returns where the samples are. Anything but 8 kHz mono 16-bit PCM is refused.</summary>
    public static (long Offset, long Length) Inspect(string path)
    {
        using var f = new BinaryReader(File.OpenRead(path));
        if (f.BaseStream.Length < 12 || Encoding.ASCII.GetString(f.ReadBytes(4)) != "RIFF") throw new InvalidDataException($"not a WAV file: {path}");
        f.ReadInt32();
        if (Encoding.ASCII.GetString(f.ReadBytes(4)) != "WAVE") throw new InvalidDataException($"not a WAV file: {path}");
        var format = false;
        while (f.BaseStream.Position + 8 <= f.BaseStream.Length)
        {
            var id = Encoding.ASCII.GetString(f.ReadBytes(4));
            long size = f.ReadUInt32();
            var body = f.BaseStream.Position;
            if (id == "fmt ")
            {
                int tag = f.ReadInt16(), channels = f.ReadInt16(), rate = f.ReadInt32();
                f.ReadInt32(); f.ReadInt16();
                int bits = f.ReadInt16();
                if (tag != 1 || channels != 1 || rate != 8000 || bits != 16)
                    throw new InvalidDataException($"call audio must be 8 kHz mono 16-bit PCM, not {rate} Hz, {channels} channel(s), {bits}-bit (format {tag}): {path}");
                format = true;
            }
            else if (id == "data")
            {
                if (!format) throw new InvalidDataException($"WAV without format before its data: {path}");
                // espeak-ng writes 0x7fffffff as the data size when it streams; the file's end is the truth then.
                return (body, Math.Min(size, f.BaseStream.Length - body) & ~1L);
            }
            f.BaseStream.Position = body + size + (size & 1);
        }
        throw new InvalidDataException($"WAV without audio data: {path}");
    }

    private static byte[] Header(long dataLength)
    {
        var h = new byte[44];
        void Str(int at, string s) => Encoding.ASCII.GetBytes(s).CopyTo(h, at);
        void I32(int at, int v) => BitConverter.GetBytes(v).CopyTo(h, at);
        void I16(int at, short v) => BitConverter.GetBytes(v).CopyTo(h, at);
        Str(0, "RIFF"); I32(4, (int)(36 + dataLength)); Str(8, "WAVE");
        Str(12, "fmt "); I32(16, 16); I16(20, 1); I16(22, 1); I32(24, 8000); I32(28, 16000); I16(32, 2); I16(34, 16);
        Str(36, "data"); I32(40, (int)dataLength);
        return h;
    }

    /// <summary>Writes a WAV of 8 kHz mono 16-bit PCM samples (tests and the test phones use it).</summary>
    public static void Write(string path, short[] samples)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        f.Write(Header(samples.Length * 2L));
        var bytes = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);
        f.Write(bytes);
    }
}
