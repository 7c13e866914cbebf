using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Training;

/// <summary>
/// The standard curriculum in versions. The Kenniscentrum writes a draft (modules with learning outcomes and hours), then makes it
/// current: the previous current version is retired in the same transaction, so exactly one is current. Only drafts change.
/// Academies read the versions; sessions are taught on the version current when they were scheduled.
/// </summary>
public static class Curriculum
{
    public const int MaxTitle = 200, MaxOutcomes = 2000, MaxLabel = 40;

    public sealed record ModuleView(int Id, int Position, string Language, string Title, string LearningOutcomes, int Hours);
    public sealed record VersionView(int Id, string Label, CurriculumState State, DateTimeOffset CreatedAt, DateTimeOffset? CurrentSince,
        int TotalHours, IReadOnlyList<ModuleView> Modules);
    public sealed record Versions(IReadOnlyList<VersionView> Items);

    public sealed record DraftRequest(string? Label, bool CopyCurrent);
    public sealed record ModuleRequest(string? Language, string? Title, string? LearningOutcomes, int? Hours);

    public static async Task<Outcome<Versions>> ListAsync(BinHubDb db, TimeProvider clock, Actor actor, CancellationToken ct)
    {
        if (!TrainingScope.MayRun(actor)) return await AuditLog.NotFoundAsync<Versions>(db, clock, actor, "ListCurriculum", nameof(CurriculumVersion), null, ct);
        var rows = await db.CurriculumVersions.AsNoTracking().Include(v => v.Modules).ToListAsync(ct);
        return new Outcome<Versions>.Ok(new Versions(rows.OrderBy(v => v.State == CurriculumState.Current ? 0 : v.State == CurriculumState.Draft ? 1 : 2)
            .ThenByDescending(v => v.Id).Select(View).ToList()));
    }

    public static VersionView View(CurriculumVersion v) => new(v.Id, v.Label, v.State, v.CreatedAt, v.CurrentSince, v.Modules.Sum(m => m.Hours),
        v.Modules.OrderBy(m => m.Position).ThenBy(m => m.Id).Select(m => new ModuleView(m.Id, m.Position, m.Language, m.Title, m.LearningOutcomes, m.Hours)).ToList());

    public static async Task<Outcome<VersionView>> CreateDraftAsync(BinHubDb db, TimeProvider clock, Actor actor, DraftRequest r, IStringLocalizer L,
        CancellationToken ct)
    {
        if (!actor.IsNational) return new Outcome<VersionView>.Forbidden(L["Training.OnlyKenniscentrum"]);
        var label = r.Label?.Trim() ?? "";
        if (label.Length == 0) return Outcome<VersionView>.Fail("label", L["Training.LabelRequired"]);
        if (label.Length > MaxLabel) return Outcome<VersionView>.Fail("label", L["Training.TooLong", MaxLabel]);
        if (await db.CurriculumVersions.AnyAsync(v => v.Label == label, ct)) return Outcome<VersionView>.Fail("label", L["Training.LabelTaken"]);
        var version = new CurriculumVersion { Label = label, State = CurriculumState.Draft, CreatedAt = clock.GetUtcNow() };
        if (r.CopyCurrent && await db.CurriculumVersions.AsNoTracking().Include(v => v.Modules).FirstOrDefaultAsync(v => v.State == CurriculumState.Current, ct) is { } current)
            version.Modules = current.Modules.Select(m => new CurriculumModule
                { Position = m.Position, Language = m.Language, Title = m.Title, LearningOutcomes = m.LearningOutcomes, Hours = m.Hours }).ToList();
        db.CurriculumVersions.Add(version);
        await AuditLog.SaveNewAsync(db, clock, actor, "CreateCurriculumDraft", nameof(CurriculumVersion), () => version.Id.ToString(),
            $"label={label}; copied={version.Modules.Count}", ct);
        return new Outcome<VersionView>.Ok(View(version));
    }

