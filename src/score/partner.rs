//! University-level scores: leaders of a field and partner ranking, every score explained.
//!
//! For a field F, a university U and a candidate partner P ≠ U, the partner score is the weighted
//! sum of eight components, each in [0, 1] (weights from [`PartnerWeights`]):
//!
//! | component | value |
//! | --- | --- |
//! | strength | `0.7 · impact(P,F) / max_X impact(X,F) + 0.3 · min(AI(P,F), 2) / 2`, where impact = Σ level·(1 + ln(1 + h)) over P's researchers in F and AI is the activity index (specialisation) |
//! | complementarity | `Σ_g w_g · max(0, s(P,g) − s(U,g)) / Σ_g w_g` over g ∈ {F} ∪ related(F), w_F = 1, w_related = ½, s = impact relative to the strongest university in g |
//! | ties | `n / (n + k)`, n = Σ papers · ½^((year₀ − last_year) / half-life) over co-authorships between U and P whose two authors both work in F; k = `ties_half_saturation`. Counted positively in [`Mode::Strengthen`], negatively in [`Mode::New`] |
//! | labs | `m / (m + 1)` for m = P's labs serving F that U may use (public; consortium when both are members; never internal), halved when U has a lab for F itself |
//! | region | 1 when U and P are in different regions |
//! | activity | `a(P) / max_X a(X)`: a = Σ over the other institutions P has co-authored with (any field) of (1 − n) · ½^((year₀ − the last year of their latest co-authorship) / half-life) + n · ½^((year₀ − the year of their first) / half-life), n = `activity_new` — how many partners P has, recently (institutions with many partners get the new ones: what preferential attachment sees) |
//! | topics | `cos · ((1 − t) + t · activity)`: cos = cosine of the two institutions' topic profiles, the sum of their researchers' normalised TF-IDF term vectors ([`super::topics`], half-life `topic_half_life_years`), 0 without `terms.csv`; t = `topic_activity` |
//! | country | `lift / (lift + 1)` (raw: the co-authorships between the two countries), lift = how much more often than chance researchers of the two institutions' countries co-author across institutions ([`crate::graph::CountryLinks`]); 0 towards an institution without a country and in a single-country dataset |
//!
//! # Complexity
//! One pass over the co-authorships per field for the ties (O(E)), then O(|related(F)|) per
//! partner: O(E + U²·r) for the full matrix.

use rustc_hash::FxHashMap;

use crate::component::{recency_weight, Component};
use crate::graph::Graph;
use crate::model::*;
use serde::{Deserialize, Serialize};

/// Weights and constants of the university partner score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PartnerWeights {
    pub strength: f64,
    pub complementarity: f64,
    pub ties: f64,
    pub labs: f64,
    pub region: f64,
    pub recency_half_life_years: f64,
    pub ties_half_saturation: f64,
    pub reference_year: u16,
    pub activity: f64,
    pub topics: f64,
    /// Age in years at which a term row counts half in the profiles; 0 = no decay.
    pub topic_half_life_years: f64,
    /// Share of the topic component scaled by the partner's activity (in [0, 1]): among
    /// institutions alike in topic the well-connected first.
    pub topic_activity: f64,
    /// Share of the activity counted from the year two institutions first co-authored rather
    /// than the last (in [0, 1]): 1 = how many new partners an institution took on recently.
    pub activity_new: f64,
    /// Weight of the country affinity of the two institutions ([`crate::graph::CountryLinks`]).
    pub country: f64,
}

impl Default for PartnerWeights {
    fn default() -> Self {
        PartnerWeights {
            strength: 0.1,
            complementarity: 0.1,
            ties: 0.15,
            labs: 0.15,
            region: 0.10,
            recency_half_life_years: 4.0,
            ties_half_saturation: 5.0,
            reference_year: 0,
            activity: 0.2,
            topics: 0.3,
            topic_half_life_years: 8.0,
            topic_activity: 0.0,
            activity_new: 0.0,
            country: 0.05,
        }
    }
}

/// Whether existing ties count for or against a partner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Deepen existing collaborations: ties raise the score.
    #[default]
    Strengthen,
    /// Find new partners: ties lower the score.
    New,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Strengthen => "strengthen",
            Mode::New => "new",
        }
    }
}

