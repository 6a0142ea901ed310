using Consilium.Fhir.Intake;

namespace Consilium.Medications.Tests;

/// <summary>MedicationDispense in a FHIR Bundle reaches the CaseFile (the basis for days covered).</summary>
public sealed class DispenseIntakeTests
{
    [Fact]
    public void GivenBundleWithMedicationDispense_WhenRead_ThenDispenseMappedWithDateSupplyAndPrescription()
    {
        const string bundle = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1"}},
          {"fullUrl":"urn:uuid:rx1","resource":{"resourceType":"MedicationRequest","id":"rx1","status":"active","intent":"order",
            "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"312961","display":"Simvastatin 20 MG Oral Tablet"}]},
            "subject":{"reference":"urn:uuid:p1"},"authoredOn":"2025-01-01"}},
          {"fullUrl":"urn:uuid:d1","resource":{"resourceType":"MedicationDispense","id":"d1","status":"completed",
            "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"312961","display":"Simvastatin 20 MG Oral Tablet"}]},
            "subject":{"reference":"urn:uuid:p1"},"authorizingPrescription":[{"reference":"urn:uuid:rx1"}],
            "daysSupply":{"value":30,"unit":"day"},"whenHandedOver":"2025-01-03T10:00:00Z"}}
        ]}
        """;
        var path = Path.Combine(Path.GetTempPath(), $"consilium-dispense-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, bundle);
        try
        {
            var file = BundleIntake.ReadFile(path).CaseFile;
            var d = Assert.Single(file.Dispenses);
            Assert.Equal("completed", d.Status);
            Assert.Equal(30, d.DaysSupply);
            Assert.Equal(new DateTimeOffset(2025, 1, 3, 10, 0, 0, TimeSpan.Zero), d.HandedOver);
            Assert.Equal("Simvastatin 20 MG Oral Tablet", d.Code.Label);
            Assert.Equal(file.Medications[0].Source, Assert.Single(d.Prescriptions));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
