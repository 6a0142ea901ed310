using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consilium.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MedicationKnowledge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "knowledge_sources",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    files = table.Column<string>(type: "TEXT", nullable: false),
                    imported_at = table.Column<long>(type: "INTEGER", nullable: false),
                    imported_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_sources", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_sources_kind_imported_at",
                table: "knowledge_sources",
                columns: new[] { "kind", "imported_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "knowledge_sources");
        }
    }
}
