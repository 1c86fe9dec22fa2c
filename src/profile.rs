//! The scoring profile: every weight and constant of the partner, pair, team and lab scores,
//! read from TOML (`--profile FILE`), with documented defaults (`hoptac profile` prints them).
//!
//! Each analysis owns its weights ([`PartnerWeights`] in `score::partner`, [`PairWeights`] in
//! `score::pairs`, [`TeamWeights`] in `team`, [`LabWeights`] in `lab`); this module sits above
//! them and only gathers, parses and checks them.
//!
//! Unknown keys and negative or non-finite numbers are errors, reported with the key's path.

use serde::{Deserialize, Serialize};

use crate::load::{Problem, Problems};

pub use crate::lab::LabWeights;
pub use crate::score::pairs::PairWeights;
pub use crate::score::partner::PartnerWeights;
pub use crate::team::TeamWeights;

/// The default profile, as printed by `hoptac profile`. Parsing it gives [`Profile::default`].
pub const DEFAULT_TOML: &str = r#"# hoptac scoring profile. Every key is optional; a missing key keeps its default.
# Weights are non-negative; a score is the weighted sum of components that are each in [0, 1].

[partner]
# Strength of the partner in the field: 0.7 × impact (Σ level × (1 + ln(1 + h-index)) of its
# researchers in the field, relative to the strongest university) + 0.3 × specialisation
# (activity index, capped at 2, halved).
strength = 0.1
# What the partner adds where the university is weak, in the field and its related fields
# (related fields count half).
complementarity = 0.1
# Existing ties: recency-weighted co-authored papers in the field between the two universities,
# saturating (n / (n + ties_half_saturation)). Added in `strengthen` mode, subtracted in `new` mode.
ties = 0.15
# The partner's consortium or public labs serving the field, worth more where the university
# has no lab for the field itself.
labs = 0.15
# Inter-regional bonus: 1 when the two universities are in different regions (north, central,
# south), as the 2022 agreement asks.
region = 0.10
# Co-authored papers this many years old count half.
recency_half_life_years = 4.0
# Recency-weighted papers at which the ties component reaches 0.5.
ties_half_saturation = 5.0
# Year that recency is measured from; 0 = the latest year in the data (keeps results
# reproducible whatever today's date).
reference_year = 0
# How many institutions the partner has co-authored with, each counted
# ½^(years since their latest co-authorship / recency_half_life_years), relative to the most
# connected institution (institutions with many partners get the new ones).
activity = 0.2
# Topic similarity of the two institutions: the cosine of the sums of their researchers'
# normalised TF-IDF term profiles (terms.csv); 0 without terms.
topics = 0.3
# Age in years at which a term row counts half in the profiles (0 = no decay).
topic_half_life_years = 8.0
# Share of the topic component scaled by the partner's activity (0 to 1): among institutions
# alike in topic the well-connected first.
topic_activity = 0.0
# Share of the activity counted from the year two institutions first co-authored instead of the
# last (0 to 1): 1 = how many new partners the institution took on recently.
activity_new = 0.0
# Country affinity: lift / (lift + 1), lift = how much more often than chance researchers of
# the two institutions' countries co-author across institutions in these data (most new
# collaborations in bibliographic exports start within a country or between countries that
# already work together). 0 in a single-country dataset such as the G7's.
country = 0.05

