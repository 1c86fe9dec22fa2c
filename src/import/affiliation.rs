//! Affiliation strings taken apart: comma parts, parenthesised segments, Web of Science
//! abbreviations (`Univ`, `Technol`, `Engn`) expanded, how institution-like a part is
//! ([`org_tier`]), and the merge key and slug of an organisation name. Pure functions over
//! text; [`super::institutions`] decides what becomes an institution.

use crate::text::fold;

/// Web of Science abbreviations expanded before names are compared.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("univ", "university"),
    ("sci", "science"),
    ("technol", "technology"),
    ("engn", "engineering"),
    ("commun", "communications"),
    ("min", "mining"),
    ("geol", "geology"),
    ("inst", "institute"),
    ("natl", "national"),
    ("polytech", "polytechnic"),
    ("coll", "college"),
    ("hosp", "hospital"),
    ("acad", "academy"),
    ("ctr", "center"),
    ("centre", "center"),
    ("lab", "laboratory"),
    ("dept", "department"),
    ("res", "research"),
    ("sch", "school"),
    ("fac", "faculty"),
    ("div", "division"),
    ("politecn", "politecnico"),
    ("minist", "ministry"),
    ("fdn", "foundation"),
    ("soc", "society"),
    ("assoc", "association"),
];

/// Folded words of a name with abbreviations expanded.
pub(super) fn expanded_words(s: &str) -> Vec<String> {
    fold(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == w)
                .map_or(w, |(_, e)| e)
                .to_string()
        })
        .collect()
}

/// The merge key of an organisation name: expanded, folded words without `the`, `of`, `and`.
pub(super) fn org_key(name: &str) -> String {
    expanded_words(name)
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "the" | "of" | "and"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How institution-like a comma part is: 4 for universities, 3 for colleges and academies, 2
/// for institutes, hospitals, companies and named laboratories (`Los Alamos National
/// Laboratory`), 1 for sub-units (departments, faculties, divisions, `School of …`, `Laboratory
/// of …`, `State Key Laboratory …`), 0 otherwise (cities, states, streets, unmarked names).
pub(super) fn org_tier(part: &str) -> u8 {
    let words = expanded_words(part);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let starts = |list: &[&str]| words.iter().any(|w| list.iter().any(|p| w.starts_with(p)));
    let first = words.first().map_or("", String::as_str);
    let second = words.get(1).map_or("", String::as_str);
    // "U Notre Dame", "U of California": a leading U is a university.
    let leading_u = first == "u" && words.len() > 1;
    if leading_u
        || has(&[
            "university",
            "hochschule",
            "politecnico",
            "polytechnic",
            "dai",
            "uniwersytet",
            "univerza",
            "yliopisto",
            "egyetem",
        ])
        || starts(&["universi", "universit"])
    {
        4
    } else if has(&[
        "college",
        "academy",
        "akademie",
        "akademia",
        "accademia",
        "ecole",
        "escuela",
        "escola",
    ]) {
        3
    } else if (first == "school" && second == "of") || (first == "graduate" && second == "school") {
        // "School of Management": a unit of an organisation named elsewhere.
        1
    } else if has(&[
        "institute",
        "hospital",
        "school",
        "center",
        "company",
        "corporation",
        "corp",
        "ltd",
        "inc",
        "gmbh",
        "foundation",
        "ministry",
        "council",
        "agency",
        "museum",
        "observatory",
        "organization",
        "organisation",
        "vien",
        "truong",
        "cnrs",
        "inserm",
        "istituto",
        "centro",
        "consejo",
        "ziekenhuis",
        "klinikum",
        "clinic",
        "hopital",
        "ospedale",
        "azienda",
        "fondazione",
        "stiftung",
        "gesellschaft",
        "society",
        "association",
        "trust",
        "project",
        "network",
        "consortium",
        "bank",
        "library",
        "press",
        "publishing",
        "commission",
        "committee",
        "authority",
        "office",
        "group",
        "branch",
    ]) || starts(&["institu", "forschung"])
    {
        2
    } else if has(&[
        "department",
        "faculty",
        "division",
        "unit",
        "khoa",
        "section",
        "fakultesi",
        "fakultet",
        "fakulteta",
        "fakultat",
    ]) {
        1
    } else if has(&["laboratory", "laboratories", "laboratoire"]) {
        // "Laboratory of …", "State Key Laboratory of …" are units; "Los Alamos National
        // Laboratory", "Jackson Laboratory for Genomic Medicine" are organisations.
        let unit = matches!(first, "laboratory" | "laboratoire")
            || has(&["key"])
            || words
                .windows(2)
                .any(|w| w[0] == "laboratory" && w[1] == "of");
        if unit {
            1
        } else {
            2
        }
    } else {
        0
    }
}

/// What one comma part of an affiliation names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// An organisation, with its [`org_tier`] (2–4).
    Org(u8),
    /// A department, faculty, school-of, lab sub-unit.
    Unit,
    /// A postal code, street address, PO box, state or province, contact details, `Cedex`.
    Address,
    /// Anything else: a city, a state, or an organisation without a marker word.
    Place,
    /// Two or three capitals (`NSW`, `CA`): a state code after a city, else an acronym
    /// (`Department of Measurement, WHO, Geneva`).
    State,
}

