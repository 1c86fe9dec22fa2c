//! The graph for Gephi, Cytoscape and Graphviz: GraphML, GEXF 1.3 and DOT.
//!
//! Nodes carry `kind` (university, field, researcher, lab), `name` and `weight`; edges carry
//! `kind` (affiliation, expertise, coauthorship, lab_host, lab_serves, related) and `weight`.
//!
//! | node | id | name | weight |
//! | --- | --- | --- | --- |
//! | university | `u:<id>` | short name | researchers |
//! | field | `f:<id>` | English name | researchers with expertise |
//! | researcher | `r:<id>` | name | h-index |
//! | lab | `l:<id>` | name | free hours a month |
//!
//! Edge weights: expertise level, co-authored papers, 1 otherwise. Researchers also carry
//! `university`, fields carry `name_vi`, universities `region`.
//!
//! With a field F ([`Selection::field`]) the export is F's sub-graph: the node F, F's
//! researchers (with their expertise edge to F), their universities, the co-authorships among
//! those researchers, the labs serving F (with their edge to F) and their host universities; no
//! related-field edges.
//!
//! Node and edge order follows the graph's (kind by kind, index order), so output is stable.

use std::fmt::Write as _;

use petgraph::visit::EdgeRef;

use crate::graph::{Edge, Graph, Node};
use crate::model::*;
use crate::xml::escape;

/// Export formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GraphFormat {
    #[default]
    GraphMl,
    Gexf,
    Dot,
}

impl GraphFormat {
    pub fn parse(s: &str) -> Option<GraphFormat> {
        match s.to_ascii_lowercase().as_str() {
            "graphml" => Some(GraphFormat::GraphMl),
            "gexf" => Some(GraphFormat::Gexf),
            "dot" | "gv" => Some(GraphFormat::Dot),
            _ => None,
        }
    }
}

/// Which nodes to export; an edge is exported when both its ends are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// `keep[node index]`.
    keep: Vec<bool>,
}

impl Selection {
    /// The whole graph.
    pub fn all(g: &Graph) -> Selection {
        Selection {
            keep: vec![true; g.petgraph().node_count()],
        }
    }

    /// Field `f`'s sub-graph (see the module doc). F is the only field node kept, so its
    /// researchers' expertise in other fields, labs' other fields and related-field edges drop
    /// out with the other field nodes.
    pub fn field(g: &Graph, f: FieldIdx) -> Selection {
        let ds = g.data();
        let mut keep = vec![false; g.petgraph().node_count()];
        keep[g.node(Node::Field(f)).index()] = true;
        for &(r, _) in g.field_members(f) {
            keep[g.node(Node::Researcher(r)).index()] = true;
            keep[g
                .node(Node::University(ds.researcher(r).university))
                .index()] = true;
        }
        for l in ds.lab_ids() {
            let lab = ds.lab(l);
            if lab.fields.contains(&f) {
                keep[g.node(Node::Lab(l)).index()] = true;
                keep[g.node(Node::University(lab.university)).index()] = true;
            }
        }
        Selection { keep }
    }

    /// Leaves out the researchers for whom `drop` holds (and so their edges), and the labs
    /// for which `drop_lab` holds: what an audience may not see.
    pub fn without(
        mut self,
        g: &Graph,
        drop: impl Fn(ResearcherIdx) -> bool,
        drop_lab: impl Fn(LabIdx) -> bool,
    ) -> Selection {
        let ds = g.data();
        for r in ds.researcher_ids().filter(|&r| drop(r)) {
            self.keep[g.node(Node::Researcher(r)).index()] = false;
        }
        for l in ds.lab_ids().filter(|&l| drop_lab(l)) {
            self.keep[g.node(Node::Lab(l)).index()] = false;
        }
        self
    }
}