[pairs]
# The weights were chosen with `hoptac evaluate` on real co-authorship data (EVALUATION.md):
# whom a researcher works with next is predicted first by closeness in the co-authorship graph
# and in time; expertise, seniority and capacity mostly order pairs that closeness cannot tell
# apart. Weights need not sum to 1; only their ratios matter.
# Both researchers' level in the field (the smaller of the two).
shared = 0.02
# What the pair covers together in the field's related fields beyond the better of the two alone.
complementary = 0.01
# Closeness in the co-authorship graph and in time: (1 − recency) · daa / (daa + 1), daa =
# time-decayed Adamic–Adar over common co-authors z (each path x–z–y counts
# ½^(age of x–z / path_half_life_years) · ½^(age of z–y / path_half_life_years) / ln deg z,
# age = years from its last co-authorship to reference_year), + recency · the mean recent
# activity of the two (½^(years since their last co-authorship / recency_half_life_years)).
# Pure Adamic–Adar: closeness = 1, the other weights 0, recency = 0, path_half_life_years = 0,
# three_step = 0, bridges = 0.
closeness = 1.0
# Similar career stage (1 − difference of seniority, seniority = min(1, ln(1 + h) / ln 31)).
seniority = 0.005
# Spare capacity: mean of min(max_teams, 3) / 3 over the two.
capacity = 0.01
# Candidates drawn from the field index per researcher (the strongest at other universities),
# on top of every researcher two co-authorship steps away.
field_candidates = 30
# Share of closeness that comes from recent activity (0 to 1).
recency = 0.15
# Years since a researcher's last co-authorship at which their activity counts half.
recency_half_life_years = 4.0
# Age in years at which a co-authorship counts half in the paths of closeness (0 = no decay:
# plain Adamic–Adar).
path_half_life_years = 4.0
# Weight of three-step paths in closeness: daa becomes daa + three_step · m / (m + 1), m = Σ over
# paths x–z–u–y of the decay weights of their three co-authorships / (ln deg z · ln deg u)
# (bounded: they order candidates the common co-authors leave equal; 0 = two-step paths only).
three_step = 0.01
# Joint papers in the paths of closeness: each co-authorship weighs 1 + path_papers · ln(papers)
# on top of its decay (a single paper 1; 0 = every co-authorship alike).
path_papers = 1.0
# Activity: 0 = ½^(years since the last co-authorship / recency_half_life_years); > 0 = the
# number of co-authors, each counted ½^(years since their last co-authorship /
# recency_half_life_years), as D / (D + activity_saturation).
activity_saturation = 2.0
# Share of D counted from the year of each co-authorship's first paper instead of its last (0
# to 1): 1 = how many new co-authors a researcher took on recently.
activity_new = 0.5
# Year that recency and path ages are measured from; 0 = the latest year in the data.
reference_year = 0
# Shared and complementary expertise count fully between researchers with common co-authors
# and at this fraction between strangers: stranger_factor + (1 − stranger_factor) · aa / (aa + 1)
# (0 to 1; 1 turns the discount off). hoptac evaluate measured why: EVALUATION.md.
stranger_factor = 0.5
# Topic similarity: the cosine of the two researchers' TF-IDF term profiles (terms.csv: their
# keywords, topics and title words), each term row counted ½^(age / topic_half_life_years).
# 0 without terms.csv. It reaches pairs with no common co-author.
topics = 0.1
# Age in years at which a term row counts half in a profile (0 = no decay).
topic_half_life_years = 4.0
# Candidates drawn per researcher from the most similar in topic (at other universities).
topic_candidates = 30
# Share of the topic component scaled by the pair's activity, the geometric mean of the two
# (0 to 1): among researchers alike in topic the active ones first, and both must be active.
topic_activity = 1.0
# Colleague bridges in closeness, between researchers with no common co-author: daa becomes
# daa + bridges · b, b = the mean over the two of the share of the other's institution they
# have co-authored with (Σ over their co-authors there of ½^(age / path_half_life_years), divided
# by the institution's researchers; 0 towards the `unknown` placeholder of imports). "Already
# works with two of DUT's researchers" reaches pairs that no common co-author links.
bridges = 0.15
# Country affinity in closeness, between researchers with no common co-author: daa becomes
# daa + … + country · c, c = lift / (lift + 1) of their institutions' countries (the partner
# section's country component); 0 in a single-country dataset and towards `unknown`.
country = 0.03

