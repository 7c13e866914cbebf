using System.Globalization;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Members;

/// <summary>
/// A coordinator imports the members of a paper list as CSV. Columns (header row, any order, `;` or `,`):
/// <c>name; company; street; house_number; phone; phone2; email; language; consent_signed_on</c>
/// (only name, street, house_number, language and consent_signed_on are required; dates as 2026-02-20 or 20/02/2026).
/// A dry run reports every line in the coordinator's language and writes nothing; the import itself is all or nothing.
/// Every line is checked in memory against sets loaded once, so thousands of lines take seconds, not minutes.
/// </summary>
public static class ImportMembers
{
    public sealed record LineReport(int Line, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

    /// <summary><paramref name="Encoding"/>: what the uploaded file was read as (null for text carried over from a checked file).</summary>
    public sealed record Report(int Lines, int Valid, IReadOnlyList<LineReport> Problems, bool Imported, string? Encoding);

    public const int MaxLines = 10_000;
    public const int MaxChars = 5_000_000;
    private static readonly string[] Required = ["name", "street", "house_number", "language", "consent_signed_on"];
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy", "d-M-yyyy", "dd.MM.yyyy"];

    /// <summary>Bytes beyond which no encoding fits <see cref="MaxChars"/> characters (UTF-8 spends at most 3 bytes on one).</summary>
    public const int MaxFileBytes = MaxChars * 3;

    /// <summary>A file as uploaded (read up to <see cref="MaxFileBytes"/> + 1): its encoding is detected and named in the report.</summary>
    public static Task<Outcome<Report>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, byte[] file, bool dryRun,
        IStringLocalizer L, CancellationToken ct) =>
        HandleAsync(db, clock, actor, binId, file.Length > MaxFileBytes ? new Input("", null, "Import.TooLarge")
            : CsvEncoding.Decode(file) is { } d ? new Input(d.Text, d.Encoding, null) : new Input("", null, "Import.UnknownEncoding"), dryRun, L, ct);

    /// <summary>Text decoded before: the checked file the page carries to the confirmation.</summary>
    public static Task<Outcome<Report>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, string csv, bool dryRun,
        IStringLocalizer L, CancellationToken ct) =>
        HandleAsync(db, clock, actor, binId, new Input(csv, null, null), dryRun, L, ct);

    /// <summary>The text to import, or (<paramref name="Refusal"/>) the message key of why the file cannot be read, told only after the scope check.</summary>
    private sealed record Input(string Text, string? Encoding, string? Refusal);

    private static async Task<Outcome<Report>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, Input file, bool dryRun,
        IStringLocalizer L, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == binId, ct);
        if (bin is null || !ListMembers.MayManage(actor, binId))
            return await AuditLog.NotFoundAsync<Report>(db, clock, actor, "ImportMembers", nameof(Bin), binId.ToString(), ct);
        if (file.Refusal is { } refusal) return Outcome<Report>.Fail("file", L[refusal, MaxLines]);
        var csv = file.Text;
        if (string.IsNullOrWhiteSpace(csv)) return Outcome<Report>.Fail("file", L["Import.Empty"]);
        if (csv.Length > MaxChars) return Outcome<Report>.Fail("file", L["Import.TooLarge", MaxLines]);

        var firstLine = csv.AsSpan(0, Math.Max(0, csv.IndexOf('\n') is var nl and >= 0 ? nl : csv.Length));
        var delimiter = firstLine.Count(';') >= firstLine.Count(',') ? ";" : ",";
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter, BadDataFound = null, MissingFieldFound = null, TrimOptions = TrimOptions.Trim };
        using var parser = new CsvParser(new StringReader(csv.TrimStart('\uFEFF')), config);
        if (!parser.Read()) return Outcome<Report>.Fail("file", L["Import.Empty"]);
        var header = parser.Record!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = Required.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0) return Outcome<Report>.Fail("file", L["Import.MissingColumns", string.Join(", ", missing)]);
        string? Field(string[] row, string column) => Array.IndexOf(header, column) is var i and >= 0 && i < row.Length && row[i].Length > 0 ? ExportMembers.Unescape(row[i]) : null;

        // Loaded once: what the BIN already has, to warn about the same phone or address.
        var existingPhones = (await db.MemberPhones.Where(p => p.Member!.BinId == binId && p.Member.State != MemberState.Left).Select(p => p.Number).ToListAsync(ct)).ToHashSet();
        var existingAddresses = (await db.Members.Where(m => m.BinId == binId && m.State != MemberState.Left).Select(m => m.Street + "|" + m.HouseNumber).ToListAsync(ct))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var now = clock.GetUtcNow();
        var members = new List<Member>();
        var problems = new List<LineReport>();
        var lines = 0;
        while (parser.Read())
        {
            var row = parser.Record ?? [];
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            if (++lines > MaxLines) return Outcome<Report>.Fail("file", L["Import.TooLarge", MaxLines]);
            var line = parser.RawRow;
            var errors = new List<string>();
            DateOnly? signed = null;
            if (Field(row, "consent_signed_on") is { } d)
            {
                if (DateOnly.TryParseExact(d, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) signed = parsed;
                else errors.Add(L["Validation.ConsentDate"]);
            }
            var request = new AddMember.Request(Field(row, "name") ?? "", Field(row, "company"), Field(row, "street") ?? "", Field(row, "house_number") ?? "",
                new[] { Field(row, "phone"), Field(row, "phone2") }.Where(p => p is not null).Select(p => p!).ToList(), Field(row, "email"),
                (Field(row, "language") ?? "").ToLowerInvariant(), signed);
            var (e, member) = MemberRules.Check(request, bin, L, now);
            errors.AddRange(e.Items.SelectMany(x => x.Value)); // duplicates (a bad date reported twice) are removed below
            var warnings = new List<string>();
            if (member is not null && errors.Count == 0)
            {
                // Every phone goes into the set (no short-circuit), so a later line repeating the second phone is caught too.
                if (member.Phones.Select(p => existingPhones.Add(p.Number)).ToList().Contains(false)) warnings.Add(L["Member.DuplicatePhone"]);
                if (!existingAddresses.Add(member.Street + "|" + member.HouseNumber)) warnings.Add(L["Member.DuplicateAddress"]);
                members.Add(member);
            }
            if (errors.Count > 0 || warnings.Count > 0) problems.Add(new LineReport(line, errors.Distinct().ToList(), warnings));
        }
        if (lines == 0) return Outcome<Report>.Fail("file", L["Import.Empty"]);
        var valid = members.Count;
        var allValid = valid == lines;
        if (dryRun || !allValid) return new Outcome<Report>.Ok(new Report(lines, valid, problems, Imported: false, file.Encoding));

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Members.AddRange(members);
        foreach (var m in members)
        {
            MemberHistory.Add(db, m, "Joined", now, actor.UserName, "csv-import");
            PaperConfirmation.Ask(db, L, m, bin.Name, now);
        }
        AuditLog.Add(db, clock, actor, "Import", nameof(Member), null, $"bin={binId}; {members.Count} members from CSV (paper consent)");
        db.ChangeTracker.DetectChanges();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        foreach (var m in members) PaperConfirmation.CallLandlines(db, L, m, now); // codes belong to saved members
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<Report>.Ok(new Report(lines, valid, problems, Imported: true, file.Encoding));
    }
}
