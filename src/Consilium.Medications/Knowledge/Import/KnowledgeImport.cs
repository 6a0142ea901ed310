namespace Consilium.Medications.Knowledge.Import;

/// <summary>
/// Imports medication knowledge from the directories the operator provides (layouts of
/// <c>../shared/data/interactions</c> and <c>../shared/data/pgx</c>). Nothing is bundled with the product:
/// every finding cites the source and version it came from.
/// </summary>
public static class KnowledgeImport
{
    /// <summary>Reads both directories (either may be null). Throws <see cref="KnowledgeImportException"/> when a given directory holds nothing usable.</summary>
    public static MedicationKnowledge FromDirectories(string? interactionsDir, string? pgxDir)
    {
        ThesaurusData? thesaurus = null;
        PairListData? high = null, low = null;
        CpicData? cpic = null;
        if (interactionsDir is not null)
        {
            RequireDirectory(interactionsDir, "interactions");
            thesaurus = AnsmThesaurusReader.Read(interactionsDir);
            high = OncListReader.ReadHighPriority(interactionsDir);
            low = OncListReader.ReadNonInterruptive(interactionsDir);
            if (thesaurus is null && high is null && low is null)
            {
                throw new KnowledgeImportException($"{interactionsDir}: no interaction files found (expected all_eng_tables*.xml, ONC_High_Priority_Mapped.csv or ONC_Non_Interuptive_List_Mapped_Formatted.csv).");
            }
        }
        if (pgxDir is not null)
        {
            RequireDirectory(pgxDir, "pgx");
            cpic = CpicReader.Read(pgxDir)
                ?? throw new KnowledgeImportException($"{pgxDir}: no CPIC files found (expected gene_phenotypes/*.json, recommendations_cpic/*.json or cpicPairs.csv).");
        }
        return MedicationKnowledge.Create(thesaurus, high, low, cpic);
    }

    private static void RequireDirectory(string dir, string what)
    {
        if (!Directory.Exists(dir))
        {
            throw new KnowledgeImportException($"{dir}: no such {what} directory.");
        }
    }
}
