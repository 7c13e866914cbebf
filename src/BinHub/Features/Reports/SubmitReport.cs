using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Reports;

/// <summary>
/// A member reports something to the police of the BIN's zone (web form or API), or a coordinator does so for a member
/// who phoned. Everything is checked before anything is written: a refused report (bad text, time, place or photo)
/// leaves no row. The report, its photos (metadata stripped), its first trail line and the audit line are one
/// transaction; the zone's officers are told live afterwards.
/// </summary>
public static class SubmitReport
{
    public sealed record Suspect(string? Sex, string? ApparentAge, string? Height, string? Build, string? SkinHair, string? Clothing,
        string? Marks, string? VehicleMakeModel, string? VehicleColour, string? LicencePlate, string? Direction);

    /// <summary>OccurredAt defaults to now. Where: a street of the BIN (and number), or a point (lat/lon).</summary>
    public sealed record Request(ReportCategory? Category, DateTimeOffset? OccurredAt, string? Street, string? HouseNumber, double? Lat, double? Lon,
        string? Text, Suspect? Suspect);

    /// <summary>A coordinator's report for a member who phoned; MemberId null means "unknown caller".</summary>
    public sealed record OnBehalfRequest(int BinId, int? MemberId, ReportCategory? Category, DateTimeOffset? OccurredAt, string? Street,
        string? HouseNumber, double? Lat, double? Lon, string? Text);