/// The eight partner components in output order.
pub const PARTNER_COMPONENTS: [&str; 8] = [
    "strength",
    "complementarity",
    "ties",
    "labs",
    "region",
    "activity",
    "topics",
    "country",
];

/// A university's own strength in a field.
#[derive(Clone, Debug, PartialEq)]
pub struct Leader {
    pub university: UniIdx,
    pub rank: usize,
    /// The strength value in [0, 1] (the partner score's strength component before weighting).
    pub score: f64,
    pub researchers: u32,
    pub level_sum: f64,
    pub impact: f64,
    pub activity_index: f64,
}

/// A scored partner for one university.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerScore {
    pub university: UniIdx,
    pub partner: UniIdx,
    pub rank: usize,
    pub score: f64,
    pub components: Vec<Component>,
}

/// Per-field quantities shared by every pair of universities.
struct FieldContext<'g> {
    g: &'g Graph,
    field: FieldIdx,
    /// The field and its related fields with their weights.
    scope: Vec<(FieldIdx, f64)>,
    /// max impact over universities, per field of `scope`.
    max_impact: Vec<f64>,
    ties: FxHashMap<(UniIdx, UniIdx), f64>,
    reference_year: u16,
    /// Per university: recency-weighted number of partner institutions, and the maximum.
    activity: Vec<f64>,
    max_activity: f64,
    /// Per university: its topic profile (empty when `topics` is 0 or there are no terms).
    topic: Vec<Vec<(TermIdx, f64)>>,
}

/// Per university: Σ over the other institutions it co-authored with of
/// (1 − `new`) · ½^(age of their latest co-authorship / half-life) + `new` · ½^(age of their
/// first / half-life). With `new` = 0 the pairs of institutions and their latest year come
/// from the graph ([`Graph::university_links`], computed once with the indexes); otherwise
/// the co-authorships are read for the first years too.
fn activity(g: &Graph, year0: u16, half_life: f64, new: f64) -> Vec<f64> {
    let ds = g.data();
    let decay = |y: u16| 0.5f64.powf(f64::from(year0.saturating_sub(y)) / half_life);
    let mut a = vec![0.0; ds.universities.len()];
    if new <= 0.0 {
        for &((u, p), y) in g.university_links() {
            let w = decay(y);
            a[u.ix()] += w;
            a[p.ix()] += w;
        }
        return a;
    }
    let mut span: FxHashMap<(UniIdx, UniIdx), (u16, u16)> = FxHashMap::default();
    for c in &ds.coauthorships {
        let (ua, ub) = (ds.researcher(c.a).university, ds.researcher(c.b).university);
        if ua != ub {
            let e = span
                .entry((ua.min(ub), ua.max(ub)))
                .or_insert((u16::MAX, 0));
            *e = (e.0.min(c.first_year), e.1.max(c.last_year));
        }
    }
    let mut keys: Vec<((UniIdx, UniIdx), (u16, u16))> = span.into_iter().collect();
    keys.sort_unstable();
    for ((u, p), (first, last)) in keys {
        let w = (1.0 - new) * decay(last) + new * decay(first);
        a[u.ix()] += w;
        a[p.ix()] += w;
    }
    a
}

/// Per university: the sum of its researchers' unit TF-IDF vectors, sorted by term.
fn topic_profiles(g: &Graph, d: &super::topics::Decay) -> Vec<Vec<(TermIdx, f64)>> {
    let ds = g.data();
    ds.university_ids()
        .map(|u| {
            let mut acc: std::collections::BTreeMap<TermIdx, f64> = Default::default();
            for &r in g.members(u) {
                let v = super::topics::vector(g, r, d);
                let n = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
                if n > 0.0 {
                    for (t, x) in v {
                        *acc.entry(t).or_insert(0.0) += x / n;
                    }
                }
            }
            acc.into_iter().collect()
        })
        .collect()
}

