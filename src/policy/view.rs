//! The redaction boundary: what one audience may see of a graph.
//!
//! A [`View`] is built once per audience from the raw graph and the [`Policy`]. When the
//! audience may see everything it shares the raw graph; otherwise it holds a redacted copy, a
//! graph built from the dataset with every withheld value removed:
//!
//! | withheld | in the copy |
//! | --- | --- |
//! | `name` (the record) | id `withheld-N`, name `(withheld)`, and everything below |
//! | `title`, `h_index`, `publications` | `other`, 0, 0 |
//! | `expertise`, `topics` | the researcher's expertise rows, term rows removed |
//! | `proposals` (opted out) | expertise and term rows removed: in no field, proposed to no one |
//! | `coauthorship` | every co-authorship with this researcher removed |
//! | `labs` | id `withheld-lab-N`, name `(withheld lab)`, no fields, no equipment, 0 hours |
//! | `equipment`, `free_hours` | no equipment; 0 hours |
//!
//! The view dereferences to that graph, so every renderer reads it as it reads any graph and
//! cannot reach what was withheld. The query layer computes on the raw graph, then drops from
//! its answers whom the audience may not be shown (see [`View::proposable`]) and the parts of
//! explanations that rest on withheld attributes.

use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::{allows, Attribute, Audience, Level, Policy};
use crate::graph::Graph;
use crate::model::{Dataset, LabIdx, ResearcherIdx, TermIdx, Title, UniIdx};

/// What an audience may see of a graph, and the redacted graph itself.
pub struct View {
    shown: Shown,
    audience: Audience,
    /// Visible attributes (bits of [`Attribute::bit`]) per researcher; empty: all of them.
    researchers: Vec<u16>,
    /// Visible lab attributes per lab; empty: all of them.
    labs: Vec<u16>,
    /// Whether withheld values of each university's records may enter rankings and totals.
    aggregate: Vec<bool>,
    min_count: u32,
    policy_hash: String,
    policy_origin: String,
    withheld: Withheld,
    /// Results the query layer left out for this audience (people, pairs, labs).
    dropped: AtomicU64,
}

enum Shown {
    Raw(Arc<Graph>),
    Redacted(Box<Graph>),
}

/// How many records had each attribute withheld from this view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Withheld {
    pub by_attribute: BTreeMap<&'static str, u64>,
}

impl Withheld {
    pub fn is_empty(&self) -> bool {
        self.by_attribute.values().all(|&n| n == 0)
    }
}

/// An audience naming a university that is not in the dataset.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown university `{0}` for the audience: expected public, consortium, admin or a university id of the dataset")]
pub struct UnknownAudience(pub String);

const ALL: u16 = (1 << Attribute::ALL.len()) - 1;

impl View {
    /// Everything, to everyone: a graph without a policy.
    pub fn everything(graph: Arc<Graph>) -> View {
        let policy = Policy::open();
        View {
            shown: Shown::Raw(graph),
            audience: Audience::Admin,
            researchers: Vec::new(),
            labs: Vec::new(),
            aggregate: Vec::new(),
            min_count: policy.min_count(),
            policy_hash: policy.hash().to_string(),
            policy_origin: policy.origin().to_string(),
            withheld: Withheld::default(),
            dropped: AtomicU64::new(0),
        }
    }

    /// What `audience` may see of `graph` under `policy`.
    pub fn new(
        graph: Arc<Graph>,
        policy: &Policy,
        audience: Audience,
    ) -> Result<View, UnknownAudience> {
        let ds = graph.data();
        let member = match &audience {
            Audience::University(u) => match ds.university_by_id(u) {
                Some(ix) => ds.university(ix).consortium,
                None => return Err(UnknownAudience(u.clone())),
            },
            _ => false,
        };
        let sees = |level: Level, owner: UniIdx| {
            allows(level, &audience, &ds.university(owner).id, member)
        };
        // Per university, the bits its researchers without own rules show; then per researcher.
        let uni_bits: Vec<u16> = ds
            .university_ids()
            .map(|u| {
                let levels = policy.university_levels(&ds.university(u).id);
                bits(Attribute::ALL.iter().map(|&a| sees(levels[a as usize], u)))
            })
            .collect();
        let mut researchers: Vec<u16> = graph
            .universities_of()
            .iter()
            .map(|u| uni_bits[u.ix()])
            .collect();
        for r in ds.researcher_ids() {
            if policy.has_researcher_rules() && policy.has_own_rules(ds, r) {
                let u = ds.researcher(r).university;
                researchers[r.ix()] = bits(
                    Attribute::ALL
                        .iter()
                        .map(|&a| sees(policy.level(ds, r, a), u)),
                );
            }
        }
        for b in &mut researchers {
            if *b & Attribute::Name.bit() == 0 {
                *b = 0;
            }
        }
        let labs: Vec<u16> = ds
            .lab_ids()
            .map(|l| {
                let u = ds.lab(l).university;
                let b = bits(
                    Attribute::ALL
                        .iter()
                        .map(|&a| !a.of_lab() || sees(policy.lab_level(ds, l, a), u)),
                );
                if b & Attribute::Labs.bit() == 0 {
                    b & !(Attribute::Equipment.bit() | Attribute::FreeHours.bit())
                } else {
                    b
                }
            })
            .collect();
        let aggregate = ds
            .university_ids()
            .map(|u| policy.aggregate(&ds.university(u).id))
            .collect();
        let mut withheld = Withheld::default();
        for a in Attribute::ALL {
            let n = if a.of_lab() {
                labs.iter().filter(|&&b| b & a.bit() == 0).count()
            } else {
                researchers.iter().filter(|&&b| b & a.bit() == 0).count()
            };
            if n > 0 {
                withheld.by_attribute.insert(a.as_str(), n as u64);
            }
        }
        let everything = withheld.is_empty();
        let mut view = View {
            shown: Shown::Raw(graph.clone()),
            audience,
            researchers,
            labs,
            aggregate,
            min_count: policy.min_count(),
            policy_hash: policy.hash().to_string(),
            policy_origin: policy.origin().to_string(),
            withheld,
            dropped: AtomicU64::new(0),
        };
        if everything {
            view.researchers.clear();
            view.labs.clear();
        } else {
            let redacted = view.redact(ds);
            view.shown = Shown::Redacted(Box::new(Graph::build(redacted)));
        }
        Ok(view)
    }

