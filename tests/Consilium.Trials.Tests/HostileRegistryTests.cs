using System.Text;
using Consilium.Trials.Registry;

namespace Consilium.Trials.Tests;

/// <summary>An input `consilium bench fuzz` found crashing the registry import (InvalidOperationException when a string was read): now refused up front.</summary>
public class HostileRegistryTests
{
    [Fact]
    public void GivenAStudyWithInvalidUtf8InAString_WhenRead_ThenTrialRecordErrorSaysItIsNotUtf8()
    {
        var before = Encoding.UTF8.GetBytes("""{"protocolSection":{"identificationModule":{"nctId":"NCT01234567","briefTitle":"A """);
        byte[] json = [.. before, 0xC3, 0x28, .. "\"}}}"u8.ToArray()];
        var e = Assert.Throws<TrialRecordException>(() => CtGovJson.Read(json, "export.json"));
        Assert.Contains("export.json: not valid UTF-8", e.Message, StringComparison.Ordinal);
    }
}
