using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consilium.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ImagingStudies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_imaging_studies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    study_instance_uid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    archive_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    modalities = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    body_part = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    study_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    series_count = table.Column<int>(type: "INTEGER", nullable: false),
                    instance_count = table.Column<int>(type: "INTEGER", nullable: false),
                    series = table.Column<string>(type: "TEXT", nullable: false),
                    uploaded_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    uploaded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_imaging_studies", x => x.id);
                    table.ForeignKey(
                        name: "FK_case_imaging_studies_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "imaging_rereads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    radiologist_account_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    study_instance_uids = table.Column<string>(type: "TEXT", nullable: false),
                    findings = table.Column<string>(type: "TEXT", nullable: false),
                    impression = table.Column<string>(type: "TEXT", nullable: false),
                    comparison_with_original = table.Column<string>(type: "TEXT", nullable: false),
                    radpeer_score = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    filed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imaging_rereads", x => x.id);
                    table.ForeignKey(
                        name: "FK_imaging_rereads_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_case_imaging_studies_archive_id",
                table: "case_imaging_studies",
                column: "archive_id");

            migrationBuilder.CreateIndex(
                name: "ux_case_imaging_studies_case_id_study_uid",
                table: "case_imaging_studies",
                columns: new[] { "case_id", "study_instance_uid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_imaging_rereads_case_id_filed_at",
                table: "imaging_rereads",
                columns: new[] { "case_id", "filed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_imaging_studies");

            migrationBuilder.DropTable(
                name: "imaging_rereads");
        }
    }
}
