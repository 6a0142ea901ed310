using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consilium.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WebPlatform : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "assignments",
                table: "cases",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]"); // existing cases: no assignments, no corrections (edited: EF proposed "", which is not JSON)

            migrationBuilder.AddColumn<string>(
                name: "patient_account_id",
                table: "cases",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "triage_corrections",
                table: "cases",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]"); // existing cases: no assignments, no corrections (edited: EF proposed "", which is not JSON)

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    resource = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    detail = table.Column<string>(type: "TEXT", nullable: true),
                    remote_address = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    previous_hash = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "case_experts",
                columns: table => new
                {
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    expert_account_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_experts", x => new { x.case_id, x.expert_account_id });
                    table.ForeignKey(
                        name: "FK_case_experts_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    from_account_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    from_role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_messages", x => x.id);
                    table.ForeignKey(
                        name: "FK_case_messages_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    length = table.Column<long>(type: "INTEGER", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    stored_at = table.Column<long>(type: "INTEGER", nullable: false),
                    uploaded_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    wrapped_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    segment_size = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_documents", x => x.id);
                    table.ForeignKey(
                        name: "FK_documents_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "opinions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    author_account_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    draft = table.Column<string>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_opinions", x => x.id);
                    table.ForeignKey(
                        name: "FK_opinions_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "outbox_mail",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    to_address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    enqueued_at = table.Column<long>(type: "INTEGER", nullable: false),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_mail", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "opinion_versions",
                columns: table => new
                {
                    opinion_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    signed_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    signed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    amendment_reason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_opinion_versions", x => new { x.opinion_id, x.number });
                    table.ForeignKey(
                        name: "FK_opinion_versions_opinions_opinion_id",
                        column: x => x.opinion_id,
                        principalTable: "opinions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cases_patient_account_id_created_at",
                table: "cases",
                columns: new[] { "patient_account_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_sequence",
                table: "audit_entries",
                columns: new[] { "actor", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_case_id_sequence",
                table: "audit_entries",
                columns: new[] { "case_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_case_experts_expert_account_id",
                table: "case_experts",
                column: "expert_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_case_messages_case_id_at",
                table: "case_messages",
                columns: new[] { "case_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_case_id_stored_at",
                table: "documents",
                columns: new[] { "case_id", "stored_at" });

            migrationBuilder.CreateIndex(
                name: "ix_opinions_case_id_created_at",
                table: "opinions",
                columns: new[] { "case_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_mail_completed_at_lease_until",
                table: "outbox_mail",
                columns: new[] { "completed_at", "lease_until" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "case_experts");

            migrationBuilder.DropTable(
                name: "case_messages");

            migrationBuilder.DropTable(
                name: "documents");

            migrationBuilder.DropTable(
                name: "opinion_versions");

            migrationBuilder.DropTable(
                name: "outbox_mail");

            migrationBuilder.DropTable(
                name: "opinions");

            migrationBuilder.DropIndex(
                name: "ix_cases_patient_account_id_created_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "assignments",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "patient_account_id",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "triage_corrections",
                table: "cases");
        }
    }
}
