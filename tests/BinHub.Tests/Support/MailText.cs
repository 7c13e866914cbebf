using System.Text;
using System.Text.RegularExpressions;

namespace BinHub.Tests.Support;

/// <summary>The readable text of a raw e-mail as the SMTP sink stored it: every MIME part decoded (base64, quoted-printable).</summary>
public static partial class MailText
{
    public static string Of(string raw)
    {
        // The message's own headers, then each decoded part (not the encoded raw text, whose "=3D" would corrupt links).
        var text = new StringBuilder(raw.Replace("\r", "").Split("\n\n", 2)[0]);
        var decodedAny = false;
        var boundary = Boundary().Match(raw);
        var parts = boundary.Success ? raw.Replace("\r", "").Split("--" + boundary.Groups[1].Value) : [raw.Replace("\r", "")];
        foreach (var part in parts)
        {
            var split = part.Split("\n\n", 2);
            if (split.Length < 2) continue;
            var (headers, body) = (split[0], split[1]);
            if (headers.Contains("base64", StringComparison.OrdinalIgnoreCase))
            {
                try { text.Append('\n').Append(Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\n", "").Trim()))); decodedAny = true; }
                catch (FormatException) { /* not base64 after all */ }
            }
            else if (headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase))
            {
                var bytes = new List<byte>();
                var joined = body.Replace("=\n", "");
                for (var i = 0; i < joined.Length; i++)
                {
                    if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
                    {
                        bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                        i += 2;
                    }
                    else bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
                }
                text.Append('\n').Append(Encoding.UTF8.GetString(bytes.ToArray()));
                decodedAny = true;
            }
        }
        return decodedAny ? text.ToString() : raw.Replace("\r", "");
    }

    [GeneratedRegex(@"boundary=""?([^"";\r\n]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();
}
