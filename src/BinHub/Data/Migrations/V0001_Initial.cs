using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>Version 1 of the schema: identity, geography, registry, charters, audit, outbox, API tokens.</summary>
internal static class V0001_Initial
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        Identity(mb, pg);
        Geography(mb, pg);
        Registry(mb, pg);
        Support(mb, pg);
    }

    private static void Identity(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("AspNetRoles", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Str(nullable: false), Name = c.Str(256), NormalizedName = c.Str(256), ConcurrencyStamp = c.Str() };
        }, constraints: t => t.PrimaryKey("PK_AspNetRoles", x => x.Id));
        mb.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);

        mb.CreateTable("AspNetUsers", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Str(nullable: false),
                DisplayName = c.Str(200, nullable: false),
                Language = c.Str(2),
                PoliceZoneNumber = c.Int(nullable: true),
                MunicipalityNis = c.Str(5),
                CreatedAt = c.Instant(),
                UserName = c.Str(256),
                NormalizedUserName = c.Str(256),
                Email = c.Str(256),
                NormalizedEmail = c.Str(256),
                EmailConfirmed = c.Bool(),
                PasswordHash = c.Str(),
                SecurityStamp = c.Str(),
                ConcurrencyStamp = c.Str(),
                PhoneNumber = c.Str(),
                PhoneNumberConfirmed = c.Bool(),
                TwoFactorEnabled = c.Bool(),
                LockoutEnd = c.Instant(nullable: true),
                LockoutEnabled = c.Bool(),
                AccessFailedCount = c.Int(),
            };
        }, constraints: t => t.PrimaryKey("PK_AspNetUsers", x => x.Id));
        mb.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        mb.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);

        mb.CreateTable("AspNetRoleClaims", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), RoleId = c.Str(nullable: false), ClaimType = c.Str(), ClaimValue = c.Str() };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
            t.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");

        mb.CreateTable("AspNetUserClaims", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), UserId = c.Str(nullable: false), ClaimType = c.Str(), ClaimValue = c.Str() };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
            t.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");

        mb.CreateTable("AspNetUserLogins", t =>
        {
            var c = new Cols(t, pg);
            return new { LoginProvider = c.Str(nullable: false), ProviderKey = c.Str(nullable: false), ProviderDisplayName = c.Str(), UserId = c.Str(nullable: false) };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
            t.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");

        mb.CreateTable("AspNetUserRoles", t =>
        {
            var c = new Cols(t, pg);
            return new { UserId = c.Str(nullable: false), RoleId = c.Str(nullable: false) };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
            t.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");

        mb.CreateTable("AspNetUserTokens", t =>
        {
            var c = new Cols(t, pg);
            return new { UserId = c.Str(nullable: false), LoginProvider = c.Str(nullable: false), Name = c.Str(nullable: false), Value = c.Str() };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
            t.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
    }

    private static void Geography(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("Regions", t =>
        {
            var c = new Cols(t, pg);
            return new { Code = c.Str(5, false), NameNl = c.Str(nullable: false), NameFr = c.Str(nullable: false), NameDe = c.Str(), NameEn = c.Str() };
        }, constraints: t => t.PrimaryKey("PK_Regions", x => x.Code));

        mb.CreateTable("Provinces", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Code = c.Str(5, false), RegionCode = c.Str(nullable: false), NameNl = c.Str(nullable: false), NameFr = c.Str(nullable: false),
                NameDe = c.Str(), NameEn = c.Str(), BoundaryGeoJson = c.Str(),
            };
        }, constraints: t => t.PrimaryKey("PK_Provinces", x => x.Code));

        mb.CreateTable("PoliceZones", t =>
        {
            var c = new Cols(t, pg);
            return new { Number = c.Int(), Name = c.Str(nullable: false), RegionCode = c.Str(), BoundaryGeoJson = c.Str() };
        }, constraints: t => t.PrimaryKey("PK_PoliceZones", x => x.Number));

        mb.CreateTable("Municipalities", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Nis = c.Str(5, false), NameNl = c.Str(nullable: false), NameFr = c.Str(nullable: false), NameDe = c.Str(), NameEn = c.Str(),
                ProvinceCode = c.Str(5), RegionCode = c.Str(5, false), PoliceZoneNumber = c.Int(nullable: true), Population = c.Long(),
                BoundaryGeoJson = c.Str(), IsCurrent = c.Bool(), MergedIntoNis = c.Str(), ValidUntil = c.Date(), ZoneCandidates = c.Str(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Municipalities", x => x.Nis);
            t.ForeignKey("FK_Municipalities_Regions_RegionCode", x => x.RegionCode, "Regions", "Code", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Municipalities_Provinces_ProvinceCode", x => x.ProvinceCode, "Provinces", "Code", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Municipalities_PoliceZones_PoliceZoneNumber", x => x.PoliceZoneNumber, "PoliceZones", "Number", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Municipalities_PoliceZoneNumber", "Municipalities", "PoliceZoneNumber");
        mb.CreateIndex("IX_Municipalities_ProvinceCode", "Municipalities", "ProvinceCode");
        mb.CreateIndex("IX_Municipalities_RegionCode", "Municipalities", "RegionCode");
    }

    private static void Registry(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("Bins", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), Name = c.Str(200, false), Type = c.Int(), MunicipalityNis = c.Str(5, false), PoliceZoneNumber = c.Int(),
                AreaStreets = c.Str(nullable: false), AreaGeoJson = c.Str(), ContactEmail = c.Str(), ContactPhone = c.Str(), Language = c.Str(2, false),
                UrgentChannels = c.Int(), NonUrgentChannels = c.Int(), CoordinatorsMaySendPrevention = c.Bool(), PreventionNeedsOfficerApproval = c.Bool(),
                QuietFrom = c.Time(), QuietUntil = c.Time(), EnteredHouseholds = c.Int(nullable: true), StartDate = c.Date(), Status = c.Int(),
                RegistrationNumber = c.Str(20), MandatedOfficerId = c.Str(), CreatedAt = c.Instant(), UpdatedAt = c.Instant(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Bins", x => x.Id);
            t.ForeignKey("FK_Bins_Municipalities_MunicipalityNis", x => x.MunicipalityNis, "Municipalities", "Nis", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Bins_PoliceZones_PoliceZoneNumber", x => x.PoliceZoneNumber, "PoliceZones", "Number", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Bins_AspNetUsers_MandatedOfficerId", x => x.MandatedOfficerId, "AspNetUsers", "Id", onDelete: ReferentialAction.SetNull);
        });
        mb.CreateIndex("IX_Bins_RegistrationNumber", "Bins", "RegistrationNumber", unique: true);
        mb.CreateIndex("IX_Bins_PoliceZoneNumber", "Bins", "PoliceZoneNumber");
        mb.CreateIndex("IX_Bins_MunicipalityNis", "Bins", "MunicipalityNis");
        mb.CreateIndex("IX_Bins_Status", "Bins", "Status");
        mb.CreateIndex("IX_Bins_MandatedOfficerId", "Bins", "MandatedOfficerId");

        mb.CreateTable("BinCoordinators", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), BinId = c.Int(), UserId = c.Str(nullable: false), IsPrimary = c.Bool() };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_BinCoordinators", x => x.Id);
            t.ForeignKey("FK_BinCoordinators_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_BinCoordinators_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_BinCoordinators_BinId_UserId", "BinCoordinators", ["BinId", "UserId"], unique: true);
        mb.CreateIndex("IX_BinCoordinators_UserId", "BinCoordinators", "UserId");

        mb.CreateTable("BinStatusChanges", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.LongId(), BinId = c.Int(), From = c.Int(nullable: true), To = c.Int(), Reason = c.Str(nullable: false),
                ByUserId = c.Str(), ByName = c.Str(), At = c.Instant(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_BinStatusChanges", x => x.Id);
            t.ForeignKey("FK_BinStatusChanges_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_BinStatusChanges_BinId_At", "BinStatusChanges", ["BinId", "At"]);

        mb.CreateTable("RegistrationCounters", t =>
        {
            var c = new Cols(t, pg);
            return new { ZoneNumber = c.Int(), LastValue = c.Int() };
        }, constraints: t => t.PrimaryKey("PK_RegistrationCounters", x => x.ZoneNumber));

        mb.CreateTable("Charters", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), BinId = c.Int(), Version = c.Int(), TemplateVersion = c.Str(nullable: false), CreatedAt = c.Instant(),
                FullyApprovedAt = c.Instant(nullable: true), ValidUntil = c.Instant(nullable: true), ValidityMonths = c.Int(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Charters", x => x.Id);
            t.ForeignKey("FK_Charters_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_Charters_BinId_Version", "Charters", ["BinId", "Version"], unique: true);

        mb.CreateTable("CharterApprovals", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), CharterId = c.Int(), Party = c.Int(), UserId = c.Str(nullable: false), UserName = c.Str(nullable: false), At = c.Instant() };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CharterApprovals", x => x.Id);
            t.ForeignKey("FK_CharterApprovals_Charters_CharterId", x => x.CharterId, "Charters", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_CharterApprovals_CharterId_Party", "CharterApprovals", ["CharterId", "Party"], unique: true);
    }

    private static void Support(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("AuditEntries", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.LongId(), At = c.Instant(), UserId = c.Str(), UserName = c.Str(), Action = c.Str(nullable: false),
                EntityType = c.Str(nullable: false), EntityId = c.Str(), Details = c.Str(), IpAddress = c.Str(), Outcome = c.Str(nullable: false),
            };
        }, constraints: t => t.PrimaryKey("PK_AuditEntries", x => x.Id));
        mb.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");
        mb.CreateIndex("IX_AuditEntries_UserId", "AuditEntries", "UserId");
        mb.CreateIndex("IX_AuditEntries_EntityType_EntityId", "AuditEntries", ["EntityType", "EntityId"]);
        // Append-only by construction: the database itself refuses to change or remove an audit line.
        if (pg)
        {
            mb.Sql("""
                CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'AuditEntries is append-only'; END $$;
                CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION audit_append_only();
                """);
        }
        else
        {
            mb.Sql("CREATE TRIGGER audit_no_update BEFORE UPDATE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'AuditEntries is append-only'); END;");
            mb.Sql("CREATE TRIGGER audit_no_delete BEFORE DELETE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'AuditEntries is append-only'); END;");
        }

        mb.CreateTable("OutboxMessages", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.LongId(), Channel = c.Int(), Recipient = c.Str(nullable: false), Subject = c.Str(nullable: false), Body = c.Str(nullable: false),
                Kind = c.Str(nullable: false), DedupKey = c.Str(nullable: false), CreatedAt = c.Instant(), DueAt = c.Instant(), State = c.Int(),
                Attempts = c.Int(), SentAt = c.Instant(nullable: true), LastError = c.Str(), DeliveredVia = c.Str(),
            };
        }, constraints: t => t.PrimaryKey("PK_OutboxMessages", x => x.Id));
        mb.CreateIndex("IX_OutboxMessages_DedupKey", "OutboxMessages", "DedupKey", unique: true);
        mb.CreateIndex("IX_OutboxMessages_State_DueAt", "OutboxMessages", ["State", "DueAt"]);

        mb.CreateTable("ApiTokens", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), UserId = c.Str(nullable: false), Name = c.Str(nullable: false), Prefix = c.Str(nullable: false), Hash = c.Str(nullable: false),
                CreatedAt = c.Instant(), LastUsedAt = c.Instant(nullable: true), RevokedAt = c.Instant(nullable: true),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ApiTokens", x => x.Id);
            t.ForeignKey("FK_ApiTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ApiTokens_Hash", "ApiTokens", "Hash", unique: true);
        mb.CreateIndex("IX_ApiTokens_UserId", "ApiTokens", "UserId");
    }
}
