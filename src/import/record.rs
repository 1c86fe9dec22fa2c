//! The common record model every reader produces — [`Record`], [`Author`], [`Affiliation`] —
//! and what the readers share: [`ReadOutcome`] (good records plus the problems of bad ones),
//! positioned problems (`file:line: record N: …`), year parsing, UTF-8 file reading, and the
//! control-character check every record passes (`check_text`).

use std::path::Path;

use crate::load::{Problem, Problems};

/// An affiliation of one author on one record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Affiliation {
    /// The affiliation as written (address), possibly empty when only `org` is known.
    pub text: String,
    /// The organisation, when the source names it (OpenAlex institutions).
    pub org: Option<String>,
    /// ISO country code, when the source gives it.
    pub country: Option<String>,
    /// The source's id of the institution (OpenAlex), used to merge spellings.
    pub source_id: Option<String>,
    /// The organisation is the first comma part of `text` (Web of Science addresses).
    pub org_first: bool,
}

/// One author on one record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Author {
    /// The source's author id, already prefixed (`scopus:…`, `openalex:…`, `sns:…`).
    pub id: Option<String>,
    pub name: String,
    /// Every affiliation the author gave on this record, in the order listed; the first is
    /// the author's institution on this record (see [`crate::import`] for how the others
    /// are used).
    pub affiliations: Vec<Affiliation>,
}

/// One bibliographic record as every reader produces it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    pub year: u16,
    pub citations: Option<u32>,
    pub authors: Vec<Author>,
    /// Author keywords, index keywords, topics: matched against the keyword table.
    pub keywords: Vec<String>,
    /// Field ids given by the source itself (compsoc subfields), weight 1.
    pub fields: Vec<String>,
    /// The title, when the source gives one (its words become terms of the authors' profiles).
    pub title: String,
    /// Further terms given by the source that are not matched against the keyword table
    /// (compsoc's words).
    pub terms: Vec<String>,
}

/// What a reader returns: the good records and the problems of the bad ones.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    pub records: Vec<Record>,
    /// Records read, good and bad.
    pub read: usize,
    /// One problem per bad record (a bad record may have several).
    pub problems: Problems,
    /// Bad records (not problems: a record may have several).
    pub bad: usize,
    /// Problems that make a whole file unusable (missing column, unreadable): never skipped.
    pub fatal: Problems,
    /// Rows with more cells than the header (the extra cells are ignored).
    pub extra_cells: usize,
    /// Texts whose control characters were replaced, repaired or removed (`clean_text`).
    pub cleaned: usize,
}

impl ReadOutcome {
    pub(crate) fn merge(&mut self, other: ReadOutcome) {
        self.records.extend(other.records);
        self.read += other.read;
        self.problems.extend(other.problems);
        self.bad += other.bad;
        self.fatal.extend(other.fatal);
        self.extra_cells += other.extra_cells;
        self.cleaned += other.cleaned;
    }
}

/// Messages quote cells (`year "20x1" is not a year`); a message longer than this many
/// characters is cut with `…`, so that a hostile cell cannot flood the terminal.
const MAX_MESSAGE_CHARS: usize = 300;

/// A problem about record `n` (1-based) of `file`, at `line` when known; the message is cut
/// at [`MAX_MESSAGE_CHARS`].
pub(crate) fn record_problem(file: &str, line: Option<u64>, n: usize, message: String) -> Problem {
    let message = match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message,
    };
    Problem {
        file: file.to_string(),
        line,
        column: None,
        message: format!("record {n}: {message}"),
    }
}

/// A problem about a whole file.
pub(crate) fn file_problem(file: &str, message: String) -> Problem {
    Problem {
        file: file.to_string(),
        line: None,
        column: None,
        message,
    }
}

/// Parses a publication year, 1900–2100.
pub(crate) fn parse_year(s: &str) -> Result<u16, String> {
    let t = s.trim();
    match t.parse::<u16>() {
        Ok(y) if (1900..=2100).contains(&y) => Ok(y),
        Ok(_) => Err(format!("year {t:?} is out of range: expected 1900 to 2100")),
        Err(_) if t.is_empty() => Err("no publication year".into()),
        Err(_) => Err(format!("year {t:?} is not a year: expected 1900 to 2100")),
    }
}

/// The largest export file read, in MiB, unless `HOPTAC_MAX_INPUT_MB` says otherwise: far
/// above any real export (the largest public sample is 5 MB), low enough that `/dev/zero`
/// behind a pipe ends with an error instead of exhausting memory.
pub const DEFAULT_MAX_INPUT_MB: u64 = 1024;