/// What `part` names; `first` is whether it is the affiliation's first part (a short
/// upper-case first part is an acronym, `UCL`, not a state code).
pub(super) fn kind(part: &str, first: bool) -> Kind {
    let outside = split_parens(part).0;
    let t = org_tier(part);
    if t >= 2 {
        return Kind::Org(t);
    }
    if t == 1 {
        return Kind::Unit;
    }
    let folded = fold(&outside);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let state_code = !first
        && (2..=3).contains(&outside.trim().len())
        && outside.trim().chars().all(|c| c.is_ascii_uppercase());
    // Contact details and sentences ("These authors contributed equally") name no place.
    let contact = outside.contains('@')
        || words.iter().any(|w| {
            matches!(
                *w,
                "cedex"
                    | "box"
                    | "email"
                    | "mail"
                    | "tel"
                    | "fax"
                    | "phone"
                    | "www"
                    | "http"
                    | "https"
                    | "website"
            )
        });
    let sentence = words.len() >= 3
        && outside
            .split_whitespace()
            .skip(1)
            .filter(|w| !matches!(*w, "of" | "and" | "the" | "for" | "de" | "la" | "du" | "&"))
            .all(|w| w.chars().next().is_some_and(char::is_lowercase));
    let street = words.iter().any(|w| {
        matches!(
            *w,
            "jalan"
                | "street"
                | "road"
                | "avenue"
                | "ave"
                | "rue"
                | "via"
                | "calle"
                | "boulevard"
                | "blvd"
                | "strasse"
                | "platz"
        )
    });
    if state_code {
        return Kind::State;
    }
    if words.is_empty()
        || contact
        || street
        || super::places::is_region(&outside)
        || sentence
        || (outside.chars().any(|c| c.is_ascii_digit()) && long_words(&outside) < 3)
    {
        Kind::Address
    } else {
        Kind::Place
    }
}

/// Alphabetic words of three letters or more: a part with digits is an address (`175 Tay Son`,
/// `Chengdu 610041`) unless it has three such words (`Jefferson Hlth Syst 3B Orthopaed Clin`).
fn long_words(part: &str) -> usize {
    part.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .count()
}

/// An address part that names a city beside its postal code (`Dardilly 69572`, `3000
/// Leuven`, `D-80539 Munich`).
fn is_city_with_code(part: &str) -> bool {
    part.chars().any(|c| c.is_ascii_digit()) && long_words(part) == 1
}

/// The country the last of an affiliation's parts names ([`country_part`]), or `US` for a
/// bare state code after a city (`Vanderbilt University, Nashville, TN`).
pub(super) fn last_country_part(ps: &[&str]) -> Option<&'static str> {
    let (last, before) = ps.split_last()?;
    country_part(last).or_else(|| {
        (before.len() >= 2
            && US_STATES.contains(last)
            && kind(before[before.len() - 1], false) == Kind::Place)
            .then_some("US")
    })
}

/// US state and district codes.
const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY",
];

