using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Data;

public class MigrationTests
{
    [Fact]
    public async Task Migrations_from_empty_create_every_table_and_column_of_the_model()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var missing = new List<string>();
        foreach (var table in db.Model.GetRelationalModel().Tables)
        {
            var actual = await ColumnsAsync(db, table.Name);
            if (actual.Count == 0) { missing.Add(table.Name); continue; }
            foreach (var column in table.Columns)
            {
                if (!actual.TryGetValue(column.Name, out var nullable)) missing.Add($"{table.Name}.{column.Name}");
                else if (nullable != column.IsNullable) missing.Add($"{table.Name}.{column.Name} nullability {nullable} != model {column.IsNullable}");
            }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Migrating_twice_is_a_no_op()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        await BinHub.Infrastructure.Database.MigrateAsync(db);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Version_11_keeps_an_invitation_token_hash_unique()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        Invitation Row() => new() { Email = "a@b.be", Role = Roles.Coordinator, TokenHash = "AB12", ZoneNumber = 1, CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow };
        db.Invitations.Add(Row());
        await db.SaveChangesAsync();

        // Two invitations answering the same link would let one link accept either.
        db.Invitations.Add(Row());
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Version_14_counts_a_BINs_uptake_of_a_practice_once_and_drops_it_with_the_practice()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        var now = DateTimeOffset.UtcNow;
        db.Regions.Add(new Region { Code = "R14", NameNl = "Gewest", NameFr = "Région" });
        db.Provinces.Add(new Province { Code = "P14", RegionCode = "R14", NameNl = "Provincie", NameFr = "Province" });
        db.PoliceZones.Add(new PoliceZone { Number = 14_014, Name = "PZ 14", RegionCode = "R14" });
        db.Municipalities.Add(new Municipality { Nis = "91414", NameNl = "Gem", NameFr = "Com", RegionCode = "R14", ProvinceCode = "P14", PoliceZoneNumber = 14_014 });
        var bin = new Bin { Name = "BIN 14", MunicipalityNis = "91414", PoliceZoneNumber = 14_014, CreatedAt = now, UpdatedAt = now };
        var practice = new Practice { Title = "t", Summary = "s", Body = "b", AuthorUserId = "u", AuthorName = "A", RegionCode = "R14", CreatedAt = now, UpdatedAt = now };
        db.AddRange(bin, practice);
        await db.SaveChangesAsync();
        db.PracticeUptakes.Add(new PracticeUptake { PracticeId = practice.Id, BinId = bin.Id, UserId = "u", At = now });
        await db.SaveChangesAsync();

        // Two rows for one BIN would count its uptake twice.
        db.PracticeUptakes.Add(new PracticeUptake { PracticeId = practice.Id, BinId = bin.Id, UserId = "v", At = now });
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());

