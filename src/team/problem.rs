//! A call written as a problem statement (`teams --problem`, a `problem` key in call files, a
//! `problem` column in batch CSVs): the text becomes the call's fields and levels, and two soft
//! preferences join the team score.
//!
//! - **Fields and levels** (only when the call names no fields): the problem's fields as
//!   [`crate::expert`] reads them (keyword → field table, field names, the glossary's
//!   translations), best weight first (ties by field order); those with at least half the best
//!   weight are kept, at most [`MAX_FIELDS`], each with the minimum level
//!   `0.2 + 0.4 · weight / best weight` rounded to two decimals (0.6 for the best field, at
//!   least 0.4). They are shown with the teams (`read as water:0.60,ai:0.40`), so the user can
//!   pass them, edited, as `--fields`.
//! - **topic** (weight `preferences.topic`, default [`DEFAULT_TOPIC_WEIGHT`]): a member's text
//!   match to the problem — the `text` component of `hoptac experts` (BM25 of the problem
//!   against their topic terms, divided by the best), in [0, 1]; the team's value is the mean
//!   over members. When nobody matches (a dataset without `terms.csv`) its default weight is
//!   0, so that it does not rescale the scores for nothing.
//! - **near** (weight `preferences.near`, default [`DEFAULT_NEAR_WEIGHT`], only with a
//!   `province`): a member's university's nearness to the province ([`crate::expert::province`]:
//!   1 same city, 0.6 same region, 0.2 another region), mean over members.
//!
//! Both are soft: like the call's other preferences they are added to the score (divided by
//! the weight sum when it exceeds 1, see [`super::score_scale`]) and never make a team
//! infeasible.

use crate::expert::province::{self, Place};
use crate::expert::{Index, Method};
use crate::graph::Graph;
use crate::load::Problem;
use crate::model::*;

use super::call::{At, CallSpec, FieldSpec};

/// Weight of the topic preference when the call does not set one.
pub const DEFAULT_TOPIC_WEIGHT: f64 = 0.3;
/// Weight of the nearness preference when the call has a province and does not set one.
pub const DEFAULT_NEAR_WEIGHT: f64 = 0.1;
/// At most this many fields are read from a problem.
pub const MAX_FIELDS: usize = 3;

/// What a problem statement adds to a call.
#[derive(Clone, Debug, PartialEq)]
pub struct ProblemPrefs {
    pub text: String,
    pub province: Option<Place>,
    /// The fields and levels read from the text (empty when the call gave its own fields).
    pub read_fields: Vec<(FieldIdx, f32)>,
    /// (researcher, text match in [0, 1]), sorted by researcher; absent researchers have 0.
    pub topic: Vec<(ResearcherIdx, f32)>,
    pub prefer_topic: f64,
    /// Nearness per university index (empty without a province).
    pub near: Vec<f32>,
    pub prefer_near: f64,
}

impl ProblemPrefs {
    /// `r`'s text match.
    pub fn topic_of(&self, r: ResearcherIdx) -> f32 {
        self.topic
            .binary_search_by_key(&r, |t| t.0)
            .map_or(0.0, |i| self.topic[i].1)
    }

    /// `r`'s nearness (0 without a province).
    pub fn near_of(&self, u: UniIdx) -> f32 {
        self.near.get(u.ix()).copied().unwrap_or(0.0)
    }

    /// The weighted preference value of researcher `r` at university `u`.
    pub fn value(&self, r: ResearcherIdx, u: UniIdx) -> f64 {
        self.prefer_topic * f64::from(self.topic_of(r))
            + self.prefer_near * f64::from(self.near_of(u))
    }

    /// Σ of the two weights (for the score scale).
    pub fn weight(&self) -> f64 {
        self.prefer_topic + self.prefer_near
    }
}

/// The fields and levels of a problem (see the module doc), best first.
pub fn read_fields(index: &Index, text: &str) -> Vec<(FieldIdx, f32)> {
    let mut fields = index.analyse(text).fields;
    fields.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let best = fields.first().map_or(0.0, |f| f.1);
    fields
        .into_iter()
        .filter(|(_, w)| best > 0.0 && *w >= best / 2.0)
        .take(MAX_FIELDS)
        .map(|(f, w)| {
            let level = ((0.2 + 0.4 * w / best) * 100.0).round() / 100.0;
            (f, level as f32)
        })
        .collect()
}

/// Fills in a call's fields from its problem when it names none; `Ok(read fields)`.
pub fn fill_fields(
    index: &Index,
    ds: &Dataset,
    spec: &mut CallSpec,
    at: &At,
) -> Result<Vec<(FieldIdx, f32)>, Problem> {
    let Some(text) = spec.problem.as_deref() else {
        return Ok(Vec::new());
    };
    if !spec.fields.is_empty() {
        return Ok(Vec::new());
    }
    let read = read_fields(index, text);
    if read.is_empty() {
        return Err(at.problem_cell(format!(
            "problem {:?}: no priority field recognised in the text: name the fields (fields = [\"water\", …] or --fields)",
            short(text)
        )));
    }
    spec.fields = read
        .iter()
        .map(|&(f, level)| FieldSpec::Full {
            field: ds.field(f).id.clone(),
            min_level: Some(level),
        })
        .collect();
    Ok(read)
}