/// The longest author name and affiliation text an import carries, in characters: a name
/// longer than a paragraph is no name (the longest in the public samples has 32).
pub const MAX_NAME_CHARS: usize = 500;
/// The longest affiliation text, in characters (the public samples' longest has 313).
pub const MAX_AFFILIATION_CHARS: usize = 5000;

fn max_input_bytes() -> u64 {
    crate::load::input_limit(DEFAULT_MAX_INPUT_MB)
}

/// Reads a file as text without a byte-order mark — UTF-8, or UTF-16 when it starts with the
/// UTF-16 byte-order mark; a problem when it cannot. Only
/// regular files and pipes are read (a device such as `/dev/zero` is refused), and at most
/// [`DEFAULT_MAX_INPUT_MB`] MiB (`HOPTAC_MAX_INPUT_MB` raises it).
pub(crate) fn read_text(path: &Path) -> Result<String, Problem> {
    use std::io::Read;
    let name = path.display().to_string();
    let meta =
        std::fs::metadata(path).map_err(|e| file_problem(&name, format!("cannot read: {e}")))?;
    let ft = meta.file_type();
    #[cfg(unix)]
    let pipe = std::os::unix::fs::FileTypeExt::is_fifo(&ft);
    #[cfg(not(unix))]
    let pipe = false;
    if !ft.is_file() && !pipe {
        let what = if ft.is_dir() {
            "a folder"
        } else {
            "a device or special file"
        };
        return Err(file_problem(
            &name,
            format!("cannot read: {what}, not a file: expected an export file"),
        ));
    }
    let limit = max_input_bytes();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| file_problem(&name, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(file_problem(
            &name,
            format!(
                "larger than {} MiB: expected an export file (split it, or set HOPTAC_MAX_INPUT_MB to raise the limit)",
                limit >> 20
            ),
        ));
    }
    // UTF-16 with its byte-order mark: Web of Science's "Tab-delimited (Win)" export and
    // Excel's "Unicode Text" are saved so.
    if let Some(le) = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(true),
        Some([0xFE, 0xFF]) => Some(false),
        _ => None,
    } {
        let units = bytes[2..].chunks(2).map(|c| match (c, le) {
            ([a, b], true) => u16::from_le_bytes([*a, *b]),
            ([a, b], false) => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFF,
        });
        let mut text = String::with_capacity(bytes.len() / 2);
        let mut at = 0usize; // UTF-16 units read
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) if c != '\u{FFFF}' => {
                    at += c.len_utf16();
                    text.push(c);
                }
                _ => {
                    return Err(file_problem(
                        &name,
                        format!(
                            "not valid UTF-16 at byte {}: save the export as UTF-8",
                            2 + 2 * at + 1
                        ),
                    ))
                }
            }
        }
        return Ok(text);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        file_problem(
            &name,
            format!(
                "not valid UTF-8 at byte {}: save the export as UTF-8",
                e.utf8_error().valid_up_to() + 1
            ),
        )
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(s) => s.to_string(),
        None => text,
    })
}

/// A text with control characters made safe, or `None` when it has none:
///
/// - tabs, line breaks and other whitespace controls become one space;
/// - C1 controls (U+0080–U+009F) come from UTF-8 read as Latin-1 (`Miguel-Ã\u{81}ngel`, in
///   a real OpenAlex export): the text is repaired when it decodes (`Miguel-Ángel`), else they
///   are removed;
/// - any other control character (NUL, escape, DEL) or a bidirectional override is an error
///   naming it and its character position, `what` saying where it is.
pub(crate) fn clean_text(what: &str, s: &str) -> Result<Option<String>, String> {
    // Bidirectional overrides reorder what a terminal or a spreadsheet shows: refused too.
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let c1 = |c: char| ('\u{80}'..='\u{9F}').contains(&c);
    if !s.chars().any(|c| c.is_control() || bidi(c)) {
        return Ok(None);
    }
    if let Some((i, c)) = s
        .chars()
        .enumerate()
        .find(|&(_, c)| (c.is_control() && !c.is_whitespace() && !c1(c)) || bidi(c))
    {
        return Err(format!(
            "{what} has the control character U+{:04X} at character {}: expected printable text",
            c as u32,
            i + 1
        ));
    }
    let mut text = s.to_string();
    if text.chars().any(c1) {
        let latin1: Option<Vec<u8>> = text.chars().map(|c| u8::try_from(c as u32).ok()).collect();
        text = match latin1.and_then(|b| String::from_utf8(b).ok()) {
            Some(repaired) if !repaired.chars().any(c1) => repaired,
            _ => text.chars().filter(|&c| !c1(c)).collect(),
        };
    }
    Ok(Some(
        text.split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    ))
}