        db.ChangeTracker.Clear();
        db.PracticeAttachments.Add(new PracticeAttachment { PracticeId = practice.Id, FileName = "f.pdf", ContentType = "application/pdf", Bytes = [1], Sha256 = "x", CreatedAt = now });
        await db.SaveChangesAsync();
        await db.Practices.Where(p => p.Id == practice.Id).ExecuteDeleteAsync();
        Assert.False(await db.PracticeUptakes.AnyAsync() || await db.PracticeAttachments.AnyAsync());
    }

    [Fact]
    public async Task Version_13_lets_each_version_of_a_message_be_amended_once_unless_that_amendment_was_refused()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        Message Row(long? version = null, MessageState state = MessageState.Done) => new()
        {
            Kind = MessageKind.Prevention, State = state, SenderUserId = "u", SenderName = "Officer", ZoneNumber = 5341, TargetSummary = "BIN",
            CreatedAt = DateTimeOffset.UtcNow, Amendment = version is null ? Amendment.None : Amendment.Withdrawal, AmendsId = version, AmendsVersionId = version,
        };
        var first = Row();
        db.Messages.Add(first);
        await db.SaveChangesAsync();
        db.Messages.AddRange(Row(first.Id, MessageState.Refused), Row(first.Id));
        await db.SaveChangesAsync(); // a refused amendment does not take the version
        db.ChangeTracker.Clear();

        // A second amendment of the same version, as two withdrawals sent at the same moment would store.
        db.Messages.Add(Row(first.Id));
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        Assert.Equal(2, await db.Messages.CountAsync(m => m.AmendsVersionId == first.Id));
    }

    [Fact]
    public async Task Version_16_refuses_an_application_to_no_call_and_a_volunteer_status_of_no_household()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        // An application is always to a call, a status always of a household: the database refuses rows that point nowhere.
        db.VolunteerApplications.Add(new VolunteerApplication { CallId = 424242, MemberId = 424242, CreatedAt = DateTimeOffset.UtcNow });
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.VolunteerStatuses.Add(new VolunteerStatus { MemberId = 424242, MunicipalityNis = "11001", RegionCode = "02000", StartedAt = DateTimeOffset.UtcNow });
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    private static async Task<Dictionary<string, bool>> ColumnsAsync(BinHub.Data.BinHubDb db, string table)
    {
        var result = new Dictionary<string, bool>();
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        if (db.IsPostgres)
        {
            cmd.CommandText = "SELECT column_name, is_nullable = 'YES' FROM information_schema.columns WHERE table_name = @t";
            var p = cmd.CreateParameter(); p.ParameterName = "t"; p.Value = table; cmd.Parameters.Add(p);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) result[r.GetString(0)] = r.GetBoolean(1);
        }
        else
        {
            cmd.CommandText = $"SELECT name, \"notnull\", pk FROM pragma_table_info('{table}')";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) result[r.GetString(0)] = r.GetInt64(1) == 0 && r.GetInt64(2) == 0;
        }
        return result;
    }
}

public class AuditLogTests
{
    [Fact]
    public async Task The_database_refuses_to_change_or_delete_an_audit_line()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        db.AuditEntries.Add(new BinHub.Domain.AuditEntry { Action = "Create", EntityType = "Bin", EntityId = "1", At = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(a => a.Action, "Tampered")));
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteDeleteAsync());
        db.ChangeTracker.Clear();
        Assert.Equal("Create", (await db.AuditEntries.SingleAsync()).Action);
    }
}

public class UpgradeTests
{
    private static async Task<BinHub.Data.BinHubDb> AtVersionAsync(string migration)
    {
        var db = TestDatabase.Open(await TestDatabase.CreateEmptyAsync());
        await db.GetInfrastructure().GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(migration);
        return db;
    }

    private static Task<int> Sql(BinHub.Data.BinHubDb db, string sql) => db.Database.ExecuteSqlRawAsync(sql); // test data only, no input

    /// <summary>An instant as the provider stores it at these versions (SQLite: UTC ticks).</summary>
    private static string At(BinHub.Data.BinHubDb db, int minute) =>
        db.IsPostgres ? $"TIMESTAMPTZ '2026-12-01 10:{minute:00}:00+00'" : new DateTimeOffset(2026, 12, 1, 10, minute, 0, TimeSpan.Zero).UtcTicks.ToString();

    [Fact]
    public async Task Upgrading_from_version_1_moves_the_outbox_into_the_one_queue()
    {
        await using var db = await AtVersionAsync("20261124000001_Initial");
        await Sql(db, $"""
            INSERT INTO "OutboxMessages" ("Channel","Recipient","Subject","Body","Kind","DedupKey","CreatedAt","DueAt","State","Attempts")
            VALUES (0,'a@b.be','s','b','Test','k1',{At(db, 1)},{At(db, 1)},1,1)
            """);

        await BinHub.Infrastructure.Database.MigrateAsync(db);
        var kept = await db.Deliveries.SingleAsync(m => m.DedupKey == "k1");
        Assert.Equal(("a@b.be", Channels.Email, DeliveryState.Sent, "s", "b", "Test"), (kept.Recipient, kept.Channel, kept.State, kept.Subject, kept.Body, kept.Kind));
        Assert.Null(kept.MessageId);
    }

