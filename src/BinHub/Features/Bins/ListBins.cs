using System.ComponentModel;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Bins;

/// <summary>The registry list: search, filters, sort and pages, always inside the actor's scope.</summary>
public static class ListBins
{
    public sealed record Query
    {
        [Description("Text searched in name, registration number and municipality.")]
        public string? Q { get; init; }
        public string? Region { get; init; }
        public string? Province { get; init; }
        public int? Zone { get; init; }
        public string? Municipality { get; init; }
        public BinType? Type { get; init; }
        public BinStatus? Status { get; init; }
        public CharterState? Charter { get; init; }
        [Description("true: only BINs without a coordinator for 30 days or more; false: all others.")]
        public bool? NeedsCoordinator { get; init; }
        [Description("name (default), registration, municipality, status, start; prefix with - for descending.")]
        public string? Sort { get; init; }
        [Description("1-based page number (default 1).")]
        public int? Page { get; init; }
        [Description("Rows per page, 1 to 200 (default 25).")]
        public int? PageSize { get; init; }
    }

    public sealed record Item(
        int Id, string Name, BinType Type, string? RegistrationNumber, BinStatus Status,
        string MunicipalityNis, string MunicipalityName, int ZoneNumber, string ZoneName,
        string? ProvinceCode, string RegionCode, CharterState CharterState, DateTimeOffset? CharterValidUntil,
        int Households, DateOnly? StartDate, DateTimeOffset? CoordinatorVacantSince, bool NeedsCoordinator, string Postcodes, bool AutoApproveMembers);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    public const int MaxPageSize = 200;

