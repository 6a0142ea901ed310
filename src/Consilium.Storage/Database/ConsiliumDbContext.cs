using Consilium.Storage.Audit;
using Consilium.Storage.Cases;
using Consilium.Storage.Documents;
using Consilium.Storage.Experts;
using Consilium.Storage.Imaging;
using Consilium.Storage.Knowledge;
using Consilium.Storage.Messages;
using Consilium.Storage.Opinions;
using Consilium.Storage.Outbox;
using Consilium.Storage.Trials;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Database;

/// <summary>
/// Consilium's database. One subclass per provider (<see cref="SqliteConsiliumDbContext"/>,
/// <see cref="PostgreSqlConsiliumDbContext"/>), each with its own migrations under <c>Migrations/</c>.
/// Open it through <see cref="ConsiliumDatabase"/>.
/// </summary>
public abstract class ConsiliumDbContext : DbContext
{
    protected ConsiliumDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The shared transaction this context joined (<see cref="ConsiliumDatabase.InTransactionAsync"/>), or null.</summary>
    internal SharedTransaction? Shared { get; set; }

    public DbSet<CaseRow> Cases => Set<CaseRow>();

    public DbSet<CaseEventRow> CaseEvents => Set<CaseEventRow>();

    public DbSet<CaseExpertRow> CaseExperts => Set<CaseExpertRow>();

    public DbSet<AuditEntryRow> AuditEntries => Set<AuditEntryRow>();

    public DbSet<DocumentRow> Documents => Set<DocumentRow>();

    public DbSet<OpinionRow> Opinions => Set<OpinionRow>();

    public DbSet<OpinionVersionRow> OpinionVersions => Set<OpinionVersionRow>();

    public DbSet<CaseMessageRow> CaseMessages => Set<CaseMessageRow>();

    public DbSet<OutboxMailRow> OutboxMail => Set<OutboxMailRow>();

    public DbSet<ExpertRow> Experts => Set<ExpertRow>();

    public DbSet<KnowledgeSourceRow> KnowledgeSources => Set<KnowledgeSourceRow>();

    public DbSet<TumourBoardRow> TumourBoards => Set<TumourBoardRow>();

    public DbSet<FollowUpSlotRow> FollowUpSlots => Set<FollowUpSlotRow>();
    public DbSet<CaseImagingStudyRow> CaseImagingStudies => Set<CaseImagingStudyRow>();

    public DbSet<ImagingRereadRow> ImagingRereads => Set<ImagingRereadRow>();

    public DbSet<TrialRecordRow> TrialRecords => Set<TrialRecordRow>();

    public DbSet<CaseTrialSelectionRow> CaseTrialSelections => Set<CaseTrialSelectionRow>();

    public DbSet<Jobs.JobLeaseRow> JobLeases => Set<Jobs.JobLeaseRow>();

    public DbSet<Jobs.TurnaroundReminderRow> TurnaroundReminders => Set<Jobs.TurnaroundReminderRow>();

    /// <summary>The column type that holds a JSON document.</summary>
    protected abstract string JsonColumnType { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new CaseRowConfiguration(JsonColumnType));
        modelBuilder.ApplyConfiguration(new CaseEventRowConfiguration());
        modelBuilder.ApplyConfiguration(new CaseExpertRowConfiguration());
        modelBuilder.ApplyConfiguration(new AuditEntryRowConfiguration());
        modelBuilder.ApplyConfiguration(new DocumentRowConfiguration());
        modelBuilder.ApplyConfiguration(new OpinionRowConfiguration(JsonColumnType));
        modelBuilder.ApplyConfiguration(new OpinionVersionRowConfiguration(JsonColumnType));
        modelBuilder.ApplyConfiguration(new CaseMessageRowConfiguration());
        modelBuilder.ApplyConfiguration(new OutboxMailRowConfiguration());
        modelBuilder.ApplyConfiguration(new ExpertRowConfiguration(JsonColumnType));
        modelBuilder.ApplyConfiguration(new KnowledgeSourceRowConfiguration());
        modelBuilder.ApplyConfiguration(new TumourBoardRowConfiguration(JsonColumnType));
        modelBuilder.ApplyConfiguration(new FollowUpSlotRowConfiguration());
        modelBuilder.ApplyConfiguration(new CaseImagingStudyRowConfiguration(JsonColumnType));
        modelBuilder.ApplyConfiguration(new ImagingRereadRowConfiguration(JsonColumnType));
        modelBuilder.ApplyConfiguration(new TrialRecordRowConfiguration());
        modelBuilder.ApplyConfiguration(new CaseTrialSelectionRowConfiguration());
        modelBuilder.ApplyConfiguration(new Jobs.JobLeaseRowConfiguration());
        modelBuilder.ApplyConfiguration(new Jobs.TurnaroundReminderRowConfiguration());
    }
}
