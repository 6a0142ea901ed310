using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consilium.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class QueueUrgencyRank : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "urgency_rank",
                table: "cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Every case stored before gets its rank from its urgency name (the same numbers CaseRegistry writes).
            migrationBuilder.Sql("UPDATE cases SET urgency_rank = CASE urgency WHEN 'Emergency' THEN 2 WHEN 'Expedited' THEN 1 WHEN 'Standard' THEN 0 ELSE -1 END;");

            migrationBuilder.CreateIndex(
                name: "ix_cases_queue",
                table: "cases",
                columns: new[] { "urgency_rank", "created_at", "id", "status" },
                descending: new[] { true, false, false, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_cases_queue",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "urgency_rank",
                table: "cases");
        }
    }
}