    public static async Task<Page> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, string lang, CancellationToken ct)
    {
        var pageSize = Math.Clamp(q.PageSize ?? 25, 1, MaxPageSize);
        var page = Math.Max(1, q.Page ?? 1);
        var rows = Filtered(db, clock, actor, q);
        var total = await rows.CountAsync(ct);
        var items = await Sorted(rows, q.Sort).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page(items.Select(r => ToItem(r, clock, lang)).ToList(), total, page, pageSize);
    }

    /// <summary>Every row matching the query, unpaged (the CSV export).</summary>
    public static async Task<List<Item>> AllAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, string lang, CancellationToken ct) =>
        (await Sorted(Filtered(db, clock, actor, q), q.Sort).ToListAsync(ct)).Select(r => ToItem(r, clock, lang)).ToList();

    // An initialiser, not a constructor: EF can only filter and sort on members it assigned itself.
    internal sealed class Row
    {
        public required Bin Bin { get; init; }
        public required Municipality Municipality { get; init; }
        public required PoliceZone Zone { get; init; }
        public DateTimeOffset? ValidUntil { get; init; }
        public bool HasCharter { get; init; }
        public int Members { get; init; }
        public int ActiveMembers { get; init; }
    }

    private static IQueryable<Row> Filtered(BinHubDb db, TimeProvider clock, Actor actor, Query q)
    {
        var bins = actor.VisibleBins(db.Bins);
        if (!string.IsNullOrWhiteSpace(q.Q))
        {
            var text = q.Q.Trim().ToLower();
            bins = bins.Where(b => b.Name.ToLower().Contains(text) || (b.RegistrationNumber != null && b.RegistrationNumber.ToLower().Contains(text)) ||
                                   b.Municipality!.NameNl.ToLower().Contains(text) || b.Municipality.NameFr.ToLower().Contains(text));
        }
        if (q.Region is { } region) bins = bins.Where(b => b.Municipality!.RegionCode == region);
        if (q.Province is { } province) bins = bins.Where(b => b.Municipality!.ProvinceCode == province);
        if (q.Zone is { } zone) bins = bins.Where(b => b.PoliceZoneNumber == zone);
        if (q.Municipality is { } nis) bins = bins.Where(b => b.MunicipalityNis == nis);
        if (q.Type is { } type) bins = bins.Where(b => b.Type == type);
        if (q.Status is { } status) bins = bins.Where(b => b.Status == status);
        if (q.NeedsCoordinator is { } needs)
        {
            var threshold = Succession.Vacancy.FlagThreshold(clock);
            bins = needs
                ? bins.Where(b => b.CoordinatorVacantSince != null && b.CoordinatorVacantSince < threshold)
                : bins.Where(b => b.CoordinatorVacantSince == null || b.CoordinatorVacantSince >= threshold);
        }

        var rows = bins.Select(b => new Row
        {
            // The municipality and zone without their boundaries: a page of 25 rows would otherwise carry ~150 KB of GeoJSON it never shows.
            Bin = b,
            Municipality = new Municipality
            {
                Nis = b.Municipality!.Nis, NameNl = b.Municipality.NameNl, NameFr = b.Municipality.NameFr, NameDe = b.Municipality.NameDe,
                NameEn = b.Municipality.NameEn, ProvinceCode = b.Municipality.ProvinceCode, RegionCode = b.Municipality.RegionCode,
            },
            Zone = new PoliceZone { Number = b.PoliceZone!.Number, Name = b.PoliceZone.Name },
            ValidUntil = b.Charters.Where(c => c.FullyApprovedAt != null).OrderByDescending(c => c.Version).Select(c => c.ValidUntil).FirstOrDefault(),
            HasCharter = b.Charters.Any(),
            Members = db.Members.Count(m => m.BinId == b.Id),
            ActiveMembers = db.Members.Count(m => m.BinId == b.Id && m.State == MemberState.Active),
        });

        if (q.Charter is { } state)
        {
            var now = clock.GetUtcNow();
            var soon = now.AddDays(60);
            rows = state switch
            {
                CharterState.None => rows.Where(r => !r.HasCharter),
                CharterState.AwaitingApprovals => rows.Where(r => r.HasCharter && r.ValidUntil == null),
                CharterState.Lapsed => rows.Where(r => r.ValidUntil != null && r.ValidUntil <= now),
                CharterState.ExpiringSoon => rows.Where(r => r.ValidUntil != null && r.ValidUntil > now && r.ValidUntil <= soon),
                _ => rows.Where(r => r.ValidUntil != null && r.ValidUntil > soon),
            };
        }
        return rows;
    }

    private static IQueryable<Row> Sorted(IQueryable<Row> rows, string? sort)
    {
        var desc = sort?.StartsWith('-') == true;
        return (sort?.TrimStart('-')) switch
        {
            "registration" => desc ? rows.OrderByDescending(r => r.Bin.RegistrationNumber).ThenBy(r => r.Bin.Id) : rows.OrderBy(r => r.Bin.RegistrationNumber).ThenBy(r => r.Bin.Id),
            "municipality" => desc ? rows.OrderByDescending(r => r.Municipality.NameNl).ThenBy(r => r.Bin.Id) : rows.OrderBy(r => r.Municipality.NameNl).ThenBy(r => r.Bin.Id),
            "status" => desc ? rows.OrderByDescending(r => r.Bin.Status).ThenBy(r => r.Bin.Id) : rows.OrderBy(r => r.Bin.Status).ThenBy(r => r.Bin.Id),
            "start" => desc ? rows.OrderByDescending(r => r.Bin.StartDate).ThenBy(r => r.Bin.Id) : rows.OrderBy(r => r.Bin.StartDate).ThenBy(r => r.Bin.Id),
            _ => desc ? rows.OrderByDescending(r => r.Bin.Name).ThenBy(r => r.Bin.Id) : rows.OrderBy(r => r.Bin.Name).ThenBy(r => r.Bin.Id),
        };
    }

    private static Item ToItem(Row r, TimeProvider clock, string lang)
    {
        var now = clock.GetUtcNow();
        var state = !r.HasCharter ? CharterState.None
            : r.ValidUntil is null ? CharterState.AwaitingApprovals
            : r.ValidUntil <= now ? CharterState.Lapsed
            : r.ValidUntil <= now.AddDays(60) ? CharterState.ExpiringSoon
            : CharterState.Valid;
        var b = r.Bin;
        return new Item(b.Id, b.Name, b.Type, b.RegistrationNumber, b.Status, b.MunicipalityNis, r.Municipality.Name(lang),
            b.PoliceZoneNumber, r.Zone.Name, r.Municipality.ProvinceCode, r.Municipality.RegionCode, state, r.ValidUntil,
            r.Members > 0 ? r.ActiveMembers : b.EnteredHouseholds ?? 0, b.StartDate,
            b.CoordinatorVacantSince, Succession.Vacancy.NeedsCoordinator(b.CoordinatorVacantSince, clock), b.Postcodes, b.AutoApproveMembers);
    }
}
