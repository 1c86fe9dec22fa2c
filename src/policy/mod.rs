//! Data-sharing rules: who may see which attribute of which record.
//!
//! The 2022 agreement shares research data "in compliance with each university's own rules".
//! This module owns those rules and the one place they are applied:
//!
//! - [`Audience`]: whom an answer is written for (`public`, `consortium`, one university, `admin`).
//! - [`Level`] and [`Attribute`]: for each attribute of a researcher or a lab, the widest audience
//!   that may see it (`public` ⊃ `consortium` ⊃ `own` ⊃ `nobody`).
//! - [`Policy`] (`rules.rs`): the policy file (TOML, one section per university, positioned
//!   errors) and the researchers' own choices (`visibility.csv` in the dataset folder), resolved
//!   administrator's override → researcher's choice (unless the university locks it) →
//!   university → consortium default.
//! - [`View`] (`view.rs`): the redaction boundary. For one audience it holds a copy of the
//!   dataset with every withheld value removed, and the counts of what was withheld. Front ends
//!   and renderers read records only through a `View`; the raw graph stays inside the query layer.
//! - `audit.rs`: the audit log, one JSON line per answer, appended atomically.
//!
//! A visible researcher always shows their name and university (the name is the record); every
//! other attribute is visible only when the record is. Without a policy every attribute is
//! `public`, as before the rules existed.

use std::fmt;
use std::str::FromStr;

mod audit;
mod rules;
mod view;

pub use audit::{AuditEntry, AuditError, AuditLog};
pub use rules::{Policy, PolicyError, MIN_COUNT, POLICY_FILE, VISIBILITY_FILE};
pub use view::{View, Withheld};

/// Whom an answer is written for, from the most to the least restricted.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Audience {
    /// Anyone: only what every university publishes.
    Public,
    /// Members of the consortium (any of its universities).
    Consortium,
    /// One university's own staff: its own records in full, the others' as for the consortium.
    /// Holds the university's id as written in `universities.csv`.
    University(String),
    /// The consortium's administrators: everything, still logged.
    Admin,
}

impl Audience {
    /// The university's id when the audience is one university.
    pub fn university(&self) -> Option<&str> {
        match self {
            Audience::University(u) => Some(u),
            _ => None,
        }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Audience::Public => f.write_str("public"),
            Audience::Consortium => f.write_str("consortium"),
            Audience::University(u) => f.write_str(u),
            Audience::Admin => f.write_str("admin"),
        }
    }
}

/// An audience that is neither a keyword nor a possible university id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an audience: expected public, consortium, admin or a university id")]
pub struct AudienceError(pub String);

impl FromStr for Audience {
    type Err = AudienceError;

    /// `public`, `consortium`, `admin` (any case) or a university id (checked against the
    /// dataset later, when it is loaded).
    fn from_str(s: &str) -> Result<Audience, AudienceError> {
        let t = s.trim();
        match t.to_ascii_lowercase().as_str() {
            "public" => Ok(Audience::Public),
            "consortium" => Ok(Audience::Consortium),
            "admin" => Ok(Audience::Admin),
            _ if !t.is_empty()
                && t.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')) =>
            {
                Ok(Audience::University(t.to_string()))
            }
            _ => Err(AudienceError(s.to_string())),
        }
    }
}

/// How widely an attribute may be shown, from the widest to the narrowest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// Anyone.
    Public,
    /// Members of the consortium (a university audience whose university is a member).
    Consortium,
    /// The record's own university only.
    Own,
    /// No one but the administrators.
    Nobody,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Public, Level::Consortium, Level::Own, Level::Nobody];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Public => "public",
            Level::Consortium => "consortium",
            Level::Own => "own",
            Level::Nobody => "nobody",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// What a policy governs: the attributes of a researcher, and of a lab (the last three).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Attribute {
    /// The researcher record itself: id, name and university. Hidden, the person appears in
    /// no list and no attribute of theirs is shown.
    Name,
    Title,
    HIndex,
    /// Publication counts.
    Publications,
    /// Fields and levels.
    Expertise,
    /// Topic terms (`terms.csv`).
    Topics,
    /// With whom, how many papers, which years.
    Coauthorship,
    /// To whom the researcher may be proposed as a partner, a team member or an expert
    /// (`nobody`: the researcher opted out of being proposed).
    Proposals,
    /// The lab record: id, name, fields, access.
    Labs,
    /// A lab's equipment.
    Equipment,
    /// A lab's free hours a month.
    FreeHours,
}