    public sealed record Result(int Id, string Reference, ReportState State);

    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);
    /// <summary>A phone's clock a little ahead of ours is not "in the future".</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Request r, IReadOnlyList<ReportPhotos.Upload> photos,
        IStringLocalizer L, ILiveNotifier<PoliceHub> live, CancellationToken ct)
    {
        var member = await MemberAccount.OfAsync(db, actor, ct);
        if (member is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "SubmitReport", nameof(Member), null, ct);
        if (member.State != MemberState.Active) return new Outcome<Result>.Forbidden(L["Report.NotActive"]);
        var bin = await db.Bins.AsNoTracking().FirstAsync(b => b.Id == member.BinId, ct);
        var now = clock.GetUtcNow();

        var e = new Errors();
        var report = Validate(e, L, bin, r.Category, r.OccurredAt, r.Street, r.HouseNumber, r.Lat, r.Lon, r.Text, now);
        if (r.Suspect is { } s)
        {
            report.SuspectSex = Short(e, L, "suspect.sex", s.Sex);
            report.SuspectApparentAge = Short(e, L, "suspect.apparentAge", s.ApparentAge);
            report.SuspectHeight = Short(e, L, "suspect.height", s.Height);
            report.SuspectBuild = Short(e, L, "suspect.build", s.Build);
            report.SuspectSkinHair = Short(e, L, "suspect.skinHair", s.SkinHair);
            report.SuspectClothing = Short(e, L, "suspect.clothing", s.Clothing);
            report.SuspectMarks = Short(e, L, "suspect.marks", s.Marks);
            report.VehicleMakeModel = Short(e, L, "suspect.vehicleMakeModel", s.VehicleMakeModel);
            report.VehicleColour = Short(e, L, "suspect.vehicleColour", s.VehicleColour);
            report.LicencePlate = Short(e, L, "suspect.licencePlate", s.LicencePlate?.ToUpperInvariant());
            report.Direction = Short(e, L, "suspect.direction", s.Direction);
        }
        if (photos.Count > ReportPhotos.MaxPhotos) e.Add("photos", L["Report.Photo.TooMany", ReportPhotos.MaxPhotos]);
        else
            foreach (var upload in photos)
            {
                var (photo, error, pixels) = await ReportPhotos.SanitizeAsync(upload, now, ct);
                if (error is not null)
                    e.Add("photos", L[error, upload.FileName ?? "?", ReportPhotos.MaxBytes / (1024 * 1024), ReportPhotos.MaxPixels / 1_000_000,
                        Math.Round(pixels / 1_000_000.0)]);
                else report.Photos.Add(photo!);
            }
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);

        report.BinId = bin.Id;
        report.MemberId = member.Id;
        report.ReportedByUserId = actor.UserId;
        report.Source = ReportSource.Web;
        await SaveAsync(db, clock, actor, report, bin, $"source=web; photos={report.Photos.Count}", ct);
        await PushAsync(live, report, bin);
        return new Outcome<Result>.Ok(new Result(report.Id, report.Reference, report.State));
    }

    public static async Task<Outcome<Result>> OnBehalfAsync(BinHubDb db, TimeProvider clock, Actor actor, OnBehalfRequest r, IStringLocalizer L,
        ILiveNotifier<PoliceHub> live, CancellationToken ct)
    {
        var bin = await db.Bins.AsNoTracking().FirstOrDefaultAsync(b => b.Id == r.BinId, ct);
        if (bin is null || !OnBehalfForm.MayReportFor(actor, r.BinId))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "SubmitReportOnBehalf", nameof(Bin), r.BinId.ToString(), ct);
        if (r.MemberId is { } memberId && !await OnBehalfForm.Reportable(db, r.BinId).AnyAsync(m => m.Id == memberId, ct))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "SubmitReportOnBehalf", nameof(Member), memberId.ToString(), ct);
        var now = clock.GetUtcNow();
        var e = new Errors();
        var report = Validate(e, L, bin, r.Category, r.OccurredAt, r.Street, r.HouseNumber, r.Lat, r.Lon, r.Text, now);
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);
        report.BinId = bin.Id;
        report.MemberId = r.MemberId;
        report.ReportedByUserId = actor.UserId;
        report.OnBehalf = true;
        report.Source = ReportSource.OnBehalf;
        await SaveAsync(db, clock, actor, report, bin, r.MemberId is null ? "source=on-behalf; unknown caller" : "source=on-behalf", ct);
        await PushAsync(live, report, bin);
        return new Outcome<Result>.Ok(new Result(report.Id, report.Reference, report.State));
    }

    /// <summary>
    /// An SMS from a member's verified number becomes a report (category Other, text as sent). The caller adds the
    /// acknowledgement to the outbox; it is saved in the same transaction as the report.
    /// </summary>
    public static async Task<Report> FromSmsAsync(BinHubDb db, TimeProvider clock, Member member, string text, Action<Report> beforeCommit,
        ILiveNotifier<PoliceHub>? live, CancellationToken ct)
    {
        var bin = await db.Bins.AsNoTracking().FirstAsync(b => b.Id == member.BinId, ct);
        var now = clock.GetUtcNow();
        var report = new Report
        {
            BinId = bin.Id, MemberId = member.Id, Category = ReportCategory.Other, Urgency = Report.UrgencyOf(ReportCategory.Other), OccurredAt = now,
            Street = member.Street, HouseNumber = member.HouseNumber, Text = text.Length > Report.MaxText ? text[..Report.MaxText] : text,
            Source = ReportSource.Sms, CreatedAt = now,
        };
        await SaveAsync(db, clock, Actor.System("sms"), report, bin, "source=sms", ct, beforeCommit);
        if (live is not null) await PushAsync(live, report, bin);
        return report;
    }

    private static Report Validate(Errors e, IStringLocalizer L, Bin bin, ReportCategory? category, DateTimeOffset? occurredAt, string? street,
        string? houseNumber, double? lat, double? lon, string? text, DateTimeOffset now)
    {
        if (category is null || !Enum.IsDefined(category.Value)) e.Add("category", L["Report.CategoryRequired"]);
        var when = occurredAt?.ToUniversalTime() ?? now;
        if (when > now + ClockSkew) e.Add("occurredAt", L["Report.WhenFuture"]);
        else if (when < now - MaxAge) e.Add("occurredAt", L["Report.WhenTooOld", (int)MaxAge.TotalDays]);
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) e.Add("text", L["Report.TextRequired"]);
        else if (text.Length > Report.MaxText) e.Add("text", L["Report.TextTooLong", Report.MaxText]);

        street = string.IsNullOrWhiteSpace(street) ? null : street.Trim();
        houseNumber = string.IsNullOrWhiteSpace(houseNumber) ? null : houseNumber.Trim();
        if (lat is null != lon is null) e.Add("lat", L["Report.PointIncomplete"]);
        else if (lat is { } la && lon is { } lo && !(la is >= 49.4 and <= 51.6 && lo is >= 2.4 and <= 6.5)) e.Add("lat", L["Report.PointOutside"]);
        if (street is null && lat is null) e.Add("street", L["Report.WhereRequired"]);
        if (street is not null)
        {
            var streets = AreaStreets(bin);
            // The street must be one of the BIN's own (the form offers them); a BIN without a street list accepts any.
            var known = streets.FirstOrDefault(s => string.Equals(s, street, StringComparison.OrdinalIgnoreCase));
            if (street.Length > Report.MaxStreet) e.Add("street", L["Report.TooLong", L["Report.Street"], Report.MaxStreet]);
            else if (streets.Count > 0 && known is null) e.Add("street", L["Report.StreetNotInBin"]);
            else street = known ?? street;
        }
        if (houseNumber is { Length: > Report.MaxHouse }) e.Add("houseNumber", L["Report.TooLong", L["Report.HouseNumber"], Report.MaxHouse]);
        var c = category is { } cat && Enum.IsDefined(cat) ? cat : ReportCategory.Other;
        return new Report
        {
            Category = c, Urgency = Report.UrgencyOf(c), OccurredAt = when, Street = street, HouseNumber = houseNumber, Lat = lat, Lon = lon,
            Text = text ?? "", CreatedAt = now, State = ReportState.New,
        };
    }

    public static List<string> AreaStreets(Bin bin) =>
        bin.AreaStreets.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string? Short(Errors e, IStringLocalizer L, string field, string? value)
    {
        value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (value is { Length: > Report.MaxShort }) e.Add(field, L["Report.TooLong", L[$"Report.Field.{field}"], Report.MaxShort]);
        return value;
    }

    /// <summary>The reference needs the id: insert, then name it, in one transaction (no report is ever seen without its reference).</summary>
    private static async Task SaveAsync(BinHubDb db, TimeProvider clock, Actor actor, Report report, Bin bin, string details, CancellationToken ct,
        Action<Report>? beforeCommit = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        report.Reference = "tmp-" + Guid.NewGuid().ToString("N");
        db.Reports.Add(report);
        await db.SaveChangesAsync(ct);
        report.Reference = Report.ReferenceFor(report.Id, report.CreatedAt);
        db.ReportEvents.Add(new ReportEvent
        {
            ReportId = report.Id, Kind = "Submitted", UserId = actor.UserId == "system" ? null : actor.UserId, UserName = actor.UserName,
            Details = $"{report.Source}; {report.Category}", At = report.CreatedAt,
        });
        AuditLog.Add(db, clock, actor, "Create", nameof(Report), report.Id.ToString(), $"bin={bin.Id}; {details}");
        beforeCommit?.Invoke(report);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>What the inbox shows of a new report: no reporter, no address (those are read, audited, on the report itself).</summary>
    private static Task PushAsync(ILiveNotifier<PoliceHub> live, Report report, Bin bin) =>
        live.PushAsync(LiveGroups.Zone(bin.PoliceZoneNumber), PoliceHub.ReportReceived, ReportViews.OfNew(report, bin.Name));
}
