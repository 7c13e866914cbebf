using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Data;

/// <summary>The good practices library (issue 15, item 1); its tables are created by migration V0014_Practices.</summary>
public abstract partial class BinHubDb
{
    private static void ConfigurePractices(ModelBuilder b)
    {
        b.Entity<Practice>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(Practice.MaxTitle);
            e.Property(x => x.Summary).HasMaxLength(Practice.MaxSummary);
            e.Property(x => x.Body).HasMaxLength(Practice.MaxBody);
            e.Property(x => x.RegionCode).HasMaxLength(5);
            e.Property(x => x.Language).HasMaxLength(2);
            e.Property(x => x.AuthorUserId).HasMaxLength(450);
            e.Property(x => x.AuthorName).HasMaxLength(200);
            e.Property(x => x.RejectionReason).HasMaxLength(Practice.MaxReason);
            e.Property(x => x.ReviewedBy).HasMaxLength(200);
            e.HasIndex(x => new { x.State, x.Theme });
            e.HasIndex(x => x.AuthorUserId);
            e.HasIndex(x => x.TranslationGroup);
            e.HasOne(x => x.Bin).WithMany().HasForeignKey(x => x.BinId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionCode).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Attachments).WithOne().HasForeignKey(a => a.PracticeId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PracticeAttachment>(e =>
        {
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(40);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.HasIndex(x => x.PracticeId);
        });
        b.Entity<PracticeUptake>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(450);
            e.HasIndex(x => new { x.PracticeId, x.BinId }).IsUnique();
            e.HasIndex(x => x.BinId);
            e.HasOne<Practice>().WithMany().HasForeignKey(x => x.PracticeId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Bin).WithMany().HasForeignKey(x => x.BinId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