[teams]
# Mean over the call's required fields of the best member level in that field.
expertise = 0.5
# Low communication cost (Lappas, Liu and Terzi, KDD 2009): 1 − (MST over co-authorship
# distances 1, 2, 3 − (k − 1)) / (2 (k − 1)) for k members.
cohesion = 0.3
# Universities and regions spanned, relative to the team size.
diversity = 0.2

[labs]
# Shared-lab opportunities (`hoptac labs`): a lab L at host university A, field F, beneficiary
# university B. Each component is in [0, 1].
# Demand at B: Σ level of B's researchers in F, saturating (d / (d + demand_half_saturation)).
demand = 0.30
# L's free hours a month, saturating (h / (h + capacity_half_saturation)).
capacity = 0.20
# 1 when A and B are in the same city, `same_region` in the same region, `other_region` otherwise.
distance = 0.20
# Existing ties: recency-weighted co-authored papers between A and B in any field, saturating
# (n / (n + ties_half_saturation)).
ties = 0.15
# How well L's equipment matches F: ½ × 1 / (number of fields L serves) + ½ × the mean, over
# L's equipment items, of the share of labs holding the item that serve F.
equipment = 0.15
# Σ level at which the demand component reaches 0.5.
demand_half_saturation = 5.0
# Free hours a month at which the capacity component reaches 0.5.
capacity_half_saturation = 80.0
# B counts as lacking a lab for F when its own labs serving F have fewer free hours a month
# than this, in total (0 = only universities with no free hours at all).
min_own_capacity_hours = 40
# Distance values for the same region and for another region (same city = 1).
same_region = 0.6
other_region = 0.2
# Recency-weighted papers at which the ties component reaches 0.5 (the G7 pairs of universities
# have about 70 to 210).
ties_half_saturation = 50.0
# Co-authored papers this many years old count half.
recency_half_life_years = 4.0
# Year that recency is measured from; 0 = the latest year in the data.
reference_year = 0
"#;

/// A whole scoring profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    pub partner: PartnerWeights,
    pub pairs: PairWeights,
    pub teams: TeamWeights,
    pub labs: LabWeights,
}

/// Why a profile was rejected.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot read profile {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Every problem, each at the line and column of its key (or of the TOML syntax error).
    #[error("invalid profile {path}: {}", problem_lines(problems))]
    Invalid { path: String, problems: Problems },
}

fn problem_lines(problems: &Problems) -> String {
    let mut s = String::new();
    if problems.total() > 1 {
        s.push_str(&format!("{} problems:\n", problems.total()));
    }
    let _ = problems.write_to(&mut s, 20);
    s.truncate(s.trim_end().len());
    s
}

