//! Who is asking: the tokens file and the `Authorization: Bearer <token>` header.
//!
//! A request without the header is answered for [`Audience::Public`]. A token is never stored:
//! the tokens file (TOML) keeps its SHA-256 as 64 hex digits with the audience it gives, and a
//! presented token is hashed and compared with every entry in constant time (`subtle`), so
//! neither the file nor the response time tells a token. `hoptac serve --hash-token` prints the
//! entry for a new token.
//!
//! ```toml
//! # tokens.toml
//! [[token]]
//! name = "HUST research office"   # optional, for the audit log
//! sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
//! audience = "hust"                # public, consortium, admin or a university id
//! ```

use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::policy::Audience;

/// The SHA-256 of a token as 64 lower-case hex digits (what the tokens file stores).
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        s.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    s
}

/// The `[[token]]` entry for a new token, ready to paste into the tokens file.
pub fn token_entry(token: &str, audience: &Audience) -> String {
    format!(
        "[[token]]\nsha256 = \"{}\"\naudience = \"{audience}\"\n",
        hash_token(token)
    )
}

/// One entry of the tokens file.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub name: String,
    hash: [u8; 32],
    pub audience: Audience,
}

/// The tokens the server accepts (none: everyone is public).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tokens {
    entries: Vec<Entry>,
}

/// Why the tokens file cannot be used: the file and the line when known.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", line.map_or(String::new(), |l| format!(":{l}")))]
pub struct TokensError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    #[serde(default)]
    token: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    #[serde(default)]
    name: String,
    sha256: String,
    audience: String,
}

/// Why a bearer token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The header is not `Bearer <token>`.
    Malformed,
    /// No entry has this token.
    Unknown,
}

impl Tokens {
    /// Reads a tokens file.
    pub fn read(path: &Path) -> Result<Tokens, TokensError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| TokensError {
            file: file.clone(),
            line: None,
            message: format!("cannot read: {e}"),
        })?;
        Tokens::parse(&file, &text)
    }

    /// Parses the text of a tokens file; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Tokens, TokensError> {
        let err = |line: Option<usize>, message: String| TokensError {
            file: file.to_string(),
            line,
            message,
        };
        let raw: FileFormat = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            err(line, e.message().to_string())
        })?;
        let mut entries = Vec::new();
        for (i, r) in raw.token.into_iter().enumerate() {
            let at = format!("token {}", i + 1);
            let hash = parse_hex(r.sha256.trim()).ok_or_else(|| {
                err(
                    None,
                    format!(
                        "{at}: sha256 {:?}: expected 64 hex digits (hoptac serve --hash-token)",
                        r.sha256
                    ),
                )
            })?;
            let audience: Audience = r
                .audience
                .parse()
                .map_err(|e| err(None, format!("{at}: {e}")))?;
            if entries.iter().any(|e: &Entry| e.hash == hash) {
                return Err(err(None, format!("{at}: the same token is listed twice")));
            }
            entries.push(Entry {
                name: r.name,
                hash,
                audience,
            });
        }
        Ok(Tokens { entries })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The audience of a request given its `Authorization` header (`None`: public).
    pub fn audience(&self, header: Option<&[u8]>) -> Result<Audience, Refused> {
        let Some(h) = header else {
            return Ok(Audience::Public);
        };
        let h = std::str::from_utf8(h).map_err(|_| Refused::Malformed)?;
        let (scheme, token) = h.trim().split_once(' ').ok_or(Refused::Malformed)?;
        let token = token.trim();
        if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
            return Err(Refused::Malformed);
        }
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        // Every entry is compared, whatever matched before: the time does not depend on which.
        let mut found: Option<&Entry> = None;
        for e in &self.entries {
            let same: bool = e.hash.ct_eq(&digest).into();
            if same {
                found = Some(e);
            }
        }
        found.map(|e| e.audience.clone()).ok_or(Refused::Unknown)
    }
}

fn parse_hex(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; 32];
    for (i, pair) in b.chunks(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_sha256_in_hex() {
        // FIPS 180-2 test vector: SHA-256("abc").
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_bearer_token_gives_its_audience_and_nothing_else_does() {
        let text = format!(
            "[[token]]\nname = \"office\"\nsha256 = \"{}\"\naudience = \"hust\"\n\n[[token]]\nsha256 = \"{}\"\naudience = \"admin\"\n",
            hash_token("s3cret"),
            hash_token("root").to_uppercase()
        );
        let t = Tokens::parse("tokens.toml", &text).unwrap();
        assert_eq!(t.entries().len(), 2);
        assert_eq!(t.audience(None), Ok(Audience::Public));
        assert_eq!(
            t.audience(Some(b"Bearer s3cret")),
            Ok(Audience::University("hust".into()))
        );
        assert_eq!(t.audience(Some(b"bearer  root ")), Ok(Audience::Admin));
        assert_eq!(t.audience(Some(b"Bearer s3cre")), Err(Refused::Unknown));
        assert_eq!(t.audience(Some(b"Basic s3cret")), Err(Refused::Malformed));
        assert_eq!(t.audience(Some(b"Bearer")), Err(Refused::Malformed));
        assert_eq!(t.audience(Some(b"\xff\xfe")), Err(Refused::Malformed));
    }

    #[test]
    fn bad_files_are_refused_with_their_position() {
        let e = Tokens::parse(
            "t.toml",
            "[[token]]\nsha256 = \"abc\"\naudience = \"hust\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("token 1: sha256 \"abc\""), "{e}");
        let e = Tokens::parse("t.toml", "[[token]]\nsha = 1\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let h = hash_token("x");
        let twice = format!(
            "[[token]]\nsha256 = \"{h}\"\naudience = \"a\"\n[[token]]\nsha256 = \"{h}\"\naudience = \"b\"\n"
        );
        assert!(Tokens::parse("t.toml", &twice)
            .unwrap_err()
            .to_string()
            .contains("twice"));
        let bad_audience = format!("[[token]]\nsha256 = \"{h}\"\naudience = \"a b\"\n");
        assert!(Tokens::parse("t.toml", &bad_audience)
            .unwrap_err()
            .to_string()
            .contains("not an audience"));
        assert_eq!(Tokens::parse("t.toml", "").unwrap(), Tokens::default());
    }
}
