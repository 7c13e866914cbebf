using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 11: invitations of coordinators and municipality officials from the UI (before, only the CLI could create them).
/// The token is stored hashed and unique; the pending list is read per zone.
/// </summary>
internal static class V0011_Invitations
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("Invitations", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), Email = c.Str(254, nullable: false), Role = c.Str(40, nullable: false), BinId = c.Int(nullable: true),
                MunicipalityNis = c.Str(5), ZoneNumber = c.Int(), Language = c.Str(2, nullable: false), TokenHash = c.Str(64, nullable: false),
                InvitedByUserId = c.Str(), InvitedByName = c.Str(200, nullable: false), CreatedAt = c.Instant(), ExpiresAt = c.Instant(),
                AcceptedAt = c.Instant(nullable: true), AcceptedUserId = c.Str(), RevokedAt = c.Instant(nullable: true),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Invitations", x => x.Id);
            t.ForeignKey("FK_Invitations_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_Invitations_TokenHash", "Invitations", "TokenHash", unique: true);
        mb.CreateIndex("IX_Invitations_ZoneNumber_AcceptedAt", "Invitations", ["ZoneNumber", "AcceptedAt"]);
        mb.CreateIndex("IX_Invitations_BinId", "Invitations", "BinId");
    }
}