struct Item {
    id: String,
    kind: &'static str,
    name: String,
    weight: f64,
    /// Extra attributes: (key, value).
    extra: Vec<(&'static str, String)>,
}

fn node_item(g: &Graph, n: Node) -> Item {
    let ds = g.data();
    match n {
        Node::University(u) => {
            let x = ds.university(u);
            Item {
                id: format!("u:{}", x.id),
                kind: "university",
                name: x.short_name.clone(),
                weight: g.members(u).len() as f64,
                extra: vec![
                    ("name_vi", x.name_vi.clone()),
                    ("region", x.region.as_str().into()),
                ],
            }
        }
        Node::Field(f) => {
            let x = ds.field(f);
            Item {
                id: format!("f:{}", x.id),
                kind: "field",
                name: x.name_en.clone(),
                weight: g.field_members(f).len() as f64,
                extra: vec![("name_vi", x.name_vi.clone())],
            }
        }
        Node::Researcher(r) => {
            let x = ds.researcher(r);
            Item {
                id: format!("r:{}", x.id),
                kind: "researcher",
                name: x.name.to_string(),
                weight: f64::from(x.h_index),
                extra: vec![("university", ds.university(x.university).id.clone())],
            }
        }
        Node::Lab(l) => {
            let x = ds.lab(l);
            Item {
                id: format!("l:{}", x.id),
                kind: "lab",
                name: x.name.clone(),
                weight: f64::from(x.capacity_hours),
                extra: vec![("university", ds.university(x.university).id.clone())],
            }
        }
    }
}

fn edge_kind(g: &Graph, e: &Edge) -> (&'static str, f64) {
    match e {
        Edge::Affiliation => ("affiliation", 1.0),
        Edge::Expertise { level } => ("expertise", f64::from(*level)),
        Edge::Coauthorship { index } => (
            "coauthorship",
            f64::from(g.data().coauthorships[*index as usize].papers),
        ),
        Edge::LabHost => ("lab_host", 1.0),
        Edge::LabServes => ("lab_serves", 1.0),
        Edge::Related => ("related", 1.0),
    }
}

/// A number as written: integers without decimals, others with up to 4.
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The selected graph in `format`.
pub fn export(g: &Graph, sel: &Selection, format: GraphFormat) -> String {
    let mut s = String::new();
    let _ = export_to(g, sel, format, |part: &str| {
        s.push_str(part);
        Ok::<_, std::convert::Infallible>(())
    });
    s
}

/// Bytes gathered before [`export_to`] hands them on.
const PART: usize = 1 << 20;

/// [`export`] handed to `sink` in parts of about a megabyte as it is written, so that the
/// whole text is never held (a million researchers and nine million co-authorships are
/// about 2 GB of GraphML); stops at the first error of `sink`.
pub fn export_to<E>(
    g: &Graph,
    sel: &Selection,
    format: GraphFormat,
    sink: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut out = Parts {
        buf: String::with_capacity(PART + 4096),
        sink,
    };
    let pg = g.petgraph();
    match format {
        GraphFormat::GraphMl => graphml_head(&mut out.buf),
        GraphFormat::Gexf => gexf_head(&mut out.buf),
        GraphFormat::Dot => out
            .buf
            .push_str("graph hoptac {\n  node [shape=ellipse];\n"),
    }
    // Node ids by node index, for the edges' ends.
    let mut ids: Vec<Option<Box<str>>> = vec![None; pg.node_count()];
    for n in pg.node_indices().filter(|n| sel.keep[n.index()]) {
        let item = node_item(g, pg[n]);
        match format {
            GraphFormat::GraphMl => graphml_node(&mut out.buf, &item),
            GraphFormat::Gexf => gexf_node(&mut out.buf, &item),
            GraphFormat::Dot => dot_node(&mut out.buf, &item),
        }
        ids[n.index()] = Some(item.id.into_boxed_str());
        out.flush_if_full()?;
    }
    if format == GraphFormat::Gexf {
        out.buf.push_str("    </nodes>\n    <edges>\n");
    }
    let edges = pg
        .edge_references()
        .filter(|e| sel.keep[e.source().index()] && sel.keep[e.target().index()]);
    for (i, e) in edges.enumerate() {
        let (kind, w) = edge_kind(g, e.weight());
        let end = |n: petgraph::graph::NodeIndex| ids[n.index()].as_deref().unwrap_or_default();
        let (a, b) = (end(e.source()), end(e.target()));
        match format {
            GraphFormat::GraphMl => graphml_edge(&mut out.buf, i, a, b, kind, w),
            GraphFormat::Gexf => gexf_edge(&mut out.buf, i, a, b, kind, w),
            GraphFormat::Dot => dot_edge(&mut out.buf, a, b, kind, w),
        }
        out.flush_if_full()?;
    }
    out.buf.push_str(match format {
        GraphFormat::GraphMl => "  </graph>\n</graphml>\n",
        GraphFormat::Gexf => "    </edges>\n  </graph>\n</gexf>\n",
        GraphFormat::Dot => "}\n",
    });
    out.flush()
}

/// The text being written and where it goes.
struct Parts<F> {
    buf: String,
    sink: F,
}

impl<E, F: FnMut(&str) -> Result<(), E>> Parts<F> {
    fn flush_if_full(&mut self) -> Result<(), E> {
        if self.buf.len() >= PART {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), E> {
        if !self.buf.is_empty() {
            (self.sink)(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

const EXTRA_KEYS: [&str; 3] = ["name_vi", "region", "university"];

fn graphml_head(s: &mut String) {
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    s.push_str("  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n");
    s.push_str("  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n");
    s.push_str("  <key id=\"weight\" for=\"node\" attr.name=\"weight\" attr.type=\"double\"/>\n");
    for k in EXTRA_KEYS {
        let _ = writeln!(
            s,
            "  <key id=\"{k}\" for=\"node\" attr.name=\"{k}\" attr.type=\"string\"/>"
        );
    }
    s.push_str("  <key id=\"ekind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n");
    s.push_str("  <key id=\"eweight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n");
    s.push_str("  <graph id=\"hoptac\" edgedefault=\"undirected\">\n");
}

fn graphml_node(s: &mut String, n: &Item) {
    let _ = write!(
        s,
        "    <node id=\"{}\"><data key=\"kind\">{}</data><data key=\"name\">{}</data><data key=\"weight\">{}</data>",
        escape(&n.id),
        n.kind,
        escape(&n.name),
        num(n.weight)
    );
    for (k, v) in &n.extra {
        let _ = write!(s, "<data key=\"{k}\">{}</data>", escape(v));
    }
    s.push_str("</node>\n");
}

fn graphml_edge(s: &mut String, i: usize, a: &str, b: &str, kind: &str, w: f64) {
    let _ = writeln!(
        s,
        "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"ekind\">{kind}</data><data key=\"eweight\">{}</data></edge>",
        escape(a),
        escape(b),
        num(w)
    );
}

fn gexf_head(s: &mut String) {
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n");
    let _ = writeln!(
        s,
        "  <meta><creator>hoptac {}</creator><description>universities, fields, researchers, labs and co-authorships</description></meta>",
        env!("CARGO_PKG_VERSION")
    );
    s.push_str("  <graph defaultedgetype=\"undirected\" mode=\"static\">\n");
    s.push_str("    <attributes class=\"node\">\n      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n      <attribute id=\"weight\" title=\"weight\" type=\"double\"/>\n");
    for k in EXTRA_KEYS {
        let _ = writeln!(
            s,
            "      <attribute id=\"{k}\" title=\"{k}\" type=\"string\"/>"
        );
    }
    s.push_str("    </attributes>\n    <attributes class=\"edge\">\n      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n    </attributes>\n    <nodes>\n");
}

fn gexf_node(s: &mut String, n: &Item) {
    let _ = write!(
        s,
        "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"kind\" value=\"{}\"/><attvalue for=\"weight\" value=\"{}\"/>",
        escape(&n.id),
        escape(&n.name),
        n.kind,
        num(n.weight)
    );
    for (k, v) in &n.extra {
        let _ = write!(s, "<attvalue for=\"{k}\" value=\"{}\"/>", escape(v));
    }
    s.push_str("</attvalues></node>\n");
}

fn gexf_edge(s: &mut String, i: usize, a: &str, b: &str, kind: &str, w: f64) {
    let _ = writeln!(
        s,
        "      <edge id=\"e{i}\" source=\"{}\" target=\"{}\" weight=\"{}\"><attvalues><attvalue for=\"kind\" value=\"{kind}\"/></attvalues></edge>",
        escape(a),
        escape(b),
        num(w)
    );
}

/// A DOT string literal: quotes and backslashes escaped, line breaks as `\n`.
fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dot_node(s: &mut String, n: &Item) {
    let _ = write!(
        s,
        "  {} [label={}, kind={}, weight={}",
        dot_str(&n.id),
        dot_str(&n.name),
        dot_str(n.kind),
        num(n.weight)
    );
    for (k, v) in &n.extra {
        let _ = write!(s, ", {k}={}", dot_str(v));
    }
    s.push_str("];\n");
}

fn dot_edge(s: &mut String, a: &str, b: &str, kind: &str, w: f64) {
    let _ = writeln!(
        s,
        "  {} -- {} [kind={}, weight={}];",
        dot_str(a),
        dot_str(b),
        dot_str(kind),
        num(w)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Source};

    fn tiny() -> Graph {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        Graph::build(load(&Source::Dir(dir)).unwrap())
    }

    /// Node ids and edge lines of the DOT export.
    fn items(g: &Graph, sel: &Selection) -> (Vec<String>, Vec<String>) {
        let text = export(g, sel, GraphFormat::Dot);
        let edges: Vec<String> = text
            .lines()
            .filter(|l| l.contains(" -- "))
            .map(String::from)
            .collect();
        let nodes = text
            .lines()
            .filter(|l| l.contains(" [label="))
            .map(|l| l.split('"').nth(1).unwrap().to_string())
            .collect();
        (nodes, edges)
    }

    #[test]
    fn whole_graph_keeps_every_node_and_edge() {
        let g = tiny();
        let (nodes, edges) = items(&g, &Selection::all(&g));
        assert_eq!(nodes.len(), 16);
        assert_eq!(edges.len(), 27);
    }

    /// Water: researchers a1, b1, a3 (ua, ub); labs la1 (ua, water;env); co-authorship a1–b1
    /// only (a1–a2 leaves the field). Nodes: water, a1, b1, a3, ua, ub, la1 = 7. Edges: 3
    /// expertise in water + 3 affiliations + 1 co-authorship + la1 host + la1 serves water = 9.
    #[test]
    fn field_subgraph_by_hand() {
        let g = tiny();
        let water = g.data().field_by_id("water").unwrap();
        let (nodes, edges) = items(&g, &Selection::field(&g, water));
        let ids: Vec<&str> = nodes.iter().map(String::as_str).collect();
        assert_eq!(
            ids,
            ["u:ua", "u:ub", "f:water", "r:a1", "r:a3", "r:b1", "l:la1"]
        );
        assert_eq!(edges.len(), 9, "{edges:?}");
        let coauthor = edges.iter().filter(|e| e.contains("kind=\"coauthorship\""));
        assert_eq!(coauthor.count(), 1);
    }

    #[test]
    fn dot_escapes_quotes_and_backslashes() {
        assert_eq!(dot_str("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(0.75), "0.75");
    }

    /// Written in parts (a generated graph of several megabytes): every node and edge once, in
    /// graph order (GraphML edge ids e0, e1, … without a gap), the document closed once.
    #[test]
    fn parts_hold_every_node_and_edge_once_in_order() {
        let cfg = crate::generate::GenConfig {
            universities: 150,
            researchers_per_university: 8,
            seed: 5,
            coauthorships_per_researcher: 3.0,
        };
        let g = Graph::build(crate::generate::generate(&cfg).unwrap());
        let (n, e) = (g.petgraph().node_count(), g.petgraph().edge_count());
        let mut parts = Vec::new();
        export_to(&g, &Selection::all(&g), GraphFormat::GraphMl, |p: &str| {
            parts.push(p.to_string());
            Ok::<_, ()>(())
        })
        .unwrap();
        assert!(parts.len() > 1, "one part only");
        let text = parts.concat();
        let nodes = text
            .lines()
            .filter(|l| l.starts_with("    <node id="))
            .count();
        let edges: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("    <edge id="))
            .collect();
        assert_eq!((nodes, edges.len()), (n, e));
        for (i, l) in edges.iter().enumerate() {
            assert!(
                l.starts_with(&format!("    <edge id=\"e{i}\" ")),
                "{i}: {l}"
            );
        }
        assert_eq!(text.matches("</graphml>").count(), 1);
        assert!(text.ends_with("</graph>\n</graphml>\n"));
        let dot = export(&g, &Selection::all(&g), GraphFormat::Dot);
        assert_eq!(dot.lines().filter(|l| l.contains(" -- ")).count(), e);
        assert_eq!(dot.lines().filter(|l| l.contains(" [label=")).count(), n);
        let g = tiny();
        // The first error of the sink stops the export.
        let mut calls = 0;
        let r = export_to(&g, &Selection::all(&g), GraphFormat::Dot, |_: &str| {
            calls += 1;
            Err("full")
        });
        assert_eq!((r, calls), (Err("full"), 1));
    }
}
