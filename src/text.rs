//! Text folding for matching Vietnamese and English names: Unicode normalisation, diacritics,
//! case, punctuation and spacing.
//!
//! Output always keeps the original text; folding is only for comparing. `Thủy`, `Thuỷ`
//! (old-style tone placement), `THUY` and `thuy` all fold to `thuy`; `Đ`/`đ` fold to `d`.

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

#[cfg(test)]
mod tests {
    use super::*;

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
