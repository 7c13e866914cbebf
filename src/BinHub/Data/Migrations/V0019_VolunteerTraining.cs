using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 19: a volunteer's training comes from the training registry. A call may name the registry session it requires;
/// a volunteer status says whether training is required and which participant row of the registry was made for it. Plain
/// columns, no foreign keys: SQLite cannot add one to an existing table, and a participant taken off a session by the
/// academy must leave the status "training to be planned" rather than be refused. Existing rows: no training required.
/// </summary>
internal static class V0019_VolunteerTraining
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.AddColumn<int>("TrainingSessionId", "VolunteerCalls", nullable: true);
        mb.AddColumn<bool>("TrainingRequired", "VolunteerStatuses", nullable: false, defaultValue: false);
        mb.AddColumn<int>("TrainingParticipantId", "VolunteerStatuses", nullable: true);
        mb.CreateIndex("IX_VolunteerStatuses_TrainingParticipantId", "VolunteerStatuses", "TrainingParticipantId");
    }
}
