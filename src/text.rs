//! Text folding for matching Vietnamese and English names: Unicode normalisation, diacritics,
//! case, punctuation and spacing.
//!
//! Output always keeps the original text; folding is only for comparing. `Thủy`, `Thuỷ`
//! (old-style tone placement), `THUY` and `thuy` all fold to `thuy`; `Đ`/`đ` fold to `d`.
//!
//! Terms (the topic profiles of `terms.csv`): [`term_key`] is the key two spellings of a term
//! share (folded, each word's English plural removed), [`title_terms`] the words of a title
//! worth keeping (lower case with diacritics, English and Vietnamese stop words and numbers
//! dropped).

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds `s` for comparison: NFD, combining marks dropped, `đ` → `d`, lower case, every run of
/// characters that are not letters or digits becomes one space, trimmed.
///
/// ```
/// assert_eq!(hoptac::text::fold("Trường ĐH Thuỷ-lợi "), "truong dh thuy loi");
/// assert_eq!(hoptac::text::fold("TP.HCM"), "tp hcm");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Lower case and NFC, diacritics kept: the key for comparing names where `Hà` and `Hạ` must
/// stay apart (researcher names), while still matching composed and decomposed input.
pub fn normalize(s: &str) -> String {
    s.trim().nfc().flat_map(char::to_lowercase).collect()
}

/// Whether `needle` occurs in `haystack` after both are [`fold`]ed (case- and
/// diacritic-insensitive substring search).
pub fn contains_folded(haystack: &str, needle: &str) -> bool {
    fold(haystack).contains(&fold(needle))
}

/// Whether `c` is a control character: C0 (U+0000–U+001F), DEL, or C1 (U+0080–U+009F).
fn is_control(c: char) -> bool {
    c.is_control()
}

/// `s` safe to print on a terminal: every control character (C0, DEL, C1 — escape sequences
/// start with ESC, U+001B) becomes U+FFFD `�`, so a name can never move the cursor, recolour or
/// retitle the terminal. With `keep_newlines`, `\n` stays (multi-line messages).
///
/// ```
/// assert_eq!(hoptac::text::printable("a\u{1b}[2Jb\0", false), "a\u{fffd}[2Jb\u{fffd}");
/// assert_eq!(hoptac::text::printable("one\ntwo", true), "one\ntwo");
/// ```
pub fn printable(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let bad = |c: char| is_control(c) && !(keep_newlines && c == '\n');
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if bad(c) { '\u{fffd}' } else { c })
            .collect(),
    )
}

/// Removes a simple English plural from a folded word: `networks` → `network`, `studies` →
/// `study`; words ending in `ss`, `us`, `is` and words of three letters or fewer are kept.
fn singular(w: &str, out: &mut String) {
    if w.len() <= 3 || !w.is_ascii() || w.ends_with("ss") || w.ends_with("us") || w.ends_with("is")
    {
        out.push_str(w);
    } else if let Some(stem) = w.strip_suffix("ies") {
        out.push_str(stem);
        out.push('y');
    } else {
        out.push_str(w.strip_suffix('s').unwrap_or(w));
    }
}

/// The matching key of a term: [`fold`]ed, each word without its English plural (`Neural
/// Networks` and `neural network` share `neural network`; `Lũ quét` is `lu quet`).
///
/// ```
/// assert_eq!(hoptac::text::term_key("Neural Networks"), "neural network");
/// assert_eq!(hoptac::text::term_key("Lũ quét"), "lu quet");
/// ```
pub fn term_key(s: &str) -> String {
    let f = fold(s);
    let mut out = String::with_capacity(f.len());
    for w in f.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        singular(w, &mut out);
    }
    out
}

