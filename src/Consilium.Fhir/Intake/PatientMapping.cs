using Consilium.Domain.Cases;
using Hl7.Fhir.Model;

namespace Consilium.Fhir.Intake;

/// <summary>Patient → <see cref="PatientProfile"/>: birth date, sex, jurisdiction (country and US state), languages, death.</summary>
internal static class PatientMapping
{
    public static PatientProfile Map(Patient patient, string source)
    {
        var (deceased, deceasedAt) = patient.Deceased switch
        {
            FhirBoolean b => (b.Value == true, (DateTimeOffset?)null),
            FhirDateTime dt => (true, FhirValues.Date(dt.Value)),
            _ => (false, null),
        };
        return new PatientProfile
        {
            Source = source,
            BirthDate = FhirValues.DateOnlyOf(patient.BirthDate),
            Sex = FhirValues.Literal(patient.GenderElement) switch
            {
                "female" => AdministrativeSex.Female,
                "male" => AdministrativeSex.Male,
                "other" => AdministrativeSex.Other,
                _ => AdministrativeSex.Unknown,
            },
            Jurisdiction = Jurisdiction(patient.Address),
            Languages = Languages(patient.Communication),
            Deceased = deceased,
            DeceasedAt = deceasedAt,
        };
    }

    private static IReadOnlyList<string> Languages(List<Patient.CommunicationComponent> communication)
    {
        var preferredFirst = communication.OrderByDescending(c => c.Preferred == true);
        var languages = new List<string>();
        foreach (var c in preferredFirst)
        {
            var tag = c.Language?.Coding.Select(x => x.Code).FirstOrDefault(x => !string.IsNullOrWhiteSpace(x))?.Trim();
            if (tag is not null && !languages.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                languages.Add(tag);
            }
        }
        return languages;
    }

    /// <summary>ISO 3166 country of the home (else first current) address, with the US state as <c>US-XX</c> when it is known.</summary>
    internal static string? Jurisdiction(List<Address> addresses)
    {
        var address = addresses.FirstOrDefault(a => FhirValues.Literal(a.UseElement) == "home" && a.Period?.End is null)
            ?? addresses.FirstOrDefault(a => FhirValues.Literal(a.UseElement) != "old" && a.Period?.End is null)
            ?? addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }
        var country = Country(address.Country);
        if (country is null)
        {
            return null;
        }
        if (country == "US" && UsState(address.State) is { } state)
        {
            return $"US-{state}";
        }
        return country;
    }

    internal static string? Country(string? country)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            return null;
        }
        var c = country.Trim();
        if (Countries.TryGetValue(c, out var code))
        {
            return code;
        }
        return c.Length == 2 && c.All(char.IsAsciiLetter) ? c.ToUpperInvariant() : null;
    }

    internal static string? UsState(string? state)
    {
        if (string.IsNullOrWhiteSpace(state))
        {
            return null;
        }
        var s = state.Trim();
        if (s.Length == 2 && States.ContainsValue(s.ToUpperInvariant()))
        {
            return s.ToUpperInvariant();
        }
        return States.TryGetValue(s, out var code) ? code : null;
    }

    private static readonly Dictionary<string, string> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["United States"] = "US",
        ["United States of America"] = "US",
        ["USA"] = "US",
        ["U.S.A."] = "US",
        ["U.S."] = "US",
        ["United Kingdom"] = "GB",
        ["UK"] = "GB",
        ["Great Britain"] = "GB",
        ["Canada"] = "CA",
        ["Germany"] = "DE",
        ["Deutschland"] = "DE",
        ["France"] = "FR",
        ["Spain"] = "ES",
        ["España"] = "ES",
        ["Italy"] = "IT",
        ["Italia"] = "IT",
        ["Netherlands"] = "NL",
        ["Portugal"] = "PT",
        ["Mexico"] = "MX",
        ["México"] = "MX",
        ["Australia"] = "AU",
        ["Switzerland"] = "CH",
        ["Austria"] = "AT",
        ["Belgium"] = "BE",
        ["Ireland"] = "IE",
        ["India"] = "IN",
        ["Brazil"] = "BR",
        ["Brasil"] = "BR",
        ["GBR"] = "GB",
        ["CAN"] = "CA",
        ["DEU"] = "DE",
        ["FRA"] = "FR",
        ["ESP"] = "ES",
        ["ITA"] = "IT",
        ["NLD"] = "NL",
        ["PRT"] = "PT",
        ["MEX"] = "MX",
        ["AUS"] = "AU",
    };

    private static readonly Dictionary<string, string> States = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Alabama"] = "AL", ["Alaska"] = "AK", ["Arizona"] = "AZ", ["Arkansas"] = "AR", ["California"] = "CA",
        ["Colorado"] = "CO", ["Connecticut"] = "CT", ["Delaware"] = "DE", ["District of Columbia"] = "DC", ["Florida"] = "FL",
        ["Georgia"] = "GA", ["Hawaii"] = "HI", ["Idaho"] = "ID", ["Illinois"] = "IL", ["Indiana"] = "IN",
        ["Iowa"] = "IA", ["Kansas"] = "KS", ["Kentucky"] = "KY", ["Louisiana"] = "LA", ["Maine"] = "ME",
        ["Maryland"] = "MD", ["Massachusetts"] = "MA", ["Michigan"] = "MI", ["Minnesota"] = "MN", ["Mississippi"] = "MS",
        ["Missouri"] = "MO", ["Montana"] = "MT", ["Nebraska"] = "NE", ["Nevada"] = "NV", ["New Hampshire"] = "NH",
        ["New Jersey"] = "NJ", ["New Mexico"] = "NM", ["New York"] = "NY", ["North Carolina"] = "NC", ["North Dakota"] = "ND",
        ["Ohio"] = "OH", ["Oklahoma"] = "OK", ["Oregon"] = "OR", ["Pennsylvania"] = "PA", ["Rhode Island"] = "RI",
        ["South Carolina"] = "SC", ["South Dakota"] = "SD", ["Tennessee"] = "TN", ["Texas"] = "TX", ["Utah"] = "UT",
        ["Vermont"] = "VT", ["Virginia"] = "VA", ["Washington"] = "WA", ["West Virginia"] = "WV", ["Wisconsin"] = "WI",
        ["Wyoming"] = "WY", ["Puerto Rico"] = "PR", ["Guam"] = "GU", ["U.S. Virgin Islands"] = "VI", ["American Samoa"] = "AS",
        ["Northern Mariana Islands"] = "MP",
    };
}