/// Cosine of two vectors sorted by term, and the common terms by weight (heaviest first).
fn cosine(a: &[(TermIdx, f64)], b: &[(TermIdx, f64)]) -> (f64, Vec<TermIdx>) {
    let n = |v: &[(TermIdx, f64)]| v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    let (na, nb) = (n(a), n(b));
    if na == 0.0 || nb == 0.0 {
        return (0.0, Vec::new());
    }
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    let mut common = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                common.push((a[i].0, a[i].1 * b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    common.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    (
        (dot / (na * nb)).clamp(0.0, 1.0),
        common.into_iter().map(|(t, _)| t).collect(),
    )
}

impl<'g> FieldContext<'g> {
    /// The field's shared quantities; with `only`, the ties of that university alone (all a
    /// list of its partners reads), from its members' co-author lists instead of every
    /// co-authorship.
    fn new(g: &'g Graph, field: FieldIdx, w: &PartnerWeights, only: Option<UniIdx>) -> Self {
        let ds = g.data();
        let mut scope = vec![(field, 1.0)];
        scope.extend(ds.field(field).related.iter().map(|&r| (r, 0.5)));
        let max_impact = scope
            .iter()
            .map(|(f, _)| {
                ds.university_ids()
                    .map(|u| g.strength(u, *f).impact)
                    .fold(0.0, f64::max)
            })
            .collect();
        let reference_year = if w.reference_year == 0 {
            g.latest_year()
        } else {
            w.reference_year
        };
        let ties = match only {
            Some(u) => university_ties(g, field, u, reference_year, w.recency_half_life_years),
            None => field_ties(g, field, reference_year, w.recency_half_life_years),
        };
        let activity = if w.activity > 0.0 || (w.topics > 0.0 && w.topic_activity > 0.0) {
            activity(g, reference_year, w.recency_half_life_years, w.activity_new)
        } else {
            vec![0.0; ds.universities.len()]
        };
        let max_activity = activity.iter().copied().fold(0.0, f64::max);
        let topic = if w.topics > 0.0 && !ds.term_weights.is_empty() {
            let d = super::topics::Decay::new(reference_year, w.topic_half_life_years);
            topic_profiles(g, &d)
        } else {
            vec![Vec::new(); ds.universities.len()]
        };
        FieldContext {
            g,
            field,
            scope,
            max_impact,
            ties,
            reference_year,
            activity,
            max_activity,
            topic,
        }
    }

    /// Impact of `u` in the i-th field of scope relative to the strongest university there.
    fn relative(&self, u: UniIdx, i: usize) -> f64 {
        let m = self.max_impact[i];
        if m > 0.0 {
            self.g.strength(u, self.scope[i].0).impact / m
        } else {
            0.0
        }
    }

    fn strength(&self, u: UniIdx) -> (f64, f64, f64) {
        let s = self.g.strength(u, self.field);
        let impact_rel = self.relative(u, 0);
        let ai = s.activity_index.min(2.0) / 2.0;
        (0.7 * impact_rel + 0.3 * ai, impact_rel, s.activity_index)
    }
}

/// Recency-weighted papers between universities in `field` (keys ordered `(min, max)`).
fn field_ties(
    g: &Graph,
    field: FieldIdx,
    year0: u16,
    half_life: f64,
) -> FxHashMap<(UniIdx, UniIdx), f64> {
    let ds = g.data();
    let mut ties = FxHashMap::default();
    for c in &ds.coauthorships {
        let (ua, ub) = (g.university_of(c.a), g.university_of(c.b));
        if ua == ub || g.level(c.a, field) == 0.0 || g.level(c.b, field) == 0.0 {
            continue;
        }
        *ties.entry((ua.min(ub), ua.max(ub))).or_insert(0.0) += recency_weight(c, year0, half_life);
    }
    ties
}

/// [`field_ties`] of the pairs that include `u`: the same sums, added in the same order (by
/// co-authorship), from the co-author lists of `u`'s members in the field. O(Σ deg) over
/// those members.
fn university_ties(
    g: &Graph,
    field: FieldIdx,
    u: UniIdx,
    year0: u16,
    half_life: f64,
) -> FxHashMap<(UniIdx, UniIdx), f64> {
    let ds = g.data();
    let mut found: Vec<(u32, UniIdx)> = Vec::new();
    for &r in g.members(u) {
        if g.level(r, field) == 0.0 {
            continue;
        }
        for l in g.coauthors(r) {
            let p = g.university_of(l.other);
            if p != u && g.level(l.other, field) != 0.0 {
                found.push((l.index, p));
            }
        }
    }
    found.sort_unstable();
    let mut ties = FxHashMap::default();
    for (i, p) in found {
        let c = &ds.coauthorships[i as usize];
        *ties.entry((u.min(p), u.max(p))).or_insert(0.0) += recency_weight(c, year0, half_life);
    }
    ties
}

/// Universities ranked by their own strength in `field`, best first (ties by index).
pub fn leaders(g: &Graph, field: FieldIdx) -> Vec<Leader> {
    let ctx = FieldContext::new(g, field, &PartnerWeights::default(), None);
    let mut out: Vec<Leader> = g
        .data()
        .university_ids()
        .map(|u| {
            let s = g.strength(u, field);
            Leader {
                university: u,
                rank: 0,
                score: ctx.strength(u).0,
                researchers: s.researchers,
                level_sum: s.level_sum,
                impact: s.impact,
                activity_index: s.activity_index,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.university.cmp(&b.university))
    });
    for (i, l) in out.iter_mut().enumerate() {
        l.rank = i + 1;
    }
    out
}

/// Every other university ranked as a partner for `university` in `field`, best first.
pub fn rank_partners(
    g: &Graph,
    field: FieldIdx,
    university: UniIdx,
    w: &PartnerWeights,
    mode: Mode,
) -> Vec<PartnerScore> {
    let ctx = FieldContext::new(g, field, w, Some(university));
    rank_with(&ctx, university, w, mode)
}

/// The full university × partner matrix for `field`: one ranked list per university, in
/// university order. Parallel over universities; identical for any thread count.
pub fn partner_matrix(
    g: &Graph,
    field: FieldIdx,
    w: &PartnerWeights,
    mode: Mode,
) -> Vec<Vec<PartnerScore>> {
    use rayon::prelude::*;
    let ctx = FieldContext::new(g, field, w, None);
    let unis: Vec<UniIdx> = g.data().university_ids().collect();
    unis.par_iter()
        .map(|&u| rank_with(&ctx, u, w, mode))
        .collect()
}

/// The partner matrix of one field, computed a few rows at a time: what the field shares
/// (strengths, ties) once, then the partners of any universities asked for. Writing a large
/// matrix as it is computed keeps memory flat.
pub struct PartnerMatrix<'g> {
    ctx: FieldContext<'g>,
    w: &'g PartnerWeights,
    mode: Mode,
}

impl<'g> PartnerMatrix<'g> {
    pub fn new(g: &'g Graph, field: FieldIdx, w: &'g PartnerWeights, mode: Mode) -> Self {
        PartnerMatrix {
            ctx: FieldContext::new(g, field, w, None),
            w,
            mode,
        }
    }

    /// The ranked partners of each of `unis`, in that order (in parallel).
    pub fn rows(&self, unis: &[UniIdx]) -> Vec<Vec<PartnerScore>> {
        use rayon::prelude::*;
        unis.par_iter()
            .map(|&u| rank_with(&self.ctx, u, self.w, self.mode))
            .collect()
    }
}

fn rank_with(
    ctx: &FieldContext<'_>,
    u: UniIdx,
    w: &PartnerWeights,
    mode: Mode,
) -> Vec<PartnerScore> {
    let mut out: Vec<PartnerScore> = ctx
        .g
        .data()
        .university_ids()
        .filter(|&p| p != u)
        .map(|p| score_pair(ctx, u, p, w, mode))
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.partner.cmp(&b.partner)));
    for (i, s) in out.iter_mut().enumerate() {
        s.rank = i + 1;
    }
    out
}

