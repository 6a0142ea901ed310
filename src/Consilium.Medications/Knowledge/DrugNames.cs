using System.Text;

namespace Consilium.Medications.Knowledge;

/// <summary>How drug names are compared: case, punctuation and spacing do not matter; a few INN / USAN pairs are the same drug.</summary>
public static class DrugNames
{
    /// <summary>Names that differ between the French/European sources (ANSM) and US records (RxNorm), one pair per line.</summary>
    public static IReadOnlyList<(string A, string B)> Synonyms { get; } =
    [
        ("paracetamol", "acetaminophen"),
        ("adrenaline", "epinephrine"),
        ("noradrenaline", "norepinephrine"),
        ("salbutamol", "albuterol"),
        ("ciclosporin", "cyclosporine"),
        ("glibenclamide", "glyburide"),
        ("acetylsalicylic acid", "aspirin"),
        ("colecalciferol", "cholecalciferol"),
        ("frusemide", "furosemide"),
        ("lignocaine", "lidocaine"),
        ("pethidine", "meperidine"),
        ("rifampicin", "rifampin"),
        ("amoxicilline", "amoxicillin"),
        ("levothyroxine", "levothyroxine sodium"),
        ("estradiol", "oestradiol"),
        ("fluorouracil", "5 fluorouracil"),
        ("glyceryl trinitrate", "nitroglycerin"),
        ("trinitrine known as nitroglycerin in the us", "nitroglycerin"),
        ("leuprorelin", "leuprolide"),
        ("dexamfetamine", "dextroamphetamine"),
        ("mesalazine", "mesalamine"),
        ("methylthioninium", "methylene blue"),
    ];

    /// <summary>Lower case, letters and digits only, single spaces: "BRENTUXIMAB " and "Brentuximab" compare equal.</summary>
    public static string Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }
        var sb = new StringBuilder(name.Length);
        var space = false;
        foreach (var ch in name)
        {
            if (char.IsLetterOrDigit(ch))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }
                space = false;
                sb.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString();
    }

    /// <summary>The words of a normalised name or label.</summary>
    public static string[] Words(string? text) => Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
