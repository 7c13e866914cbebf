using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Me;
using BinHub.Features.Reports;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Messages;

/// <summary>
/// The police (alarms, feedback, prevention, info) or a coordinator (prevention, info, when the BIN's plan allows) send
/// a message to the members of one or more BINs. The message and one delivery per member × channel × number are
/// written in one transaction, planned from each member's verified channels and preferences (quiet hours defer,
/// a holiday pause or STOP skips) and the BIN's communication plan; the dispatcher then delivers them. A dry run
/// answers the same counts and warnings without writing anything (the composer's preview).
/// </summary>
public static class SendMessage
{
    /// <summary>The messages a feedback may name: the officer's zone's; none for anyone else (the composer's link and the body alike).</summary>
    public static IQueryable<Message> FollowUpCandidates(BinHubDb db, Actor actor)
    {
        var zone = actor.IsOfficer ? actor.ZoneNumber : null;
        return db.Messages.Where(m => zone != null && m.ZoneNumber == zone);
    }

    /// <param name="Kind">The message type; <c>type</c> (as the API documents it) and <c>kind</c> are both accepted.</param>
    /// <param name="IsExercise">An exercise, not a real message: the CAP feed says <c>Test</c>.</param>
    public sealed record Request(MessageKind? Kind, List<int>? BinIds, int? ZoneNumber, string? MunicipalityNis, Dictionary<string, string>? Texts,
        int? ReportId = null, long? FeedbackForId = null, bool IsPublic = false, DateTimeOffset? OccurredAt = null, double? Lat = null, double? Lon = null,
        double? RadiusKm = null, MessageKind? Type = null, bool IsExercise = false);

    /// <summary>An update or withdrawal of <paramref name="Of"/> (see <see cref="UpdateMessage"/>); never in a request body.</summary>
    /// <param name="Version">The version amended (the latest of the line): see <see cref="Message.AmendsVersionId"/>.</param>
    public sealed record Amends(Message Of, Amendment How, long Version);

    public sealed record Planned(long MessageId, MessageState State, int Bins, int Members, IReadOnlyDictionary<string, int> PerChannel,
        IReadOnlyList<string> Warnings, IReadOnlyList<SmsText.Info> Sms);

    public const int MaxText = 1000;
    public static readonly TimeSpan StaleFact = TimeSpan.FromMinutes(15);

