//! Markdown pages: the same blocks as the HTML pages, links to `.md` pages, charts as the `.svg`
//! files saved beside them in `svg/`.

use std::fmt::Write as _;

use super::html::href;
use super::i18n::Lang;
use super::page::{Block, Inline, Names, Page, PageId, View};

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            // NUL, escape sequences and other control characters never reach a page.
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn inline(names: &Names, parts: &[Inline]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Inline::Text(t) => out.push_str(&esc(t)),
            Inline::Strong(t) => {
                let _ = write!(out, "**{}**", esc(t.trim_end()));
                if t.ends_with(' ') {
                    out.push(' ');
                }
            }
            Inline::Link(t, to) => {
                let _ = write!(out, "[{}]({})", esc(t), href(names, to, "md"));
            }
        }
    }
    out
}

fn table(out: &mut String, names: &Names, v: &View) {
    if !v.title.is_empty() {
        let _ = writeln!(out, "**{}**\n", esc(&v.title));
    }
    let _ = writeln!(
        out,
        "| {} |",
        v.columns
            .iter()
            .map(|c| esc(c))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let rule: Vec<&str> = v
        .numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in &v.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match &c.link {
                Some(t) => format!("[{}]({})", esc(&c.text), href(names, t, "md")),
                None => esc(&c.text),
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    if v.rows.is_empty() {
        let _ = writeln!(out, "| {} |", vec!["—"; v.columns.len().max(1)].join(" | "));
    }
    if !v.notes.is_empty() {
        out.push('\n');
        for n in &v.notes {
            let _ = writeln!(out, "- {}", esc(n));
        }
    }
    out.push('\n');
}

/// Renders one page; charts point to `svg/<name>.svg`.
pub fn page(page: &Page, names: &Names, lang: Lang, nav: &[(PageId, String)]) -> String {
    let l = lang.labels();
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", esc(&page.title));
    let links: Vec<String> = std::iter::once(format!("[{}](index.md)", esc(l.overview)))
        .chain(
            nav.iter()
                .map(|(p, label)| format!("[{}]({}.md)", esc(label), names.stem(*p))),
        )
        .collect();
    let _ = writeln!(out, "{}\n", links.join(" · "));
    for b in &page.blocks {
        match b {
            Block::Heading {
                level,
                text,
                anchor,
            } => {
                if let Some(a) = anchor {
                    let _ = writeln!(out, "<a id=\"{a}\"></a>\n");
                }
                let _ = writeln!(out, "{} {}\n", "#".repeat(usize::from(*level)), esc(text));
            }
            Block::Para(parts) => {
                let _ = writeln!(out, "{}\n", inline(names, parts));
            }
            Block::Figures(items) => {
                out.push_str("| | |\n| --- | ---: |\n");
                for (k, v) in items {
                    let _ = writeln!(out, "| {} | {} |", esc(k), esc(v));
                }
                out.push('\n');
            }
            Block::Chart { name, caption, .. } => {
                let _ = writeln!(
                    out,
                    "![{}](svg/{name}.svg)\n\n*{}*\n",
                    esc(caption),
                    esc(caption)
                );
            }
            Block::Table(v) => table(&mut out, names, v),
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", inline(names, item));
                }
                out.push('\n');
            }
        }
    }
    let _ = writeln!(
        out,
        "---\n\n{} {}",
        esc(l.generated),
        env!("CARGO_PKG_VERSION")
    );
    out
}
