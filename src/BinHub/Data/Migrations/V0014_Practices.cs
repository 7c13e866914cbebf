using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 14: the good practices library (issue 15, item 1): practices with their review state, translation group and a
/// folded search column, their checked attachments, and coordinators' "we use this" per BIN (once per practice and BIN).
/// </summary>
internal static class V0014_Practices
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("Practices", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), Title = c.Str(200, false), Summary = c.Str(1000, false), Body = c.Str(20_000, false), Theme = c.Int(),
                RegionCode = c.Str(5), Language = c.Str(2, false), BinId = c.Int(nullable: true), AuthorUserId = c.Str(450, false),
                AuthorName = c.Str(200, false), PublicConsent = c.Bool(), PublicConsentAt = c.Instant(nullable: true), State = c.Int(),
                RejectionReason = c.Str(1000), ReviewedBy = c.Str(200), ReviewedAt = c.Instant(nullable: true), CreatedAt = c.Instant(),
                UpdatedAt = c.Instant(), PublishedAt = c.Instant(nullable: true), TranslationGroup = c.Int(nullable: true), SearchText = c.Str(nullable: false),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Practices", x => x.Id);
            t.ForeignKey("FK_Practices_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.SetNull);
            t.ForeignKey("FK_Practices_Regions_RegionCode", x => x.RegionCode, "Regions", "Code", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Practices_State_Theme", "Practices", ["State", "Theme"]);
        mb.CreateIndex("IX_Practices_AuthorUserId", "Practices", "AuthorUserId");
        mb.CreateIndex("IX_Practices_TranslationGroup", "Practices", "TranslationGroup");
        mb.CreateIndex("IX_Practices_BinId", "Practices", "BinId");
        mb.CreateIndex("IX_Practices_RegionCode", "Practices", "RegionCode");

        mb.CreateTable("PracticeAttachments", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), PracticeId = c.Int(), FileName = c.Str(200, false), ContentType = c.Str(40, false), Bytes = t.Column<byte[]>(nullable: false),
                Size = c.Int(), Sha256 = c.Str(64, false), CreatedAt = c.Instant(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PracticeAttachments", x => x.Id);
            t.ForeignKey("FK_PracticeAttachments_Practices_PracticeId", x => x.PracticeId, "Practices", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_PracticeAttachments_PracticeId", "PracticeAttachments", "PracticeId");

        mb.CreateTable("PracticeUptakes", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), PracticeId = c.Int(), BinId = c.Int(), UserId = c.Str(450, false), At = c.Instant() };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PracticeUptakes", x => x.Id);
            t.ForeignKey("FK_PracticeUptakes_Practices_PracticeId", x => x.PracticeId, "Practices", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_PracticeUptakes_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_PracticeUptakes_PracticeId_BinId", "PracticeUptakes", ["PracticeId", "BinId"], unique: true);
        mb.CreateIndex("IX_PracticeUptakes_BinId", "PracticeUptakes", "BinId");
    }
}
