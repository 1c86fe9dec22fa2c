//! The report's charts, drawn as SVG text by hand: a heatmap (rows × columns of values in
//! [0, 1] with a legend), a circular co-authorship map (nodes on a circle grouped by region,
//! arcs whose width grows with the number of co-author pairs) and horizontal bars.
//!
//! Output is deterministic (coordinates printed with one decimal) and uses no external fonts or
//! scripts: the HTML inlines it, the Markdown report links the same text saved as `.svg` files.

use std::fmt::Write as _;

use crate::xml::escape;

const FONT: &str =
    "font-family=\"system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif\"";

/// Colour stops of a sequential blue scale (light to dark).
const BLUES: [(f64, [u8; 3]); 5] = [
    (0.0, [0xf7, 0xfb, 0xff]),
    (0.25, [0xc6, 0xdb, 0xef]),
    (0.5, [0x6b, 0xae, 0xd6]),
    (0.75, [0x21, 0x71, 0xb5]),
    (1.0, [0x08, 0x30, 0x6b]),
];

/// The colour of `t` ∈ [0, 1] on the blue scale, as `#rrggbb`.
pub fn blue(t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mut i = 0;
    while i + 2 < BLUES.len() && t > BLUES[i + 1].0 {
        i += 1;
    }
    let (t0, c0) = BLUES[i];
    let (t1, c1) = BLUES[i + 1];
    let x = (t - t0) / (t1 - t0);
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * x).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(c0[0], c1[0]),
        mix(c0[1], c1[1]),
        mix(c0[2], c1[2])
    )
}

/// Text colour readable on `blue(t)`.
fn ink(t: f64) -> &'static str {
    if t > 0.55 {
        "#ffffff"
    } else {
        "#1a1a1a"
    }
}

/// Shortens `s` to at most `n` characters, with an ellipsis.
pub fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.truncate(t.trim_end().len());
        t.push('…');
        t
    }
}

/// Approximate width in pixels of `s` at font size `px` (for layout only).
fn text_width(s: &str, px: f64) -> f64 {
    s.chars().count() as f64 * px * 0.56
}

/// A heatmap: `values[r * cols.len() + c]` in [0, 1], row and column labels, a legend.
pub struct Heatmap<'a> {
    pub title: &'a str,
    pub rows: &'a [String],
    pub cols: &'a [String],
    pub values: &'a [f64],
    pub legend_low: &'a str,
    pub legend_high: &'a str,
}

impl Heatmap<'_> {
    pub fn svg(&self) -> String {
        const CELL_W: f64 = 44.0;
        const CELL_H: f64 = 22.0;
        let cols: Vec<String> = self.cols.iter().map(|c| shorten(c, 32)).collect();
        let left = 12.0
            + self
                .rows
                .iter()
                .map(|r| text_width(r, 12.0))
                .fold(40.0, f64::max);
        // Column labels are turned 45°: their height is about width / √2.
        let top = 20.0
            + cols
                .iter()
                .map(|c| text_width(c, 12.0))
                .fold(20.0, f64::max)
                * 0.72;
        let w = left + CELL_W * cols.len() as f64 + 40.0 + top * 0.72;
        let h = top + CELL_H * self.rows.len() as f64 + 64.0;
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" aria-label=\"{}\" {FONT} font-size=\"12\">",
            escape(self.title)
        );
        let _ = write!(s, "<title>{}</title>", escape(self.title));
        s.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        for (c, label) in cols.iter().enumerate() {
            let x = left + CELL_W * (c as f64 + 0.5);
            let _ = write!(
                s,
                "<text x=\"{x:.1}\" y=\"{:.1}\" transform=\"rotate(-45 {x:.1} {:.1})\" fill=\"#1a1a1a\">{}</text>",
                top - 6.0,
                top - 6.0,
                escape(label)
            );
        }
        for (r, label) in self.rows.iter().enumerate() {
            let y = top + CELL_H * r as f64;
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text>",
                left - 8.0,
                y + CELL_H * 0.5 + 4.0,
                escape(label)
            );
            for c in 0..cols.len() {
                let v = self.values.get(r * cols.len() + c).copied().unwrap_or(0.0);
                let x = left + CELL_W * c as f64;
                let _ = write!(
                    s,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"{}\" stroke=\"#ffffff\"><title>{} · {}: {v:.2}</title></rect>",
                    blue(v),
                    escape(label),
                    escape(&self.cols[c]),
                );
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"{}\">{}</text>",
                    x + CELL_W * 0.5,
                    y + CELL_H * 0.5 + 3.5,
                    ink(v),
                    two_digits(v)
                );
            }
        }
        // Legend: a gradient bar from 0 to 1.
        let ly = top + CELL_H * self.rows.len() as f64 + 20.0;
        let steps = 20;
        let lw = 12.0;
        for i in 0..steps {
            let t = i as f64 / (steps - 1) as f64;
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{ly:.1}\" width=\"{lw}\" height=\"12\" fill=\"{}\"/>",
                left + lw * i as f64,
                blue(t)
            );
        }
        let _ = write!(
            s,
            "<text x=\"{left:.1}\" y=\"{:.1}\" fill=\"#1a1a1a\">0 ({})</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1a1a1a\">1 ({})</text>",
            ly + 28.0,
            escape(self.legend_low),
            left + lw * steps as f64,
            ly + 28.0,
            escape(self.legend_high)
        );
        s.push_str("</svg>");
        s
    }
}