/// A US state code with or without a ZIP code, as old Web of Science addresses end (`IL
/// 60680`, `OR 97201`).
fn us_state(part: &str) -> bool {
    let mut words = part.split_whitespace();
    let (Some(state), zip, None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    US_STATES.contains(&state)
        && zip.is_some_and(|z| {
            // Byte offsets are character offsets: only ASCII can be a ZIP code.
            if !z.is_ascii() {
                return false;
            }
            let (five, rest) = z.split_at(z.len().min(5));
            five.len() == 5
                && five.chars().all(|c| c.is_ascii_digit())
                && (rest.is_empty()
                    || rest
                        .strip_prefix('-')
                        .is_some_and(|r| r.len() == 4 && r.chars().all(|c| c.is_ascii_digit())))
        })
}

/// A part that is only a company's legal form: `Inc.`, `Ltd`, `Co. Ltd`, `GmbH`, `LLC`.
fn is_legal_form(part: &str) -> bool {
    let folded = fold(part);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.iter().all(|w| {
            matches!(
                *w,
                "inc"
                    | "ltd"
                    | "llc"
                    | "co"
                    | "corp"
                    | "gmbh"
                    | "ag"
                    | "sa"
                    | "srl"
                    | "spa"
                    | "bv"
                    | "b"
                    | "v"
                    | "nv"
                    | "plc"
                    | "limited"
                    | "lp"
                    | "llp"
                    | "pvt"
            )
        })
}

/// The country a comma part names by itself, perhaps after a state code or postal code (`TX
/// 77030 USA`, `60-965 Poland`), but not as the end of a longer name (`National University of
/// Singapore`).
pub(super) fn country_part(part: &str) -> Option<&'static str> {
    if us_state(part) {
        return Some("US");
    }
    let (code, prefix) = super::places::country_suffix(part)?;
    prefix
        .iter()
        .all(|w| w.len() <= 3 || w.chars().any(|c| c.is_ascii_digit()))
        .then_some(code)
}

/// The organisation an affiliation's comma parts name (the country part already removed), if
/// any.
///
/// - With `org_first` (Web of Science): the first part, unless it is a unit or an address, or
///   a plain name with nothing after it (`Hanoi` of `Hanoi, Vietnam` is the city; after the
///   organisation Web of Science always names the city, often with a postal code).
/// - Otherwise the most institution-like part ([`org_tier`] 2–4; the first of equals).
/// - Failing that, a plain first part followed by another plain part (`Ernst & Whinney, New
///   York`: the last plain part is the city), or the only part of an affiliation that names
///   no country and is no Vietnamese city.
/// - Else none: country-only, city-only, unit-only and address-only affiliations name no
///   organisation.
pub(super) fn organisation<'a>(
    parts: &[&'a str],
    org_first: bool,
    had_country: bool,
) -> Option<&'a str> {
    let i = organisation_index(parts, org_first, had_country)?;
    Some(without_unit_prefix(parts[i]))
}

/// `Department of Clinical Immunology at Göteborg University` → `Göteborg University`: a unit
/// named with its organisation in one part.
fn without_unit_prefix(part: &str) -> &str {
    match part.rsplit_once(" at ") {
        Some((unit, org)) if org_tier(unit) == 1 && org_tier(org) >= 2 => org.trim(),
        _ => part,
    }
}

fn organisation_index(parts: &[&str], org_first: bool, had_country: bool) -> Option<usize> {
    let kinds: Vec<Kind> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| kind(p, i == 0))
        .collect();
    let mut kinds = kinds;
    for i in 0..kinds.len() {
        if kinds[i] == Kind::State {
            kinds[i] = if i > 0 && kinds[i - 1] == Kind::Place {
                Kind::Address
            } else {
                Kind::Place
            };
        }
    }
    // "GlaxoSmithKline, Inc.": a legal-form part makes the part before it a company.
    for i in 1..parts.len() {
        if is_legal_form(parts[i]) {
            kinds[i] = Kind::Address;
            if kinds[i - 1] == Kind::Place {
                kinds[i - 1] = Kind::Org(2);
            }
        }
    }
    let plain = |k: &Kind| *k == Kind::Place;
    if org_first {
        // "LLC, DDL OMNI Engn, Mclean": a leading legal form belongs to the next part.
        let f = usize::from(parts.len() > 1 && is_legal_form(parts[0]));
        match kinds.get(f) {
            Some(Kind::Org(_)) => return Some(f),
            Some(Kind::Place) if kinds.len() > f + 1 => return Some(f),
            _ => {}
        }
    }
    let mut best: Option<(u8, usize)> = None;
    for (i, k) in kinds.iter().enumerate() {
        if let Kind::Org(t) = k {
            if best.is_none_or(|(bt, _)| *t > bt) {
                best = Some((*t, i));
            }
        }
    }
    if let Some((_, i)) = best {
        return Some(i);
    }
    let places: Vec<usize> = (0..kinds.len()).filter(|&i| plain(&kinds[i])).collect();
    match places.as_slice() {
        [first, _, ..] => Some(*first),
        [only]
            if parts.len() == 1 && !had_country && super::places::vn_city(parts[0]).is_none() =>
        {
            Some(*only)
        }
        // "Schering-Plough, Dardilly 69572, France": the city is in the postal-code part.
        [only] if parts[only + 1..].iter().any(|p| is_city_with_code(p)) => Some(*only),
        _ => None,
    }
}

