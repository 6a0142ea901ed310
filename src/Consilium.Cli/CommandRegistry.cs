using Spectre.Console.Cli;

namespace Consilium.Cli;

/// <summary>Every <c>consilium</c> command, one line each; the commands live in their feature folders.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<Triage.TriageCommand>("triage")
            .WithDescription("Triage a FHIR R4 Bundle: the second-opinion situations, urgency, red flags and expertise needed.")
            .WithExample("triage", "samples/cancer-surgery-planned.json")
            .WithExample("triage", "patient.json", "--json");
        config.AddCommand<Cases.ImportCommand>("import")
            .WithDescription("Import FHIR R4 Bundles as cases (triaged and stored; SQLite in ./data by default, or PostgreSQL).")
            .WithExample("import", "samples/cancer-surgery-planned.json")
            .WithExample("import", "exports/", "--postgres", "Host=127.0.0.1;Database=consilium;Username=consilium;Password=...");
        config.AddBranch("experts", experts =>
        {
            experts.SetDescription("The expert network: import, export and generate directories.");
            experts.AddCommand<Experts.ExpertsImportCommand>("import").WithDescription("Import experts from Consilium JSON (docs/experts-schema.md) or a FHIR Bundle of Practitioner + PractitionerRole.")
                .WithExample("experts", "import", "experts.json");
            experts.AddCommand<Experts.ExpertsExportCommand>("export").WithDescription("Print the stored directory as Consilium JSON, or --fhir as Practitioner + PractitionerRole.");
            experts.AddCommand<Experts.ExpertsGenerateCommand>("generate").WithDescription("Print a seeded synthetic directory (demos and benchmarks).")
                .WithExample("experts", "generate", "--experts", "500", "--seed", "1");
        });
        config.AddCommand<Experts.MatchCommand>("match").WithDescription("Rank the directory's experts for a FHIR Bundle's triaged needs: score parts, reasons, excluded experts and proposed panels.")
            .WithExample("match", "samples/cancer-surgery-planned.json", "--top", "5")
            .WithExample("match", "patient.json", "--json", "--first-opinion-institution", "Erasmus MC");
        config.AddCommand<Experts.AssignCommand>("assign").WithDescription("Assign every Triaged case at once: urgent first, best total match within capacity; reports what could not be placed.")
            .WithExample("assign", "--all")
            .WithExample("assign", "--all", "--json", "--dry-run");
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Measure Consilium on synthetic data.");
            bench.AddCommand<Experts.BenchAssignCommand>("assign").WithDescription("Batch assignment on a synthetic network: seconds, placed/unplaced, peak memory, optimality gap.")
                .WithExample("bench", "assign", "--cases", "20000", "--experts", "5000", "--seed", "1", "--json");
            bench.AddCommand<Bench.Crash.BenchCrashCommand>("crash").WithDescription("Crash consistency: drive writes at the real server, SIGKILL it at random moments, restart, check acknowledged writes, partial states, the audit chain and mail delivery.")
                .WithExample("bench", "crash", "--iterations", "10", "--provider", "both", "--postgres", "Host=127.0.0.1;Username=consilium;Password=consilium;Database=postgres", "--json");
            bench.AddCommand<Imaging.BenchImagingCommand>("imaging").WithDescription("Upload a synthetic 300-file study directly to Orthanc and through Consilium: both throughputs, the ratio, peak memory.")
                .WithExample("bench", "imaging", "--files", "300", "--kb", "1024");
            bench.AddCommand<Bench.Fuzz.BenchFuzzCommand>("fuzz").WithDescription("Hostile input to every file reader, API body, upload and form: accepted, rejected with a message, or a crash, hang or partial write.")
                .WithExample("bench", "fuzz", "--inputs", "1000", "--seed", "1", "--json");
            bench.AddCommand<Bench.Load.BenchLoadCommand>("load").WithDescription("Load the real server (10,000 cases): case list, case page, submission, download, differential; throughput, p50/p95/p99, errors, ratio to a bare endpoint.")
                .WithExample("bench", "load", "--duration", "60", "--provider", "both", "--postgres", "Host=127.0.0.1;Username=postgres", "--json");
        });
        config.AddCommand<Serve.ServeCommand>("serve").WithDescription("Start the web platform (patient, coordinator, expert and admin pages; JSON API) on http://127.0.0.1:5080.").WithExample("serve", "--demo");
        config.AddBranch("audit", audit =>
        {
            audit.SetDescription("The audit trail of every view, download, change and sign-off of patient data.");
            audit.AddCommand<Audit.AuditVerifyCommand>("verify").WithDescription("Check the audit trail's hash chain: exit 0 when intact, 1 naming the first entry at fault.")
                .WithExample("audit", "verify", "--data-dir", "data");
        });
        config.AddCommand<Backup.BackupCommand>("backup").WithDescription("Write one archive with the database (keys included), the encrypted documents and a checked manifest, while the platform runs.")
            .WithExample("backup", "--out", "consilium-2026-11-25.zip", "--data-dir", "data")
            .WithExample("backup", "--out", "consilium.zip", "--postgres", "Host=db;Database=consilium;Username=consilium;Password=...", "--data-dir", "/srv/consilium");
        config.AddCommand<Backup.RestoreCommand>("restore").WithDescription("Restore a backup archive into an empty target (or --force), then verify the audit chain and decrypt every document.")
            .WithExample("restore", "consilium-2026-11-25.zip", "--data-dir", "data")
            .WithExample("restore", "consilium.zip", "--postgres", "Host=db;Database=consilium;Username=consilium;Password=...", "--data-dir", "/srv/consilium", "--force");
        config.AddBranch("opinion", opinion =>
        {
            opinion.SetDescription("Delivered opinions: reports for the referring doctor and the patient.");
            opinion.AddCommand<Opinions.OpinionExportCommand>("export").WithDescription("Write <case-id>.pdf and <case-id>.fhir.json (FHIR R4 document) for every delivered opinion.")
                .WithExample("opinion", "export", "--data-dir", "data", "--out", "reports");
        });
        config.AddCommand<Version.VersionCommand>("version").WithDescription("Print the Consilium version.");
        config.AddCommand<Phenotypes.DdxCommand>("ddx").WithDescription("Ranked differential diagnosis from phenopackets, HPO terms or free text.");
        config.AddCommand<Medications.MedReviewCommand>("medreview")
            .WithDescription("Medication review for treatment that is not working: interactions, pharmacogenomics, adherence, duration and response.")
            .WithExample("medreview", "patient.json", "--interactions", "../shared/data/interactions", "--pgx", "../shared/data/pgx")
            .WithExample("medreview", "patient.json", "--pgx", "../shared/data/pgx", "--genotypes", "genotypes.tsv", "--json");
        config.AddBranch("knowledge", knowledge =>
        {
            knowledge.SetDescription("Reference knowledge the operator provides, imported once into the database.");
            knowledge.AddCommand<Medications.KnowledgeImportCommand>("import")
                .WithDescription("Import medication knowledge (interaction thesaurus, ONC lists, CPIC) into the database, one version per source.")
                .WithExample("knowledge", "import", "--interactions", "../shared/data/interactions", "--pgx", "../shared/data/pgx");
        });
        config.AddBranch("trials", trials =>
        {
            trials.SetDescription("Clinical-trial options for cancer patients: registry import, explainable eligibility matching, measurement.");
            trials.AddCommand<Trials.TrialsImportCommand>("import").WithDescription("Import ClinicalTrials.gov API v2 JSON (a study, an array, or a folder) into the database; updates by NCT id and version date.")
                .WithExample("trials", "import", "../shared/data/trials/ctgov_v2_nsclc");
            trials.AddCommand<Trials.TrialsMatchCommand>("match").WithDescription("Rank the trials a patient may join, criterion by criterion: met, not met (excluding), unknown (what to find out).")
                .WithExample("trials", "match", "patient.json", "--registry", "../shared/data/trials/ctgov_v2_nsclc", "--near", "48.85,2.35", "--top", "5")
                .WithExample("trials", "match", "patient.json", "--country", "France", "--json");
            trials.AddCommand<Trials.TrialsEvalCommand>("eval").WithDescription("Measure criterion-level agreement with expert labels and top-10 ranking of judged-eligible trials (TREC/SIGIR topics).")
                .WithExample("trials", "eval", "--data", "../shared/data/trials");
        });
        config.AddCommand<Phenotypes.DdxEvalCommand>("ddx-eval").WithDescription("Measure the differential on phenopackets with confirmed diagnoses (top-1/3/10, MRR).");
        config.AddCommand<Phenotypes.DdxTermsCommand>("ddx-terms").WithDescription("Find HPO terms by label or synonym (prefix/substring), as the term picker does.");
    }
}