/// `0.84` as `.84`, `1` as `1.0`: short enough for a cell.
fn two_digits(v: f64) -> String {
    let t = format!("{:.2}", v.clamp(0.0, 1.0));
    match t.strip_prefix('0') {
        Some(rest) => rest.to_string(),
        None => format!("{:.1}", v.clamp(0.0, 1.0)),
    }
}

/// A node of the co-authorship map.
pub struct MapNode {
    pub label: String,
    /// Tooltip text.
    pub detail: String,
    /// Index into `MapChart::groups` (the region).
    pub group: usize,
    /// Node size (researchers); radius grows with its square root.
    pub size: f64,
}

/// An arc between nodes `a` and `b`.
pub struct MapEdge {
    pub a: usize,
    pub b: usize,
    pub weight: f64,
    pub detail: String,
}

/// A circular node-link diagram: nodes on a circle in the given order (grouped by region),
/// edges as curves through the inside of the circle, width ∝ √weight.
pub struct MapChart<'a> {
    pub title: &'a str,
    pub nodes: &'a [MapNode],
    pub edges: &'a [MapEdge],
    /// Group names (regions) for the legend.
    pub groups: &'a [String],
}

/// Categorical colours (colour-blind safe, Okabe–Ito).
const GROUP_COLOURS: [&str; 6] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
];

impl MapChart<'_> {
    pub fn svg(&self) -> String {
        let n = self.nodes.len();
        let radius = (60.0 + 9.0 * n as f64).clamp(170.0, 420.0);
        let label_room = self
            .nodes
            .iter()
            .map(|x| text_width(&x.label, 12.0))
            .fold(30.0, f64::max)
            + 24.0;
        let cx = radius + label_room;
        let size = 2.0 * cx;
        let legend_h = 24.0 * self.groups.len() as f64 + 10.0;
        let h = size + legend_h;
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size:.0} {h:.0}\" width=\"{size:.0}\" height=\"{h:.0}\" role=\"img\" aria-label=\"{}\" {FONT} font-size=\"12\">",
            escape(self.title)
        );
        let _ = write!(s, "<title>{}</title>", escape(self.title));
        s.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        let _ = write!(
            s,
            "<circle cx=\"{cx:.1}\" cy=\"{cx:.1}\" r=\"{radius:.1}\" fill=\"none\" stroke=\"#e0e0e0\"/>"
        );
        let angle = |i: usize| {
            -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n.max(1) as f64
        };
        let pos = |i: usize, r: f64| {
            let a = angle(i);
            (cx + r * a.cos(), cx + r * a.sin())
        };
        let max_w = self.edges.iter().map(|e| e.weight).fold(0.0, f64::max);
        for e in self.edges {
            if e.a >= n || e.b >= n {
                continue;
            }
            let (x1, y1) = pos(e.a, radius);
            let (x2, y2) = pos(e.b, radius);
            // Control point pulled towards the centre: the closer the nodes, the flatter.
            let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
            let (qx, qy) = (cx + (mx - cx) * 0.25, cx + (my - cx) * 0.25);
            let t = if max_w > 0.0 {
                (e.weight / max_w).sqrt()
            } else {
                0.0
            };
            let width = 0.8 + 9.0 * t;
            let _ = write!(
                s,
                "<path d=\"M{x1:.1} {y1:.1} Q{qx:.1} {qy:.1} {x2:.1} {y2:.1}\" fill=\"none\" stroke=\"#4a6fa5\" stroke-opacity=\"{:.2}\" stroke-width=\"{width:.1}\" stroke-linecap=\"round\"><title>{}</title></path>",
                0.25 + 0.5 * t,
                escape(&e.detail)
            );
        }
        let max_size = self.nodes.iter().map(|x| x.size).fold(0.0, f64::max);
        for (i, node) in self.nodes.iter().enumerate() {
            let (x, y) = pos(i, radius);
            let r = if max_size > 0.0 {
                3.0 + 9.0 * (node.size / max_size).sqrt()
            } else {
                4.0
            };
            let colour = GROUP_COLOURS[node.group % GROUP_COLOURS.len()];
            let _ = write!(
                s,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>{}</title></circle>",
                escape(&node.detail)
            );
            let a = angle(i);
            let (lx, ly) = pos(i, radius + r + 6.0);
            let deg = a.to_degrees();
            // Labels run outwards along the radius; on the left half they are flipped to read
            // left to right.
            let (rot, anchor) = if a.cos() < -1e-9 {
                (deg + 180.0, "end")
            } else {
                (deg, "start")
            };
            let _ = write!(
                s,
                "<text x=\"{lx:.1}\" y=\"{:.1}\" transform=\"rotate({rot:.1} {lx:.1} {ly:.1})\" text-anchor=\"{anchor}\" fill=\"#1a1a1a\">{}</text>",
                ly + 4.0,
                escape(&node.label)
            );
        }
        for (i, g) in self.groups.iter().enumerate() {
            let y = size + 12.0 + 24.0 * i as f64;
            let _ = write!(
                s,
                "<circle cx=\"20\" cy=\"{y:.1}\" r=\"7\" fill=\"{}\"/><text x=\"34\" y=\"{:.1}\" fill=\"#1a1a1a\">{}</text>",
                GROUP_COLOURS[i % GROUP_COLOURS.len()],
                y + 4.0,
                escape(g)
            );
        }
        s.push_str("</svg>");
        s
    }
}

