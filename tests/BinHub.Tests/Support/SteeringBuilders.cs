using BinHub.Data;

namespace BinHub.Tests.Support;

/// <summary>
/// Rows for the annual report, written straight into a database of the test's own (the report is national, so a shared
/// database would mix in other tests' rows). Instants are given in UTC; mid-year dates keep clear of the Brussels year boundary.
/// </summary>
public sealed class SteeringWorld(BinHubDb db)
{
    private int next = 100;

    public sealed record Place(string Region, string Province, int Zone, string Nis);

    public static DateTimeOffset On(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    public async Task<Place> PlaceAsync(string region = "02000")
    {
        var n = ++next;
        if (await db.Regions.FindAsync(region) is null)
            db.Regions.Add(new Region { Code = region, NameNl = $"Gewest {region}", NameFr = $"Région {region}", NameEn = $"Region {region}" });
        var province = $"P{n:0000}";
        db.Provinces.Add(new Province { Code = province, RegionCode = region, NameNl = $"Provincie {n}", NameFr = $"Province {n}" });
        db.PoliceZones.Add(new PoliceZone { Number = 6000 + n, Name = $"PZ {n}", RegionCode = region });
        db.Municipalities.Add(new Municipality { Nis = $"8{n:0000}", NameNl = $"Gem {n}", NameFr = $"Com {n}", RegionCode = region, ProvinceCode = province, PoliceZoneNumber = 6000 + n });
        await db.SaveChangesAsync();
        return new Place(region, province, 6000 + n, $"8{n:0000}");
    }

    /// <summary>A BIN activated at <paramref name="active"/>, then moved through <paramref name="later"/> (status, instant).</summary>
    public async Task<Bin> BinAsync(Place place, DateTimeOffset active, BinType type = BinType.Bin, int households = 50, params (BinStatus To, DateTimeOffset At)[] later)
    {
        var bin = new Bin
        {
            Name = $"BIN {++next}", Type = type, MunicipalityNis = place.Nis, PoliceZoneNumber = place.Zone, EnteredHouseholds = households,
            Status = later.Length > 0 ? later[^1].To : BinStatus.Active, CreatedAt = active.AddDays(-30), UpdatedAt = active,
        };
        bin.StatusChanges.Add(new BinStatusChange { To = BinStatus.Draft, At = active.AddDays(-30) });
        bin.StatusChanges.Add(new BinStatusChange { From = BinStatus.Draft, To = BinStatus.AwaitingSignatures, At = active.AddDays(-10) });
        bin.StatusChanges.Add(new BinStatusChange { From = BinStatus.AwaitingSignatures, To = BinStatus.Active, At = active });
        var from = BinStatus.Active;
        foreach (var (to, at) in later)
        {
            bin.StatusChanges.Add(new BinStatusChange { From = from, To = to, At = at, Reason = "test" });
            from = to;
        }
        db.Bins.Add(bin);
        await db.SaveChangesAsync();
        return bin;
    }

    public async Task MemberAsync(Bin bin, DateTimeOffset admitted, DateTimeOffset? left = null)
    {
        db.Members.Add(new Member
        {
            BinId = bin.Id, Name = "Lid", Street = "Kerkstraat", HouseNumber = $"{++next}", ConsentVersion = "t", CreatedAt = admitted, UpdatedAt = admitted,
            DecidedAt = admitted, State = left is null ? MemberState.Active : MemberState.Left, LeftAt = left,
        });
        await db.SaveChangesAsync();
    }

    public async Task CharterAsync(Bin bin, int version, DateTimeOffset? approved, DateTimeOffset? validUntil)
    {
        db.Charters.Add(new Charter { BinId = bin.Id, Version = version, CreatedAt = (approved ?? validUntil ?? On(2020, 1, 1)).AddDays(-5), FullyApprovedAt = approved, ValidUntil = validUntil });
        await db.SaveChangesAsync();
    }

    public async Task VacancyAsync(Bin bin, DateTimeOffset opened, DateTimeOffset? filled)
    {
        db.BinVacancies.Add(new BinVacancy { BinId = bin.Id, OpenedAt = opened, FilledAt = filled });
        await db.SaveChangesAsync();
    }

    /// <summary>A message to one BIN with one delivery per (channel, state).</summary>
    public async Task<Message> MessageAsync(Bin bin, MessageKind kind, DateTimeOffset at, bool exercise = false, MessageState state = MessageState.Done,
        params (Channels Channel, DeliveryState State)[] deliveries)
    {
        var message = new Message
        {
            Kind = kind, State = state, SenderUserId = "u", SenderName = "Officer", ZoneNumber = bin.PoliceZoneNumber, TargetSummary = bin.Name,
            CreatedAt = at, IsExercise = exercise, TextNl = "Tekst",
        };
        message.Bins.Add(new MessageBin { BinId = bin.Id });
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        foreach (var (channel, s) in deliveries)
            db.Deliveries.Add(new Delivery { MessageId = message.Id, Channel = channel, State = s, Recipient = $"r{++next}", DueAt = at, Kind = "Message", DedupKey = $"d{next}" });
        await db.SaveChangesAsync();
        return message;
    }

    public async Task ReportAsync(Bin bin, DateTimeOffset received, DateTimeOffset? decided)
    {
        db.Reports.Add(new Report
        {
            BinId = bin.Id, Reference = $"R-T-{++next}", Text = "x", CreatedAt = received, OccurredAt = received,
            State = decided is null ? ReportState.New : ReportState.Decided, DecidedAt = decided, Decision = decided is null ? null : ReportDecision.NoAction,
        });
        await db.SaveChangesAsync();
    }
}
