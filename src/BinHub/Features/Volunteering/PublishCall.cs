using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Volunteering;

/// <summary>
/// The Kenniscentrum (any area) or a municipality official (their own municipality; another one answers 404) publishes a
/// call. In the same transaction every opted-in household of the area is told (<see cref="VolunteerNotices.QueueCall"/>),
/// in its own language.
/// </summary>
public static class PublishCall
{
    public const int MaxTitle = 200, MaxDescription = 4000, MaxTraining = 500, MaxHours = 200;

    /// <param name="Role">Cpa, CoordinatorDeputy, EventHelper, Translator or Other: read by the slice, so an unknown one is refused with a message
    /// in the user's language (and after the scope check) rather than as an unreadable body.</param>
    /// <param name="RegionCode">The Kenniscentrum may name a region, or a municipality, or neither (all of Belgium).</param>
    /// <param name="MunicipalityNis">A municipality official's calls are always for their municipality (may be left out).</param>
    /// <param name="Training">An optional note on the training.</param>
    /// <param name="TrainingSessionId">The upcoming session of the training registry accepted volunteers are registered for (none: no
    /// training required). The Kenniscentrum may name any academy's, a municipality its region's; another one answers 404.</param>
    public sealed record Request(string? Role, string? Title, string? Description, string? RegionCode, string? MunicipalityNis, int? HoursPerMonth,
        string? Training, DateOnly? OpenUntil, int? TrainingSessionId = null);

    public sealed record Result(int Id, int Notified);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Request r, string publicUrl, IStringLocalizer L,
        CancellationToken ct)
    {
        if (!VolunteerScope.MayPublish(actor)) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "PublishVolunteerCall", nameof(VolunteerCall), null, ct);
        var nis = string.IsNullOrWhiteSpace(r.MunicipalityNis) ? null : r.MunicipalityNis.Trim();
        var region = string.IsNullOrWhiteSpace(r.RegionCode) ? null : r.RegionCode.Trim();
        if (!actor.IsNational)
        {
            // A municipality publishes for itself only: naming another municipality (or a region) is out of scope.
            if ((nis is not null && nis != actor.MunicipalityNis) || region is not null)
                return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "PublishVolunteerCall", nameof(Municipality), nis ?? region, ct);
            nis = actor.MunicipalityNis;
        }
        var session = r.TrainingSessionId is { } sessionId
            ? await VolunteerTraining.Sessions(db, actor).Include(s => s.Academy).Include(s => s.Participants).FirstOrDefaultAsync(s => s.Id == sessionId, ct)
            : null;
        if (r.TrainingSessionId is not null && session is null)
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "PublishVolunteerCall", nameof(TrainingSession), r.TrainingSessionId.ToString(), ct);
        var today = DateOnly.FromDateTime(BrusselsTime.ToBrussels(clock.GetUtcNow()).DateTime);
        var e = new Errors();
        if (session is not null && session.StartsOn < today) e.Add("TrainingSessionId", L["Volunteering.SessionBegun", session.StartsOn.ToString("d")]);
        else if (session is not null && session.Participants.Count >= session.Capacity) e.Add("TrainingSessionId", L["Training.Full", session.Capacity]);
        var role = ParseRole(r.Role);
        if (role is null) e.Add("Role", L["Validation.Required", L["Volunteering.Role"]]);
        Text(e, "Title", r.Title, MaxTitle, L["Volunteering.CallTitle"], L);
        Text(e, "Description", r.Description, MaxDescription, L["Volunteering.Description"], L);
        if (r.Training is { Length: > MaxTraining }) e.Add("Training", L["Validation.MaxLength", L["Volunteering.TrainingNote"], MaxTraining]);
        if (r.HoursPerMonth is not { } hours || hours < 1 || hours > MaxHours) e.Add("HoursPerMonth", L["Validation.Range", L["Volunteering.Hours"], 1, MaxHours]);
        if (r.OpenUntil is not { } until) e.Add("OpenUntil", L["Validation.Required", L["Volunteering.OpenUntil"]]);
        else if (until < today || until > today.AddYears(1)) e.Add("OpenUntil", L["Volunteering.OpenUntilRange"]);
        if (nis is not null && region is not null) e.Add("RegionCode", L["Volunteering.RegionOrMunicipality"]);
        else if (nis is not null && !await db.Municipalities.AnyAsync(m => m.Nis == nis && m.IsCurrent, ct)) e.Add("MunicipalityNis", L["Validation.UnknownMunicipality"]);
        else if (region is not null && !await db.Regions.AnyAsync(x => x.Code == region, ct)) e.Add("RegionCode", L["Validation.Invalid", L["Volunteering.Region"]]);
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);

        var now = clock.GetUtcNow();
        var call = new VolunteerCall
        {
            Role = role!.Value, Title = r.Title!.Trim(), Description = r.Description!.Trim(), RegionCode = region, MunicipalityNis = nis,
            HoursPerMonth = r.HoursPerMonth!.Value, Training = string.IsNullOrWhiteSpace(r.Training) ? null : r.Training.Trim(), OpenUntil = r.OpenUntil!.Value,
            TrainingSessionId = session?.Id,
            PublishedByUserId = actor.UserId, PublishedByName = actor.UserName, CreatedAt = now,
        };
        db.VolunteerCalls.Add(call);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var audience = await VolunteerScope.Audience(db, call).ToListAsync(ct);
        var link = $"{publicUrl.TrimEnd('/')}/Me/Volunteering";
        foreach (var m in audience)
        {
            string subject, body;
            using (new InLanguage(m.Language))
            {
                subject = L["Volunteering.CallMail.Subject", call.Title];
                body = VolunteerNotices.Lines(L["Volunteering.CallMail.Body", L[$"Volunteering.Role.{call.Role}"], call.Title, call.Description, call.HoursPerMonth,
                    call.OpenUntil.ToString("d"), TrainingText(L, call, session), link]);
            }
            if (VolunteerNotices.QueueCall(db, m, call.Id, subject, body, now)) call.Notified++;
        }
        AuditLog.Add(db, clock, actor, "PublishVolunteerCall", nameof(VolunteerCall), call.Id.ToString(),
            $"area={nis ?? region ?? "BE"}; notified={call.Notified}; session={session?.Id}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<Result>.Ok(new Result(call.Id, call.Notified));
    }

    /// <summary>The training asked, in the current language: the registry's session (and the note), else the note alone.</summary>
    public static string TrainingText(IStringLocalizer L, VolunteerCall call, TrainingSession? session)
    {
        if (session is null) return call.Training ?? "—";
        var line = VolunteerTraining.Describe(L, session.StartsOn, session.EndsOn, session.Place, session.Academy!.Name, session.Language);
        return call.Training is null ? line : $"{line} ({call.Training})";
    }

    /// <summary>A role by its name only (not a number: "7" is no role).</summary>
    public static VolunteerRole? ParseRole(string? name) =>
        !string.IsNullOrWhiteSpace(name) && !char.IsDigit(name.Trim()[0]) && Enum.TryParse<VolunteerRole>(name.Trim(), ignoreCase: true, out var role)
            && Enum.IsDefined(role) ? role : null;

    private static void Text(Errors e, string field, string? value, int max, string label, IStringLocalizer L)
    {
        if (string.IsNullOrWhiteSpace(value)) e.Add(field, L["Validation.Required", label]);
        else if (value.Length > max) e.Add(field, L["Validation.MaxLength", label, max]);
        else if (value.Contains('<') || value.Contains('>')) e.Add(field, L["Validation.NoMarkup", label]);
    }
}
