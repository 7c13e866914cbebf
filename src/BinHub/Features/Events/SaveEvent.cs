using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Events;

/// <summary>
/// A publisher creates or edits an event, for an audience in their scope (see <see cref="EventScope"/>): a coordinator
/// for a BIN they coordinate, a municipality official for their municipality or one of its BINs, the Kenniscentrum for
/// anything, regions and the whole country included. A BIN or municipality outside the caller's scope, named in the body,
/// is "not found" and audited like an id in the route. When the date, title or place of an event with registrations
/// changes, the reminders still waiting are withdrawn and planned again with the new time and text.
/// </summary>
public static class SaveEvent
{
    /// <param name="StartsAt">With its offset (UTC or Brussels); stored as UTC.</param>
    /// <param name="PlaceNis">The venue's municipality; by default the audience's (the BIN's or the municipality).</param>
    /// <param name="Languages">Languages spoken at the event: nl, fr, de, en.</param>
    /// <param name="BinId">Audience Bin: the BIN.</param>
    /// <param name="MunicipalityNis">Audience Municipality: its NIS code.</param>
    /// <param name="RegionCode">Audience Region: the region's code.</param>
    public sealed record Request(EventKind? Kind, string? Title, string? Description, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Place,
        string? PlaceNis, int? Capacity, List<string>? Languages, EventAudience? Audience, int? BinId = null, string? MunicipalityNis = null,
        string? RegionCode = null);

    public const int MaxTitle = 200, MaxDescription = 4000, MaxPlace = 300, MaxCapacity = 10_000;
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(7);

    public static async Task<Outcome<EventView>> CreateAsync(BinHubDb db, TimeProvider clock, Actor actor, Request r, IStringLocalizer L, CancellationToken ct)
    {
        if (!EventScope.IsPublisher(actor)) return new Outcome<EventView>.Forbidden(L["Events.NotPublisher"]);
        var now = clock.GetUtcNow();
        var e = new BinEvent { Title = "", Place = "", PlaceNis = "", CreatedByUserId = actor.UserId, CreatedByName = actor.UserName, CreatedAt = now, UpdatedAt = now };
        if (await ApplyAsync(db, clock, actor, e, r, L, now, ct) is { } refusal) return refusal;
        db.BinEvents.Add(e);
        await AuditLog.SaveNewAsync(db, clock, actor, "CreateEvent", nameof(BinEvent), () => e.Id.ToString(), Describe(e), ct);
        return new Outcome<EventView>.Ok(EventView.Of(e));
    }