    public static async Task<Outcome<VersionView>> AddModuleAsync(BinHubDb db, TimeProvider clock, Actor actor, int versionId, ModuleRequest r,
        IStringLocalizer L, CancellationToken ct)
    {
        var (version, refusal) = await DraftAsync(db, clock, actor, versionId, "AddCurriculumModule", L, ct);
        if (refusal is not null) return refusal;
        var e = new Errors();
        var title = r.Title?.Trim() ?? "";
        var outcomes = r.LearningOutcomes?.Trim() ?? "";
        if (!Languages.IsValid(r.Language)) e.Add("language", L["Training.LanguageRequired"]);
        if (title.Length == 0) e.Add("title", L["Training.TitleRequired"]);
        else if (title.Length > MaxTitle) e.Add("title", L["Training.TooLong", MaxTitle]);
        if (outcomes.Length == 0) e.Add("learningOutcomes", L["Training.OutcomesRequired"]);
        else if (outcomes.Length > MaxOutcomes) e.Add("learningOutcomes", L["Training.TooLong", MaxOutcomes]);
        if (r.Hours is not (>= 1 and <= 200)) e.Add("hours", L["Training.HoursRange", 1, 200]);
        if (e.Any) return new Outcome<VersionView>.Invalid(e.Items);
        version!.Modules.Add(new CurriculumModule
        {
            Position = version.Modules.Count == 0 ? 1 : version.Modules.Max(m => m.Position) + 1, Language = r.Language!, Title = title,
            LearningOutcomes = outcomes, Hours = r.Hours!.Value,
        });
        AuditLog.Add(db, clock, actor, "AddCurriculumModule", nameof(CurriculumVersion), versionId.ToString(), $"language={r.Language}; hours={r.Hours}; {title}");
        await db.SaveChangesAsync(ct);
        return new Outcome<VersionView>.Ok(View(version));
    }

    public static async Task<Outcome<VersionView>> RemoveModuleAsync(BinHubDb db, TimeProvider clock, Actor actor, int versionId, int moduleId,
        IStringLocalizer L, CancellationToken ct)
    {
        var (version, refusal) = await DraftAsync(db, clock, actor, versionId, "RemoveCurriculumModule", L, ct);
        if (refusal is not null) return refusal;
        var module = version!.Modules.FirstOrDefault(m => m.Id == moduleId);
        if (module is null) return await AuditLog.NotFoundAsync<VersionView>(db, clock, actor, "RemoveCurriculumModule", nameof(CurriculumModule), moduleId.ToString(), ct);
        version.Modules.Remove(module);
        db.CurriculumModules.Remove(module);
        AuditLog.Add(db, clock, actor, "RemoveCurriculumModule", nameof(CurriculumVersion), versionId.ToString(), $"language={module.Language}; {module.Title}");
        await db.SaveChangesAsync(ct);
        return new Outcome<VersionView>.Ok(View(version));
    }

    /// <summary>The draft becomes the current version; the one before is retired. Irreversible: pages ask first.</summary>
    public static async Task<Outcome<VersionView>> MakeCurrentAsync(BinHubDb db, TimeProvider clock, Actor actor, int versionId, IStringLocalizer L,
        CancellationToken ct)
    {
        var (version, refusal) = await DraftAsync(db, clock, actor, versionId, "MakeCurriculumCurrent", L, ct);
        if (refusal is not null) return refusal;
        if (version!.Modules.Count == 0) return Outcome<VersionView>.Fail("version", L["Training.NoModules"]);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var old = await db.CurriculumVersions.FirstOrDefaultAsync(v => v.State == CurriculumState.Current, ct);
        if (old is not null)
        {
            old.State = CurriculumState.Retired;
            old.RetiredAt = now;
            await db.SaveChangesAsync(ct); // first: the unique index admits one current version at any moment
        }
        version.State = CurriculumState.Current;
        version.CurrentSince = now;
        AuditLog.Add(db, clock, actor, "MakeCurriculumCurrent", nameof(CurriculumVersion), versionId.ToString(),
            $"label={version.Label}{(old is null ? "" : $"; retired {old.Label}")}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<VersionView>.Ok(View(version));
    }

    private static async Task<(CurriculumVersion? Version, Outcome<VersionView>? Refusal)> DraftAsync(BinHubDb db, TimeProvider clock, Actor actor,
        int versionId, string action, IStringLocalizer L, CancellationToken ct)
    {
        if (!TrainingScope.MayRun(actor))
            return (null, await AuditLog.NotFoundAsync<VersionView>(db, clock, actor, action, nameof(CurriculumVersion), versionId.ToString(), ct));
        if (!actor.IsNational) return (null, new Outcome<VersionView>.Forbidden(L["Training.OnlyKenniscentrum"]));
        var version = await db.CurriculumVersions.Include(v => v.Modules).FirstOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is null) return (null, await AuditLog.NotFoundAsync<VersionView>(db, clock, actor, action, nameof(CurriculumVersion), versionId.ToString(), ct));
        if (version.State != CurriculumState.Draft) return (null, Outcome<VersionView>.Fail("version", L["Training.NotDraft"]));
        return (version, null);
    }
}