    [Fact]
    public async Task Upgrading_to_one_queue_moves_every_row_of_both_tables_once_with_its_state_and_nothing_in_flight_is_lost()
    {
        await using var db = await AtVersionAsync("20261125000008_DeliveryMessageCheck");
        var now = At(db, 0);
        // The outbox: a code waiting, a code sent and waiting for its report, one delivered, one failed, a held voice code, a reminder.
        await Sql(db, $"""
            INSERT INTO "OutboxMessages" ("Id","Channel","Recipient","Subject","Body","Kind","DedupKey","CreatedAt","DueAt","State","Attempts","DeliveryReport","LastError","DeliveredVia")
            VALUES (501,1,'+32470000501','','code 1','CodeSignUp','u1',{now},{now},0,0,0,NULL,NULL),
                   (502,1,'+32470000502','','code 2','CodeSignUp','u2',{now},{now},1,1,8,NULL,'kannel'),
                   (503,1,'+32470000503','','code 3','CodeSignUp','u3',{now},{now},1,1,1,NULL,'kannel'),
                   (504,0,'x@y.be','subject','mail','CharterReminder','u4',{now},{now},2,8,0,'smtp down',NULL),
                   (505,2,'+3293000505','fr','code vocal','CodeVerifyPhone','u5',{now},{now},3,1,0,'audio','espeak-ng'),
                   (506,0,'z@y.be','subject','later','CharterReminder','u6',{now},{At(db, 30)},0,0,0,NULL,NULL)
            """);
        // Deliveries of an alarm and of a prevention message: planned, claimed by a dispatcher, sent, delivered.
        await Sql(db, $"""
            INSERT INTO "Messages" ("Id","Kind","State","SenderUserId","SenderName","ZoneNumber","IsPublic","TargetSummary","CreatedAt")
            VALUES (71,0,1,'u','Officer',5341,{(db.IsPostgres ? "false" : "0")},'BIN',{now}), (72,2,1,'u','Officer',5341,{(db.IsPostgres ? "false" : "0")},'zone',{now})
            """);
        await Sql(db, $"""
            INSERT INTO "Deliveries" ("Id","MessageId","MemberId","Channel","Recipient","Language","State","DueAt","Attempts","LeaseUntil","DispatchedBy")
            VALUES (9001,71,1,1,'+32470009001','nl',0,{now},0,NULL,NULL), (9002,71,2,1,'+32470009002','fr',1,{now},1,{At(db, 2)},'old:1'),
                   (9003,71,3,4,'m@y.be','nl',2,{now},1,NULL,NULL), (9004,72,4,1,'+32470009004','de',3,{now},1,NULL,NULL)
            """);

        await BinHub.Infrastructure.Database.MigrateAsync(db);

        var rows = await db.Deliveries.AsNoTracking().ToListAsync();
        Assert.Equal(10, rows.Count); // six moved, four kept: nothing lost, nothing twice
        var moved = rows.Where(r => r.OutboxId != null).ToDictionary(r => r.OutboxId!.Value);
        Assert.Equal([501, 502, 503, 504, 505, 506], moved.Keys.Order());
        Assert.Equal((DeliveryState.Planned, Channels.Sms, DispatchLanes.Codes, "code 1"), (moved[501].State, moved[501].Channel, moved[501].Lane, moved[501].Body));
        Assert.Equal(DeliveryState.Sent, moved[502].State);      // its report may still come, through the former route
        Assert.Equal(DeliveryState.Delivered, moved[503].State);
        Assert.Equal((DeliveryState.Failed, "smtp down", Channels.Email), (moved[504].State, moved[504].LastError, moved[504].Channel));
        Assert.Equal((DeliveryState.AudioReady, Channels.Voice, "fr"), (moved[505].State, moved[505].Channel, moved[505].Language));
        Assert.Equal((DeliveryState.Planned, DispatchLanes.Bulk, "subject"), (moved[506].State, moved[506].Lane, moved[506].Subject));
        Assert.All(moved.Values, r => Assert.Null(r.MessageId));
        var kept = rows.Where(r => r.OutboxId == null).ToDictionary(r => r.Id);
        Assert.Equal([9001L, 9002, 9003, 9004], kept.Keys.Order());
        Assert.Equal((DeliveryState.Planned, "Alarm", DispatchLanes.Alarm), (kept[9001].State, kept[9001].Kind, kept[9001].Lane));
        Assert.Equal((DeliveryState.Sending, "old:1"), (kept[9002].State, kept[9002].DispatchedBy)); // its lease returns it to the queue
        Assert.Equal((DeliveryState.Delivered, "Prevention", DispatchLanes.Bulk), (kept[9004].State, kept[9004].Kind, kept[9004].Lane));
        Assert.All(kept.Values, r => Assert.Null(r.ExpiresAt)); // accepted before expiries existed: never dropped by the upgrade

        // The queue works on the moved rows: a new service row gets a fresh id after the moved ones.
        var next = BinHub.Features.Dispatch.Outgoing.Queue(db, new Delivery { Channel = Channels.Email, Recipient = "n@y.be", Body = "new", Kind = "Test", DueAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        Assert.DoesNotContain(next.Id, rows.Select(r => r.Id));
    }

    [Fact]
    public async Task Upgrading_to_version_12_keeps_every_message_real_new_and_unamended()
    {
        await using var db = await AtVersionAsync("20261202000010_Calls");
        await Sql(db, $"""
            INSERT INTO "Messages" ("Id","Kind","State","SenderUserId","SenderName","ZoneNumber","IsPublic","TargetSummary","CreatedAt")
            VALUES (81,2,2,'u','Officer',5341,{(db.IsPostgres ? "true" : "1")},'BIN',{At(db, 0)})
            """);

        await BinHub.Infrastructure.Database.MigrateAsync(db);

        var m = await db.Messages.AsNoTracking().SingleAsync(x => x.Id == 81);
        Assert.Equal((false, Amendment.None, (long?)null, (double?)null), (m.IsExercise, m.Amendment, m.AmendsId, m.CircleKm));
    }

    [Fact]
    public async Task Upgrading_to_version_18_carries_the_open_coordinator_vacancies_into_their_history()
    {
        await using var db = await AtVersionAsync("20261202000013_AmendOnce");
        // Bins has no new column in version 18, so the model can write it at version 13.
        var world = new SteeringWorld(db);
        var place = await world.PlaceAsync();
        var since = new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);
        var vacant = await world.BinAsync(place, since.AddYears(-2));
        await world.BinAsync(place, since.AddYears(-2));
        vacant.CoordinatorVacantSince = since;
        await db.SaveChangesAsync();

        await BinHub.Infrastructure.Database.MigrateAsync(db);

        var row = await db.BinVacancies.AsNoTracking().SingleAsync();
        Assert.Equal((vacant.Id, since, (DateTimeOffset?)null), (row.BinId, row.OpenedAt, row.FilledAt));
    }

    [Fact]
    public async Task Upgrading_to_version_19_leaves_existing_volunteers_without_training_required_and_a_participant_removable()
    {
        await using var db = await AtVersionAsync("20261203000018_SteeringCommittee");
        // Members and training participants have no new column in version 19; the statuses are written as version 18 has them.
        var world = new SteeringWorld(db);
        var place = await world.PlaceAsync();
        await world.MemberAsync(await world.BinAsync(place, SteeringWorld.On(2025, 1, 1)), SteeringWorld.On(2025, 2, 1));
        var memberId = await db.Members.MaxAsync(m => m.Id);
        await Sql(db, $"""INSERT INTO "VolunteerStatuses" ("MemberId", "Role", "MunicipalityNis", "RegionCode", "StartedAt") VALUES ({memberId}, 0, '{place.Nis}', '02000', {At(db, 5)})""");

        await BinHub.Infrastructure.Database.MigrateAsync(db);

        var status = await db.VolunteerStatuses.AsNoTracking().SingleAsync();
        Assert.Equal((false, (int?)null), (status.TrainingRequired, status.TrainingParticipantId));
        // The status points at the registry's row without a foreign key: the academy can still take that participant off its session.
        var academy = new Academy { Name = "School", RegionCode = "02000", Town = "Gent", Languages = "nl" };
        var version = new CurriculumVersion { Label = "v1", State = CurriculumState.Current, CreatedAt = SteeringWorld.On(2025, 1, 1) };
        db.AddRange(academy, version);
        await db.SaveChangesAsync();
        var session = new TrainingSession { AcademyId = academy.Id, CurriculumVersionId = version.Id, Place = "Gent", Trainer = "T", Language = "nl", Capacity = 5,
            CreatedAt = SteeringWorld.On(2025, 1, 1) };
        var participant = new TrainingParticipant { Session = session, Name = "Lid", Category = ParticipantCategory.Volunteer, AddedAt = SteeringWorld.On(2025, 1, 1) };
        db.AddRange(session, participant);
        await db.SaveChangesAsync();
        await db.VolunteerStatuses.ExecuteUpdateAsync(s => s.SetProperty(x => x.TrainingRequired, true).SetProperty(x => x.TrainingParticipantId, participant.Id));
        db.TrainingParticipants.Remove(participant);
        await db.SaveChangesAsync();
        Assert.Equal(participant.Id, (await db.VolunteerStatuses.AsNoTracking().SingleAsync()).TrainingParticipantId);
    }
}

public class TrainingSchemaTests
{
    [Fact]
    public async Task Version_15_admits_one_current_curriculum_version_and_unique_certificate_codes()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        CurriculumVersion Version(string label, CurriculumState state) => new() { Label = label, State = state, CreatedAt = DateTimeOffset.UtcNow };
        db.CurriculumVersions.AddRange(Version("a", CurriculumState.Current), Version("b", CurriculumState.Draft), Version("c", CurriculumState.Draft));
        await db.SaveChangesAsync(); // drafts are not limited

