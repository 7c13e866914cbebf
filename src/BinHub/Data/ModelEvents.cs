using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Data;

/// <summary>Issue 15, part D: BIN events and registrations (migration V0017_Events).</summary>
public abstract partial class BinHubDb
{
    /// <summary>Called once from OnModelCreating.</summary>
    private static void ConfigureEvents(ModelBuilder b)
    {
        b.Entity<BinEvent>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.Place).HasMaxLength(300);
            e.Property(x => x.PlaceNis).HasMaxLength(5);
            e.Property(x => x.Languages).HasMaxLength(20);
            e.Property(x => x.AudienceNis).HasMaxLength(5);
            e.Property(x => x.AudienceRegion).HasMaxLength(5);
            e.Property(x => x.CreatedByUserId).HasMaxLength(450);
            e.Property(x => x.CreatedByName).HasMaxLength(200);
            e.HasIndex(x => x.StartsAt);
            e.HasIndex(x => x.AudienceBinId);
            e.HasIndex(x => x.AudienceNis);
            e.HasOne(x => x.PlaceMunicipality).WithMany().HasForeignKey(x => x.PlaceNis).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Bin>().WithMany().HasForeignKey(x => x.AudienceBinId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<EventRegistration>(e =>
        {
            e.HasIndex(x => new { x.EventId, x.MemberId }).IsUnique();
            e.HasIndex(x => x.MemberId);
            e.HasOne(x => x.Event).WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Member).WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
