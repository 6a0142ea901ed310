using System.Text;
using Consilium.Fhir.Intake;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Consilium.Fhir.Tests.Intake;

/// <summary>Whatever the input, intake returns a case or throws <see cref="FhirIntakeException"/>, never another exception.</summary>
public sealed class BundleIntakePropertyTests
{
    private static readonly byte[] Valid = Fixtures.Bytes("conditions-goals-medications.json");

    private static bool ReadsOrRejectsCleanly(byte[] input)
    {
        try
        {
            BundleIntake.Read(input);
            return true;
        }
        catch (FhirIntakeException e)
        {
            return !string.IsNullOrWhiteSpace(e.Message);
        }
    }

    [Property(MaxTest = 300)]
    public bool GivenRandomBytes_WhenRead_ThenCaseFileOrFhirIntakeException(byte[] input) => ReadsOrRejectsCleanly(input);

    [Property(MaxTest = 300)]
    public bool GivenRandomText_WhenRead_ThenCaseFileOrFhirIntakeException(string text) => ReadsOrRejectsCleanly(Encoding.UTF8.GetBytes(text ?? string.Empty));

    [Property(MaxTest = 300)]
    public Property GivenValidBundleWithOneByteChanged_WhenRead_ThenCaseFileOrFhirIntakeException()
    {
        var mutation = from position in Gen.Choose(0, Valid.Length - 1)
                       from value in Gen.Elements("{}[]\":,0aZ \n-.tfn\\".Select(c => (byte)c).ToArray())
                       select (position, value);
        return Prop.ForAll(mutation.ToArbitrary(), m =>
        {
            var copy = (byte[])Valid.Clone();
            copy[m.position] = m.value;
            return ReadsOrRejectsCleanly(copy);
        });
    }

    [Property(MaxTest = 200)]
    public Property GivenValidBundleCutShort_WhenRead_ThenFhirIntakeException()
    {
        return Prop.ForAll(Gen.Choose(0, Valid.Length - 2).ToArbitrary(), length =>
        {
            try
            {
                BundleIntake.Read(Valid.AsMemory(0, length));
                return false;
            }
            catch (FhirIntakeException)
            {
                return true;
            }
        });
    }
}