        db.CurriculumVersions.Add(Version("d", CurriculumState.Current));
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        db.Academies.Add(new Academy { Name = "School", Town = "Gent", RegionCode = "02000", Languages = "nl" });
        await db.SaveChangesAsync();
        var session = new TrainingSession
        {
            AcademyId = await db.Academies.Select(a => a.Id).SingleAsync(), CurriculumVersionId = await db.CurriculumVersions.Where(v => v.Label == "a").Select(v => v.Id).SingleAsync(),
            StartsOn = new DateOnly(2026, 3, 1), EndsOn = new DateOnly(2026, 3, 2), Place = "Gent", Trainer = "T", Language = "nl", Capacity = 5, CreatedAt = DateTimeOffset.UtcNow,
            Participants = [new TrainingParticipant { Name = "P", AddedAt = DateTimeOffset.UtcNow }],
        };
        db.TrainingSessions.Add(session);
        await db.SaveChangesAsync();
        TrainingCertificate Certificate() => new() { ParticipantId = session.Participants[0].Id, Code = "ABCDEFGHJK", IssuedBy = "T", IssuedAt = DateTimeOffset.UtcNow };
        db.TrainingCertificates.Add(Certificate());
        await db.SaveChangesAsync();
        // Two certificates answering one code would let a verification show the wrong person.
        db.TrainingCertificates.Add(Certificate());
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}

public class EventSchemaTests
{
    [Fact]
    public async Task Version_17_keeps_one_registration_per_household_and_event()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        var now = DateTimeOffset.UtcNow;
        db.Regions.Add(new Region { Code = "R17", NameNl = "G", NameFr = "R", NameEn = "R" });
        db.Provinces.Add(new Province { Code = "P17", RegionCode = "R17", NameNl = "P", NameFr = "P" });
        db.PoliceZones.Add(new PoliceZone { Number = 1717, Name = "PZ", RegionCode = "R17" });
        db.Municipalities.Add(new Municipality { Nis = "17017", NameNl = "G", NameFr = "C", RegionCode = "R17", ProvinceCode = "P17", PoliceZoneNumber = 1717 });
        var bin = new Bin { Name = "B", MunicipalityNis = "17017", PoliceZoneNumber = 1717, CreatedAt = now, UpdatedAt = now };
        var member = new Member { Bin = bin, Name = "M", Street = "S", HouseNumber = "1", ConsentVersion = "1", CreatedAt = now, UpdatedAt = now };
        var e = new BinEvent { Title = "T", Place = "P", PlaceNis = "17017", CreatedByUserId = "u", CreatedByName = "U", StartsAt = now, EndsAt = now, CreatedAt = now, UpdatedAt = now };
        db.AddRange(member, e);
        await db.SaveChangesAsync();
        EventRegistration Row() => new() { EventId = e.Id, MemberId = member.Id, People = 1, CreatedAt = now, UpdatedAt = now };
        db.EventRegistrations.Add(Row());
        await db.SaveChangesAsync();

        // A second row would take the household's seats twice (the counter follows the one row).
        db.EventRegistrations.Add(Row());
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
