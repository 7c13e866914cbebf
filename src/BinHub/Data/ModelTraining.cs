using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Data;

/// <summary>The BIN training registry (issue 15, item 2): academies, curriculum versions, sessions, participants, certificates.</summary>
public abstract partial class BinHubDb
{
    private static void ConfigureTraining(ModelBuilder b)
    {
        // AcademyId on the users is a plain scope column like PoliceZoneNumber (SQLite cannot add a foreign key to an existing table).
        b.Entity<Academy>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.RegionCode).HasMaxLength(5);
            e.Property(x => x.Town).HasMaxLength(100);
            e.Property(x => x.Languages).HasMaxLength(20);
            e.HasIndex(x => x.Name).IsUnique();
        });
        b.Entity<CurriculumVersion>(e =>
        {
            e.Property(x => x.Label).HasMaxLength(40);
            e.HasIndex(x => x.Label).IsUnique();
            // Exactly one current version: the database refuses a second one (making a draft current retires the old one first).
            e.HasIndex(x => x.State).IsUnique().HasFilter(Migrations.V0015_Training.OneCurrent);
            e.HasMany(x => x.Modules).WithOne().HasForeignKey(m => m.VersionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CurriculumModule>(e =>
        {
            e.Property(x => x.Language).HasMaxLength(2);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.LearningOutcomes).HasMaxLength(2000);
            e.HasIndex(x => new { x.VersionId, x.Position });
        });
        b.Entity<TrainingSession>(e =>
        {
            e.Property(x => x.Place).HasMaxLength(200);
            e.Property(x => x.Trainer).HasMaxLength(200);
            e.Property(x => x.Language).HasMaxLength(2);
            e.HasIndex(x => new { x.AcademyId, x.StartsOn });
            e.HasIndex(x => x.EndsOn);
            e.HasOne(x => x.Academy).WithMany().HasForeignKey(x => x.AcademyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.CurriculumVersion).WithMany().HasForeignKey(x => x.CurriculumVersionId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Participants).WithOne(p => p.Session).HasForeignKey(p => p.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<TrainingParticipant>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(254);
            e.HasIndex(x => x.SessionId);
            e.HasIndex(x => x.UserId);
            e.HasIndex(x => x.PoliceZoneNumber);
            e.HasMany(x => x.Certificates).WithOne(c => c.Participant).HasForeignKey(c => c.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<TrainingCertificate>(e =>
        {
            e.Property(x => x.Code).HasMaxLength(10);
            e.Property(x => x.IssuedBy).HasMaxLength(200);
            e.Property(x => x.RevokedReason).HasMaxLength(500);
            e.Property(x => x.RevokedBy).HasMaxLength(200);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => x.ParticipantId);
        });
    }
}
