using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Me;

public sealed class PreferencesModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : MePage
{
    public sealed class PreferencesForm
    {
        public List<Channels> Urgent { get; set; } = [];
        public List<Channels> Feedback { get; set; } = [];
        public List<Channels> Prevention { get; set; } = [];
        public TimeOnly? QuietFrom { get; set; }
        public TimeOnly? QuietUntil { get; set; }
        public bool NoNightAlarms { get; set; }
        public DateOnly? PausedFrom { get; set; }
        public DateOnly? PausedUntil { get; set; }
        public string Language { get; set; } = "nl";
    }

    public PreferencesForm Form { get; private set; } = new();
    public Channels Reachable { get; private set; }
    public bool PausedNow { get; private set; }
    public DateTimeOffset? VolunteerCallsSince { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var outcome = await Preferences.GetAsync(db, clock, await current.GetAsync(ct), ct);
        if (outcome is not Outcome<Preferences.Result>.Ok ok) return NotFound();
        Show(ok.Value);
        VolunteerCallsSince = (await Features.Members.MemberAccount.OfAsync(db, await current.GetAsync(ct), ct))?.VolunteerCallsConsentAt;
        var s = ok.Value.Settings;
        Form = new PreferencesForm
        {
            Urgent = [.. s.Urgent], Feedback = [.. s.Feedback], Prevention = [.. s.Prevention], QuietFrom = s.QuietFrom, QuietUntil = s.QuietUntil,
            NoNightAlarms = s.NoNightAlarms, PausedFrom = s.PausedFrom, PausedUntil = s.PausedUntil, Language = s.Language,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(PreferencesForm form, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var outcome = await Preferences.UpdateAsync(db, clock, actor, new Preferences.Settings(form.Urgent, form.Feedback, form.Prevention, form.QuietFrom,
            form.QuietUntil, form.NoNightAlarms, form.PausedFrom, form.PausedUntil, form.Language), L, ct);
        if (outcome is Outcome<Preferences.Result>.Ok)
        {
            Message = L["Me.Saved"];
            return RedirectToPage();
        }
        if (!Collect(outcome)) return NotFound();
        if (await Preferences.GetAsync(db, clock, actor, ct) is not Outcome<Preferences.Result>.Ok current2) return NotFound();
        Show(current2.Value);
        VolunteerCallsSince = (await Features.Members.MemberAccount.OfAsync(db, actor, ct))?.VolunteerCallsConsentAt;
        Form = form;
        return Page();
    }

    /// <summary>The opt-in to hear about volunteer calls: its own small form (and slice), so the channel settings' API stays as it is.</summary>
    public async Task<IActionResult> OnPostVolunteeringAsync([FromForm] bool volunteerCalls, CancellationToken ct)
    {
        var outcome = await Features.Volunteering.MyVolunteering.SetOptInAsync(db, clock, await current.GetAsync(ct), new(volunteerCalls), ct);
        if (outcome is not Outcome<Features.Volunteering.MyVolunteering.View>.Ok) return NotFound();
        Message = L["Me.Saved"];
        return RedirectToPage();
    }

    private void Show(Preferences.Result r)
    {
        Reachable = MeScope.Join(r.Reachable);
        PausedNow = r.PausedNow;
    }
}
