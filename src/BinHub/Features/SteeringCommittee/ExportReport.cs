using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.SteeringCommittee;

/// <summary>The annual report as a file: CSV or XLSX of its tables, or the PDF with the year's meetings. Kenniscentrum only.</summary>
public static class ExportReport
{
    public enum Format { Csv, Xlsx, Pdf }

    public sealed record File(byte[] Content, string ContentType, string FileName);

    public static async Task<Outcome<File>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int year, Format format, string lang, IStringLocalizer L,
        CancellationToken ct)
    {
        if (!actor.IsNational) return await AuditLog.NotFoundAsync<File>(db, clock, actor, "ExportSteeringReport", "SteeringReport", year.ToString(), ct);
        var outcome = await AnnualReport.HandleAsync(db, clock, year, lang, L, ct);
        if (outcome is not Outcome<AnnualReport.Result>.Ok { Value: var report })
            return outcome is Outcome<AnnualReport.Result>.Invalid bad ? new Outcome<File>.Invalid(bad.Errors) : new Outcome<File>.NotFound();
        var tables = ReportTables.Build(report, L);
        File file = format switch
        {
            Format.Csv => new(ReportFiles.Csv(tables), ReportFiles.CsvType + "; charset=utf-8", ReportFiles.FileName(year, "csv")),
            Format.Xlsx => new(ReportFiles.Xlsx(tables), ReportFiles.XlsxType, ReportFiles.FileName(year, "xlsx")),
            _ => new(ReportPdf.Render(year, new ReportPdf.Labels(L["Steering.ReportTitle"], L["Steering.Meeting"], L["Steering.Agenda"], L["Steering.Attendees"],
                L["Steering.Decisions"]), tables, ReportCharts.Build(report, L), await MeetingsAsync(db, clock, actor, year, ct)), ReportFiles.PdfType, ReportFiles.FileName(year, "pdf")),
        };
        return new Outcome<File>.Ok(file);
    }

    /// <summary>The year's meetings for the PDF; the attendees are personal data, so putting them in the document is a read, audited.</summary>
    private static async Task<IReadOnlyList<ReportPdf.Meeting>> MeetingsAsync(BinHubDb db, TimeProvider clock, Actor actor, int year, CancellationToken ct)
    {
        var meetings = await db.SteeringMeetings.AsNoTracking().Where(m => m.Year == year).Include(m => m.Attendees).Include(m => m.Decisions)
            .OrderBy(m => m.HeldOn).ToListAsync(ct);
        foreach (var m in meetings.Where(m => m.Attendees.Any(a => a.ErasedAt == null)))
            AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(SteeringMeeting), m.Id.ToString(), "attendees in the report PDF");
        await db.SaveChangesAsync(ct);
        return meetings.Select(m => new ReportPdf.Meeting(m.HeldOn, m.Place, m.AgendaItems.ToList(),
            m.Attendees.Where(a => a.ErasedAt == null).OrderBy(a => a.Id).Select(a => string.Join(", ", new[] { a.Name, a.Organisation, a.Role }.Where(s => s.Length > 0))).ToList(),
            m.Decisions.OrderBy(d => d.Id).Select(d => $"{d.Text} ({d.Owner}{(d.DueOn is { } due ? ", " + due.ToString("d", System.Globalization.CultureInfo.CurrentCulture) : "")})").ToList())).ToList();
    }
}
