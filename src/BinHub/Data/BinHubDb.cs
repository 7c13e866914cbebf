using BinHub.Domain;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BinHub.Data;

/// <summary>
/// The one model. Each provider has a subclass only so that its hand-written migrations can be found
/// (EF keys migrations by context type); handlers always depend on <see cref="BinHubDb"/>.
/// </summary>
public abstract partial class BinHubDb(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<PoliceZone> PoliceZones => Set<PoliceZone>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<Bin> Bins => Set<Bin>();
    public DbSet<BinCoordinator> BinCoordinators => Set<BinCoordinator>();
    public DbSet<BinStatusChange> BinStatusChanges => Set<BinStatusChange>();
    public DbSet<RegistrationCounter> RegistrationCounters => Set<RegistrationCounter>();
    public DbSet<Charter> Charters => Set<Charter>();
    public DbSet<CharterApproval> CharterApprovals => Set<CharterApproval>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<MemberPhone> MemberPhones => Set<MemberPhone>();
    public DbSet<MemberEvent> MemberEvents => Set<MemberEvent>();
    public DbSet<VerificationCode> VerificationCodes => Set<VerificationCode>();
    public DbSet<MemberSession> MemberSessions => Set<MemberSession>();
    public DbSet<CoordinatorVolunteer> CoordinatorVolunteers => Set<CoordinatorVolunteer>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<MessageBin> MessageBins => Set<MessageBin>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<ReportPhoto> ReportPhotos => Set<ReportPhoto>();
    public DbSet<ReportNote> ReportNotes => Set<ReportNote>();
    public DbSet<ReportEvent> ReportEvents => Set<ReportEvent>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    // training
    public DbSet<Academy> Academies => Set<Academy>();
    public DbSet<CurriculumVersion> CurriculumVersions => Set<CurriculumVersion>();
    public DbSet<CurriculumModule> CurriculumModules => Set<CurriculumModule>();
    public DbSet<TrainingSession> TrainingSessions => Set<TrainingSession>();
    public DbSet<TrainingParticipant> TrainingParticipants => Set<TrainingParticipant>();
    public DbSet<TrainingCertificate> TrainingCertificates => Set<TrainingCertificate>();
    // practices
    public DbSet<Practice> Practices => Set<Practice>();
    public DbSet<PracticeAttachment> PracticeAttachments => Set<PracticeAttachment>();
    public DbSet<PracticeUptake> PracticeUptakes => Set<PracticeUptake>();
    // volunteering
    public DbSet<VolunteerCall> VolunteerCalls => Set<VolunteerCall>();
    public DbSet<VolunteerApplication> VolunteerApplications => Set<VolunteerApplication>();
    public DbSet<VolunteerStatus> VolunteerStatuses => Set<VolunteerStatus>();
    // events
    public DbSet<BinEvent> BinEvents => Set<BinEvent>();
    public DbSet<EventRegistration> EventRegistrations => Set<EventRegistration>();
    // report
    public DbSet<BinVacancy> BinVacancies => Set<BinVacancy>();
    public DbSet<SteeringMeeting> SteeringMeetings => Set<SteeringMeeting>();
    public DbSet<SteeringAttendee> SteeringAttendees => Set<SteeringAttendee>();
    public DbSet<SteeringDecision> SteeringDecisions => Set<SteeringDecision>();
    public DbSet<SteeringDocument> SteeringDocuments => Set<SteeringDocument>();

    public abstract bool IsPostgres { get; }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<AppUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.Language).HasMaxLength(2);
            e.Property(u => u.MunicipalityNis).HasMaxLength(5);
        });
        b.Entity<Region>(e => { e.HasKey(r => r.Code); e.Property(r => r.Code).HasMaxLength(5); });
        b.Entity<Province>(e => { e.HasKey(p => p.Code); e.Property(p => p.Code).HasMaxLength(5); });
        b.Entity<PoliceZone>(e => { e.HasKey(z => z.Number); e.Property(z => z.Number).ValueGeneratedNever(); });
        b.Entity<Municipality>(e =>
        {
            e.HasKey(m => m.Nis);
            e.Property(m => m.Nis).HasMaxLength(5);
            e.HasOne(m => m.Region).WithMany().HasForeignKey(m => m.RegionCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(m => m.Province).WithMany().HasForeignKey(m => m.ProvinceCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(m => m.PoliceZone).WithMany().HasForeignKey(m => m.PoliceZoneNumber).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(m => m.PoliceZoneNumber);
        });
        b.Entity<Bin>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Language).HasMaxLength(2);
            e.Property(x => x.RegistrationNumber).HasMaxLength(20);
            e.Property(x => x.Postcodes).HasMaxLength(200);
            e.HasIndex(x => x.RegistrationNumber).IsUnique();
            e.HasIndex(x => x.PoliceZoneNumber);
            e.HasIndex(x => x.MunicipalityNis);
            e.HasIndex(x => x.Status);
            e.HasOne(x => x.Municipality).WithMany().HasForeignKey(x => x.MunicipalityNis).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.PoliceZone).WithMany().HasForeignKey(x => x.PoliceZoneNumber).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.MandatedOfficer).WithMany().HasForeignKey(x => x.MandatedOfficerId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(x => x.Coordinators).WithOne(c => c.Bin).HasForeignKey(c => c.BinId);
            e.HasMany(x => x.StatusChanges).WithOne().HasForeignKey(c => c.BinId);
            e.HasMany(x => x.Charters).WithOne(c => c.Bin).HasForeignKey(c => c.BinId);
        });
        b.Entity<BinCoordinator>(e =>
        {
            e.HasIndex(c => new { c.BinId, c.UserId }).IsUnique();
            e.HasIndex(c => c.UserId);
            e.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<BinStatusChange>(e => e.HasIndex(c => new { c.BinId, c.At }));
        b.Entity<Invitation>(e =>
        {
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.Role).HasMaxLength(40);
            e.Property(x => x.MunicipalityNis).HasMaxLength(5);
            e.Property(x => x.Language).HasMaxLength(2);
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.Property(x => x.InvitedByName).HasMaxLength(200);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => new { x.ZoneNumber, x.AcceptedAt });
            e.HasOne(x => x.Bin).WithMany().HasForeignKey(x => x.BinId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RegistrationCounter>(e => { e.HasKey(c => c.ZoneNumber); e.Property(c => c.ZoneNumber).ValueGeneratedNever(); });
        b.Entity<Charter>(e =>
        {
            e.HasIndex(c => new { c.BinId, c.Version }).IsUnique();
            e.HasMany(c => c.Approvals).WithOne().HasForeignKey(a => a.CharterId);
        });
        b.Entity<CharterApproval>(e => e.HasIndex(a => new { a.CharterId, a.Party }).IsUnique());
        b.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => a.At);
            e.HasIndex(a => a.UserId);
            e.HasIndex(a => new { a.EntityType, a.EntityId });
        });
        b.Entity<Member>(e =>
        {
            e.Property(m => m.Name).HasMaxLength(200);
            e.Property(m => m.CompanyName).HasMaxLength(200);
            e.Property(m => m.Street).HasMaxLength(120);
            e.Property(m => m.HouseNumber).HasMaxLength(12);
            e.Property(m => m.Email).HasMaxLength(254);
            e.Property(m => m.Language).HasMaxLength(2);
            e.Property(m => m.ConsentVersion).HasMaxLength(20);
            e.Property(m => m.EnterpriseNumber).HasMaxLength(10);
            e.Property(m => m.DecidedBy).HasMaxLength(200);
            e.Property(m => m.RefusalReason).HasMaxLength(500);
            e.HasIndex(m => new { m.BinId, m.State });
            e.HasIndex(m => m.UserId);
            e.HasIndex(m => m.Email);
            e.HasOne(m => m.Bin).WithMany().HasForeignKey(m => m.BinId);
            e.HasMany(m => m.Phones).WithOne(p => p.Member).HasForeignKey(p => p.MemberId);
        });
        b.Entity<MemberPhone>(e =>
        {
            e.Property(p => p.Number).HasMaxLength(16);
            e.HasIndex(p => p.Number);
        });
        b.Entity<MemberEvent>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.Details).HasMaxLength(500);
            e.Property(x => x.ByName).HasMaxLength(200);
            e.HasIndex(x => new { x.MemberId, x.At });
            e.HasOne(x => x.Member).WithMany().HasForeignKey(x => x.MemberId);
        });
        b.Entity<VerificationCode>(e =>
        {
            e.Property(x => x.Target).HasMaxLength(254);
            e.Property(x => x.SecretHash).HasMaxLength(64);
            e.HasIndex(x => new { x.Target, x.CreatedAt });
            e.HasIndex(x => x.MemberId);
            e.HasIndex(x => x.SecretHash);
            e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId);
        });
        b.Entity<MemberSession>(e =>
        {
            e.Property(x => x.Id).HasMaxLength(36);
            e.Property(x => x.UserAgent).HasMaxLength(200);
            e.HasIndex(x => x.UserId);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CoordinatorVolunteer>(e =>
        {
            e.Property(x => x.Message).HasMaxLength(1000);
            e.Property(x => x.DecidedBy).HasMaxLength(200);
            e.HasIndex(x => new { x.BinId, x.State });
            e.HasIndex(x => x.MemberId);
            e.HasOne<Bin>().WithMany().HasForeignKey(x => x.BinId);
            e.HasOne(x => x.Member).WithMany().HasForeignKey(x => x.MemberId);
        });
        b.Entity<Message>(e =>
        {
            e.Property(m => m.SenderUserId).HasMaxLength(450);
            e.Property(m => m.SenderName).HasMaxLength(200);
            foreach (var text in new[] { nameof(Message.TextNl), nameof(Message.TextFr), nameof(Message.TextDe), nameof(Message.TextEn) })
                e.Property(text).HasMaxLength(2000);
            e.Property(m => m.TargetSummary).HasMaxLength(500);
            e.Property(m => m.ApprovedBy).HasMaxLength(200);
            e.HasIndex(m => new { m.ZoneNumber, m.CreatedAt });
            e.HasIndex(m => new { m.Kind, m.FeedbackSentAt });
            e.HasIndex(m => m.AmendsId);
            e.HasIndex(m => m.AmendsVersionId).IsUnique().HasFilter(Migrations.V0013_AmendOnce.Filter);
            e.HasMany(m => m.Bins).WithOne().HasForeignKey(x => x.MessageId);
        });
        b.Entity<MessageBin>(e =>
        {
            e.HasKey(x => new { x.MessageId, x.BinId });
            e.HasIndex(x => x.BinId);
            e.HasOne<Bin>().WithMany().HasForeignKey(x => x.BinId);
        });
        b.Entity<Delivery>(e =>
        {
            e.Property(d => d.Recipient).HasMaxLength(254);
            e.Property(d => d.Language).HasMaxLength(2);
            e.Property(d => d.LastError).HasMaxLength(500);
            e.Property(d => d.DispatchedBy).HasMaxLength(100);
            e.Property(d => d.Kind).HasMaxLength(40);
            e.Property(d => d.Via).HasMaxLength(40);
            // The claim's order: per channel, lowest lane, oldest due time (see Claim).
            e.HasIndex(d => new { d.State, d.Channel, d.Lane, d.DueAt });
            e.HasIndex(d => new { d.MessageId, d.Channel, d.State });
            e.HasIndex(d => d.DedupKey).IsUnique();
            e.HasIndex(d => d.OutboxId);
            e.HasIndex(d => d.MemberId);
            e.HasIndex(d => d.Recipient);
            e.HasOne(d => d.Message).WithMany().HasForeignKey(d => d.MessageId);
        });
        OnReportsCreating(b);
        ConfigureTraining(b);
        ConfigurePractices(b);
        ConfigureVolunteering(b);
        ConfigureEvents(b);
        ConfigureSteeringCommittee(b);
        b.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void OnReportsCreating(ModelBuilder b)
    {
        b.Entity<Report>(e =>
        {
            e.Property(x => x.Reference).HasMaxLength(40);
            e.Property(x => x.ReportedByUserId).HasMaxLength(450);
            e.Property(x => x.Street).HasMaxLength(Report.MaxStreet);
            e.Property(x => x.HouseNumber).HasMaxLength(Report.MaxHouse);
            e.Property(x => x.Text).HasMaxLength(Report.MaxText);
            foreach (var p in new[] { nameof(Report.SuspectSex), nameof(Report.SuspectApparentAge), nameof(Report.SuspectHeight), nameof(Report.SuspectBuild),
                         nameof(Report.SuspectSkinHair), nameof(Report.SuspectClothing), nameof(Report.SuspectMarks), nameof(Report.VehicleMakeModel),
                         nameof(Report.VehicleColour), nameof(Report.LicencePlate), nameof(Report.Direction) })
                e.Property(p).HasMaxLength(Report.MaxShort);
            e.Property(x => x.ClaimedByUserId).HasMaxLength(450);
            e.Property(x => x.DecidedByUserId).HasMaxLength(450);
            e.Property(x => x.DecisionNote).HasMaxLength(1000);
            e.HasIndex(x => x.Reference).IsUnique();
            e.HasIndex(x => new { x.BinId, x.State });
            e.HasIndex(x => x.MemberId);
            e.HasIndex(x => x.IncidentId);
            e.HasOne(x => x.Bin).WithMany().HasForeignKey(x => x.BinId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Member).WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.Incident).WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(x => x.Photos).WithOne().HasForeignKey(p => p.ReportId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Notes).WithOne().HasForeignKey(n => n.ReportId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Events).WithOne().HasForeignKey(n => n.ReportId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReportPhoto>(e =>
        {
            e.Property(x => x.ContentType).HasMaxLength(40);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.HasIndex(x => x.ReportId);
        });
        b.Entity<ReportNote>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.UserName).HasMaxLength(200);
            e.Property(x => x.Text).HasMaxLength(2000);
            e.HasIndex(x => x.ReportId);
        });
        b.Entity<ReportEvent>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.UserName).HasMaxLength(200);
            e.Property(x => x.Details).HasMaxLength(1000);
            e.HasIndex(x => new { x.ReportId, x.At });
        });
        b.Entity<Incident>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.CreatedByUserId).HasMaxLength(450);
            e.HasIndex(x => x.ZoneNumber);
            e.HasOne<PoliceZone>().WithMany().HasForeignKey(x => x.ZoneNumber).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

public sealed class SqliteBinHubDb(DbContextOptions<SqliteBinHubDb> options) : BinHubDb(options)
{
    public override bool IsPostgres => false;

    protected override void ConfigureConventions(ModelConfigurationBuilder c)
    {
        // SQLite has no timestamp type and EF cannot order or compare DateTimeOffset stored as text,
        // so instants are stored as UTC ticks (sortable integers).
        c.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        c.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }
}

public sealed class PostgresBinHubDb(DbContextOptions<PostgresBinHubDb> options) : BinHubDb(options)
{
    public override bool IsPostgres => true;
}

public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