    public static async Task<Outcome<Planned>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Request r, IStringLocalizer L, bool dryRun,
        DispatchSignal? signal, CancellationToken ct, Amends? amends = null)
    {
        var now = clock.GetUtcNow();
        // An unknown or missing type is refused, never taken for an alarm by default.
        if ((r.Type ?? r.Kind) is not { } kind || !Enum.IsDefined(kind)) return Outcome<Planned>.Fail("type", L["Validation.Required", "type"]);
        var e = new Errors();
        var texts = new Dictionary<string, string>();
        foreach (var (lang, raw) in r.Texts ?? [])
        {
            var text = raw?.Replace("\r\n", "\n").Trim() ?? "";
            if (!Languages.IsValid(lang)) { e.Add("Texts", L["Validation.Invalid", lang]); continue; }
            if (text.Length == 0) continue;
            if (text.Length > MaxText) e.Add("Texts", L["Validation.MaxLength", L[$"Language.{lang}"], MaxText]);
            else if (text.Any(c => char.IsControl(c) && c != '\n')) e.Add("Texts", L["Validation.NoControlChars", L[$"Language.{lang}"]]);
            else texts[lang] = text;
        }
        if (texts.Count == 0 && !e.Any) e.Add("Texts", L["Message.TextRequired"]);
        // A template's placeholder left in a text ({street} where the report said nothing) would reach members as is:
        // the preview warns, sending refuses, so page and API alike.
        var unfilled = texts.Select(t => (Language: t.Key, Left: Templates.Unfilled(t.Value).ToList())).Where(u => u.Left.Count > 0)
            .Select(u => L["Message.Unfilled", L[$"Language.{u.Language}"], string.Join(", ", u.Left)].Value).ToList();
        if (!dryRun) foreach (var u in unfilled) e.Add("Texts", u);
        if (r.IsPublic && kind is MessageKind.Alarm or MessageKind.Feedback) e.Add("IsPublic", L["Message.AlarmsNeverPublic"]);
        if (r.RadiusKm is { } km && (km <= 0 || km > 25 || r.Lat is null || r.Lon is null)) e.Add("RadiusKm", L["Validation.Range", L["Message.Radius"], 0.1, 25]);
        if (e.Any) return new Outcome<Planned>.Invalid(e.Items);

        var bins = await Targets.ResolveAsync(db, actor, r, ct);
        if (bins is null) return await AuditLog.NotFoundAsync<Planned>(db, clock, actor, "SendMessage", nameof(Bin), Targets.Describe(r), ct);
        if (bins.Count == 0) return Outcome<Planned>.Fail("BinIds", L["Message.NoTargets"]);

        // Who may send what: the communication plan (the composer offers from the same rules).
        var officer = SenderRules.IsOfficerFor(actor, bins);
        if (!officer && !SenderRules.IsCoordinatorFor(actor, bins))
            return await AuditLog.NotFoundAsync<Planned>(db, clock, actor, "SendMessage", nameof(Bin), Targets.Describe(r), ct);
        if (!SenderRules.KindsFor(actor, bins).Contains(kind)) return new Outcome<Planned>.Forbidden(SenderRules.Refusal(kind, L));
        var needsApproval = !officer && bins.Any(b => b.PreventionNeedsOfficerApproval);

        // The ids in the body are checked like ids in a route: a report or an alarm outside the sender's zone is "not found"
        // and audited. A message linked to another zone's report would file members' SMS replies into that zone's incident.
        if (r.ReportId is { } reportId && !await ReportViews.InZone(db, actor).AnyAsync(x => x.Id == reportId && x.Bin!.PoliceZoneNumber == bins[0].PoliceZoneNumber, ct))
            return await AuditLog.NotFoundAsync<Planned>(db, clock, actor, "SendMessage", nameof(Report), reportId.ToString(), ct);
        Message? alarm = null;
        if (r.FeedbackForId is { } alarmId)
        {
            var named = await FollowUpCandidates(db, actor).FirstOrDefaultAsync(m => m.Id == alarmId, ct);
            if (named is null) return await AuditLog.NotFoundAsync<Planned>(db, clock, actor, "SendMessage", nameof(Message), alarmId.ToString(), ct);
            if (kind == MessageKind.Feedback && named.Kind == MessageKind.Alarm) alarm = named;
        }
        if (kind == MessageKind.Feedback && alarm is null) return Outcome<Planned>.Fail("FeedbackForId", L["Message.FeedbackNeedsAlarm"]);

        var warnings = new List<string>(unfilled);
        if (kind == MessageKind.Alarm && r.OccurredAt is { } when && now - when > StaleFact) warnings.Add(L["Message.StaleFact", (int)(now - when).TotalMinutes]);
        var sms = texts.Select(t => SmsText.Measure(t.Key, DeliveryText.Marked(t.Value, t.Key, r.IsExercise))).ToList(); // as members get it
        foreach (var s in sms.Where(s => s.Segments > 2)) warnings.Add(L["Message.LongSms", L[$"Language.{s.Language}"], s.Segments]);
        foreach (var lang in texts.Keys.Where(l => PersonNames.Suspect(texts[l]))) warnings.Add(L["Message.NamesAPerson", L[$"Language.{lang}"]]);

        var message = new Message
        {
            Kind = kind, State = needsApproval ? MessageState.AwaitingApproval : MessageState.Dispatching, SenderUserId = actor.UserId, SenderName = actor.UserName,
            ZoneNumber = bins[0].PoliceZoneNumber, ReportId = r.ReportId, FeedbackForId = alarm?.Id, IsPublic = r.IsPublic, OccurredAt = r.OccurredAt,
            TextNl = texts.GetValueOrDefault("nl"), TextFr = texts.GetValueOrDefault("fr"), TextDe = texts.GetValueOrDefault("de"), TextEn = texts.GetValueOrDefault("en"),
            TargetSummary = Targets.Summary(bins), CreatedAt = now, IsExercise = r.IsExercise,
            // An amendment goes to the BINs the first version reached, by id: it keeps the circle that was drawn for them.
            CircleLat = amends?.Of.CircleLat ?? (r.RadiusKm is null ? null : r.Lat), CircleLon = amends?.Of.CircleLon ?? (r.RadiusKm is null ? null : r.Lon),
            CircleKm = amends?.Of.CircleKm ?? r.RadiusKm,
            Amendment = amends?.How ?? Amendment.None, AmendsId = amends?.Of.Id, AmendsVersionId = amends?.Version,
            Bins = bins.Select(b => new MessageBin { BinId = b.Id }).ToList(),
        };
        // The preview and a message awaiting approval are counted from the plan; a message that goes out now is planned and
        // written in one pass (see Planner.WriteAsync), inside the transaction that creates it.
        var planned = PlanTally.None;
        if (dryRun || needsApproval) planned = PlanTally.Of(await Planner.PlanAsync(db, message, bins, now, ct));
        if (dryRun) return new Outcome<Planned>.Ok(new Planned(0, message.State, bins.Count, planned.Members, planned.PerChannel, warnings, sms));

        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                db.Messages.Add(message);
                await db.SaveChangesAsync(ct);
                if (!needsApproval) planned = await Planner.WriteAsync(db, message, bins, now, ct);
                if (alarm is not null) alarm.FeedbackSentAt ??= now;
                AuditLog.Add(db, clock, actor, amends is null ? "SendMessage" : $"{amends.How}Message", nameof(Message), message.Id.ToString(),
                    $"{kind}; {bins.Count} BIN(s); {planned.Deliveries} deliveries{(needsApproval ? "; awaiting approval" : "")}"
                    + (amends is null ? "" : $"; {amends.How.ToString().ToLowerInvariant()} of message {amends.Of.Id}") + (r.IsExercise ? "; exercise" : ""));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            });
        }
        catch (DbUpdateException) when (amends is not null)
        {
            // Another amendment of the same version got in first (the unique index on AmendsVersionId): refused as stale.
            // Any other failure is not ours to explain.
            db.ChangeTracker.Clear();
            if (!await AmendedMeanwhileAsync(db, amends, ct)) throw;
            var latest = await UpdateMessage.LatestAsync(db, amends.Of, ct);
            return Outcome<Planned>.Fail("id", L["Message.AmendNotLatest", latest?.Id ?? amends.Version]);
        }
        signal?.Planned(planned.Deliveries);
        return new Outcome<Planned>.Ok(new Planned(message.Id, message.State, bins.Count, planned.Members, planned.PerChannel, warnings, sms));
    }

    /// <summary>Whether an amendment of <paramref name="amends"/>'s version that still counts (not refused) is now stored.</summary>
    private static Task<bool> AmendedMeanwhileAsync(BinHubDb db, Amends amends, CancellationToken ct) =>
        db.Messages.AsNoTracking().AnyAsync(m => m.AmendsVersionId == amends.Version && m.State != MessageState.Refused, ct);
}
