//! Escaping text for XML, XHTML-compatible HTML and SVG.

/// Escapes `&`, `<`, `>`, `"` and `'`, and drops characters XML 1.0 does not allow (control
/// characters other than tab, line feed and carriage return).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("a<b> & \"c\" 'd'\u{1}é"),
            "a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;é"
        );
    }
}