/// The comma parts of an affiliation, trimmed, without empty ones and trailing periods.
///
/// Raw affiliation strings (OpenAlex) also separate parts by `;`, wrap the whole in brackets
/// or mark it with `*`, `#`, `‡`; those marks are trimmed. A country in parentheses at the end
/// (`Leiden (The Netherlands)`) becomes a part of its own.
pub(super) fn parts(text: &str) -> Vec<&str> {
    let junk = |c: char| c.is_whitespace() || matches!(c, '*' | '#' | '‡' | '†' | '[' | ']');
    let mut out: Vec<&str> = text
        .split([',', ';'])
        .map(|p| {
            p.trim_matches(junk)
                .trim_end_matches('.')
                .trim_matches(junk)
        })
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(last) = out.pop() {
        match last.strip_suffix(')').and_then(|l| l.rsplit_once('(')) {
            Some((base, inside)) if country_part(inside).is_some() => {
                let base = base.trim();
                if !base.is_empty() {
                    out.push(base);
                }
                out.push(inside.trim());
            }
            _ => out.push(last),
        }
    }
    out
}

/// `text` without parenthesised segments, and the segments.
pub(super) fn split_parens(text: &str) -> (String, Vec<String>) {
    let mut outside = String::new();
    let mut inside = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                if depth == 1 {
                    cur.clear();
                    continue;
                }
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(cur.trim().to_string());
                    continue;
                }
            }
            _ => {}
        }
        if depth == 0 {
            outside.push(c);
        } else {
            cur.push(c);
        }
    }
    (outside.trim().to_string(), inside)
}

/// Folded words joined by `-`, at most 80 characters (cut at a word boundary).
pub(super) fn slug(folded: &str) -> String {
    let mut out = String::new();
    for w in folded.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() && out.len() + 1 + w.len() > 80 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_parts_stand_alone() {
        assert_eq!(country_part("United States"), Some("US"));
        assert_eq!(country_part("TX 77030 USA"), Some("US"));
        assert_eq!(country_part("IL 60680"), Some("US"));
        assert_eq!(country_part("OR 97201-1234"), Some("US"));
        assert_eq!(country_part("60-965 Poland"), Some("PL"));
        assert_eq!(country_part("National University of Singapore"), None);
        assert_eq!(country_part("New South Wales"), None);
        // Not a ZIP code, and no panic on a multi-byte character where one would end.
        assert_eq!(country_part("IL 1234é"), None);
        assert_eq!(country_part("IL"), None);
        assert_eq!(
            last_country_part(&["Vanderbilt University", "Nashville", "TN"]),
            Some("US")
        );
        assert_eq!(last_country_part(&["U Notre Dame", "IN"]), None);
    }

    #[test]
    fn parts_kinds_and_the_organisation() {
        assert_eq!(kind("Department of Physics", false), Kind::Unit);
        assert_eq!(kind("School of Management", false), Kind::Unit);
        assert_eq!(kind("Henley Business School", false), Kind::Org(2));
        assert_eq!(
            kind("State Key Laboratory of Urban Ecology", false),
            Kind::Unit
        );
        assert_eq!(kind("Los Alamos National Laboratory", false), Kind::Org(2));
        assert_eq!(kind("175 Tay Son", false), Kind::Address);
        assert_eq!(kind("Québec", false), Kind::Address);
        assert_eq!(kind("NSW", false), Kind::State);
        assert_eq!(kind("UCL", true), Kind::Place);
        let org = |text: &str, wos: bool| {
            let ps = parts(text);
            let (body, country) = match ps.last().and_then(|p| country_part(p)) {
                Some(_) => (&ps[..ps.len() - 1], true),
                None => (&ps[..], false),
            };
            organisation(body, wos, country).map(str::to_string)
        };
        assert_eq!(org("United States", false), None);
        assert_eq!(org("Hanoi, Viet Nam", false), None);
        assert_eq!(org("Hanoi, Vietnam", true), None);
        assert_eq!(
            org("Department of Geography, London, United Kingdom", false),
            None
        );
        assert_eq!(
            org("Dept Mkt, Georgia State Univ, Atlanta, GA 30303 USA", true),
            Some("Georgia State Univ".into()),
            "a Web of Science address that starts with its unit"
        );
        assert_eq!(
            org(
                "GlaxoSmithKline, Inc., Philadelphia, PA, United States",
                false
            ),
            Some("GlaxoSmithKline".into())
        );
        assert_eq!(
            org(
                "Peter MacCallum Cancer Centre; Melbourne, Victoria Australia",
                false
            ),
            Some("Peter MacCallum Cancer Centre".into())
        );
    }
}