/// English and Vietnamese (folded) words that say nothing about a topic.
const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "among", "an", "and", "any",
    "are", "as", "at", "based", "be", "been", "being", "between", "both", "but", "by", "can",
    "case", "could", "did", "does", "doing", "down", "during", "each", "effect", "effects", "few",
    "for", "from", "further", "had", "has", "have", "having", "here", "how", "i", "if", "in",
    "into", "is", "it", "its", "more", "most", "new", "no", "nor", "not", "of", "off", "on",
    "once", "only", "or", "other", "our", "out", "over", "own", "same", "should", "so", "some",
    "study", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "toward", "towards", "under", "until", "up", "use", "using",
    "very", "via", "was", "we", "were", "what", "when", "where", "which", "while", "who", "why",
    "will", "with", "within", "without", "would",
    // Vietnamese, folded (và, của, các, cho, trong, với, một, những, là, được, có, ở, tại, theo,
    // về, đến, từ, khi, này, do, bằng, hay, hoặc, nghiên cứu, ứng dụng, đánh giá, phân tích)
    "va", "cua", "cac", "cho", "trong", "voi", "mot", "nhung", "la", "duoc", "co", "o", "tai",
    "theo", "ve", "den", "tu", "khi", "nay", "bang", "hoac", "nghien", "cuu", "ung", "dung",
    "danh", "gia", "phan", "tich",
];

/// The words of a title kept as terms, in order, each once: split at every character that is
/// not a letter or digit, lower case (NFC, diacritics kept for display), stop words (compared
/// folded), numbers and one-letter words dropped. The caller keys them with [`term_key`].
///
/// ```
/// assert_eq!(
///     hoptac::text::title_terms("LSTM networks for flood forecasting in 2020"),
///     ["lstm", "networks", "flood", "forecasting"]
/// );
/// assert_eq!(hoptac::text::title_terms("Cảnh báo lũ quét và sạt lở"), ["cảnh", "báo", "lũ", "quét", "sạt", "lở"]);
/// ```
pub fn title_terms(title: &str) -> Vec<String> {
    let lower: String = title.nfc().flat_map(char::to_lowercase).collect();
    let mut out: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() < 2 || w.chars().all(|c| c.is_numeric()) {
            continue;
        }
        let folded = fold(w);
        if STOP_WORDS.contains(&folded.as_str()) {
            continue;
        }
        let key = term_key(w);
        if !keys.contains(&key) {
            keys.push(key);
            out.push(w.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_keys_and_title_terms_by_hand() {
        assert_eq!(term_key("Studies"), "study");
        assert_eq!(term_key("study"), "study");
        assert_eq!(term_key("analysis"), "analysis");
        assert_eq!(term_key("Gas"), "gas");
        assert_eq!(term_key("Đê điều"), "de dieu");
        // Stop words go, a repeated word counts once, diacritics stay for display.
        assert_eq!(
            title_terms("The Effects of Floods on floods: a study of Hà Nội"),
            ["floods", "hà", "nội"]
        );
    }

    #[test]
    fn fold_strips_vietnamese_diacritics_and_case() {
        assert_eq!(fold("Đại học Bách khoa Hà Nội"), "dai hoc bach khoa ha noi");
        assert_eq!(fold("ĐẠI HỌC MỎ - ĐỊA CHẤT"), "dai hoc mo dia chat");
    }

    #[test]
    fn fold_treats_old_and_new_tone_placement_alike() {
        assert_eq!(fold("Thủy lợi"), fold("Thuỷ lợi"));
    }

    #[test]
    fn fold_matches_decomposed_input() {
        // "ệ" written as e + U+0302 + U+0323
        assert_eq!(fold("Vi\u{0065}\u{0302}\u{0323}t"), "viet");
    }

    #[test]
    fn fold_collapses_punctuation_and_spaces() {
        assert_eq!(fold("  ĐHQG–HCM , (TP.HCM) "), "dhqg hcm tp hcm");
        assert_eq!(fold("...---"), "");
    }

    #[test]
    fn normalize_keeps_diacritics_but_composes() {
        assert_eq!(normalize("Nguye\u{0302}\u{0303}n"), "nguyễn");
        assert_ne!(normalize("Hà"), normalize("Hạ"));
    }

    #[test]
    fn contains_folded_ignores_case_and_diacritics() {
        assert!(contains_folded("Máy quét laser 3D", "may quet LASER"));
        assert!(!contains_folded("Máy quét laser 3D", "lidar"));
    }
}
