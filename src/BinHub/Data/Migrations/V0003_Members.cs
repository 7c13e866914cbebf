using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>Version 3: members of a BIN and their phones.</summary>
internal static class V0003_Members
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("Members", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), BinId = c.Int(), Name = c.Str(200, false), CompanyName = c.Str(200), Street = c.Str(120, false), HouseNumber = c.Str(12, false),
                Email = c.Str(254), Language = c.Str(2, false), State = c.Int(), ConsentVersion = c.Str(20, false), ConsentAt = c.Instant(),
                ConsentOnPaper = c.Bool(), CreatedAt = c.Instant(), UpdatedAt = c.Instant(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Members", x => x.Id);
            t.ForeignKey("FK_Members_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_Members_BinId_State", "Members", ["BinId", "State"]);

        mb.CreateTable("MemberPhones", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), MemberId = c.Int(), Number = c.Str(16, false), IsMobile = c.Bool(), Verified = c.Bool(), SmsOptOutAt = c.Instant(nullable: true) };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MemberPhones", x => x.Id);
            t.ForeignKey("FK_MemberPhones_Members_MemberId", x => x.MemberId, "Members", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_MemberPhones_Number", "MemberPhones", "Number");
        mb.CreateIndex("IX_MemberPhones_MemberId", "MemberPhones", "MemberId");
    }
}