/// Checks the text a record carries into the dataset (author names and ids, affiliations):
/// longer than [`MAX_NAME_CHARS`] / [`MAX_AFFILIATION_CHARS`] is a problem, control characters
/// are made safe ([`clean_text`], counted in `cleaned`) or a problem; returns the record or
/// every problem found.
pub(crate) fn check_text(mut r: Record, cleaned: &mut usize) -> Result<Record, Vec<String>> {
    let mut errors = Vec::new();
    let mut fix = |what: String, s: &mut String, max: usize| {
        let n = s.chars().count();
        if n > max {
            errors.push(format!(
                "{what} is {n} characters long: expected at most {max}"
            ));
            return;
        }
        match clean_text(&what, s) {
            Ok(Some(clean)) => {
                *s = clean;
                *cleaned += 1;
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    };
    for (i, a) in r.authors.iter_mut().enumerate() {
        fix(
            format!("author {} name", i + 1),
            &mut a.name,
            MAX_NAME_CHARS,
        );
        if let Some(id) = a.id.as_mut() {
            fix(format!("author {} id", i + 1), id, MAX_NAME_CHARS);
        }
        for aff in &mut a.affiliations {
            fix(
                format!("author {} affiliation", i + 1),
                &mut aff.text,
                MAX_AFFILIATION_CHARS,
            );
            if let Some(o) = aff.org.as_mut() {
                fix(format!("author {} institution", i + 1), o, MAX_NAME_CHARS);
            }
        }
    }
    if errors.is_empty() {
        Ok(r)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UTF-16 with a byte-order mark (either order) reads as the same text as UTF-8; a lone
    /// surrogate or a cut unit is a problem with its byte; other files still must be UTF-8.
    #[test]
    fn utf16_with_a_bom_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let text = "PT\tAU\tPY\nJ\tNguyễn, Văn A; 𝔄 B\t2024\n";
        let write = |name: &str, bytes: Vec<u8>| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        let units: Vec<u16> = text.encode_utf16().collect();
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(units.iter().flat_map(|u| u.to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(units.iter().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(read_text(&write("le.txt", le.clone())).unwrap(), text);
        assert_eq!(read_text(&write("be.txt", be)).unwrap(), text);
        // A lone high surrogate after "PT": units 0..2 fine, the third bad → byte 2 + 4 + 1.
        let mut bad = le[..6].to_vec();
        bad.extend_from_slice(&0xD800u16.to_le_bytes());
        bad.extend_from_slice(&u16::from(b'x').to_le_bytes());
        let e = read_text(&write("bad.txt", bad)).unwrap_err().to_string();
        assert!(e.contains("not valid UTF-16 at byte 7"), "{e}");
        let mut odd = le[..6].to_vec();
        odd.push(0x41);
        let e = read_text(&write("odd.txt", odd)).unwrap_err().to_string();
        assert!(e.contains("not valid UTF-16 at byte 7"), "{e}");
        let e = read_text(&write("latin1.txt", b"caf\xe9".to_vec()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not valid UTF-8 at byte 4"), "{e}");
    }

    #[test]
    fn control_characters_are_replaced_repaired_or_refused() {
        assert_eq!(clean_text("name", "Plain Name"), Ok(None));
        assert_eq!(
            clean_text("name", "Tab\there\r\nand there"),
            Ok(Some("Tab here and there".into()))
        );
        // From the biblium OpenAlex sample, record 320: UTF-8 "Á" read as Latin-1.
        assert_eq!(
            clean_text("name", "Miguel-\u{c3}\u{81}ngel Vera-Baceta"),
            Ok(Some("Miguel-Ángel Vera-Baceta".into()))
        );
        // A C1 control that is no mojibake is removed.
        assert_eq!(
            clean_text("name", "A\u{9b}31mB ✓"),
            Ok(Some("A31mB ✓".into()))
        );
        assert_eq!(
            clean_text("author 1 name", "Bob\u{0}"),
            Err("author 1 name has the control character U+0000 at character 4: expected printable text".into())
        );
        assert!(clean_text("name", "evil\u{202e}txt").is_err());
        assert!(clean_text("name", "del\u{7f}").is_err());
    }

    #[test]
    fn long_messages_are_cut() {
        let p = record_problem("f", Some(2), 1, format!("id {:?} is bad", "9".repeat(5000)));
        assert_eq!(
            p.message.chars().count(),
            "record 1: ".len() + MAX_MESSAGE_CHARS + 1
        );
        assert!(p.message.ends_with('…'));
        let short = record_problem("f", None, 3, "short".into());
        assert_eq!(short.message, "record 3: short");
    }
}
