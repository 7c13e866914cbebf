using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Data;

/// <summary>The volunteer programme's tables (issue 15, part C); created by migration V0016_Volunteering.</summary>
public abstract partial class BinHubDb
{
    private static void ConfigureVolunteering(ModelBuilder b)
    {
        b.Entity<VolunteerCall>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.RegionCode).HasMaxLength(5);
            e.Property(x => x.MunicipalityNis).HasMaxLength(5);
            e.Property(x => x.Training).HasMaxLength(500);
            e.Property(x => x.PublishedByUserId).HasMaxLength(450);
            e.Property(x => x.PublishedByName).HasMaxLength(200);
            e.HasIndex(x => x.MunicipalityNis);
            e.HasIndex(x => x.RegionCode);
        });
        b.Entity<VolunteerApplication>(e =>
        {
            e.Property(x => x.Motivation).HasMaxLength(2000);
            e.Property(x => x.DecidedBy).HasMaxLength(200);
            e.Property(x => x.Answer).HasMaxLength(2000);
            e.HasIndex(x => new { x.CallId, x.State });
            e.HasIndex(x => x.MemberId);
            e.HasOne(x => x.Call).WithMany().HasForeignKey(x => x.CallId);
            e.HasOne(x => x.Member).WithMany().HasForeignKey(x => x.MemberId);
        });
        b.Entity<VolunteerStatus>(e =>
        {
            e.Property(x => x.MunicipalityNis).HasMaxLength(5);
            e.Property(x => x.RegionCode).HasMaxLength(5);
            e.Property(x => x.Training).HasMaxLength(500);
            e.Property(x => x.EndReason).HasMaxLength(500);
            e.Property(x => x.EndedBy).HasMaxLength(200);
            e.HasIndex(x => x.MemberId);
            e.HasIndex(x => x.MunicipalityNis);
            e.HasIndex(x => x.StartedAt);
            e.HasIndex(x => x.TrainingParticipantId);
            e.HasOne(x => x.Member).WithMany().HasForeignKey(x => x.MemberId);
            e.HasOne<VolunteerApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.SetNull);
        });
    }
}
