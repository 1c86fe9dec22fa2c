//! Data-sharing rules: who may see which attribute of which record (issue 14).
//!
//! This module owns the [`Audience`] an answer is written for. The per-university policy, the
//! redaction boundary every front end reads through and the audit log are built on it.

use std::fmt;
use std::str::FromStr;

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
}
