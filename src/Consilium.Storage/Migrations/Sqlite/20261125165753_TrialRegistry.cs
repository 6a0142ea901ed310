using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consilium.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrialRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_trial_selections",
                columns: table => new
                {
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    nct_id = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    selected_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    selected_at = table.Column<long>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_trial_selections", x => new { x.case_id, x.nct_id });
                    table.ForeignKey(
                        name: "FK_case_trial_selections_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "trial_records",
                columns: table => new
                {
                    nct_id = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    last_update = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    version_date = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    imported_at = table.Column<long>(type: "INTEGER", nullable: false),
                    imported_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trial_records", x => x.nct_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_trial_records_status",
                table: "trial_records",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_trial_selections");

            migrationBuilder.DropTable(
                name: "trial_records");
        }
    }
}