fn score_pair(
    ctx: &FieldContext<'_>,
    u: UniIdx,
    p: UniIdx,
    w: &PartnerWeights,
    mode: Mode,
) -> PartnerScore {
    let g = ctx.g;
    let ds = g.data();

    let (strength, impact_rel, ai) = ctx.strength(p);
    let c_strength = Component::new(
        "strength",
        g.strength(p, ctx.field).impact,
        strength,
        w.strength,
        1.0,
        format!(
            "impact {:.1} ({:.0}% of the strongest), activity index {:.2}",
            g.strength(p, ctx.field).impact,
            100.0 * impact_rel,
            ai
        ),
    );

    let (mut num, mut den) = (0.0, 0.0);
    let mut adds = Vec::new();
    for (i, (f, wf)) in ctx.scope.iter().enumerate() {
        let gap = (ctx.relative(p, i) - ctx.relative(u, i)).max(0.0);
        num += wf * gap;
        den += wf;
        if gap > 0.0 {
            adds.push((gap, *f));
        }
    }
    adds.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let comp = if den > 0.0 { num / den } else { 0.0 };
    let explain = if adds.is_empty() {
        "adds nothing where the university is weaker".to_string()
    } else {
        let list: Vec<String> = adds
            .iter()
            .take(3)
            .map(|(gap, f)| format!("{} +{:.2}", ds.field(*f).id, gap))
            .collect();
        format!("stronger in {}", list.join(", "))
    };
    let c_comp = Component::new(
        "complementarity",
        num,
        comp,
        w.complementarity,
        1.0,
        explain,
    );

    let n = ctx.ties.get(&(u.min(p), u.max(p))).copied().unwrap_or(0.0);
    let ties_value = n / (n + w.ties_half_saturation);
    let sign = match mode {
        Mode::Strengthen => 1.0,
        Mode::New => -1.0,
    };
    let c_ties = Component::new(
        "ties",
        n,
        ties_value,
        w.ties,
        sign,
        format!(
            "{n:.1} recency-weighted joint papers in the field (to {}, half-life {} y){}",
            ctx.reference_year,
            w.recency_half_life_years,
            if mode == Mode::New {
                ", counted against in new mode"
            } else {
                ""
            }
        ),
    );

    let mut usable = 0usize;
    let mut hours = 0u64;
    for &l in g.labs_of(p) {
        let lab = ds.lab(l);
        if lab.fields.contains(&ctx.field) && lab.usable_by(ds, u) {
            usable += 1;
            hours += u64::from(lab.capacity_hours);
        }
    }
    let own = g
        .labs_of(u)
        .iter()
        .any(|&l| ds.lab(l).fields.contains(&ctx.field));
    let m = usable as f64;
    let labs_value = m / (m + 1.0) * if own { 0.5 } else { 1.0 };
    let c_labs = Component::new(
        "labs",
        m,
        labs_value,
        w.labs,
        1.0,
        format!(
            "{usable} usable lab{} for the field ({hours} free h/month){}",
            if usable == 1 { "" } else { "s" },
            if own {
                "; the university has its own"
            } else {
                "; the university has none"
            }
        ),
    );

    let (ru, rp) = (ds.university(u).region, ds.university(p).region);
    let cross = ru != rp;
    let c_region = Component::new(
        "region",
        f64::from(u8::from(cross)),
        f64::from(u8::from(cross)),
        w.region,
        1.0,
        format!("{ru} – {rp}"),
    );

    let a = ctx.activity[p.ix()];
    let activity_value = if ctx.max_activity > 0.0 {
        a / ctx.max_activity
    } else {
        0.0
    };
    let c_activity = Component::new(
        "activity",
        a,
        activity_value,
        w.activity,
        1.0,
        format!(
            "{a:.1} recency-weighted partner institutions ({:.0}% of the most connected)",
            100.0 * activity_value
        ),
    );
    let (sim, common) = cosine(&ctx.topic[u.ix()], &ctx.topic[p.ix()]);
    let ta = w.topic_activity;
    let c_topics = Component::new(
        "topics",
        sim,
        sim * ((1.0 - ta) + ta * activity_value),
        w.topics,
        1.0,
        if common.is_empty() {
            "no term in common".to_string()
        } else {
            let names: Vec<String> = common
                .iter()
                .take(3)
                .map(|&t| format!("*{}*", ds.term(t).name))
                .collect();
            format!(
                "both publish on {} (topic similarity {sim:.2})",
                names.join(", ")
            )
        },
    );

    let links = g.countries();
    // The same for every partner of a single-country dataset: said, not counted.
    let (n, explain) = if links.countries() > 1 {
        (links.between(u, p), links.describe(u, p))
    } else {
        (0, "every institution is in one country".to_string())
    };
    let c_country = Component::new(
        "country",
        n as f64,
        links.affinity(u, p),
        w.country,
        1.0,
        explain,
    );
    let components = vec![
        c_strength, c_comp, c_ties, c_labs, c_region, c_activity, c_topics, c_country,
    ];
    let score = components.iter().map(|c| c.contribution).sum();
    PartnerScore {
        university: u,
        partner: p,
        rank: 0,
        score,
        components,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Source};

    fn tiny() -> Graph {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        Graph::build(load(&Source::Dir(dir)).unwrap())
    }

    fn ids(g: &Graph) -> (UniIdx, UniIdx, UniIdx, FieldIdx) {
        let d = g.data();
        (
            d.university_by_id("ua").unwrap(),
            d.university_by_id("ub").unwrap(),
            d.university_by_id("uc").unwrap(),
            d.field_by_id("water").unwrap(),
        )
    }

    fn comp<'a>(s: &'a PartnerScore, name: &str) -> &'a Component {
        s.components.iter().find(|c| c.name == name).unwrap()
    }

    /// Tiny fixture, field water, university ub looking for partners.
    ///
    /// Impact in water: ua = 0.9·(1+ln 21) + 0.4·(1+ln 2) = 4.317329; ub = 0.7·(1+ln 11) =
    /// 2.378521; uc = 0. Levels: total S = 5.2; water S_f = 2.0; ua S_u = 2.6, ub S_u = 1.3.
    /// AI(ua) = (1.3/2.6)/(2/5.2) = 1.3. Related(water) = {env}; env impact: ua = 0.5·(1+ln 21)
    /// = 2.022261, uc = 0.3·(1+ln 1) = 0.3; ub = 0.
    #[test]
    fn partner_components_for_ub_in_water_by_hand() {
        let g = tiny();
        let (ua, ub, uc, water) = ids(&g);
        let w = PartnerWeights::default();
        let ranked = rank_partners(&g, water, ub, &w, Mode::Strengthen);
        assert_eq!(ranked.len(), 2);
        let a = &ranked[0];
        assert_eq!((a.partner, a.rank), (ua, 1));
        // strength = 0.7·1 + 0.3·(1.3/2) = 0.895
        assert!((comp(a, "strength").value - 0.895).abs() < 1e-6);
        // complementarity: water gap 1 − 2.378521/4.317329 = 0.449075 (weight 1),
        // env gap 1 − 0 = 1 (weight ½) → (0.449075 + 0.5) / 1.5 = 0.632717
        assert!(
            (comp(a, "complementarity").value - 0.632717).abs() < 1e-5,
            "{}",
            comp(a, "complementarity").value
        );
        // ties: a1 (ua, water) – b1 (ub, water), 2 papers, last 2024, latest year in data 2025,
        // half-life 4 → 2·½^(1/4) = 1.681793; value 1.681793 / 6.681793 = 0.251698
        assert!((comp(a, "ties").raw - 1.681793).abs() < 1e-5);
        assert!((comp(a, "ties").value - 0.251698).abs() < 1e-5);
        // labs: ua's la1 serves water and is consortium, both members; ub has none → ½
        assert_eq!(comp(a, "labs").raw, 1.0);
        assert!((comp(a, "labs").value - 0.5).abs() < 1e-9);
        // north vs central
        assert_eq!(comp(a, "region").value, 1.0);
        // activity: the only co-authorship across institutions is a1–b1 (ua–ub, last 2024):
        // a(ua) = a(ub) = ½^(1/4) = 0.840896, a(uc) = 0 → ua is the most connected: value 1
        assert!((comp(a, "activity").raw - 0.840896).abs() < 1e-6);
        assert!((comp(a, "activity").value - 1.0).abs() < 1e-12);
        // topics: the fixture has no terms.csv → 0
        assert_eq!(comp(a, "topics").value, 0.0);
        // The default weights: strength 0.1, complementarity 0.1, ties 0.15, labs 0.15,
        // region 0.10, activity 0.2 (topics 0.3 × 0).
        let expected =
            0.1 * 0.895 + 0.1 * 0.632717 + 0.15 * 0.251698 + 0.15 * 0.5 + 0.10 + 0.2 * 1.0;
        assert!(
            (a.score - expected).abs() < 1e-5,
            "{} vs {expected}",
            a.score
        );

        let c = &ranked[1];
        assert_eq!(c.partner, uc);
        // uc has no water researchers: strength 0, AI 0; env gap (0.3/2.022261 − 0) = 0.148349 · ½ / 1.5
        assert_eq!(comp(c, "strength").value, 0.0);
        assert!((comp(c, "complementarity").value - 0.148349 * 0.5 / 1.5).abs() < 1e-5);
        assert_eq!(comp(c, "ties").value, 0.0);
        // lc1 is public but serves ai only
        assert_eq!(comp(c, "labs").value, 0.0);
        // uc has no co-author at another institution
        assert_eq!(comp(c, "activity").value, 0.0);
        // One country: the country component is 0 for every partner, and says why.
        assert_eq!(comp(a, "country").value, 0.0);
        assert_eq!(
            comp(c, "country").explain,
            "every institution is in one country"
        );
    }

    /// The country component by hand (lifts in `graph::tests::country_lifts_by_hand`): for ub,
    /// ua (VN, lift 2.5 / 2.75) is worth 0.909091 / 1.909091 = 0.476190 and uc (JP, lift 1.2)
    /// 1.2 / 2.2 = 0.545455; the contribution is 0.05 × that.
    #[test]
    fn country_affinity_by_hand() {
        let g = crate::graph::tests::two_countries();
        let (ua, ub, uc, water) = ids(&g);
        let w = PartnerWeights::default();
        let ranked = rank_partners(&g, water, ub, &w, Mode::Strengthen);
        let of = |p: UniIdx| ranked.iter().find(|s| s.partner == p).unwrap();
        let lift_a = 2.5 / 2.75;
        let ca = comp(of(ua), "country");
        // Raw: the co-authorships within VN across institutions (a1–b1).
        assert_eq!(ca.raw, 1.0);
        assert_eq!(comp(of(uc), "country").raw, 1.0);
        assert!((ca.value - lift_a / (lift_a + 1.0)).abs() < 1e-12);
        let cc = comp(of(uc), "country");
        assert!((cc.value - 1.2 / 2.2).abs() < 1e-12);
        assert!((cc.contribution - 0.05 * 1.2 / 2.2).abs() < 1e-12);
        assert_eq!(
            cc.explain,
            "co-authorships between VN and JP are 1.2× as common as chance (1 across institutions)"
        );
        // The score is still the sum of the contributions.
        let s = of(uc);
        let sum: f64 = s.components.iter().map(|c| c.contribution).sum();
        assert!((s.score - sum).abs() < 1e-12);
    }

    /// Activity by the first co-authorship: ua–ub co-authored first in 2021 and last in 2024
    /// (year₀ 2025, half-life 4): `activity_new` 1 → ½^(4/4) = 0.5; 0.5 → ½ · ½^(1/4) + ½ · 0.5
    /// = 0.670448 (0: 0.840896, above). ua stays the most connected: value 1.
    #[test]
    fn activity_by_the_first_coauthorship_by_hand() {
        let g = tiny();
        let (ua, ub, _, water) = ids(&g);
        for (new, raw) in [(1.0, 0.5), (0.5, 0.670448)] {
            let w = PartnerWeights {
                activity_new: new,
                ..PartnerWeights::default()
            };
            let ranked = rank_partners(&g, water, ub, &w, Mode::Strengthen);
            let a = ranked.iter().find(|p| p.partner == ua).unwrap();
            assert!((comp(a, "activity").raw - raw).abs() < 1e-6, "{new}");
            assert!((comp(a, "activity").value - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn new_mode_subtracts_ties() {
        let g = tiny();
        let (ua, ub, _, water) = ids(&g);
        let w = PartnerWeights::default();
        let s = rank_partners(&g, water, ub, &w, Mode::Strengthen);
        let n = rank_partners(&g, water, ub, &w, Mode::New);
        let find = |v: &[PartnerScore]| v.iter().find(|p| p.partner == ua).unwrap().score;
        assert!((find(&s) - find(&n) - 2.0 * 0.15 * 0.251698).abs() < 1e-5);
    }

    #[test]
    fn leaders_by_strength() {
        let g = tiny();
        let (ua, ub, uc, water) = ids(&g);
        let l = leaders(&g, water);
        assert_eq!(
            l.iter().map(|x| x.university).collect::<Vec<_>>(),
            [ua, ub, uc]
        );
        // ub: 0.7 · 2.378521/4.317329 + 0.3 · min(AI, 2)/2, AI(ub) = (0.7/1.3)/(2/5.2) = 1.4
        assert!(
            (l[1].score - (0.7 * 0.550925 + 0.3 * 0.7)).abs() < 1e-5,
            "{}",
            l[1].score
        );
    }

    #[test]
    fn internal_labs_are_never_offered() {
        let g = tiny();
        let d = g.data();
        let la2 = d.lab(d.lab_by_id("la2").unwrap());
        let (ua, ub, uc, _) = ids(&g);
        assert!(la2.usable_by(d, ua));
        assert!(!la2.usable_by(d, ub) && !la2.usable_by(d, uc));
    }
}
