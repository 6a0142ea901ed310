using System.Runtime.CompilerServices;
using System.Text.Json;
using Consilium.Domain.Opinions;
using Consilium.Storage.Cases;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Opinions;

/// <summary>How a <see cref="TumourBoard"/> is stored (table <c>tumour_boards</c>): members, sections and sign-offs as JSON, a version for optimistic concurrency.</summary>
public sealed class TumourBoardRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid OpinionId { get; set; }
    public string LeadAccountId { get; set; } = string.Empty;
    public string Members { get; set; } = "[]";
    public string Sections { get; set; } = "{}";
    public string SignOffs { get; set; } = "[]";
    public DateTimeOffset? DeliveredAt { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class TumourBoardRowConfiguration(string jsonColumnType) : IEntityTypeConfiguration<TumourBoardRow>
{
    public void Configure(EntityTypeBuilder<TumourBoardRow> builder)
    {
        builder.ToTable("tumour_boards");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(b => b.CaseId).HasColumnName("case_id");
        builder.Property(b => b.OpinionId).HasColumnName("opinion_id");
        builder.Property(b => b.LeadAccountId).HasColumnName("lead_account_id").HasMaxLength(256);
        builder.Property(b => b.Members).HasColumnName("members").HasColumnType(jsonColumnType);
        builder.Property(b => b.Sections).HasColumnName("sections").HasColumnType(jsonColumnType);
        builder.Property(b => b.SignOffs).HasColumnName("sign_offs").HasColumnType(jsonColumnType);
        builder.Property(b => b.DeliveredAt).HasColumnName("delivered_at");
        builder.Property(b => b.Version).HasColumnName("version").IsConcurrencyToken();
        builder.Property(b => b.CreatedAt).HasColumnName("created_at");
        builder.HasOne<CaseRow>().WithMany().HasForeignKey(b => b.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<OpinionRow>().WithMany().HasForeignKey(b => b.OpinionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => b.CaseId).HasDatabaseName("ix_tumour_boards_case_id");
        builder.HasIndex(b => b.OpinionId).IsUnique().HasDatabaseName("ix_tumour_boards_opinion_id");
    }
}

/// <summary>
/// The register of tumour boards. <see cref="SaveAsync"/> inserts a new board or saves one read from here, refusing with
/// <see cref="OpinionConcurrencyException"/> (for the board's opinion) when someone else saved it meanwhile. Safe to share.
/// </summary>
public sealed class TumourBoardRegistry
{
    private readonly Func<ConsiliumDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly ConditionalWeakTable<TumourBoard, StrongBox<int>> _versions = [];

    public TumourBoardRegistry(Func<ConsiliumDbContext> contexts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(time);
        _contexts = contexts;
        _time = time;
    }

    /// <summary>Stores <paramref name="board"/>; throws <see cref="OpinionConcurrencyException"/> (nothing written) when it changed meanwhile.</summary>
    public async Task SaveAsync(TumourBoard board, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(board);
        await using var db = _contexts();
        int newVersion;
        var members = JsonSerializer.Serialize(board.Members, CaseDocumentJson.Options);
        var sections = JsonSerializer.Serialize(board.Sections, CaseDocumentJson.Options);
        var signOffs = JsonSerializer.Serialize(board.SignOffs, CaseDocumentJson.Options);
        if (!_versions.TryGetValue(board, out var box))
        {
            if (await db.TumourBoards.AnyAsync(b => b.Id == board.Id || b.OpinionId == board.OpinionId, ct))
            {
                throw new OpinionConcurrencyException(board.OpinionId, "a tumour board with this id, or for this opinion, is already stored");
            }
            newVersion = 1;
            db.TumourBoards.Add(new TumourBoardRow
            {
                Id = board.Id,
                CaseId = board.CaseId,
                OpinionId = board.OpinionId,
                LeadAccountId = board.LeadAccountId,
                Members = members,
                Sections = sections,
                SignOffs = signOffs,
                DeliveredAt = board.DeliveredAt,
                Version = newVersion,
                CreatedAt = _time.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
        }
        else
        {
            var expected = box.Value;
            newVersion = expected + 1;
            var id = board.Id;
            var delivered = board.DeliveredAt;
            var updated = await db.TumourBoards.Where(b => b.Id == id && b.Version == expected)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Version, newVersion).SetProperty(b => b.Members, members)
                    .SetProperty(b => b.Sections, sections).SetProperty(b => b.SignOffs, signOffs).SetProperty(b => b.DeliveredAt, delivered), ct);
            if (updated == 0)
            {
                throw new OpinionConcurrencyException(board.OpinionId, $"its tumour board was read at version {expected}");
            }
        }
        _versions.AddOrUpdate(board, new StrongBox<int>(newVersion));
    }

    /// <summary>The board giving opinion <paramref name="opinionId"/>, or null.</summary>
    public async Task<TumourBoard?> GetForOpinionAsync(Guid opinionId, CancellationToken ct = default)
    {
        await using var db = _contexts();
        var row = await db.TumourBoards.AsNoTracking().SingleOrDefaultAsync(b => b.OpinionId == opinionId, ct);
        return row is null ? null : Track(row);
    }

    /// <summary>The boards on a case, oldest first.</summary>
    public async Task<IReadOnlyList<TumourBoard>> GetForCaseAsync(Guid caseId, CancellationToken ct = default)
    {
        await using var db = _contexts();
        var rows = await db.TumourBoards.AsNoTracking().Where(b => b.CaseId == caseId).OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).ToListAsync(ct);
        return rows.Select(Track).ToList();
    }

    private TumourBoard Track(TumourBoardRow row)
    {
        var board = TumourBoard.Restore(row.Id, row.CaseId, row.OpinionId, row.LeadAccountId,
            JsonSerializer.Deserialize<List<BoardMember>>(row.Members, CaseDocumentJson.Options) ?? [],
            JsonSerializer.Deserialize<Dictionary<string, string>>(row.Sections, CaseDocumentJson.Options) ?? [],
            JsonSerializer.Deserialize<List<BoardSignOff>>(row.SignOffs, CaseDocumentJson.Options) ?? [],
            row.DeliveredAt);
        _versions.AddOrUpdate(board, new StrongBox<int>(row.Version));
        return board;
    }
}