/// The preferences a call's problem and province add (`None` without a problem).
pub fn prefs(
    index: &Index,
    g: &Graph,
    spec: &CallSpec,
    read_fields: Vec<(FieldIdx, f32)>,
    at: &At,
) -> Result<Option<ProblemPrefs>, Problem> {
    let province = match spec.province.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(province::find(p).ok_or_else(|| {
            at.province_cell(format!(
                "province {p:?}: expected one of the 63 provinces (Lào Cai, Đà Nẵng, TP. Hồ Chí Minh, …) or a region (north, central, south)"
            ))
        })?),
    };
    let Some(text) = spec.problem.as_deref() else {
        if province.is_some() {
            return Err(at.province_cell(
                "province without a problem: the province locates a problem statement".into(),
            ));
        }
        return Ok(None);
    };
    let p = &spec.preferences;
    for (name, v) in [("topic", p.topic), ("near", p.near)] {
        if let Some(v) = v {
            if !(v.is_finite() && v >= 0.0) {
                return Err(at.problem(format!("preferences.{name} = {v}: expected a weight ≥ 0")));
            }
        }
    }
    let (_, hits) = index.search(g, text, Method::Engine, 0, &|_| true);
    let mut topic: Vec<(ResearcherIdx, f32)> = hits
        .iter()
        .map(|h| (h.researcher, h.components[0].value as f32))
        .filter(|(_, v)| *v > 0.0)
        .collect();
    topic.sort_by_key(|t| t.0);
    let near = province
        .as_ref()
        .map_or_else(Vec::new, |pl| province::nearness(g.data(), pl));
    Ok(Some(ProblemPrefs {
        text: text.to_string(),
        prefer_near: if province.is_some() {
            p.near.unwrap_or(DEFAULT_NEAR_WEIGHT)
        } else {
            0.0
        },
        province,
        read_fields,
        // Without any match (no terms.csv) the default weight would only rescale the scores.
        prefer_topic: p.topic.unwrap_or(if topic.is_empty() {
            0.0
        } else {
            DEFAULT_TOPIC_WEIGHT
        }),
        near,
        topic,
    }))
}

/// The first 60 characters of a text, for messages.
fn short(text: &str) -> String {
    let t: String = text.chars().take(60).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expert::ExpertWeights;

    #[test]
    fn fields_and_levels_read_from_a_problem_by_hand() {
        let g = Graph::build(crate::load::load(&crate::load::Source::Embedded).unwrap());
        let ix = Index::build(&g, &ExpertWeights::default());
        let ds = g.data();
        let named = |text: &str| -> Vec<(String, f32)> {
            read_fields(&ix, text)
                .into_iter()
                .map(|(f, l)| (ds.field(f).id.clone(), l))
                .collect()
        };
        // keywords.csv: "metro" → transport 1, "prediction" → ai 0.5 ("predictive" has the
        // same stem): levels 0.2 + 0.4 · 1 = 0.6 and 0.2 + 0.4 · 0.5 = 0.4.
        assert_eq!(
            named("Predictive maintenance for metro rolling stock"),
            [("transport".to_string(), 0.6), ("ai".to_string(), 0.4)]
        );
        // "lũ quét" → (glossary) "flash flood", "flood" → water 1 (× the glossary weight, the
        // best, so still 0.6); nothing else.
        assert_eq!(named("lũ quét"), [("water".to_string(), 0.6)]);
        assert!(named("zzyzx").is_empty());
        // The longest phrase wins: "sức khỏe" (health) inside the glossary phrase "giám sát
        // sức khỏe kết cấu" is read as "structural health monitoring" → transport 1, iot 0.5
        // (levels 0.6, 0.4), not as the health field; in English the same.
        let shm = [("transport".to_string(), 0.6), ("iot".to_string(), 0.4)];
        assert_eq!(named("Giám sát sức khỏe kết cấu cầu"), shm);
        assert_eq!(named("giam sat suc khoe ket cau cau"), shm);
        assert_eq!(named("Structural health monitoring of bridges"), shm);
        // On its own, "sức khỏe" is still health (the field's Vietnamese name, weight 1).
        assert_eq!(named("sức khỏe cộng đồng"), [("health".to_string(), 0.6)]);
    }

    #[test]
    fn a_province_without_a_problem_and_bad_weights_are_refused() {
        let g = Graph::build(crate::load::load(&crate::load::Source::Embedded).unwrap());
        let ix = Index::build(&g, &ExpertWeights::default());
        let at = At::default();
        let mut spec = CallSpec {
            province: Some("Lào Cai".into()),
            ..CallSpec::default()
        };
        assert!(prefs(&ix, &g, &spec, Vec::new(), &at).is_err());
        spec.problem = Some("flood".into());
        spec.preferences.near = Some(-1.0);
        let e = prefs(&ix, &g, &spec, Vec::new(), &at).unwrap_err();
        assert!(e.message.contains("preferences.near = -1"), "{}", e.message);
        spec.preferences.near = None;
        let p = prefs(&ix, &g, &spec, Vec::new(), &at).unwrap().unwrap();
        // No terms.csv in the built-in data: no topic match, so no topic weight.
        assert_eq!((p.prefer_topic, p.prefer_near), (0.0, DEFAULT_NEAR_WEIGHT));
        assert_eq!(p.near, [0.6, 0.2, 0.2, 0.6, 0.6, 0.6, 0.6]);
    }
}