    /// A copy of `ds` without what this view withholds (the table in the module doc).
    fn redact(&self, ds: &Dataset) -> Dataset {
        let mut out = ds.clone();
        let mut hidden = 0;
        for (i, x) in out.researchers.iter_mut().enumerate() {
            let b = self.researchers[i];
            if b & Attribute::Name.bit() == 0 {
                hidden += 1;
                x.id = format!("withheld-{hidden}").into();
                x.name = "(withheld)".into();
            }
            if b & Attribute::Title.bit() == 0 {
                x.title = Title::Other;
            }
            if b & Attribute::HIndex.bit() == 0 {
                x.h_index = 0;
            }
            if b & Attribute::Publications.bit() == 0 {
                x.publications = 0;
            }
        }
        let sees = |r: ResearcherIdx, a: Attribute| self.researchers[r.ix()] & a.bit() != 0;
        // Whoever may not be proposed has no fields and no topics here, so that no analysis
        // run on the view (pairs, teams, experts, labs' demand) can propose them.
        out.expertise
            .to_mut()
            .retain(|e| self.proposable(e.researcher));
        out.coauthorships
            .to_mut()
            .retain(|c| sees(c.a, Attribute::Coauthorship) && sees(c.b, Attribute::Coauthorship));
        out.term_weights
            .retain(|t| sees(t.researcher, Attribute::Topics) && self.proposable(t.researcher));
        // Keep only the terms still used, so that no withheld term is left in the list.
        let mut remap: Vec<Option<TermIdx>> = vec![None; out.terms.len()];
        let mut terms = Vec::new();
        for t in &mut out.term_weights {
            let slot = &mut remap[t.term.ix()];
            if slot.is_none() {
                *slot = Some(TermIdx(terms.len() as u32));
                terms.push(out.terms[t.term.ix()].clone());
            }
            t.term = slot.unwrap();
        }
        out.term_weights
            .sort_by_key(|t| (t.researcher, t.term, t.year));
        out.terms = terms;
        let mut hidden_labs = 0;
        for (i, lab) in out.labs.iter_mut().enumerate() {
            let b = self.labs[i];
            if b & Attribute::Labs.bit() == 0 {
                hidden_labs += 1;
                lab.id = format!("withheld-lab-{hidden_labs}");
                lab.name = "(withheld lab)".into();
                lab.fields.clear();
            }
            if b & Attribute::Equipment.bit() == 0 {
                lab.equipment.clear();
            }
            if b & Attribute::FreeHours.bit() == 0 {
                lab.capacity_hours = 0;
            }
        }
        out.reindex();
        out
    }

    /// The audience this view is for.
    pub fn audience(&self) -> &Audience {
        &self.audience
    }

    /// Whether the audience may see `attribute` of researcher `r`.
    pub fn sees(&self, r: ResearcherIdx, attribute: Attribute) -> bool {
        self.researchers
            .get(r.ix())
            .is_none_or(|b| b & attribute.bit() != 0)
    }

    /// Whether the audience may see `attribute` (`labs`, `equipment`, `free_hours`) of lab `l`.
    pub fn sees_lab(&self, l: LabIdx, attribute: Attribute) -> bool {
        self.labs
            .get(l.ix())
            .is_none_or(|b| b & attribute.bit() != 0)
    }

