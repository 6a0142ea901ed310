using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consilium.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StructuredOpinions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "follow_up_slots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    expert_account_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    booked_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    booked_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_up_slots", x => x.id);
                    table.ForeignKey(
                        name: "FK_follow_up_slots_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tumour_boards",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    opinion_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    lead_account_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    members = table.Column<string>(type: "TEXT", nullable: false),
                    sections = table.Column<string>(type: "TEXT", nullable: false),
                    sign_offs = table.Column<string>(type: "TEXT", nullable: false),
                    delivered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tumour_boards", x => x.id);
                    table.ForeignKey(
                        name: "FK_tumour_boards_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_tumour_boards_opinions_opinion_id",
                        column: x => x.opinion_id,
                        principalTable: "opinions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_slots_case_id_starts_at",
                table: "follow_up_slots",
                columns: new[] { "case_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tumour_boards_case_id",
                table: "tumour_boards",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_tumour_boards_opinion_id",
                table: "tumour_boards",
                column: "opinion_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "follow_up_slots");

            migrationBuilder.DropTable(
                name: "tumour_boards");
        }
    }
}
