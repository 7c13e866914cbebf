using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Data;

public abstract partial class BinHubDb
{
    private static void ConfigureSteeringCommittee(ModelBuilder b)
    {
        b.Entity<BinVacancy>(e =>
        {
            e.HasIndex(x => x.OpenedAt);
            e.HasIndex(x => new { x.BinId, x.FilledAt });
            e.HasOne<Bin>().WithMany().HasForeignKey(x => x.BinId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<SteeringMeeting>(e =>
        {
            e.Property(x => x.Place).HasMaxLength(SteeringMeeting.MaxPlace);
            e.Property(x => x.Agenda).HasMaxLength(SteeringMeeting.MaxAgenda);
            e.HasIndex(x => x.Year);
            e.HasMany(x => x.Attendees).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Decisions).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Documents).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<SteeringAttendee>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(SteeringMeeting.MaxName);
            e.Property(x => x.Organisation).HasMaxLength(SteeringMeeting.MaxName);
            e.Property(x => x.Role).HasMaxLength(SteeringMeeting.MaxName);
            e.HasIndex(x => x.MeetingId);
        });
        b.Entity<SteeringDecision>(e =>
        {
            e.Property(x => x.Text).HasMaxLength(SteeringMeeting.MaxText);
            e.Property(x => x.Owner).HasMaxLength(SteeringMeeting.MaxName);
            e.HasIndex(x => x.MeetingId);
        });
        b.Entity<SteeringDocument>(e =>
        {
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(40);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.HasIndex(x => x.MeetingId);
        });
    }
}