impl Attribute {
    pub const ALL: [Attribute; 11] = [
        Attribute::Name,
        Attribute::Title,
        Attribute::HIndex,
        Attribute::Publications,
        Attribute::Expertise,
        Attribute::Topics,
        Attribute::Coauthorship,
        Attribute::Proposals,
        Attribute::Labs,
        Attribute::Equipment,
        Attribute::FreeHours,
    ];

    /// The key in the policy file, `visibility.csv` and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Attribute::Name => "name",
            Attribute::Title => "title",
            Attribute::HIndex => "h_index",
            Attribute::Publications => "publications",
            Attribute::Expertise => "expertise",
            Attribute::Topics => "topics",
            Attribute::Coauthorship => "coauthorship",
            Attribute::Proposals => "proposals",
            Attribute::Labs => "labs",
            Attribute::Equipment => "equipment",
            Attribute::FreeHours => "free_hours",
        }
    }

    pub fn parse(s: &str) -> Option<Attribute> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        Attribute::ALL.into_iter().find(|a| a.as_str() == t)
    }

    /// Whether the attribute belongs to labs (else to researchers).
    pub fn of_lab(self) -> bool {
        matches!(
            self,
            Attribute::Labs | Attribute::Equipment | Attribute::FreeHours
        )
    }

    pub(crate) fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Whether `audience` may see an attribute at `level` of a record of the university `owner`
/// (`owner_member`: whether it is a consortium member; `audience_member`: whether the
/// audience's university is, for a university audience).
pub fn allows(level: Level, audience: &Audience, owner: &str, audience_member: bool) -> bool {
    match (audience, level) {
        (Audience::Admin, _) | (_, Level::Public) => true,
        (_, Level::Nobody) => false,
        (Audience::Public, _) => false,
        (Audience::Consortium, Level::Consortium) => true,
        (Audience::Consortium, _) => false,
        (Audience::University(u), Level::Consortium) => audience_member || u == owner,
        (Audience::University(u), Level::Own) => u == owner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_parse_and_print_back() {
        for (text, want) in [
            ("public", Audience::Public),
            ("Consortium", Audience::Consortium),
            (" ADMIN ", Audience::Admin),
            ("hust", Audience::University("hust".into())),
        ] {
            let got: Audience = text.parse().unwrap();
            assert_eq!(got, want);
            assert_eq!(got.to_string().parse::<Audience>().unwrap(), want);
        }
        assert!("".parse::<Audience>().is_err());
        assert!("a b".parse::<Audience>().is_err());
        assert!(Audience::Public < Audience::Admin);
    }

    #[test]
    fn who_sees_what_level() {
        let hust = Audience::University("hust".into());
        let table = [
            // level, public, consortium, hust (member), admin — for a record of hust / of dut
            (
                Level::Public,
                [true, true, true, true],
                [true, true, true, true],
            ),
            (
                Level::Consortium,
                [false, true, true, true],
                [false, true, true, true],
            ),
            (
                Level::Own,
                [false, false, true, true],
                [false, false, false, true],
            ),
            (
                Level::Nobody,
                [false, false, false, true],
                [false, false, false, true],
            ),
        ];
        let audiences = [
            Audience::Public,
            Audience::Consortium,
            hust,
            Audience::Admin,
        ];
        for (level, own_row, other_row) in table {
            for (i, a) in audiences.iter().enumerate() {
                assert_eq!(allows(level, a, "hust", true), own_row[i], "{level:?} {a}");
                assert_eq!(allows(level, a, "dut", true), other_row[i], "{level:?} {a}");
            }
        }
        // A university outside the consortium sees consortium data of its own records only.
        let outsider = Audience::University("x".into());
        assert!(!allows(Level::Consortium, &outsider, "hust", false));
        assert!(allows(Level::Consortium, &outsider, "x", false));
        for a in Attribute::ALL {
            assert_eq!(Attribute::parse(a.as_str()), Some(a));
        }
        assert_eq!(Attribute::parse("free-hours"), Some(Attribute::FreeHours));
        assert_eq!(Level::parse(" Own "), Some(Level::Own));
    }
}
