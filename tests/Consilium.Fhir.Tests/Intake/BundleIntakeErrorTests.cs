using System.Text;
using Consilium.Fhir.Intake;

namespace Consilium.Fhir.Tests.Intake;

public sealed class BundleIntakeErrorTests
{
    [Fact]
    public void GivenTextThatIsNotJson_WhenRead_ThenNotValidJsonWithLineAndColumn()
    {
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.Read("not-json.txt"));

        Assert.StartsWith("The input is not valid JSON:", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("line 1, column 1", e.Message, StringComparison.Ordinal);
        Assert.Null(e.EntryIndex);
    }

    [Fact]
    public void GivenABundleWithABadUtf8ByteInAString_WhenRead_ThenNotValidUtf8NamesLineAndColumn()
    {
        // Found by `bench fuzz` (invalid-utf8 mutation): the bad byte surfaced in the mapping as InvalidOperationException.
        byte[] input = [.. "{\"resourceType\": \"Bundle\",\n \"type\": \"collection\", \"id\": \"a"u8.ToArray(), 0xC3, 0x28, .. "\"}"u8.ToArray()];
        var e = Assert.Throws<FhirIntakeException>(() => BundleIntake.Read(input));

        Assert.StartsWith("The input is not valid UTF-8", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
        Assert.Equal(32, e.Column);
    }

    [Fact]
    public void GivenTruncatedJson_WhenRead_ThenNotValidJsonNamesTheLine()
    {
        var json = "{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\",\n  \"entry\": [\n";
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.ReadJson(json));

        Assert.StartsWith("The input is not valid JSON:", e.Message, StringComparison.Ordinal);
        Assert.True(e.Line >= 4, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    public void GivenEmptyInput_WhenRead_ThenSaysEmpty(string input)
    {
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.ReadJson(input));
        Assert.Equal("The input is empty: expected a FHIR Bundle in JSON.", e.Message);
    }

    [Fact]
    public void GivenJsonThatIsNotFhir_WhenRead_ThenSaysNoResourceType()
    {
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.Read("not-fhir.json"));
        Assert.Equal("The input is JSON but not a FHIR resource: it has no \"resourceType\" (expected \"Bundle\") (at resourceType).", e.Message);
    }