impl Profile {
    /// Parses TOML; `path` names the file in errors.
    pub fn from_toml(text: &str, path: &str) -> Result<Profile, ProfileError> {
        let p: Profile = toml::from_str(text).map_err(|e| {
            let mut problems = Problems::default();
            let at = e.span().map(|s| s.start);
            problems.push(Problem::in_toml(
                path,
                text,
                at,
                None,
                e.message().trim_end().to_string(),
            ));
            ProfileError::Invalid {
                path: path.to_string(),
                problems,
            }
        })?;
        let mut bad = Vec::new();
        let check = |name: &str, v: f64, bad: &mut Vec<String>| {
            if !v.is_finite() || v < 0.0 {
                bad.push(format!("{name} = {v}: expected a number ≥ 0"));
            }
        };
        let w = &p.partner;
        for (k, v) in [
            ("partner.strength", w.strength),
            ("partner.complementarity", w.complementarity),
            ("partner.ties", w.ties),
            ("partner.labs", w.labs),
            ("partner.region", w.region),
        ] {
            check(k, v, &mut bad);
        }
        if !(w.recency_half_life_years.is_finite() && w.recency_half_life_years > 0.0) {
            bad.push(format!(
                "partner.recency_half_life_years = {}: expected a number > 0",
                w.recency_half_life_years
            ));
        }
        if !(w.ties_half_saturation.is_finite() && w.ties_half_saturation > 0.0) {
            bad.push(format!(
                "partner.ties_half_saturation = {}: expected a number > 0",
                w.ties_half_saturation
            ));
        }
        let q = &p.pairs;
        for (k, v) in [
            ("pairs.shared", q.shared),
            ("pairs.complementary", q.complementary),
            ("pairs.closeness", q.closeness),
            ("pairs.seniority", q.seniority),
            ("pairs.capacity", q.capacity),
            ("pairs.three_step", q.three_step),
            ("pairs.bridges", q.bridges),
            ("pairs.country", q.country),
            ("pairs.path_papers", q.path_papers),
            ("pairs.activity_saturation", q.activity_saturation),
            ("pairs.topics", q.topics),
            ("partner.activity", p.partner.activity),
            ("partner.topics", p.partner.topics),
            ("partner.country", p.partner.country),
            ("teams.expertise", p.teams.expertise),
            ("teams.cohesion", p.teams.cohesion),
            ("teams.diversity", p.teams.diversity),
        ] {
            check(k, v, &mut bad);
        }
        for (k, v) in [
            ("pairs.recency", q.recency),
            ("pairs.stranger_factor", q.stranger_factor),
            ("pairs.topic_activity", q.topic_activity),
            ("pairs.activity_new", q.activity_new),
            ("partner.topic_activity", p.partner.topic_activity),
            ("partner.activity_new", p.partner.activity_new),
        ] {
            if !(0.0..=1.0).contains(&v) {
                bad.push(format!("{k} = {v}: expected a number from 0 to 1"));
            }
        }
        if !(q.recency_half_life_years.is_finite() && q.recency_half_life_years > 0.0) {
            bad.push(format!(
                "pairs.recency_half_life_years = {}: expected a number > 0",
                q.recency_half_life_years
            ));
        }
        if !(p.partner.topic_half_life_years.is_finite() && p.partner.topic_half_life_years >= 0.0)
        {
            bad.push(format!(
                "partner.topic_half_life_years = {}: expected a number ≥ 0 (0 = no decay)",
                p.partner.topic_half_life_years
            ));
        }
        if !(q.topic_half_life_years.is_finite() && q.topic_half_life_years >= 0.0) {
            bad.push(format!(
                "pairs.topic_half_life_years = {}: expected a number ≥ 0 (0 = no decay)",
                q.topic_half_life_years
            ));
        }
        if !(q.path_half_life_years.is_finite() && q.path_half_life_years >= 0.0) {
            bad.push(format!(
                "pairs.path_half_life_years = {}: expected a number ≥ 0 (0 = no decay)",
                q.path_half_life_years
            ));
        }
        check_labs(&p.labs, &mut bad);
        if bad.is_empty() {
            return Ok(p);
        }
        let mut problems = Problems::default();
        for message in bad {
            let key = message.split_once(" = ").map(|(k, _)| k);
            problems.push(Problem::in_toml(path, text, None, key, message.clone()));
        }
        Err(ProfileError::Invalid {
            path: path.to_string(),
            problems,
        })
    }

    /// Reads a profile file.
    pub fn from_file(path: &std::path::Path) -> Result<Profile, ProfileError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io {
            path: name.clone(),
            source,
        })?;
        Profile::from_toml(&text, &name)
    }
}