    /// Whether `r` may be shown to this audience as a partner, a team member or an expert:
    /// their record and their expertise are visible (a proposal in a field tells the field),
    /// and they did not opt out of being proposed to it.
    pub fn proposable(&self, r: ResearcherIdx) -> bool {
        self.sees(r, Attribute::Name)
            && self.sees(r, Attribute::Proposals)
            && self.sees(r, Attribute::Expertise)
    }

    /// Whether withheld values of university `u`'s records may still enter rankings.
    pub fn aggregate(&self, u: UniIdx) -> bool {
        self.aggregate.get(u.ix()).is_none_or(|&a| a)
    }

    /// Whether anything at all is withheld from this audience.
    pub fn restricted(&self) -> bool {
        !self.researchers.is_empty() || !self.labs.is_empty()
    }

    /// The smallest count of withheld data an output may show.
    pub fn min_count(&self) -> u32 {
        self.min_count
    }

    /// The hash of the policy this view applies.
    pub fn policy_hash(&self) -> &str {
        &self.policy_hash
    }

    /// Where the policy came from ("none" without one).
    pub fn policy_origin(&self) -> &str {
        &self.policy_origin
    }

    /// What the view withheld, by attribute.
    pub fn withheld(&self) -> &Withheld {
        &self.withheld
    }

    /// Records that the query layer left out of an answer for this audience.
    pub fn note_dropped(&self, n: usize) {
        self.dropped.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// How many results were left out so far.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

impl Deref for View {
    type Target = Graph;

    fn deref(&self) -> &Graph {
        match &self.shown {
            Shown::Raw(g) => g,
            Shown::Redacted(g) => g,
        }
    }
}

fn bits(visible: impl Iterator<Item = bool>) -> u16 {
    visible
        .zip(Attribute::ALL)
        .filter(|(v, _)| *v)
        .fold(0, |acc, (_, a)| acc | a.bit())
        & ALL
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Problems, Source};

    fn graph() -> Arc<Graph> {
        Arc::new(Graph::build(crate::load::load(&Source::Embedded).unwrap()))
    }

    fn policy(text: &str) -> Policy {
        let mut problems = Problems::default();
        let p = Policy::parse(text, "test.toml", &mut problems);
        assert!(problems.is_empty(), "{}", problems.summary(5));
        p
    }

    #[test]
    fn an_open_policy_shares_the_raw_graph() {
        let g = graph();
        let v = View::new(g.clone(), &Policy::open(), Audience::Public).unwrap();
        assert!(!v.restricted());
        assert!(std::ptr::eq(&*v, &*g));
    }

    #[test]
    fn withheld_values_are_not_in_the_copy() {
        let g = graph();
        let p = policy("[university.hust]\nh_index = \"own\"\nname = \"consortium\"\nfree_hours = \"nobody\"\n");
        let ds = g.data();
        let hust = ds.university_by_id("hust").unwrap();
        let at_hust = ds
            .researchers
            .iter()
            .filter(|r| r.university == hust)
            .count() as u64;
        let hust_labs = ds.labs.iter().filter(|l| l.university == hust).count() as u64;

        let public = View::new(g.clone(), &p, Audience::Public).unwrap();
        let shown = public.data();
        for (i, r) in shown.researchers.iter().enumerate() {
            let raw = ds.researcher(ResearcherIdx(i as u32));
            if raw.university == hust {
                assert_eq!((r.name.as_str(), r.h_index), ("(withheld)", 0));
                assert!(!r.id.contains(raw.id.as_str()));
            } else {
                assert_eq!(
                    (r.name.as_str(), r.h_index),
                    (raw.name.as_str(), raw.h_index)
                );
            }
        }
        assert!(shown
            .expertise
            .iter()
            .all(|e| shown.researcher(e.researcher).university != hust));
        assert_eq!(public.withheld().by_attribute["name"], at_hust);
        assert_eq!(public.withheld().by_attribute["free_hours"], hust_labs);

        // HUST itself sees its names and h-indexes, not the free hours (nobody).
        let own = View::new(g.clone(), &p, Audience::University("hust".into())).unwrap();
        let r = ds
            .researcher_ids()
            .find(|&r| ds.researcher(r).university == hust)
            .unwrap();
        assert_eq!(own.data().researcher(r).h_index, ds.researcher(r).h_index);
        assert!(own.sees(r, Attribute::HIndex) && own.proposable(r));
        let consortium = View::new(g.clone(), &p, Audience::Consortium).unwrap();
        assert!(consortium.sees(r, Attribute::Name) && !consortium.sees(r, Attribute::HIndex));
        assert!(own
            .data()
            .labs
            .iter()
            .all(|l| l.university != hust || l.capacity_hours == 0));
        assert!(!View::new(g.clone(), &p, Audience::Admin)
            .unwrap()
            .restricted());
        assert!(View::new(g, &p, Audience::University("nope".into())).is_err());
    }
}
