//! Held-out works as expert-finding queries: the protocol of the evaluation in EVALUATION.md.
//!
//! An import with `--until Y` learns from the works up to Y; each work published after Y that
//! has a title becomes a query — its title and keywords, `title. keyword; keyword` (compsoc,
//! which gives no titles: the title words it gives, `word; word`) — whose
//! relevant researchers are its authors who were already present up to Y (researchers of the
//! learning dataset). Works without such an author are left out (nobody could find them).
//!
//! An author is matched to a researcher of the learning dataset by the source's author id when
//! the export has one (`scopus:…`, `openalex:A…`, `sns:…`), else by name: the researchers of the
//! dataset whose name folds ([`crate::text::fold`]) to the author's, when there is exactly one
//! (an ambiguous name is counted and left out).
//!
//! The file written (`--held-out FILE`) is a problem list ([`super::queries`]): columns `id`
//! (`w1`, `w2`, … in export order), `year`, `text`, `relevant` (researcher ids separated by
//! `;`).

use rustc_hash::FxHashMap;

use crate::import::Record;
use crate::model::{Dataset, ResearcherIdx};
use crate::text::fold;

/// The held-out queries and what was left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeldOut {
    /// `(id, year, text, relevant researcher ids)`.
    pub queries: Vec<(String, u16, String, Vec<String>)>,
    /// Works after the split without a title (or title words).
    pub untitled: usize,
    /// Works after the split without an author present before it.
    pub no_present_author: usize,
    /// Author entries whose name matched several researchers (left out).
    pub ambiguous_names: usize,
}

/// The queries of the works after the split (see the module doc).
pub fn queries(after: &[Record], train: &Dataset) -> HeldOut {
    let mut by_name: FxHashMap<String, Vec<ResearcherIdx>> = FxHashMap::default();
    for r in train.researcher_ids() {
        by_name
            .entry(fold(&train.researcher(r).name))
            .or_default()
            .push(r);
    }
    let mut out = HeldOut::default();
    for (i, rec) in after.iter().enumerate() {
        // compsoc gives no titles, only the words of each title (its `terms`).
        let words = rec.terms.join("; ");
        let title = match rec.title.trim() {
            "" => words.trim(),
            t => t,
        };
        if title.is_empty() {
            out.untitled += 1;
            continue;
        }
        let mut relevant: Vec<String> = Vec::new();
        for a in &rec.authors {
            let found = match &a.id {
                Some(id) => train.researcher_by_id(id),
                None => match by_name.get(&fold(&a.name)).map(Vec::as_slice) {
                    Some([one]) => Some(*one),
                    Some([_, _, ..]) => {
                        out.ambiguous_names += 1;
                        None
                    }
                    _ => None,
                },
            };
            if let Some(r) = found {
                let id = &train.researcher(r).id;
                if !relevant.iter().any(|x| x == id) {
                    relevant.push(id.to_string());
                }
            }
        }
        if relevant.is_empty() {
            out.no_present_author += 1;
            continue;
        }
        let mut text = title.to_string();
        let keywords: Vec<&str> = rec
            .keywords
            .iter()
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
            .collect();
        if !keywords.is_empty() {
            text.push_str(". ");
            text.push_str(&keywords.join("; "));
        }
        out.queries
            .push((format!("w{}", i + 1), rec.year, text, relevant));
    }
    out
}

/// The problem list as CSV (`id,year,text,relevant`).
pub fn to_csv(h: &HeldOut) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["id", "year", "text", "relevant"]);
    for (id, year, text, relevant) in &h.queries {
        let _ = w.write_record([
            id.as_str(),
            &year.to_string(),
            text.as_str(),
            &relevant.join(";"),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Author;

    #[test]
    fn present_authors_by_id_else_by_unique_name() {
        let mut train = Dataset {
            universities: vec![crate::model::University {
                id: "u".into(),
                short_name: "U".into(),
                name_vi: "U".into(),
                name_en: "U".into(),
                city: "Hà Nội".into(),
                region: crate::model::Region::North,
                country: "VN".into(),
                consortium: false,
                aliases: Vec::new(),
            }],
            researchers: ["scopus:1", "le-van-a@u", "nguyen-b@u", "nguyen-b@v"]
                .iter()
                .zip(["A One", "Lê Văn A", "Nguyễn B", "Nguyen B"])
                .map(|(id, name)| crate::model::Researcher {
                    id: (*id).into(),
                    name: name.into(),
                    university: crate::model::UniIdx(0),
                    title: crate::model::Title::Other,
                    h_index: 0,
                    publications: 1,
                    max_teams: 1,
                })
                .collect(),
            ..Dataset::default()
        };
        train.reindex();
        let author = |id: Option<&str>, name: &str| Author {
            id: id.map(str::to_string),
            name: name.into(),
            affiliations: Vec::new(),
        };
        let rec = |title: &str, authors: Vec<Author>| Record {
            year: 2021,
            title: title.into(),
            keywords: vec!["flood".into(), " ".into(), "LSTM".into()],
            authors,
            ..Record::default()
        };
        let after = [
            rec(
                "Flash floods",
                vec![
                    author(Some("scopus:1"), "A One"),
                    author(Some("scopus:9"), "New Person"),
                    author(None, "LE VAN A"),
                ],
            ),
            rec("", vec![author(Some("scopus:1"), "A One")]),
            rec("Only newcomers", vec![author(Some("scopus:7"), "X")]),
            rec("Ambiguous", vec![author(None, "Nguyễn B")]),
        ];
        let h = queries(&after, &train);
        assert_eq!(
            h.queries,
            [(
                "w1".to_string(),
                2021,
                "Flash floods. flood; LSTM".to_string(),
                vec!["scopus:1".to_string(), "le-van-a@u".to_string()]
            )]
        );
        assert_eq!(
            (h.untitled, h.no_present_author, h.ambiguous_names),
            (1, 2, 1)
        );
        let csv = to_csv(&h);
        assert_eq!(
            csv,
            "id,year,text,relevant\nw1,2021,Flash floods. flood; LSTM,scopus:1;le-van-a@u\n"
        );
        let parsed = super::super::queries::parse("h.csv", &csv).unwrap();
        assert_eq!(parsed[0].relevant, ["scopus:1", "le-van-a@u"]);
    }
}
