using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 9: one sending queue. The service messages of the former <c>OutboxMessages</c> table (codes, confirmations,
/// reminders) become rows of <c>Deliveries</c> beside the deliveries of police and coordinator messages: message and
/// member become optional, and every row gets its kind, priority lane, own text (service messages), dedup key, expiry,
/// gateway and — for moved rows — its former outbox id, which Kannel still has in the report URLs of SMS handed over
/// before the upgrade. Nothing in flight is lost or sent twice: a pending outbox row becomes a planned row (sent once, by
/// the one engine), a sent one stays sent with its report state, a held voice code keeps its audio state; deliveries
/// keep their ids and states, and get no expiry (they were accepted before expiries existed).
/// </summary>
internal static class V0009_OneQueue
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        if (pg)
        {
            mb.Sql("""
                ALTER TABLE "Deliveries" ALTER COLUMN "MessageId" DROP NOT NULL, ALTER COLUMN "MemberId" DROP NOT NULL,
                    ADD COLUMN "Kind" character varying(40) NOT NULL DEFAULT '', ADD COLUMN "Lane" integer NOT NULL DEFAULT 3,
                    ADD COLUMN "Subject" text NULL, ADD COLUMN "Body" text NULL, ADD COLUMN "DedupKey" text NULL,
                    ADD COLUMN "CreatedAt" timestamp with time zone NULL, ADD COLUMN "ExpiresAt" timestamp with time zone NULL,
                    ADD COLUMN "Via" character varying(40) NULL, ADD COLUMN "OutboxId" bigint NULL;
                """);
            // The statement trigger of version 8 checks the message of every written row: service rows have none.
            mb.Sql("""
                CREATE OR REPLACE FUNCTION "Deliveries_MessageExists"() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE wanted bigint; locked bigint;
                BEGIN
                    SELECT COUNT(*) INTO wanted FROM (SELECT DISTINCT "MessageId" FROM written WHERE "MessageId" IS NOT NULL) w;
                    IF wanted = 0 THEN RETURN NULL; END IF;
                    SELECT COUNT(*) INTO locked FROM (
                        SELECT 1 FROM "Messages" m WHERE m."Id" IN (SELECT "MessageId" FROM written) FOR KEY SHARE) l;
                    IF locked < wanted THEN
                        RAISE EXCEPTION 'insert or update on table "Deliveries" violates its message check: the message does not exist'
                            USING ERRCODE = 'foreign_key_violation';
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            mb.Sql("""
                CREATE OR REPLACE FUNCTION "Deliveries_MessageExists_Row"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW."MessageId" IS NULL THEN RETURN NULL; END IF;
                    PERFORM 1 FROM "Messages" m WHERE m."Id" = NEW."MessageId" FOR KEY SHARE;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'insert or update on table "Deliveries" violates its message check: the message does not exist'
                            USING ERRCODE = 'foreign_key_violation';
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            mb.Sql("""
                UPDATE "Deliveries" d SET "Kind" = CASE m."Kind" WHEN 0 THEN 'Alarm' WHEN 1 THEN 'Feedback' WHEN 2 THEN 'Prevention' ELSE 'Info' END,
                    "Lane" = CASE m."Kind" WHEN 0 THEN 0 WHEN 1 THEN 1 ELSE 3 END, "CreatedAt" = m."CreatedAt"
                FROM "Messages" m WHERE m."Id" = d."MessageId";
                """);
        }
        else
        {
            // SQLite cannot make a column optional in place: the table is rebuilt (same ids, same rows), in the migration's transaction.
            mb.Sql("""
                CREATE TABLE "Deliveries_v9" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_Deliveries" PRIMARY KEY AUTOINCREMENT,
                    "MessageId" INTEGER NULL, "MemberId" INTEGER NULL, "Channel" INTEGER NOT NULL, "Recipient" TEXT NOT NULL, "Language" TEXT NOT NULL,
                    "State" INTEGER NOT NULL, "DueAt" INTEGER NOT NULL, "Attempts" INTEGER NOT NULL, "LeaseUntil" INTEGER NULL, "SentAt" INTEGER NULL,
                    "FinalAt" INTEGER NULL, "LastError" TEXT NULL, "FailoverOfId" INTEGER NULL, "ReadAt" INTEGER NULL, "DispatchedBy" TEXT NULL,
                    "Kind" TEXT NOT NULL DEFAULT '', "Lane" INTEGER NOT NULL DEFAULT 3, "Subject" TEXT NULL, "Body" TEXT NULL, "DedupKey" TEXT NULL,
                    "CreatedAt" INTEGER NULL, "ExpiresAt" INTEGER NULL, "Via" TEXT NULL, "OutboxId" INTEGER NULL,
                    CONSTRAINT "FK_Deliveries_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE
                );
                """);
            mb.Sql("""
                INSERT INTO "Deliveries_v9" ("Id", "MessageId", "MemberId", "Channel", "Recipient", "Language", "State", "DueAt", "Attempts", "LeaseUntil",
                    "SentAt", "FinalAt", "LastError", "FailoverOfId", "ReadAt", "DispatchedBy", "Kind", "Lane", "CreatedAt")
                SELECT d."Id", d."MessageId", d."MemberId", d."Channel", d."Recipient", d."Language", d."State", d."DueAt", d."Attempts", d."LeaseUntil",
                    d."SentAt", d."FinalAt", d."LastError", d."FailoverOfId", d."ReadAt", d."DispatchedBy",
                    CASE m."Kind" WHEN 0 THEN 'Alarm' WHEN 1 THEN 'Feedback' WHEN 2 THEN 'Prevention' ELSE 'Info' END,
                    CASE m."Kind" WHEN 0 THEN 0 WHEN 1 THEN 1 ELSE 3 END, m."CreatedAt"
                FROM "Deliveries" d JOIN "Messages" m ON m."Id" = d."MessageId";
                """);
            mb.Sql("""DROP TABLE "Deliveries";""");
            mb.Sql("""ALTER TABLE "Deliveries_v9" RENAME TO "Deliveries";""");
            mb.CreateIndex("IX_Deliveries_MessageId_Channel_State", "Deliveries", ["MessageId", "Channel", "State"]);
            mb.CreateIndex("IX_Deliveries_MemberId", "Deliveries", "MemberId");
            mb.CreateIndex("IX_Deliveries_Recipient", "Deliveries", "Recipient");
        }
        if (pg) mb.DropIndex("IX_Deliveries_State_DueAt", "Deliveries");
        mb.CreateIndex("IX_Deliveries_State_Channel_Lane_DueAt", "Deliveries", ["State", "Channel", "Lane", "DueAt"]);
        mb.CreateIndex("IX_Deliveries_DedupKey", "Deliveries", "DedupKey", unique: true);
        mb.CreateIndex("IX_Deliveries_OutboxId", "Deliveries", "OutboxId");

        // The outbox's rows, in their order. Channels: outbox Email 0 / Sms 1 / Voice 2 → Email 4 / Sms 1 / Voice 2. States:
        // Pending → Planned 0; Held (voice audio rendered) → AudioReady 5; Failed → Failed 4; Sent → Delivered 3 or Failed 4
        // when the gateway's final report came, else Sent 2. A held voice code kept its language in Subject. The lanes are
        // the policy of version 9 (DispatchPolicy): codes, links and answers to a person's own action in lane 2, the rest 3.
        mb.Sql("""
            INSERT INTO "Deliveries" ("MessageId", "MemberId", "Channel", "Recipient", "Language", "State", "DueAt", "Attempts", "SentAt", "FinalAt",
                "LastError", "Kind", "Lane", "Subject", "Body", "DedupKey", "CreatedAt", "Via", "OutboxId")
            SELECT NULL, NULL, CASE o."Channel" WHEN 0 THEN 4 WHEN 1 THEN 1 ELSE 2 END, o."Recipient",
                CASE WHEN o."Channel" = 2 AND o."Subject" IN ('nl', 'fr', 'de', 'en') THEN o."Subject" ELSE 'nl' END,
                CASE WHEN o."State" = 0 THEN 0 WHEN o."State" = 3 THEN 5 WHEN o."State" = 2 THEN 4
                     WHEN o."DeliveryReport" = 1 THEN 3 WHEN o."DeliveryReport" IN (2, 16) THEN 4 ELSE 2 END,
                o."DueAt", o."Attempts", o."SentAt",
                CASE WHEN o."State" = 2 OR (o."State" = 1 AND o."DeliveryReport" IN (1, 2, 16)) THEN COALESCE(o."DeliveryReportAt", o."SentAt", o."DueAt") END,
                SUBSTR(o."LastError", 1, 500), SUBSTR(o."Kind", 1, 40),
                CASE WHEN o."Kind" LIKE 'Code%' OR o."Kind" LIKE 'Link%'
                       OR o."Kind" IN ('AccountConfirmation', 'ReportAcknowledgement', 'PaperConfirmation', 'PaperConfirmed') THEN 2 ELSE 3 END,
                CASE WHEN o."Channel" = 2 THEN NULL ELSE o."Subject" END, o."Body", o."DedupKey", o."CreatedAt", SUBSTR(o."DeliveredVia", 1, 40), o."Id"
            FROM "OutboxMessages" o ORDER BY o."Id";
            """);
        mb.DropTable("OutboxMessages");
    }
}
