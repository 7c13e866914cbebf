using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 15: the BIN training registry. Police academies, versions of the standard curriculum with their modules (exactly one
/// current version, held by a filtered unique index), sessions, participants (users or named outside people) and certificates
/// (a unique verification code). Users get the scope of the new PoliceAcademy role. Existing rows need nothing.
/// </summary>
internal static class V0015_Training
{
    /// <summary>The same filter in the model and the migration: at most one row in state Current (1).</summary>
    public const string OneCurrent = "\"State\" = 1";

    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.AddColumn<int>("AcademyId", "AspNetUsers", nullable: true);
        mb.CreateTable("Academies", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), Name = c.Str(200, nullable: false), RegionCode = c.Str(5, nullable: false), Town = c.Str(100, nullable: false), Languages = c.Str(20, nullable: false) };
        }, constraints: t => t.PrimaryKey("PK_Academies", x => x.Id));
        mb.CreateIndex("IX_Academies_Name", "Academies", "Name", unique: true);

        mb.CreateTable("CurriculumVersions", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), Label = c.Str(40, nullable: false), State = c.Int(), CreatedAt = c.Instant(), CurrentSince = c.Instant(nullable: true),
                RetiredAt = c.Instant(nullable: true),
            };
        }, constraints: t => t.PrimaryKey("PK_CurriculumVersions", x => x.Id));
        mb.CreateIndex("IX_CurriculumVersions_Label", "CurriculumVersions", "Label", unique: true);
        mb.CreateIndex("IX_CurriculumVersions_State", "CurriculumVersions", "State", unique: true, filter: OneCurrent);

        mb.CreateTable("CurriculumModules", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), VersionId = c.Int(), Position = c.Int(), Language = c.Str(2, nullable: false), Title = c.Str(200, nullable: false),
                LearningOutcomes = c.Str(2000, nullable: false), Hours = c.Int(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CurriculumModules", x => x.Id);
            t.ForeignKey("FK_CurriculumModules_CurriculumVersions_VersionId", x => x.VersionId, "CurriculumVersions", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_CurriculumModules_VersionId_Position", "CurriculumModules", ["VersionId", "Position"]);

        mb.CreateTable("TrainingSessions", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), AcademyId = c.Int(), StartsOn = c.Date(nullable: false), EndsOn = c.Date(nullable: false), Place = c.Str(200, nullable: false),
                Trainer = c.Str(200, nullable: false), Language = c.Str(2, nullable: false), CurriculumVersionId = c.Int(), Capacity = c.Int(), CreatedAt = c.Instant(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TrainingSessions", x => x.Id);
            t.ForeignKey("FK_TrainingSessions_Academies_AcademyId", x => x.AcademyId, "Academies", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_TrainingSessions_CurriculumVersions_CurriculumVersionId", x => x.CurriculumVersionId, "CurriculumVersions", "Id",
                onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_TrainingSessions_AcademyId_StartsOn", "TrainingSessions", ["AcademyId", "StartsOn"]);
        mb.CreateIndex("IX_TrainingSessions_EndsOn", "TrainingSessions", "EndsOn");
        mb.CreateIndex("IX_TrainingSessions_CurriculumVersionId", "TrainingSessions", "CurriculumVersionId");

        mb.CreateTable("TrainingParticipants", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), SessionId = c.Int(), Category = c.Int(), UserId = c.Str(450), Name = c.Str(200, nullable: false), Email = c.Str(254),
                PoliceZoneNumber = c.Int(nullable: true), Attendance = c.Int(), Result = c.Int(), AddedAt = c.Instant(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TrainingParticipants", x => x.Id);
            t.ForeignKey("FK_TrainingParticipants_TrainingSessions_SessionId", x => x.SessionId, "TrainingSessions", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_TrainingParticipants_SessionId", "TrainingParticipants", "SessionId");
        mb.CreateIndex("IX_TrainingParticipants_UserId", "TrainingParticipants", "UserId");
        mb.CreateIndex("IX_TrainingParticipants_PoliceZoneNumber", "TrainingParticipants", "PoliceZoneNumber");

        mb.CreateTable("TrainingCertificates", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), ParticipantId = c.Int(), Code = c.Str(10, nullable: false), IssuedAt = c.Instant(), IssuedBy = c.Str(200, nullable: false),
                RevokedAt = c.Instant(nullable: true), RevokedReason = c.Str(500), RevokedBy = c.Str(200),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TrainingCertificates", x => x.Id);
            t.ForeignKey("FK_TrainingCertificates_TrainingParticipants_ParticipantId", x => x.ParticipantId, "TrainingParticipants", "Id",
                onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_TrainingCertificates_Code", "TrainingCertificates", "Code", unique: true);
        mb.CreateIndex("IX_TrainingCertificates_ParticipantId", "TrainingCertificates", "ParticipantId");
    }
}
