using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Medications.Review;

namespace Consilium.Medications.Tests;

/// <summary>The diplotype pattern, rewritten without its overlapping copy-number suffix (regex audit for issue 10), reads the same values.</summary>
public class GenotypeTextTests
{
    private static IReadOnlyList<GenotypeResult> Read(string label, string value) =>
        Genotypes.FromCase(new CaseFile { Observations = [new ObservationRecord("Observation/g1", new CodedConcept([], label)) { ValueText = value }] }, ["CYP2D6", "CYP2C19"]);

    [Theory]
    [InlineData("*1/*2x2", "*1/*2x2")]
    [InlineData("*1xN / *4", "*1xN/*4")]
    [InlineData("Genotype: *2 / *17 (rapid)", "*2/*17")]
    public void GivenADiplotypeWithOrWithoutCopyNumber_WhenRead_ThenTheWholeDiplotypeIsKept(string value, string expected)
    {
        var result = Assert.Single(Read("CYP2D6 genotype", value));
        Assert.Equal(("CYP2D6", expected), (result.Gene, result.Value));
    }

    [Fact]
    public void GivenALongRunWithoutASlash_WhenRead_ThenNoDiplotypeIsFound()
    {
        Assert.Empty(Read("CYP2C19 genotype", string.Concat(Enumerable.Repeat("x1", 30_000))));
    }
}
