//! HTML pages: self-contained (inline CSS, inline SVG, no script, no external font), written
//! as XHTML-compatible HTML5 (every element closed, attributes quoted) so any XML parser reads
//! them, and styled to print well.

use std::fmt::Write as _;

use super::i18n::Lang;
use super::page::{Block, Inline, Names, Page, PageId, Target, View};
use super::svg::blue;
use crate::xml::escape;

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #5a5a5a; --line: #d9dee5; --accent: #08519c; --bg: #ffffff; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--bg); font: 15px/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
header { background: #08306b; color: #fff; padding: 10px 24px; }
header a { color: #fff; }
header .brand { font-weight: 600; margin-right: 16px; }
nav { font-size: 13px; line-height: 1.9; }
nav a { margin-right: 10px; white-space: nowrap; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 40px; }
h1 { font-size: 26px; margin: 12px 0 4px; }
h2 { font-size: 20px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
a { color: var(--accent); }
.figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 150px; }
.figure .v { font-size: 22px; font-weight: 600; color: #08306b; }
.figure .k { font-size: 12px; color: var(--muted); }
figure { margin: 8px 0 16px; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 6px 0 4px; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 3px 7px; vertical-align: top; }
th { background: #eef3f9; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr:nth-child(even) td { background-color: #fafbfd; }
td.heat { text-align: right; }
ul.notes { font-size: 12px; color: var(--muted); margin-top: 2px; }
footer { max-width: 1200px; margin: 0 auto; padding: 12px 24px 24px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--line); }
@media print {
  header nav { display: none; }
  header { background: none; color: var(--ink); border-bottom: 2px solid var(--ink); }
  header a { color: var(--ink); }
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  table { font-size: 9px; }
  tr, figure, .figure { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  td.heat, .figure, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The href of a link target from any page (all pages sit in the same folder).
pub fn href(names: &Names, t: &Target, ext: &str) -> String {
    match t {
        Target::Page(p, anchor) => {
            let mut s = format!("{}.{ext}", names.stem(*p));
            if let Some(a) = anchor {
                s.push('#');
                s.push_str(a);
            }
            s
        }
        Target::File(f) => f.clone(),
    }
}

fn inline(out: &mut String, names: &Names, parts: &[Inline]) {
    for p in parts {
        match p {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Strong(t) => {
                let _ = write!(out, "<strong>{}</strong>", escape(t));
            }
            Inline::Link(t, to) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    escape(&href(names, to, "html")),
                    escape(t)
                );
            }
        }
    }
}

fn table(out: &mut String, names: &Names, v: &View) {
    out.push_str("<div class=\"scroll\"><table>");
    if !v.title.is_empty() {
        let _ = write!(out, "<caption>{}</caption>", escape(&v.title));
    }
    out.push_str("<thead><tr>");
    for c in &v.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(c));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &v.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let text = match &cell.link {
                Some(t) => format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&href(names, t, "html")),
                    escape(&cell.text)
                ),
                None => escape(&cell.text),
            };
            match cell.heat {
                Some(h) => {
                    let _ = write!(
                        out,
                        "<td class=\"heat\" style=\"background-color:{};color:{}\">{text}</td>",
                        blue(h * 0.9),
                        if h > 0.6 { "#ffffff" } else { "#1a1a1a" }
                    );
                }
                None if v.numeric[i] => {
                    let _ = write!(out, "<td class=\"num\">{text}</td>");
                }
                None => {
                    let _ = write!(out, "<td>{text}</td>");
                }
            }
        }
        out.push_str("</tr>");
    }
    if v.rows.is_empty() {
        let _ = write!(
            out,
            "<tr><td colspan=\"{}\">—</td></tr>",
            v.columns.len().max(1)
        );
    }
    out.push_str("</tbody></table></div>\n");
    if !v.notes.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for n in &v.notes {
            let _ = write!(out, "<li>{}</li>", escape(n));
        }
        out.push_str("</ul>\n");
    }
}

/// Renders one page. `nav` lists the pages linked from every page's header.
pub fn page(page: &Page, names: &Names, lang: Lang, nav: &[(PageId, String)]) -> String {
    let l = lang.labels();
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"hoptac {}\"/>\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header><a class=\"brand\" href=\"index.html\">{}</a><nav>",
        lang.tag(),
        env!("CARGO_PKG_VERSION"),
        escape(&page.title),
        escape(l.report_title)
    );
    for (p, label) in nav {
        let _ = write!(
            out,
            "<a href=\"{}.html\">{}</a> ",
            escape(&names.stem(*p)),
            escape(label)
        );
    }
    let _ = write!(
        out,
        "</nav></header>\n<main>\n<h1>{}</h1>\n",
        escape(&page.title)
    );
    for b in &page.blocks {
        match b {
            Block::Heading {
                level,
                text,
                anchor,
            } => {
                let id = anchor
                    .as_ref()
                    .map_or(String::new(), |a| format!(" id=\"{}\"", escape(a)));
                let _ = writeln!(out, "<h{level}{id}>{}</h{level}>", escape(text));
            }
            Block::Para(parts) => {
                out.push_str("<p>");
                inline(&mut out, names, parts);
                out.push_str("</p>\n");
            }
            Block::Figures(items) => {
                out.push_str("<div class=\"figures\">");
                for (k, v) in items {
                    let _ = write!(
                        out,
                        "<div class=\"figure\"><div class=\"v\">{}</div><div class=\"k\">{}</div></div>",
                        escape(v),
                        escape(k)
                    );
                }
                out.push_str("</div>\n");
            }
            Block::Chart { svg, caption, .. } => {
                let _ = writeln!(
                    out,
                    "<figure>{svg}<figcaption>{}</figcaption></figure>",
                    escape(caption)
                );
            }
            Block::Table(v) => table(&mut out, names, v),
            Block::List(items) => {
                out.push_str("<ul>");
                for item in items {
                    out.push_str("<li>");
                    inline(&mut out, names, item);
                    out.push_str("</li>");
                }
                out.push_str("</ul>\n");
            }
        }
    }
    let _ = write!(
        out,
        "</main>\n<footer>{} {} · <a href=\"index.html\">{}</a></footer>\n</body>\n</html>\n",
        escape(l.generated),
        env!("CARGO_PKG_VERSION"),
        escape(l.back_to_overview)
    );
    out
}