    public static async Task<Outcome<EventView>> UpdateAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, Request r, IStringLocalizer L,
        CancellationToken ct)
    {
        var e = await EventScope.Managed(db, actor).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return await AuditLog.NotFoundAsync<EventView>(db, clock, actor, "UpdateEvent", nameof(BinEvent), id.ToString(), ct);
        if (e.State == EventState.Cancelled) return Outcome<EventView>.Fail("id", L["Events.IsCancelled"]);
        var now = clock.GetUtcNow();
        var (start, title, place) = (e.StartsAt, e.Title, e.Place);
        var capacity = e.Capacity;
        if (await ApplyAsync(db, clock, actor, e, r, L, now, ct) is { } refusal) return refusal;
        var moved = start != e.StartsAt || title != e.Title || place != e.Place;
        if (moved) e.Version++;
        e.UpdatedAt = now;

        var full = false;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The seats are counted by concurrent registrations: the new capacity is written only if it still holds them all.
            var newCapacity = e.Capacity;
            e.Capacity = capacity;
            if (newCapacity != capacity && await db.BinEvents.Where(x => x.Id == id && (newCapacity == null || x.Taken <= newCapacity))
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Capacity, newCapacity), ct) == 0)
            {
                full = true;
                return;
            }
            db.Entry(e).Property(x => x.Capacity).CurrentValue = newCapacity;
            db.Entry(e).Property(x => x.Capacity).IsModified = false;
            var replanned = 0;
            if (moved)
            {
                await EventNotices.WithdrawAsync(db, e.Id, null, EventNotices.EventMoved, now, ct);
                var registrations = await db.EventRegistrations.Include(x => x.Member!).ThenInclude(m => m.Phones)
                    .Where(x => x.EventId == e.Id && x.State == RegistrationState.Registered).ToListAsync(ct);
                foreach (var reg in registrations) replanned += await EventNotices.PlanReminderAsync(db, e, reg, reg.Member!, L, now, ct);
            }
            AuditLog.Add(db, clock, actor, "UpdateEvent", nameof(BinEvent), e.Id.ToString(), Describe(e) + (moved ? $"; moved, {replanned} reminders planned again" : ""));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        if (full) return Outcome<EventView>.Fail("Capacity", L["Events.CapacityBelowTaken", e.Taken]);
        return new Outcome<EventView>.Ok(EventView.Of(e));
    }

    /// <summary>The audit line's details: plain words and numbers (the audit page shows them as they are, in every language).</summary>
    private static string Describe(BinEvent e) =>
        $"starts {e.StartsAt:yyyy-MM-dd HH:mm} UTC; for " + e.Audience switch
        {
            EventAudience.Bin => $"BIN {e.AudienceBinId}",
            EventAudience.Municipality => $"municipality {e.AudienceNis}",
            EventAudience.Region => $"region {e.AudienceRegion}",
            _ => "all members",
        } + $"; capacity {e.Capacity?.ToString() ?? "open"}";

    /// <summary>Validates and copies the request onto the event; answers the refusal, or null when it was applied.</summary>
    private static async Task<Outcome<EventView>?> ApplyAsync(BinHubDb db, TimeProvider clock, Actor actor, BinEvent e, Request r, IStringLocalizer L,
        DateTimeOffset now, CancellationToken ct)
    {
        var errors = new Errors();
        static string Clean(string? s) => (s ?? "").Replace("\r\n", "\n").Trim();
        var title = Clean(r.Title);
        var description = Clean(r.Description);
        var place = Clean(r.Place);
        if (r.Kind is not { } kind || !Enum.IsDefined(kind)) errors.Add("Kind", L["Validation.Required", L["Events.Kind"]]);
        Text(errors, L, "Title", title, L["Events.Title"], MaxTitle, required: true);
        Text(errors, L, "Description", description, L["Events.Description"], MaxDescription, required: false);
        Text(errors, L, "Place", place, L["Events.Place"], MaxPlace, required: true);
        if (r.StartsAt is not { } starts) errors.Add("StartsAt", L["Validation.Required", L["Events.StartsAt"]]);
        else if (starts <= now) errors.Add("StartsAt", L["Events.StartsInPast"]);
        if (r.EndsAt is not { } ends) errors.Add("EndsAt", L["Validation.Required", L["Events.EndsAt"]]);
        else if (r.StartsAt is { } s && (ends <= s || ends - s > MaxLength)) errors.Add("EndsAt", L["Events.EndsAfterStart"]);
        if (r.Capacity is { } cap && (cap < 1 || cap > MaxCapacity)) errors.Add("Capacity", L["Validation.Range", L["Events.Capacity"], 1, MaxCapacity]);
        var languages = (r.Languages ?? []).Select(l => l?.Trim().ToLowerInvariant()).Distinct().ToList();
        if (languages.Count == 0 || languages.Any(l => !Languages.IsValid(l))) errors.Add("Languages", L["Events.LanguagesRequired"]);
        // The venue is usually in the audience's municipality: that is the default when none is given.
        var placeNis = r.PlaceNis?.Trim() is { Length: > 0 } given ? given
            : r.Audience == EventAudience.Municipality ? r.MunicipalityNis?.Trim() ?? ""
            : r.Audience == EventAudience.Bin && r.BinId is { } forBin ? await db.Bins.Where(b => b.Id == forBin).Select(b => b.MunicipalityNis).FirstOrDefaultAsync(ct) ?? ""
            : "";
        if (placeNis.Length == 0) errors.Add("PlaceNis", L["Validation.Required", L["Events.PlaceMunicipality"]]);
        else if (!await db.Municipalities.AnyAsync(m => m.Nis == placeNis, ct)) errors.Add("PlaceNis", L["Validation.UnknownMunicipality"]);
        if (r.Audience is not { } audience || !Enum.IsDefined(audience)) errors.Add("Audience", L["Validation.Required", L["Events.Audience"]]);
        if (errors.Any) return new Outcome<EventView>.Invalid(errors.Items);

        // Every BIN or municipality the body names is checked against the caller's scope, whatever the audience (a foreign one is
        // "not found", audited, like an id in the route); then the audience must name the one it is for.
        if (r.BinId is { } bin && !await MayPublishForBinAsync(db, actor, bin, ct))
            return await AuditLog.NotFoundAsync<EventView>(db, clock, actor, "SaveEvent", nameof(Bin), bin.ToString(), ct);
        var nis = r.MunicipalityNis?.Trim() is { Length: > 0 } n ? n : null;
        if (nis is not null && !(actor.IsNational ? await db.Municipalities.AnyAsync(m => m.Nis == nis, ct) : actor.IsMunicipality && actor.MunicipalityNis == nis))
            return await AuditLog.NotFoundAsync<EventView>(db, clock, actor, "SaveEvent", nameof(Municipality), nis, ct);
        int? binId = null;
        string? audienceNis = null, region = null;
        switch (r.Audience!.Value)
        {
            case EventAudience.Bin:
                if (r.BinId is null) return Outcome<EventView>.Fail("BinId", L["Validation.Required", L["Events.AudienceBin"]]);
                binId = r.BinId;
                break;
            case EventAudience.Municipality:
                if (nis is null) return Outcome<EventView>.Fail("MunicipalityNis", L["Validation.Required", L["Events.AudienceMunicipality"]]);
                if (!actor.IsNational && !actor.IsMunicipality) return new Outcome<EventView>.Forbidden(L["Events.WideAudienceNational"]);
                audienceNis = nis;
                break;
            case EventAudience.Region:
                if (!actor.IsNational) return new Outcome<EventView>.Forbidden(L["Events.WideAudienceNational"]);
                region = r.RegionCode?.Trim();
                if (string.IsNullOrEmpty(region) || !await db.Regions.AnyAsync(x => x.Code == region, ct))
                    return Outcome<EventView>.Fail("RegionCode", L["Validation.Required", L["Events.AudienceRegion"]]);
                break;
            default:
                if (!actor.IsNational) return new Outcome<EventView>.Forbidden(L["Events.WideAudienceNational"]);
                break;
        }
        (e.Kind, e.Title, e.Description, e.Place, e.PlaceNis) = (r.Kind!.Value, title, description, place, placeNis);
        (e.StartsAt, e.EndsAt, e.Capacity) = (r.StartsAt!.Value.ToUniversalTime(), r.EndsAt!.Value.ToUniversalTime(), r.Capacity);
        e.Languages = string.Join(' ', Languages.All.Where(languages.Contains));
        (e.Audience, e.AudienceBinId, e.AudienceNis, e.AudienceRegion) = (r.Audience.Value, binId, audienceNis, region);
        return null;
    }

    /// <summary>The Kenniscentrum: any BIN; a municipality official: its municipality's; a coordinator: their own.</summary>
    private static async Task<bool> MayPublishForBinAsync(BinHubDb db, Actor actor, int bin, CancellationToken ct)
    {
        if (actor.IsNational) return await db.Bins.AnyAsync(b => b.Id == bin, ct);
        if (actor.IsCoordinator && actor.CoordinatedBinIds.Contains(bin)) return true;
        var muni = actor.IsMunicipality ? actor.MunicipalityNis : null;
        // Merged municipalities count as their successor's (see EventScope).
        return muni != null && await db.Bins.AnyAsync(b => b.Id == bin && (b.MunicipalityNis == muni || b.Municipality!.MergedIntoNis == muni), ct);
    }

    private static void Text(Errors errors, IStringLocalizer L, string field, string value, string label, int max, bool required)
    {
        if (required && value.Length == 0) errors.Add(field, L["Validation.Required", label]);
        else if (value.Length > max) errors.Add(field, L["Validation.MaxLength", label, max]);
        else if (value.Any(c => char.IsControl(c) && c != '\n')) errors.Add(field, L["Validation.NoControlChars", label]);
        else if (value.Contains('<') || value.Contains('>')) errors.Add(field, L["Validation.NoMarkup", label]);
    }
}
