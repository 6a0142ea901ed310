namespace Consilium.Medications.Knowledge.Import;

/// <summary>
/// Reads the ONC drug–drug interaction lists (Phansalkar et al.): the high-priority list
/// (<c>ONC_High_Priority_Mapped.csv</c>, <c>$</c>-delimited names and DrugBank IDs) and the non-interruptive list
/// (<c>ONC_Non_Interuptive_List_Mapped_Formatted.csv</c>, 11 comma-separated columns with the interaction groups).
/// </summary>
public static class OncListReader
{
    public const string HighPriorityName = "ONC high-priority DDI list (Phansalkar et al., JAMIA 2012)";
    public const string NonInterruptiveName = "ONC non-interruptive DDI list (Phansalkar et al., JAMIA 2013)";

    public static PairListData? ReadHighPriority(string dir)
    {
        var file = SourceFiles.Find(dir, "ONC_High_Priority_Mapped*.csv");
        if (file is null)
        {
            return null;
        }
        var pairs = new List<InteractionPair>();
        foreach (var line in SourceFiles.Lines(file))
        {
            var f = line.Split('$');
            if (f.Length >= 4 && !string.IsNullOrWhiteSpace(f[0]) && !string.IsNullOrWhiteSpace(f[2]))
            {
                pairs.Add(new InteractionPair(f[0].Trim(), f[2].Trim(), null, null));
            }
        }
        return new PairListData(SourceFiles.Source(HighPriorityName, "2012 list, mapped 2015", dir, [file]), pairs);
    }

    public static PairListData? ReadNonInterruptive(string dir)
    {
        var file = SourceFiles.Find(dir, "ONC_Non_Interuptive_List_Mapped_Formatted*.csv");
        if (file is null)
        {
            return null;
        }
        var pairs = new List<InteractionPair>();
        foreach (var line in SourceFiles.Lines(file))
        {
            var f = line.Split(',');
            if (f.Length >= 11 && !string.IsNullOrWhiteSpace(f[2]) && !string.IsNullOrWhiteSpace(f[7]))
            {
                pairs.Add(new InteractionPair(f[2].Trim(), f[7].Trim(), f[1].Trim(), f[6].Trim()));
            }
        }
        return new PairListData(SourceFiles.Source(NonInterruptiveName, "2013 list, mapped 2015", dir, [file]), pairs);
    }
}
