//! The problem list read by `hoptac experts --queries FILE.csv`: one problem per row.
//!
//! Columns (any order, others ignored): `id` (required, unique), `text` (required: the problem
//! statement, in Vietnamese or English), `province` (optional: where the problem is, for the
//! soft preference of nearer universities) and `relevant` (optional: `;`-separated researcher
//! ids that are known experts for the problem — the ground truth of an evaluation, as written by
//! `hoptac import … --until Y --held-out FILE`). Every bad row is reported with its line and
//! column.

use rustc_hash::FxHashMap;

use crate::load::table::{opt, req, Col, Table};
use crate::load::Problems;

const COLS: &[Col] = &[req("id"), req("text"), opt("province"), opt("relevant")];

/// One problem statement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProblemText {
    pub id: String,
    pub text: String,
    pub province: Option<String>,
    /// Known experts (researcher ids), for evaluation.
    pub relevant: Vec<String>,
    /// The line of the file it was read from (0 when it did not come from a file).
    pub line: u64,
}

/// Parses a problem list; every bad row is reported.
pub fn parse(name: &str, text: &str) -> Result<Vec<ProblemText>, Problems> {
    let mut problems = Problems::default();
    let input: Box<dyn std::io::Read + Send + Sync> =
        Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
    let Some(t) = Table::open(name.to_string(), input, COLS, &mut problems) else {
        return Err(problems);
    };
    let mut out: Vec<ProblemText> = Vec::new();
    let mut first: FxHashMap<String, u64> = FxHashMap::default();
    t.for_each_row(&mut problems, |row| {
        let id = row.required(0);
        let text = row.required(1);
        let province = row.text(2);
        let relevant: Vec<String> = row.list(3).map(str::to_string).collect();
        let (Some(id), Some(text)) = (id, text) else {
            return;
        };
        if let Some(line) = first.get(id) {
            row.problem(0, format!("duplicate id {id:?} (first on line {line})"));
            return;
        }
        first.insert(id.to_string(), row.line);
        out.push(ProblemText {
            id: id.to_string(),
            text: text.to_string(),
            province: (!province.is_empty()).then(|| province.to_string()),
            relevant,
            line: row.line,
        });
    });
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_their_problems() {
        let ok = parse(
            "q.csv",
            "text,id,province,relevant\n\"Lũ quét, sạt lở\",q1,Lào Cai,a;b\nmetro,q2,,\n",
        )
        .unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].text, "Lũ quét, sạt lở");
        assert_eq!(ok[0].province.as_deref(), Some("Lào Cai"));
        assert_eq!(ok[0].relevant, ["a", "b"]);
        assert_eq!((ok[1].province.as_deref(), ok[1].line), (None, 3));
        let bad = parse("q.csv", "id,text\nq1,\nq2,x\nq2,y\n").unwrap_err();
        let msg = bad.summary(10);
        assert!(msg.contains("q.csv:2:2"), "{msg}");
        assert!(
            msg.contains("q.csv:4:1: column `id`: duplicate id \"q2\" (first on line 3)"),
            "{msg}"
        );
        assert!(parse("q.csv", "name\nx\n").is_err());
    }
}