/// Horizontal bars: `(label, value in [0, 1])`, in the given order.
pub fn bars(title: &str, items: &[(String, f64)]) -> String {
    const BAR_H: f64 = 20.0;
    const BAR_W: f64 = 360.0;
    let left = 12.0
        + items
            .iter()
            .map(|(l, _)| text_width(l, 12.0))
            .fold(40.0, f64::max);
    let w = left + BAR_W + 60.0;
    let h = BAR_H * items.len() as f64 + 10.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" aria-label=\"{}\" {FONT} font-size=\"12\">",
        escape(title)
    );
    let _ = write!(s, "<title>{}</title>", escape(title));
    s.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    for (i, (label, v)) in items.iter().enumerate() {
        let v = if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let y = 5.0 + BAR_H * i as f64;
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text><rect x=\"{left:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#1a1a1a\">{v:.2}</text>",
            left - 8.0,
            y + 14.0,
            escape(label),
            y + 3.0,
            (BAR_W * v).max(1.0),
            BAR_H - 6.0,
            blue(0.35 + 0.6 * v),
            left + BAR_W * v + 6.0,
            y + 14.0
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blue_scale_ends_and_clamps() {
        assert_eq!(blue(0.0), "#f7fbff");
        assert_eq!(blue(1.0), "#08306b");
        assert_eq!(blue(2.0), "#08306b");
        assert_eq!(blue(f64::NAN), "#f7fbff");
        assert_eq!(blue(0.5), "#6baed6");
    }

    #[test]
    fn heatmap_has_one_cell_per_value_and_escapes_labels() {
        let rows = vec!["A&B".to_string(), "C".to_string()];
        let cols = vec!["x<y".to_string()];
        let s = Heatmap {
            title: "t",
            rows: &rows,
            cols: &cols,
            values: &[0.25, 1.0],
            legend_low: "low",
            legend_high: "high",
        }
        .svg();
        assert_eq!(s.matches("<title>").count(), 3);
        assert!(s.contains("A&amp;B") && s.contains("x&lt;y") && !s.contains("A&B"));
        assert!(s.contains(".25") && s.contains("1.0"));
    }

    #[test]
    fn shorten_counts_characters_not_bytes() {
        assert_eq!(shorten("Tài nguyên nước", 40), "Tài nguyên nước");
        assert_eq!(shorten("Tài nguyên nước", 5), "Tài…");
    }
}
