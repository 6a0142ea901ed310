using System.Xml;
using System.Xml.Linq;

namespace Consilium.Medications.Knowledge.Import;

/// <summary>
/// Reads the ANSM interaction thesaurus in the WorldVistA English layout: the rules from
/// <c>all_eng_tables_*.xml</c> (the only file with management text), class members from
/// <c>eng_groups*.tsv</c>, ATC code → drug name from <c>*atc_codes*.tsv</c>.
/// </summary>
public static class AnsmThesaurusReader
{
    public const string SourceName = "ANSM interaction thesaurus (WorldVistA English translation)";
    private const int MaxDepth = 32;

    /// <summary>Reads the thesaurus under <paramref name="dir"/> (any depth), or null when its rules file is not there.</summary>
    public static ThesaurusData? Read(string dir)
    {
        var rulesFile = SourceFiles.Find(dir, "all_eng_tables*.xml");
        if (rulesFile is null)
        {
            return null;
        }
        var groupsFile = SourceFiles.FindAll(dir, "eng_groups*.tsv").FirstOrDefault(f => !f.Contains("atc", StringComparison.OrdinalIgnoreCase));
        var atcFile = SourceFiles.FindAll(dir, "*atc_codes*.tsv").FirstOrDefault();
        var rules = ReadRules(rulesFile);
        var classes = groupsFile is null ? [] : ReadClasses(groupsFile);
        var atc = atcFile is null ? [] : ReadAtc(atcFile);
        var files = new[] { rulesFile, groupsFile, atcFile }.OfType<string>().ToList();
        var version = SourceFiles.VersionFromName(rulesFile) ?? "version not stated";
        return new ThesaurusData(SourceFiles.Source(SourceName, version, dir, files), rules, classes, atc);
    }

    internal static List<ThesaurusRule> ReadRules(string path)
    {
        XDocument doc;
        try
        {
            // The thesaurus is flat (five levels): no DTD (no entity expansion, no external entities), and no nesting past 32
            // levels, checked while streaming before any tree is built (a deeply nested file made XDocument take minutes).
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using (var check = XmlReader.Create(path, settings))
            {
                while (check.Read())
                {
                    if (check.Depth > MaxDepth)
                    {
                        throw new KnowledgeImportException($"{path}: elements nested more than {MaxDepth} deep (line {((IXmlLineInfo)check).LineNumber}); the thesaurus has five levels.");
                    }
                }
            }
            using var reader = XmlReader.Create(path, settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new KnowledgeImportException($"{path}: not well-formed XML ({ex.Message})", ex);
        }
        var rules = new List<ThesaurusRule>();
        foreach (var i in doc.Descendants("INTERACTION"))
        {
            var first = Party(i.Element("DRUG1"));
            var second = Party(i.Element("DRUG2"));
            var description = i.Element("DESCRIPTION")?.Value.Trim();
            if (first is null || second is null || string.IsNullOrEmpty(description))
            {
                continue;
            }
            rules.Add(new ThesaurusRule(first, second, i.Element("SEVERITY")?.Value, description, i.Element("COMMENT")?.Value,
                i.Element("SOURCE")?.Element("SOURCE_FILE")?.Value.Trim()));
        }
        if (rules.Count == 0)
        {
            throw new KnowledgeImportException($"{path}: no <INTERACTION> rules found.");
        }
        return rules;
    }

    private static ThesaurusParty? Party(XElement? side)
    {
        if (side?.Element("DRUG") is { } drug)
        {
            var name = (string?)drug.Attribute("name");
            return string.IsNullOrWhiteSpace(name)
                ? null
                : new ThesaurusParty(name.Trim(), false, NullIfEmpty((string?)drug.Attribute("rxcui")), drug.Elements("ATC").Select(a => (string?)a.Attribute("code")).OfType<string>().ToList());
        }
        if (side?.Element("CLASS") is { } cls)
        {
            var name = (string?)cls.Attribute("name");
            return string.IsNullOrWhiteSpace(name) ? null : ThesaurusParty.Class(name.Trim(), NullIfEmpty((string?)cls.Attribute("code")));
        }
        return null;
    }

    internal static List<ClassMembership> ReadClasses(string path)
    {
        var list = new List<ClassMembership>();
        foreach (var line in SourceFiles.Lines(path).Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length >= 6 && !string.IsNullOrWhiteSpace(f[0]) && !string.IsNullOrWhiteSpace(f[4]))
            {
                list.Add(new ClassMembership(f[4].Trim(), NullIfEmpty(f[5]), f[0].Trim(), NullIfEmpty(f[1])));
            }
        }
        return list;
    }

    internal static List<(string Atc, string DrugName)> ReadAtc(string path)
    {
        var list = new List<(string, string)>();
        foreach (var line in SourceFiles.Lines(path).Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length >= 2 && f[0].Trim().TrimEnd(';') is { Length: > 0 } code && !string.IsNullOrWhiteSpace(f[1]))
            {
                list.Add((code, f[1].Trim()));
            }
        }
        return list;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