/// Records every invalid `[labs]` value in `bad`.
fn check_labs(l: &LabWeights, bad: &mut Vec<String>) {
    for (k, v) in [
        ("labs.demand", l.demand),
        ("labs.capacity", l.capacity),
        ("labs.distance", l.distance),
        ("labs.ties", l.ties),
        ("labs.equipment", l.equipment),
    ] {
        if !v.is_finite() || v < 0.0 {
            bad.push(format!("{k} = {v}: expected a number ≥ 0"));
        }
    }
    for (k, v) in [
        ("labs.demand_half_saturation", l.demand_half_saturation),
        ("labs.capacity_half_saturation", l.capacity_half_saturation),
        ("labs.ties_half_saturation", l.ties_half_saturation),
        ("labs.recency_half_life_years", l.recency_half_life_years),
    ] {
        if !(v.is_finite() && v > 0.0) {
            bad.push(format!("{k} = {v}: expected a number > 0"));
        }
    }
    for (k, v) in [
        ("labs.same_region", l.same_region),
        ("labs.other_region", l.other_region),
    ] {
        if !(0.0..=1.0).contains(&v) {
            bad.push(format!("{k} = {v}: expected a number from 0 to 1"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_toml_is_the_default_profile() {
        assert_eq!(
            Profile::from_toml(DEFAULT_TOML, "default").unwrap(),
            Profile::default()
        );
    }

    #[test]
    fn missing_keys_keep_defaults() {
        let p = Profile::from_toml("[partner]\nties = 0.5\n", "p.toml").unwrap();
        assert_eq!(p.partner.ties, 0.5);
        assert_eq!(p.partner.strength, 0.1);
        assert_eq!(p.pairs, PairWeights::default());
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let e = Profile::from_toml("[partner]\nstrenght = 0.5\n", "p.toml").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("invalid profile p.toml") && msg.contains("unknown field `strenght`"),
            "{msg}"
        );
        assert!(
            msg.contains("p.toml:2:1: unknown field `strenght`"),
            "{msg}"
        );
    }

    #[test]
    fn negative_weights_are_errors() {
        let e = Profile::from_toml("[partner]\nlabs = -1\n[pairs]\nshared = -0.1\n", "p.toml")
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("partner.labs = -1: expected a number ≥ 0"),
            "{msg}"
        );
        assert!(msg.contains("pairs.shared = -0.1"), "{msg}");
        assert!(msg.contains("p.toml:2:1: partner.labs = -1"), "{msg}");
        assert!(msg.contains("p.toml:4:1: pairs.shared = -0.1"), "{msg}");
    }

    #[test]
    fn pair_recency_and_stranger_factor_are_checked() {
        let e = Profile::from_toml(
            "[pairs]\nrecency = 1.5\nstranger_factor = -0.1\nrecency_half_life_years = 0\npath_half_life_years = -1\ntopics = -1\ntopic_half_life_years = -2\n",
            "p.toml",
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("pairs.recency = 1.5: expected a number from 0 to 1"),
            "{msg}"
        );
        assert!(msg.contains("pairs.stranger_factor = -0.1"), "{msg}");
        assert!(msg.contains("pairs.recency_half_life_years = 0"), "{msg}");
        assert!(msg.contains("pairs.path_half_life_years = -1"), "{msg}");
        assert!(msg.contains("pairs.topics = -1"), "{msg}");
        assert!(msg.contains("pairs.topic_half_life_years = -2"), "{msg}");
        let p = Profile::from_toml("[pairs]\npath_half_life_years = 0\n", "p.toml").unwrap();
        assert_eq!(p.pairs.path_half_life_years, 0.0);
        let p = Profile::from_toml("[pairs]\nstranger_factor = 1\n", "p.toml").unwrap();
        assert_eq!(p.pairs.stranger_factor, 1.0);
        assert_eq!(p.pairs.recency, 0.15);
    }

    #[test]
    fn invalid_lab_weights_are_errors_naming_the_key() {
        let e = Profile::from_toml(
            "[labs]\nties = -0.5\ncapacity_half_saturation = 0\nsame_region = 1.5\n",
            "p.toml",
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("labs.ties = -0.5: expected a number ≥ 0"),
            "{msg}"
        );
        assert!(msg.contains("labs.capacity_half_saturation = 0"), "{msg}");
        assert!(msg.contains("labs.same_region = 1.5"), "{msg}");
        let p = Profile::from_toml("[labs]\ndemand = 1\n", "p.toml").unwrap();
        assert_eq!(p.labs.demand, 1.0);
        assert_eq!(p.labs.capacity, LabWeights::default().capacity);
    }
}