    [Theory]
    [InlineData("[1,2,3]", "found an array")]
    [InlineData("42", "found a number")]
    [InlineData("\"Bundle\"", "found a string")]
    public void GivenJsonRootThatIsNotAnObject_WhenRead_ThenSaysWhatWasFound(string json, string expected)
    {
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.ReadJson(json));
        Assert.Contains("not a FHIR resource", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenLoneResource_WhenRead_ThenRejectedAsNotABundle()
    {
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.Read("lone-patient.json"));
        Assert.StartsWith("Expected a FHIR Bundle but found a Patient resource", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenBirthDateAsNumber_WhenRead_ThenEntryResourcePathAndFileLineNamed()
    {
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.Read("bad-birthdate.json"));

        Assert.Equal(1, e.EntryIndex);
        Assert.Equal("Patient", e.ResourceType);
        Assert.Equal("p-bad", e.ResourceId);
        Assert.Equal("Patient.birthDate", e.Path);
        Assert.Equal(18, e.Line);
        Assert.StartsWith("Bundle.entry[1] (Patient/p-bad): is not valid FHIR R4:", e.Message, StringComparison.Ordinal);
        Assert.Contains("integer 12 is not the right type of literal for a date", e.Message, StringComparison.Ordinal);
        Assert.Contains("at Patient.birthDate, line 18", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceType":"Condition","id":"c","onsetDateTime":"yesterday"}""", "Condition.onset")]
    [InlineData("""{"resourceType":"Observation","id":"o","status":"final","code":{"text":"x"},"valueQuantity":{"value":"high"}}""", "Observation.value")]
    [InlineData("""{"resourceType":"Goal","id":"g","lifecycleStatus":"active","description":{"text":"x"},"addresses":{"reference":"Condition/1"}}""", "Goal.addresses")]
    [InlineData("""{"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order","authoredOn":true}""", "MedicationRequest.authoredOn")]
    public void GivenEntryWithWrongValueType_WhenRead_ThenFhirIntakeExceptionNamesTheElement(string resource, string pathStart)
    {
        var json = $$"""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{{resource}}}]}""";
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.ReadJson(json));

        Assert.Equal(0, e.EntryIndex);
        Assert.NotNull(e.Path);
        Assert.StartsWith(pathStart, e.Path, StringComparison.Ordinal);
        Assert.Contains("is not valid FHIR R4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenUnknownElementsAndCodesOutsideValueSets_WhenRead_ThenToleratedAsRealExportsNeed()
    {
        var json = """
            {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p","gender":"mail","nickname":"Bob"}},
             {"resource":{"resourceType":"Condition","id":"c","code":{"text":"Asthma"}}},
             {"resource":{"resourceType":"Procedure","id":"pr","status":"scheduled","code":{"text":"Knee replacement"}}},
             {"resource":{"resourceType":"ServiceRequest","id":"sr","status":"pending","intent":"wish","code":{"text":"MRI"}}},
             {"resource":{"resourceType":"MedicationRequest","id":"mr","status":"pending","intent":"order","medicationCodeableConcept":{"text":"x"},
               "dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"fortnight"}},"doseAndRate":[{"doseQuantity":{"value":5,"comparator":"about"}}]}]}},
             {"resource":{"resourceType":"Observation","id":"o","status":"guessed","code":{"text":"x"}}},
             {"resource":{"resourceType":"Goal","id":"g","lifecycleStatus":"dreaming","description":{"text":"x"}}}]}
            """;
        var result = Fixtures.ReadJson(json);
        Assert.Equal(Domain.Cases.ProcedureStatus.Unknown, Assert.Single(result.CaseFile.Procedures, p => p.Source == "Procedure/pr").Status);
        Assert.Equal(Domain.Cases.ProcedureStatus.Unknown, Assert.Single(result.CaseFile.Procedures, p => p.Source == "ServiceRequest/sr").Status);
        Assert.Equal(Domain.Cases.MedicationStatus.Unknown, Assert.Single(result.CaseFile.Medications).Status);
        Assert.Single(result.CaseFile.Observations);
        Assert.False(Assert.Single(result.CaseFile.Goals).Active);

        Assert.Equal("Patient/p", result.CaseFile.Patient.Source);
        Assert.Equal(Domain.Cases.AdministrativeSex.Unknown, result.CaseFile.Patient.Sex);
        Assert.Single(result.CaseFile.Conditions);
    }

    [Fact]
    public void GivenTwoDifferentPatients_WhenRead_ThenRejectedNamingBoth()
    {
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.Read("two-patients.json"));

        Assert.Contains("2 different patients (Patient/a, Patient/b)", e.Message, StringComparison.Ordinal);
        Assert.Contains("one Bundle per patient", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.EntryIndex);
    }

    [Fact]
    public void GivenUnknownSituationCode_WhenRead_ThenRejectedNamingCodeAndAnswer()
    {
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.Read("bad-situation.json"));

        Assert.Equal(0, e.EntryIndex);
        Assert.Equal("QuestionnaireResponse", e.ResourceType);
        Assert.Equal("QuestionnaireResponse.item[0].answer[0]", e.Path);
        Assert.Contains("unknown situation code 'second-guessing'", e.Message, StringComparison.Ordinal);
        Assert.Contains("surgery-planned, cancer, symptoms-unexplained, rare-or-complex, treatment-not-working", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceType":"Bundle","type":"message"}""", "Bundle.type 'message' cannot carry a case")]
    [InlineData("""{"resourceType":"Bundle","type":7}""", "Bundle.type must be a string, found a number")]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":{}}""", "Bundle.entry must be an array, found an object")]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[3]}""", "Bundle.entry[0]: an entry must be an object, found a number")]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[{"resource":[]}]}""", "Bundle.entry[0]: the resource must be a JSON object, found an array")]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"id":"x"}}]}""", "Bundle.entry[0]: the resource has no \"resourceType\"")]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":5,"resource":{"resourceType":"Patient"}}]}""", "Bundle.entry[0]: fullUrl must be a string, found a number")]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"x","birthDate":"1990-13-45"}}]}""", "Bundle.entry[0] (Patient/x): is not valid FHIR R4")]
    public void GivenMalformedBundle_WhenRead_ThenMessageNamesTheProblem(string json, string expected)
    {
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.ReadJson(json));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenWrongAnswerType_WhenRead_ThenRejectedNamingLinkIdAndExpectedType()
    {
        var json = """
            {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"QuestionnaireResponse","id":"q","status":"completed",
             "questionnaire":"http://consilium.example/fhir/Questionnaire/intake",
             "item":[{"linkId":"treatment-weeks","answer":[{"valueString":"six"}]}]}}]}
            """;
        var e = Assert.Throws<FhirIntakeException>(() => Fixtures.ReadJson(json));
        Assert.Contains("answer to 'treatment-weeks' must be valueInteger, found valueString", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenMissingFile_WhenReadFile_ThenFhirIntakeExceptionNamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "consilium-no-such-file.json");
        var e = Assert.Throws<FhirIntakeException>(() => BundleIntake.ReadFile(path));
        Assert.Contains($"Cannot read file '{path}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenMissingBundleType_WhenRead_ThenReadAsCollectionWithNote()
    {
        var result = BundleIntake.Read(Encoding.UTF8.GetBytes("""{"resourceType":"Bundle"}"""));
        Assert.Equal("collection", result.BundleType);
        Assert.Contains("Bundle.type is missing; read as a collection.", result.Notes);
    }
}
