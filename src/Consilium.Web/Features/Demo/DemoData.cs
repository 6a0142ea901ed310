using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Storage.Database;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Intake;
using Microsoft.AspNetCore.Identity;

namespace Consilium.Web.Features.Demo;

/// <summary>A demo account and, for clinicians, the TOTP secret to put in an authenticator app (or compute codes from).</summary>
public sealed record DemoAccount(string Role, string Email, string Password, string? TotpSecret);

/// <summary>
/// Demo accounts and cases for <c>consilium serve --demo</c> only: a patient, a coordinator, two experts and an
/// administrator, and the patient's cases in every state. Idempotent: running again reuses what is there.
/// </summary>
public static class DemoData
{
    public const string Password = "Demo-Consilium-2026";

    public static async Task<IReadOnlyList<DemoAccount>> SeedAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsiliumUser>>();
        var database = scope.ServiceProvider.GetRequiredService<ConsiliumDatabase>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();

        var accounts = new List<DemoAccount>();
        async Task<ConsiliumUser> AccountAsync(string role, string email, string name, bool twoFactor)
        {
            var (user, secret) = await PresetAccounts.EnsureAsync(users, role, email, name, Password, twoFactor, time.GetUtcNow());
            accounts.Add(new DemoAccount(role, email, Password, secret));
            return user;
        }

        var patient = await AccountAsync(ConsiliumRoles.Patient, "patient@demo.consilium.example", "Dana Patient", twoFactor: false);
        var coordinator = await AccountAsync(ConsiliumRoles.Coordinator, "coordinator@demo.consilium.example", "Chris Coordinator", twoFactor: true);
        var expert1 = await AccountAsync(ConsiliumRoles.Expert, "expert1@demo.consilium.example", "Dr Eva Surgeon", twoFactor: true);
        var expert2 = await AccountAsync(ConsiliumRoles.Expert, "expert2@demo.consilium.example", "Dr Omar Oncologist", twoFactor: true);
        var expert3 = await AccountAsync(ConsiliumRoles.Expert, "expert3@demo.consilium.example", "Dr Rita Radiologist", twoFactor: true);
        await AccountAsync(ConsiliumRoles.Admin, "admin@demo.consilium.example", "Ada Admin", twoFactor: true);

        if ((await database.Cases.ListForPatientAsync(patient.Id, cancellationToken: cancellationToken)).Count == 0)
        {
            await SeedCasesAsync(database, time.GetUtcNow(), patient, coordinator, expert1, expert2, cancellationToken);
            await SeedDeliveredAsync(database, time.GetUtcNow(), patient, coordinator, [expert1, expert2, expert3], cancellationToken);
        }

