using Consilium.Domain.Experts;
using Consilium.Domain.Experts.Synthetic;
using Consilium.Fhir.Experts;
using Hl7.Fhir.Model;

namespace Consilium.Fhir.Tests.Experts;

public class PractitionerDirectoryTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GivenASyntheticDirectory_WhenExportedToFhirAndImported_ThenEveryFieldRoundTrips()
    {
        var experts = new SyntheticNetwork(11, AsOf).Experts(40);

        var json = PractitionerDirectory.ExportJson(experts);
        var back = PractitionerDirectory.ImportJson(json);

        Assert.Equal(ExpertDirectoryJson.Serialize(experts), ExpertDirectoryJson.Serialize(back));
    }

    [Fact]
    public void GivenAnExpert_WhenExported_ThenPractitionerCarriesLanguagesAndQualificationsAndTheRoleTheSpecialties()
    {
        var expert = new SyntheticNetwork(3, AsOf).Experts(1)[0];

        var bundle = PractitionerDirectory.Export([expert]);

        var practitioner = bundle.Entry.Select(e => e.Resource).OfType<Practitioner>().Single();
        var role = bundle.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Single();
        Assert.Equal(expert.Languages, practitioner.Communication.Select(c => c.Coding[0].Code));
        Assert.Equal(expert.Licensures, practitioner.Qualification.Select(q => q.Code.Coding[0]).Where(c => c.System == PractitionerDirectory.LicenceSystem).Select(c => c.Code));
        Assert.Equal($"Practitioner/{expert.Id}", role.Practitioner!.Reference);
        Assert.Equal(expert.Specialties.Concat(expert.Subspecialties), role.Specialty.Select(s => s.Coding[0].Code));
    }

    [Fact]
    public void GivenSomethingThatIsNotABundle_WhenImported_ThenAFormatErrorNotACrash()
    {
        Assert.Throws<ExpertDirectoryFormatException>(() => PractitionerDirectory.ImportJson("{\"resourceType\":\"Bundle\",\"type\":12}"));
    }
}
