using System.Globalization;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Members;

/// <summary>
/// The member list as CSV, with the list's filters and scope (the BIN's coordinators, the police of its zone).
/// Every export is audited with its row count. The first columns are the import's, so an export can be corrected
/// and imported into another BIN. Erased members are not exported.
/// </summary>
public static class ExportMembers
{
    public sealed record File(byte[] Content, int Rows, string FileName);

    /// <summary>A BIN has hundreds of households, not more; the cap keeps a mistake from building a huge file in memory.</summary>
    public const int MaxRows = 20_000;

    public static async Task<Outcome<File>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, ListMembers.Query q, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == binId, ct);
        if (bin is null || !ListMembers.MaySee(actor, bin))
            return await AuditLog.NotFoundAsync<File>(db, clock, actor, "ExportMembers", nameof(Bin), binId.ToString(), ct);
        var members = await ListMembers.Ordered(ListMembers.Filtered(db, binId, q)).Take(MaxRows).Include(m => m.Phones).AsSplitQuery().ToListAsync(ct);
        AuditLog.Add(db, clock, actor, "Export", nameof(Member), null,
            $"bin={binId}; {members.Count} members; filter state={q.State} channel={q.Channel} verified={q.Verified} language={q.Language} q={q.Q}");
        await db.SaveChangesAsync(ct);
        var today = MemberReach.Today(clock);
        return new Outcome<File>.Ok(new File(ToCsv(members, today), members.Count, $"members-{binId}-{today:yyyy-MM-dd}.csv"));
    }

    private static byte[] ToCsv(List<Member> members, DateOnly today)
    {
        static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(true)))
        // Text cells are escaped by hand (Text, below) so a spreadsheet never runs one as a formula (CSV injection); the
        // E.164 numbers, all digits after the "+", are written as they are, so the file can be imported again.
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)))
        {
            foreach (var h in new[] { "name", "company", "street", "house_number", "phone", "phone2", "email", "language", "consent_signed_on",
                         "id", "other_phones", "state", "consent_on_paper", "phone_states", "email_verified", "web_account", "urgent_channels", "paused_today",
                         "paused_from", "paused_until", "joined_at" })
                csv.WriteField(h);
            csv.NextRecord();
            foreach (var m in members)
            {
                var phones = m.Phones.OrderBy(p => p.Id).ToList();
                csv.WriteField(Text(m.Name));
                csv.WriteField(Text(m.CompanyName));
                csv.WriteField(Text(m.Street));
                csv.WriteField(Text(m.HouseNumber));
                csv.WriteField(Number(phones.ElementAtOrDefault(0)?.Number));
                csv.WriteField(Number(phones.ElementAtOrDefault(1)?.Number));
                csv.WriteField(Text(m.Email));
                csv.WriteField(m.Language);
                csv.WriteField(Date(DateOnly.FromDateTime(BrusselsTime.ToBrussels(m.ConsentAt).DateTime)));
                csv.WriteField(m.Id);
                csv.WriteField(string.Join(' ', phones.Skip(2).Select(p => Number(p.Number)))); // rarely any: a member may have up to five
                csv.WriteField(m.State.ToString());
                csv.WriteField(m.ConsentOnPaper ? "yes" : "no");
                csv.WriteField(string.Join(' ', phones.Select(p => p.VerificationState)));
                csv.WriteField(m.EmailVerifiedAt is null ? "no" : "yes");
                csv.WriteField(m.UserId is null ? "no" : "yes");
                csv.WriteField(m.UrgentChannels.ToString());
                csv.WriteField(m.IsPausedOn(today) ? "yes" : "no");
                csv.WriteField(Date(m.PausedFrom));
                csv.WriteField(Date(m.PausedUntil));
                csv.WriteField(BrusselsTime.ToBrussels(m.CreatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '|'];

    /// <summary>A cell a spreadsheet could take for a formula gets a leading apostrophe: shown as text, never run.</summary>
    internal static string? Text(string? s) => s is { Length: > 0 } && FormulaStarts.Contains(s[0]) ? "'" + s : s;

    /// <summary>
    /// Undoes <see cref="Text"/> on import, so an exported list imports as the same members ("'-Jan" is "-Jan" again, "'+32…" a phone
    /// number). Only an apostrophe before a formula start is taken off: "'t Hoekske" or "'s-Gravenwezel" keep theirs.
    /// </summary>
    public static string Unescape(string s) => s.Length > 1 && s[0] == '\'' && FormulaStarts.Contains(s[1]) ? s[1..] : s;

    private static string? Number(string? e164) => e164 is null ? null : e164.Length > 1 && e164[0] == '+' && e164[1..].All(char.IsAsciiDigit) ? e164 : Text(e164);
}