        await output.WriteLineAsync("Demo accounts (they exist only because of --demo); password for all: " + Password);
        foreach (var a in accounts)
        {
            await output.WriteLineAsync($"  {a.Role,-12} {a.Email,-38} {(a.TotpSecret is null ? "" : "TOTP secret " + a.TotpSecret)}");
        }
        return accounts;
    }

    private static async Task SeedCasesAsync(ConsiliumDatabase database, DateTimeOffset now, ConsiliumUser patient, ConsiliumUser coordinator, ConsiliumUser expert1, ConsiliumUser expert2, CancellationToken cancellationToken)
    {
        var p = $"{patient.DisplayName} ({patient.Id})";
        var c = $"{coordinator.DisplayName} ({coordinator.Id})";
        var start = now.AddDays(-10);

        SecondOpinionCase New(IntakeForm form, int hoursAfterStart) =>
            new(Guid.NewGuid(), form.ApplyTo(new CaseFile(), start.AddHours(hoursAfterStart)), p, start.AddHours(hoursAfterStart), patient.Id);

        var knee = new IntakeForm
        {
            SurgeryPlanned = true, BirthDate = new DateOnly(1961, 4, 2), Sex = AdministrativeSex.Female, Country = "GB",
            Diagnosis = "Osteoarthritis of the right knee", ProposedTreatment = "Total knee replacement", TreatmentIsSurgery = true,
            TreatmentDate = DateOnly.FromDateTime(now.AddDays(40).UtcDateTime), Symptoms = "Knee pain when walking", SymptomWeeks = 60,
            Medications = "Ibuprofen", MedicationWeeks = 30, Improving = "no", Question = "Do I need the operation now, or can I try something else first?", Consent = true,
        };
        var colon = new IntakeForm
        {
            Cancer = true, SurgeryPlanned = true, BirthDate = new DateOnly(1958, 9, 12), Sex = AdministrativeSex.Male, Country = "DE",
            Diagnosis = "Colon cancer, stage II", ProposedTreatment = "Open hemicolectomy", TreatmentIsSurgery = true,
            TreatmentDate = DateOnly.FromDateTime(now.AddDays(14).UtcDateTime), Question = "Could this be done laparoscopically, and do I need chemotherapy?", Consent = true,
        };
        var fatigue = new IntakeForm
        {
            SymptomsUnexplained = true, TreatmentNotWorking = true, BirthDate = new DateOnly(1990, 1, 20), Sex = AdministrativeSex.Female, Country = "US",
            Diagnosis = "Hypothyroidism", Symptoms = "Fatigue\nJoint pain\nRash on the face", SymptomWeeks = 26, Medications = "Levothyroxine", MedicationWeeks = 20,
            Improving = "no", Question = "Is my diagnosis right? I am not getting better.", Consent = true,
        };
        var chest = new IntakeForm
        {
            SymptomsUnexplained = true, BirthDate = new DateOnly(1966, 6, 5), Sex = AdministrativeSex.Male, Country = "GB",
            Diagnosis = "Reflux", Symptoms = "Chest pain spreading to my left arm", SymptomWeeks = 0, Question = "Is it really reflux?", Consent = true,
        };

        // Draft: started, not sent.
        var draft = New(new IntakeForm { RareOrComplex = true, BirthDate = new DateOnly(1975, 3, 3), Diagnosis = "Ehlers-Danlos syndrome" }, 0);

        // Triaged: waiting in the coordinator's queue.
        var triaged = New(knee, 1);
        IntakeSubmission.Send(triaged, p, start.AddHours(2));

        // Emergency: a red flag in the patient's own words.
        var emergency = New(chest, 3);
        IntakeSubmission.Send(emergency, p, start.AddHours(3));

        // NeedsInformation: the coordinator asked for the pathology report.
        var waiting = New(colon, 4);
        IntakeSubmission.Send(waiting, p, start.AddHours(5));
        waiting.RequestInformation("Please upload the pathology report from your colonoscopy biopsy.", c, start.AddHours(20));

        // Assigned to expert 1.
        var assigned = New(knee, 6);
        IntakeSubmission.Send(assigned, p, start.AddHours(7));
        assigned.AssignExpert(expert1.Id, c, start.AddHours(24), "knee surgery volume");

        // InReview by expert 1, with a draft opinion.
        var inReview = New(fatigue, 8);
        IntakeSubmission.Send(inReview, p, start.AddHours(9));
        inReview.AssignExpert(expert1.Id, c, start.AddHours(26), "rheumatology");
        inReview.MoveTo(CaseStatus.InReview, $"{expert1.DisplayName} ({expert1.Id})", start.AddHours(48), "The expert started the review");
        var draftOpinion = new Opinion(Guid.NewGuid(), inReview.Id, expert1.Id);
        draftOpinion.SaveDraft(new OpinionContent(DiagnosisAgreement.Changed, "Consider systemic lupus erythematosus", TreatmentAgreement.Modified, "ANA and anti-dsDNA tests; rheumatology referral.", null, "", null));

        // A closed and a withdrawn case (the delivered ones, a tumour board's among them, are in SeedDeliveredAsync).
        var e2 = $"{expert2.DisplayName} ({expert2.Id})";
        var closed = New(knee, 12);
        IntakeSubmission.Send(closed, p, start.AddHours(13));
        closed.AssignExpert(expert2.Id, c, start.AddHours(32), "second knee");
        closed.MoveTo(CaseStatus.InReview, e2, start.AddHours(52), "The expert started the review");
        closed.MoveTo(CaseStatus.OpinionDelivered, e2, start.AddHours(72), "The expert signed the opinion");
        closed.MoveTo(CaseStatus.Closed, c, start.AddHours(100), "The patient has read the opinion");
        var closedOpinion = new Opinion(Guid.NewGuid(), closed.Id, expert2.Id);
        closedOpinion.SaveDraft(new OpinionContent(DiagnosisAgreement.Confirmed, null, TreatmentAgreement.Agree, "Proceed with the planned knee replacement.", null, "Yes: physiotherapy was tried for long enough.", null,
            DemoOpinions.For(closed)));
        closedOpinion.Sign(expert2.Id, start.AddHours(72), DemoOpinions.Situations(closed));

        var withdrawn = New(fatigue, 14);
        withdrawn.MoveTo(CaseStatus.Withdrawn, p, start.AddHours(15), "The patient withdrew the request");

        foreach (var @case in new[] { draft, triaged, emergency, waiting, assigned, inReview, closed, withdrawn })
        {
            await database.Cases.AddAsync(@case, cancellationToken);
        }
        foreach (var opinion in new[] { draftOpinion, closedOpinion })
        {
            await database.Opinions.SaveAsync(opinion, cancellationToken);
        }
    }

    /// <summary>
    /// Delivered opinions covering every situation: a colon cancer case decided by a three-member tumour board (with a follow-up slot
    /// offered), unexplained symptoms with treatment not working (in follow-up), and a rare condition.
    /// </summary>
    private static async Task SeedDeliveredAsync(ConsiliumDatabase database, DateTimeOffset now, ConsiliumUser patient, ConsiliumUser coordinator, ConsiliumUser[] experts, CancellationToken cancellationToken)
    {
        var p = $"{patient.DisplayName} ({patient.Id})";
        var c = $"{coordinator.DisplayName} ({coordinator.Id})";
        var start = now.AddDays(-9);
        string Actor(ConsiliumUser u) => $"{u.DisplayName} ({u.Id})";
        SecondOpinionCase New(IntakeForm form, int hours)
        {
            var @case = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), start.AddHours(hours)), p, start.AddHours(hours), patient.Id);
            IntakeSubmission.Send(@case, p, start.AddHours(hours));
            return @case;
        }
        var (surgeon, oncologist, radiologist) = (experts[0], experts[1], experts[2]);
        // One expert assigned at hour `assigned`, review started 8 hours later, the opinion signed and delivered at hour `signed`.
        Opinion DeliverBy(SecondOpinionCase @case, ConsiliumUser expert, string why, int assigned, int signed, OpinionContent content)
        {
            @case.AssignExpert(expert.Id, c, start.AddHours(assigned), why);
            @case.MoveTo(CaseStatus.InReview, Actor(expert), start.AddHours(assigned + 8), "The expert started the review");
            var opinion = new Opinion(Guid.NewGuid(), @case.Id, expert.Id);
            opinion.SaveDraft(content);
            opinion.Sign(expert.Id, start.AddHours(signed), DemoOpinions.Situations(@case));
            @case.MoveTo(CaseStatus.OpinionDelivered, Actor(expert), start.AddHours(signed), "The expert signed the opinion");
            return opinion;
        }

        // Tumour board: the oncologist leads, the surgeon and the radiologist write their sections, all three sign off.
        var colon = New(new IntakeForm
        {
            Cancer = true, SurgeryPlanned = true, BirthDate = new DateOnly(1958, 9, 12), Sex = AdministrativeSex.Male, Country = "DE",
            Diagnosis = "Colon cancer, stage II", ProposedTreatment = "Open hemicolectomy", TreatmentIsSurgery = true,
            TreatmentDate = DateOnly.FromDateTime(now.AddDays(14).UtcDateTime), Question = "Could this be done laparoscopically, and do I need chemotherapy?", Consent = true,
        }, 1);
        foreach (var e in experts)
        {
            colon.AssignExpert(e.Id, c, start.AddHours(20), "tumour board");
        }
        colon.MoveTo(CaseStatus.InReview, Actor(oncologist), start.AddHours(40), "The expert started the review");
        var boardOpinion = new Opinion(Guid.NewGuid(), colon.Id, oncologist.Id);
        var board = new TumourBoard(Guid.NewGuid(), colon.Id, boardOpinion.Id, oncologist.Id, experts.Select(e => new BoardMember(e.Id, e.DisplayName)));
        board.WriteSection(oncologist.Id, "Stage IIA, curative intent. Adjuvant chemotherapy only with high-risk features; test MMR status.");
        board.WriteSection(surgeon.Id, "A laparoscopic right hemicolectomy is suitable: no prior abdominal surgery, tumour not fixed.");
        board.WriteSection(radiologist.Id, "CT reviewed: no liver or lung lesions; no enlarged nodes.");
        var record = board.Compose(DateOnly.FromDateTime(start.AddHours(60).UtcDateTime), [.. experts.Select(e => e.DisplayName), "Nurse specialist"],
            "Laparoscopic right hemicolectomy; decide on chemotherapy after the final pathology and MMR result.",
            [new Dissent(radiologist.DisplayName, "Would add an MRI of the liver before surgery.")]);
        boardOpinion.SaveDraft(new OpinionContent(DiagnosisAgreement.Confirmed, null, TreatmentAgreement.Modified,
            "Laparoscopic right hemicolectomy rather than open surgery; adjuvant chemotherapy decided after the final pathology.",
            "Open surgery remains reasonable if laparoscopy is not available locally.",
            "Yes, this operation can usually be done laparoscopically, with a faster recovery. Chemotherapy depends on the final pathology.",
            "Your diagnosis is right. Keyhole surgery is likely a better option for you.", DemoOpinions.For(colon), record));
        foreach (var e in experts)
        {
            board.SignOff(e.Id, boardOpinion.Draft!.ComputeHash(), start.AddHours(62));
        }
        board.Deliver(boardOpinion, oncologist.Id, start.AddHours(64), DemoOpinions.Situations(colon));
        colon.MoveTo(CaseStatus.OpinionDelivered, Actor(oncologist), start.AddHours(64), "The tumour board's opinion was signed by every member and delivered");

        // Unexplained symptoms and treatment not working: delivered, the patient asked a follow-up question.
        var fatigue = New(new IntakeForm
        {
            SymptomsUnexplained = true, TreatmentNotWorking = true, BirthDate = new DateOnly(1990, 1, 20), Sex = AdministrativeSex.Female, Country = "US",
            Diagnosis = "Hypothyroidism", Symptoms = "Fatigue\nJoint pain\nRash on the face", SymptomWeeks = 26, Medications = "Levothyroxine", MedicationWeeks = 20,
            Improving = "no", Question = "Is my diagnosis right? I am not getting better.", Consent = true,
        }, 2);
        var fatigueOpinion = DeliverBy(fatigue, surgeon, "internal medicine", 22, 100, new OpinionContent(DiagnosisAgreement.Changed,
            "Probable systemic lupus erythematosus alongside treated hypothyroidism", TreatmentAgreement.Modified,
            "ANA and anti-dsDNA tests; rheumatology referral; keep levothyroxine.", null,
            "Your thyroid treatment is working; the tiredness, joint pain and rash point to a second condition that needs its own tests.", null, DemoOpinions.For(fatigue)));
        fatigue.MoveTo(CaseStatus.FollowUp, p, start.AddHours(130), "The patient asked a follow-up question");

        // Rare condition: delivered.
        var rare = New(new IntakeForm
        {
            RareOrComplex = true, BirthDate = new DateOnly(1975, 3, 3), Sex = AdministrativeSex.Female, Country = "NL", Diagnosis = "Ehlers-Danlos syndrome",
            Symptoms = "Joint dislocations\nEasy bruising", SymptomWeeks = 200, Question = "Which specialist should follow me?", Consent = true,
        }, 3);
        var rareOpinion = DeliverBy(rare, surgeon, "connective tissue disorders", 24, 150, new OpinionContent(DiagnosisAgreement.Refined, "Hypermobile Ehlers-Danlos syndrome", TreatmentAgreement.Agree,
            "Genetics review to exclude vascular type; physiotherapy for joint stability.", null,
            "A genetics clinic should confirm the type; your GP can coordinate with a national expert centre.", null, DemoOpinions.For(rare)));

        foreach (var @case in new[] { colon, fatigue, rare })
        {
            await database.Cases.AddAsync(@case, cancellationToken);
        }
        foreach (var opinion in new[] { boardOpinion, fatigueOpinion, rareOpinion })
        {
            await database.Opinions.SaveAsync(opinion, cancellationToken);
        }
        await database.TumourBoards.SaveAsync(board, cancellationToken);
        await database.FollowUpSlots.OfferAsync(new FollowUpSlot(Guid.NewGuid(), colon.Id, oncologist.Id, new DateTimeOffset(now.UtcDateTime.Date.AddDays(5).AddHours(14), TimeSpan.Zero), 30), cancellationToken);
        await database.Messages.AddAsync(new Storage.Messages.CaseMessage(Guid.NewGuid(), fatigue.Id, patient.Id, "Patient", start.AddHours(130), "Should I stop the levothyroxine while I wait for the rheumatologist?"), cancellationToken);
    }
}
