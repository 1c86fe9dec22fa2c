//! The typed graph built once from a [`Dataset`], and the compact indexes later features query.
//!
//! Two views of the same data:
//! - [`Graph::petgraph`]: a petgraph `UnGraph` with node kinds University, Field, Researcher,
//!   Lab and edge kinds affiliation, expertise (with level), co-authorship (papers and years),
//!   lab host, lab serves field and related fields — the general-purpose view, for export and
//!   for petgraph's algorithms. Nodes are inserted kind by kind in index order, so the node of
//!   an entity is computed, not looked up ([`Graph::node`]).
//! - CSR (compressed sparse row) adjacency for the hot paths: co-authors of a researcher,
//!   expertise of a researcher, members of a field (by level, best first), researchers of a
//!   university. One `Vec` of offsets and one of targets each: no per-node allocation.
//!
//! Derived here too: the university × field [`Strength`] matrix, and for the optional term
//! profiles (`terms.csv`) the per-researcher rows ([`Graph::terms`]), the inverted index term →
//! researchers ([`Graph::postings`]) and each term's document frequency ([`Graph::term_df`]).

pub mod snapshot;

use petgraph::graph::{NodeIndex, UnGraph};

use crate::model::*;

/// A node of the typed graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    University(UniIdx),
    Field(FieldIdx),
    Researcher(ResearcherIdx),
    Lab(LabIdx),
}

/// An edge of the typed graph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Edge {
    /// Researcher — university.
    Affiliation,
    /// Researcher — field, with the level in (0, 1].
    Expertise { level: f32 },
    /// Researcher — researcher; the index into [`Dataset::coauthorships`].
    Coauthorship { index: u32 },
    /// Lab — university.
    LabHost,
    /// Lab — field.
    LabServes,
    /// Field — field.
    Related,
}

pub(crate) use crate::store::{Mapped, Store};

/// Compressed sparse rows: the items of row `i` are `items[offsets[i]..offsets[i + 1]]`.
#[derive(Clone, Debug, Default)]
pub struct Csr<T: 'static> {
    offsets: Store<usize>,
    items: Store<T>,
}

impl<T: Copy + Default> Csr<T> {
    /// Builds from `(row, item)` pairs; items keep their input order within a row.
    /// Counting sort: O(rows + pairs), two passes over `pairs`.
    pub fn from_pairs<I>(rows: usize, pairs: I) -> Csr<T>
    where
        I: Iterator<Item = (usize, T)> + Clone,
    {
        let mut offsets = vec![0usize; rows + 1];
        for (r, _) in pairs.clone() {
            offsets[r + 1] += 1;
        }
        for i in 0..rows {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut items = vec![T::default(); offsets[rows]];
        for (r, t) in pairs {
            items[fill[r]] = t;
            fill[r] += 1;
        }
        Csr {
            offsets: offsets.into(),
            items: items.into(),
        }
    }
}

impl<T> Csr<T> {
    #[inline]
    pub fn row(&self, i: usize) -> &[T] {
        &self.items[self.offsets[i]..self.offsets[i + 1]]
    }

    pub fn rows(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A co-author as seen from one researcher.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    zerocopy::FromBytes,
    zerocopy::IntoBytes,
    zerocopy::Immutable,
    zerocopy::KnownLayout,
)]
#[repr(C)]
pub struct CoauthorLink {
    pub other: ResearcherIdx,
    /// Index into [`Dataset::coauthorships`].
    pub index: u32,
}

/// The numbers of a researcher that pair scores read for every candidate, densely (8 bytes a
/// researcher instead of the whole record).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    zerocopy::FromBytes,
    zerocopy::IntoBytes,
    zerocopy::Immutable,
    zerocopy::KnownLayout,
)]
#[repr(C)]
pub struct Numbers {
    pub h_index: u32,
    pub max_teams: u32,
}

/// One row of a researcher's term profile as the graph keeps it (sorted by term, then year).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TermEntry {
    pub term: TermIdx,
    pub weight: f32,
    pub year: u16,
}

/// One row of a term's posting list (sorted by researcher, then year).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Posting {
    pub researcher: ResearcherIdx,
    pub weight: f32,
    pub year: u16,
}

/// How strong a university is in a field, from its researchers' expertise there.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Strength {
    /// Researchers with any expertise in the field.
    pub researchers: u32,
    /// Σ level over those researchers: the university's size in the field.
    pub level_sum: f64,
    /// Σ level × (1 + ln(1 + h-index)): size weighted by impact.
    pub impact: f64,
    /// Activity index (specialisation): the university's share of the field relative to its
    /// share of everything, `(S_uf / S_u) / (S_f / S)` over level sums; 1 = average, 0 when
    /// undefined.
    pub activity_index: f64,
}

/// The graph and its indexes; owns the dataset.
pub struct Graph {
    data: Dataset,
    /// Built on first use: most questions only read the CSR indexes (export uses petgraph).
    petgraph: std::sync::OnceLock<UnGraph<Node, Edge, u32>>,
    coauthors: Csr<CoauthorLink>,
    /// The last year of each co-authorship in `coauthors`, item for item: the walks that weigh
    /// paths by age read it in sequence instead of looking up each record.
    coauthor_last: Store<u16>,
    expertise: Csr<(FieldIdx, f32)>,
    field_members: Csr<(ResearcherIdx, f32)>,
    uni_members: Csr<ResearcherIdx>,
    uni_labs: Csr<LabIdx>,
    strength: Vec<Strength>,
    latest_year: u16,
    /// Per researcher: the latest `last_year` of their co-authorships, 0 when none.
    last_active: Store<u16>,
    /// Per researcher: their term rows.
    profiles: Csr<TermEntry>,
    /// Per term: the researchers using it (the inverted index).
    postings: Csr<Posting>,
    /// Per term: how many distinct researchers use it.
    term_df: Vec<u32>,
    /// How many researchers have at least one term.
    with_terms: u32,
    /// The university of every researcher, densely (what the walks read per step).
    university_of: Store<UniIdx>,
    /// The h-index and team capacity of every researcher, densely.
    numbers: Store<Numbers>,
    /// Every pair of universities with a co-authorship between them, `(min, max)` in
    /// ascending order, with the latest `last_year` of those co-authorships.
    university_links: Vec<((UniIdx, UniIdx), u16)>,
    /// Built on first use: only the pair scores of imported, multi-country data read it.
    countries: std::sync::OnceLock<CountryLinks>,
}

/// How often researchers of two countries co-author across institutions, against what the
/// two countries' volumes predict: the **lift** `(L(a, b) + ½) / (E(a, b) + ½)`, with L the
/// co-authorships between researchers at different institutions of countries a and b
/// (a domestic one counts twice in L(a, a), as in a symmetric matrix), vol(a) = Σ_b L(a, b),
/// E(a, b) = vol(a) · vol(b) / Σ vol (the configuration model). 1 = as often as chance; a
/// single-country dataset has lift 1 everywhere. Institutions without a country (empty,
/// `ZZ`) and the unaffiliated placeholder belong to none (lift 0).
#[derive(Clone, Debug, Default)]
pub struct CountryLinks {
    /// Per university: its country's index among `names`, `u32::MAX` for none.
    country: Vec<u32>,
    /// The country codes, sorted.
    names: Vec<String>,
    /// L per pair of countries with any, `(min, max)` (sparse: a file may name as many
    /// countries as institutions).
    links: rustc_hash::FxHashMap<(u32, u32), u64>,
    /// vol per country, and Σ vol.
    vol: Vec<f64>,
    total: f64,
}

impl CountryLinks {
    const NONE: u32 = u32::MAX;

    /// The table of `g`, computed now: what [`Graph::countries`] builds on its first call
    /// (and benches time).
    pub fn of(g: &Graph) -> CountryLinks {
        let ds = g.data();
        let none = ds.unaffiliated();
        let codes: Vec<String> = ds
            .universities
            .iter()
            .map(|u| u.country.trim().to_ascii_uppercase())
            .collect();
        let mut names: Vec<String> = codes
            .iter()
            .filter(|c| !c.is_empty() && *c != "ZZ")
            .cloned()
            .collect();
        names.sort_unstable();
        names.dedup();
        let country: Vec<u32> = ds
            .university_ids()
            .map(|u| match names.binary_search(&codes[u.ix()]) {
                Ok(i) if Some(u) != none => i as u32,
                _ => Self::NONE,
            })
            .collect();
        let mut links: rustc_hash::FxHashMap<(u32, u32), u64> = Default::default();
        let mut vol = vec![0.0f64; names.len()];
        for c in &ds.coauthorships {
            let (ua, ub) = (g.university_of(c.a), g.university_of(c.b));
            let (ca, cb) = (country[ua.ix()], country[ub.ix()]);
            if ua != ub && ca != Self::NONE && cb != Self::NONE {
                // Symmetric: a domestic co-authorship adds 2 to L(a, a), as in the matrix.
                *links.entry((ca.min(cb), ca.max(cb))).or_insert(0) += if ca == cb { 2 } else { 1 };
                vol[ca as usize] += 1.0;
                vol[cb as usize] += 1.0;
            }
        }
        let total = vol.iter().sum();
        CountryLinks {
            country,
            names,
            links,
            vol,
            total,
        }
    }

    /// The lift between the countries of two universities (0 when either has none).
    pub fn lift(&self, a: UniIdx, b: UniIdx) -> f64 {
        match (self.country[a.ix()], self.country[b.ix()]) {
            (Self::NONE, _) | (_, Self::NONE) => 0.0,
            (x, y) => {
                let e = if self.total > 0.0 {
                    self.vol[x as usize] * self.vol[y as usize] / self.total
                } else {
                    0.0
                };
                (self.links(a, b) as f64 + 0.5) / (e + 0.5)
            }
        }
    }

    /// The affinity the scores count, in (0, 1): `lift / (lift + 1)` (½ = as often as chance);
    /// 0 when either university has no country, and everywhere in a single-country dataset,
    /// where it would add the same to every pair.
    pub fn affinity(&self, a: UniIdx, b: UniIdx) -> f64 {
        if self.countries() < 2 {
            return 0.0;
        }
        let lift = self.lift(a, b);
        lift / (lift + 1.0)
    }

    /// L between the two universities' countries (a domestic co-authorship counted twice), 0
    /// when either has none.
    pub fn links(&self, a: UniIdx, b: UniIdx) -> u64 {
        match (self.country[a.ix()], self.country[b.ix()]) {
            (Self::NONE, _) | (_, Self::NONE) => 0,
            (x, y) => self.links.get(&(x.min(y), x.max(y))).copied().unwrap_or(0),
        }
    }

    /// The co-authorships across institutions between the two universities' countries (each
    /// once, also within one country), 0 when either has none.
    pub fn between(&self, a: UniIdx, b: UniIdx) -> u64 {
        let n = self.links(a, b);
        if self.country[a.ix()] == self.country[b.ix()] {
            n / 2
        } else {
            n
        }
    }

    /// The lift in words: "co-authorships within JP are 1.8× as common as chance (412 across
    /// institutions)", or between two countries.
    pub fn describe(&self, a: UniIdx, b: UniIdx) -> String {
        let name = |u: UniIdx| match self.country[u.ix()] {
            Self::NONE => "no country",
            i => self.names[i as usize].as_str(),
        };
        let which = if self.country[a.ix()] == self.country[b.ix()] {
            format!("within {}", name(a))
        } else {
            format!("between {} and {}", name(a), name(b))
        };
        let n = self.between(a, b);
        format!(
            "co-authorships {which} are {:.1}× as common as chance ({n} across institutions)",
            self.lift(a, b)
        )
    }

    /// How many countries the universities are in.
    pub fn countries(&self) -> usize {
        self.names.len()
    }
}

/// The document frequency of every term and the number of researchers with terms, from the
/// posting lists.
fn term_counts(postings: &Csr<Posting>, profiles: &Csr<TermEntry>) -> (Vec<u32>, u32) {
    let df = (0..postings.rows())
        .map(|t| {
            let row = postings.row(t);
            let mut n = 0u32;
            for (i, p) in row.iter().enumerate() {
                if i == 0 || row[i - 1].researcher != p.researcher {
                    n += 1;
                }
            }
            n
        })
        .collect();
    let with = (0..profiles.rows())
        .filter(|&r| !profiles.row(r).is_empty())
        .count() as u32;
    (df, with)
}

/// Co-authors of each researcher (CSR) and the last year of each link, item for item. A
/// counting sort as [`Csr::from_pairs`] does (each record's `a` side, then its `b` side, in
/// record order), writing the year beside each link instead of gathering it afterwards.
fn coauthor_index(data: &Dataset) -> (Csr<CoauthorLink>, Vec<u16>) {
    let nr = data.researchers.len();
    let mut offsets = vec![0usize; nr + 1];
    for c in &data.coauthorships {
        offsets[c.a.ix() + 1] += 1;
        offsets[c.b.ix() + 1] += 1;
    }
    for i in 0..nr {
        offsets[i + 1] += offsets[i];
    }
    let mut fill = offsets.clone();
    let mut items = vec![CoauthorLink::default(); offsets[nr]];
    let mut last = vec![0u16; offsets[nr]];
    for (i, c) in data.coauthorships.iter().enumerate() {
        for (r, other) in [(c.a, c.b), (c.b, c.a)] {
            let k = fill[r.ix()];
            items[k] = CoauthorLink {
                other,
                index: i as u32,
            };
            last[k] = c.last_year;
            fill[r.ix()] += 1;
        }
    }
    (
        Csr {
            offsets: offsets.into(),
            items: items.into(),
        },
        last,
    )
}

/// Expertise of each researcher (field, level), and members of each field (researcher, level).
type ExpertiseIndexes = (Csr<(FieldIdx, f32)>, Csr<(ResearcherIdx, f32)>);

/// Expertise of each researcher, and members of each field (best first).
fn expertise_index(data: &Dataset) -> ExpertiseIndexes {
    let expertise = Csr::from_pairs(
        data.researchers.len(),
        data.expertise
            .iter()
            .map(|e| (e.researcher.ix(), (e.field, e.level))),
    );
    let mut by_field: Vec<&Expertise> = data.expertise.iter().collect();
    // Best first, ties by researcher index: a stable, id-independent order.
    by_field.sort_unstable_by(|x, y| {
        x.field
            .cmp(&y.field)
            .then(y.level.total_cmp(&x.level))
            .then(x.researcher.cmp(&y.researcher))
    });
    let field_members = Csr::from_pairs(
        data.fields.len(),
        by_field
            .iter()
            .map(|e| (e.field.ix(), (e.researcher, e.level))),
    );
    (expertise, field_members)
}

/// Members and labs of each university, strengths, the latest year, and each researcher's
/// last active year.
#[allow(clippy::type_complexity)]
fn other_indexes(
    data: &Dataset,
) -> (
    Csr<ResearcherIdx>,
    Csr<LabIdx>,
    Vec<Strength>,
    u16,
    Vec<u16>,
) {
    let uni_members = Csr::from_pairs(
        data.universities.len(),
        data.researchers
            .iter()
            .enumerate()
            .map(|(i, r)| (r.university.ix(), ResearcherIdx(i as u32))),
    );
    let uni_labs = Csr::from_pairs(
        data.universities.len(),
        data.labs
            .iter()
            .enumerate()
            .map(|(i, l)| (l.university.ix(), LabIdx(i as u32))),
    );
    let strength = compute_strength(data);
    let latest_year = data
        .coauthorships
        .iter()
        .map(|c| c.last_year)
        .max()
        .unwrap_or(0);
    let mut last_active = vec![0u16; data.researchers.len()];
    for c in &data.coauthorships {
        for r in [c.a, c.b] {
            last_active[r.ix()] = last_active[r.ix()].max(c.last_year);
        }
    }
    (uni_members, uni_labs, strength, latest_year, last_active)
}

/// The university of every researcher.
fn university_of(data: &Dataset) -> Vec<UniIdx> {
    data.researchers.iter().map(|r| r.university).collect()
}

/// The numbers of every researcher.
fn numbers(data: &Dataset) -> Vec<Numbers> {
    data.researchers
        .iter()
        .map(|r| Numbers {
            h_index: r.h_index,
            max_teams: r.max_teams,
        })
        .collect()
}

/// The university of every researcher, and every pair of universities joined by a
/// co-authorship with the latest year of one (see [`Graph::university_links`]).
#[allow(clippy::type_complexity)]
fn university_index(data: &Dataset) -> (Vec<UniIdx>, Vec<((UniIdx, UniIdx), u16)>) {
    let uni = university_of(data);
    let mut last: rustc_hash::FxHashMap<(UniIdx, UniIdx), u16> = Default::default();
    for c in &data.coauthorships {
        let (ua, ub) = (uni[c.a.ix()], uni[c.b.ix()]);
        if ua != ub {
            let e = last.entry((ua.min(ub), ua.max(ub))).or_insert(0);
            *e = (*e).max(c.last_year);
        }
    }
    let mut links: Vec<((UniIdx, UniIdx), u16)> = last.into_iter().collect();
    links.sort_unstable();
    (uni, links)
}

/// Term profiles, posting lists, document frequencies and the number of researchers with
/// terms.
fn term_index(data: &Dataset) -> (Csr<TermEntry>, Csr<Posting>, Vec<u32>, u32) {
    // Rows are sorted by (researcher, term, year), so both CSRs come out sorted.
    let profiles = Csr::from_pairs(
        data.researchers.len(),
        data.term_weights.iter().map(|t| {
            (
                t.researcher.ix(),
                TermEntry {
                    term: t.term,
                    weight: t.weight,
                    year: t.year,
                },
            )
        }),
    );
    let postings = Csr::from_pairs(
        data.terms.len(),
        data.term_weights.iter().map(|t| {
            (
                t.term.ix(),
                Posting {
                    researcher: t.researcher,
                    weight: t.weight,
                    year: t.year,
                },
            )
        }),
    );
    let (term_df, with_terms) = term_counts(&postings, &profiles);
    (profiles, postings, term_df, with_terms)
}

impl Graph {
    /// Builds every view. Time O(V + E log E) for sorting field members; memory linear.
    pub fn build(data: Dataset) -> Graph {
        // Independent indexes, built side by side (each is sequential inside).
        let (((coauthors, coauthor_last), (university_of, university_links)), rest) = rayon::join(
            || rayon::join(|| coauthor_index(&data), || university_index(&data)),
            || {
                rayon::join(
                    || expertise_index(&data),
                    || rayon::join(|| other_indexes(&data), || term_index(&data)),
                )
            },
        );
        let ((expertise, field_members), (rest, terms)) = rest;
        let numbers = numbers(&data);
        let (uni_members, uni_labs, strength, latest_year, last_active) = rest;
        let (profiles, postings, term_df, with_terms) = terms;
        Graph {
            data,
            petgraph: std::sync::OnceLock::new(),
            coauthors,
            coauthor_last: coauthor_last.into(),
            expertise,
            field_members,
            uni_members,
            uni_labs,
            strength,
            latest_year,
            last_active: last_active.into(),
            profiles,
            postings,
            term_df,
            with_terms,
            university_of: university_of.into(),
            numbers: numbers.into(),
            university_links,
            countries: std::sync::OnceLock::new(),
        }
    }

    /// The h-index and team capacity of `r` (O(1), from a dense array).
    #[inline]
    pub fn numbers(&self, r: ResearcherIdx) -> Numbers {
        self.numbers[r.ix()]
    }

    /// The university of `r` (O(1), from a dense array).
    #[inline]
    pub fn university_of(&self, r: ResearcherIdx) -> UniIdx {
        self.university_of[r.ix()]
    }

    /// The university of every researcher, in researcher order.
    pub fn universities_of(&self) -> &[UniIdx] {
        &self.university_of
    }

    /// Every pair of universities with at least one co-authorship between them, `(min, max)`
    /// ascending, with the latest `last_year` of those co-authorships (what the partner
    /// activity component counts), computed once with the indexes.
    pub fn university_links(&self) -> &[((UniIdx, UniIdx), u16)] {
        &self.university_links
    }

    /// The country lifts of the co-authorships ([`CountryLinks`]), built on first use (O(E)).
    pub fn countries(&self) -> &CountryLinks {
        self.countries.get_or_init(|| CountryLinks::of(self))
    }

    /// `r`'s term rows, sorted by term then year (empty without `terms.csv`).
    #[inline]
    pub fn terms(&self, r: ResearcherIdx) -> &[TermEntry] {
        self.profiles.row(r.ix())
    }

    /// The researchers using term `t`, sorted by researcher then year.
    #[inline]
    pub fn postings(&self, t: TermIdx) -> &[Posting] {
        self.postings.row(t.ix())
    }

    /// How many distinct researchers use term `t`.
    #[inline]
    pub fn term_df(&self, t: TermIdx) -> u32 {
        self.term_df[t.ix()]
    }

    /// How many researchers have at least one term (the N of the IDF).
    pub fn researchers_with_terms(&self) -> u32 {
        self.with_terms
    }

    /// The latest `last_year` of `r`'s co-authorships, `None` when `r` has none (O(1)).
    #[inline]
    pub fn last_active(&self, r: ResearcherIdx) -> Option<u16> {
        Some(self.last_active[r.ix()]).filter(|y| *y > 0)
    }

    /// The latest `last_year` of any co-authorship (0 when there are none): the reference for
    /// recency, so that results do not depend on today's date.
    pub fn latest_year(&self) -> u16 {
        self.latest_year
    }

    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The general-purpose typed graph (built on the first call, then kept).
    pub fn petgraph(&self) -> &UnGraph<Node, Edge, u32> {
        self.petgraph.get_or_init(|| build_petgraph(&self.data))
    }

    /// The petgraph node of an entity (nodes are laid out universities, fields, researchers,
    /// labs, each in index order).
    pub fn node(&self, n: Node) -> NodeIndex<u32> {
        let d = &self.data;
        let (nu, nf, nr) = (d.universities.len(), d.fields.len(), d.researchers.len());
        NodeIndex::new(match n {
            Node::University(u) => u.ix(),
            Node::Field(f) => nu + f.ix(),
            Node::Researcher(r) => nu + nf + r.ix(),
            Node::Lab(l) => nu + nf + nr + l.ix(),
        })
    }

    /// Co-authors of `r`, sorted by researcher index.
    #[inline]
    pub fn coauthors(&self, r: ResearcherIdx) -> &[CoauthorLink] {
        self.coauthors.row(r.ix())
    }

    /// The last year of each of `r`'s co-authorships, in the order of [`Graph::coauthors`].
    #[inline]
    pub fn coauthor_last_years(&self, r: ResearcherIdx) -> &[u16] {
        let o = &self.coauthors.offsets;
        &self.coauthor_last[o[r.ix()]..o[r.ix() + 1]]
    }

    /// Number of distinct co-authors.
    #[inline]
    pub fn degree(&self, r: ResearcherIdx) -> usize {
        self.coauthors.row(r.ix()).len()
    }

    /// `(field, level)` for every field `r` works in.
    #[inline]
    pub fn expertise(&self, r: ResearcherIdx) -> &[(FieldIdx, f32)] {
        self.expertise.row(r.ix())
    }

    /// `r`'s level in `f`, 0 when none.
    pub fn level(&self, r: ResearcherIdx, f: FieldIdx) -> f32 {
        self.expertise(r)
            .iter()
            .find(|(g, _)| *g == f)
            .map_or(0.0, |(_, l)| *l)
    }

    /// Researchers with expertise in `f`, best level first, ties by index.
    #[inline]
    pub fn field_members(&self, f: FieldIdx) -> &[(ResearcherIdx, f32)] {
        self.field_members.row(f.ix())
    }

    /// Researchers of university `u`, in index order.
    #[inline]
    pub fn members(&self, u: UniIdx) -> &[ResearcherIdx] {
        self.uni_members.row(u.ix())
    }

    /// Labs hosted by university `u`, in index order.
    #[inline]
    pub fn labs_of(&self, u: UniIdx) -> &[LabIdx] {
        self.uni_labs.row(u.ix())
    }

    /// The strength of university `u` in field `f`.
    #[inline]
    pub fn strength(&self, u: UniIdx, f: FieldIdx) -> &Strength {
        &self.strength[u.ix() * self.data.fields.len() + f.ix()]
    }

    /// Whether `a` and `b` have a common co-author (a merge of the two sorted lists,
    /// O(deg a + deg b)).
    pub fn share_coauthor(&self, a: ResearcherIdx, b: ResearcherIdx) -> bool {
        let (x, y) = (self.coauthors(a), self.coauthors(b));
        let (mut i, mut j) = (0, 0);
        while i < x.len() && j < y.len() {
            match x[i].other.cmp(&y[j].other) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// The co-authorship record between two researchers, if any (binary search, O(log deg)).
    pub fn coauthorship(&self, a: ResearcherIdx, b: ResearcherIdx) -> Option<&Coauthorship> {
        let row = self.coauthors(a);
        row.binary_search_by_key(&b, |l| l.other)
            .ok()
            .map(|i| &self.data.coauthorships[row[i].index as usize])
    }
}

fn compute_strength(d: &Dataset) -> Vec<Strength> {
    let nf = d.fields.len();
    let mut s = vec![Strength::default(); d.universities.len() * nf];
    for e in &d.expertise {
        let r = &d.researchers[e.researcher.ix()];
        let cell = &mut s[r.university.ix() * nf + e.field.ix()];
        let level = f64::from(e.level);
        cell.researchers += 1;
        cell.level_sum += level;
        cell.impact += level * (1.0 + f64::from(r.h_index).ln_1p());
    }
    let total: f64 = s.iter().map(|c| c.level_sum).sum();
    let mut per_field = vec![0.0f64; nf];
    for (i, c) in s.iter().enumerate() {
        per_field[i % nf] += c.level_sum;
    }
    for row in s.chunks_mut(nf.max(1)) {
        let per_uni: f64 = row.iter().map(|c| c.level_sum).sum();
        for (f, c) in row.iter_mut().enumerate() {
            c.activity_index = if per_uni > 0.0 && per_field[f] > 0.0 && total > 0.0 {
                (c.level_sum / per_uni) / (per_field[f] / total)
            } else {
                0.0
            };
        }
    }
    s
}

fn build_petgraph(d: &Dataset) -> UnGraph<Node, Edge, u32> {
    let nodes = d.universities.len() + d.fields.len() + d.researchers.len() + d.labs.len();
    let lab_edges: usize = d.labs.iter().map(|l| 1 + l.fields.len()).sum();
    let related: usize = d.fields.iter().map(|f| f.related.len()).sum::<usize>() / 2;
    let edges =
        d.researchers.len() + d.expertise.len() + d.coauthorships.len() + lab_edges + related;
    let mut g = UnGraph::with_capacity(nodes, edges);
    let uni = |u: UniIdx| NodeIndex::new(u.ix());
    let nu = d.universities.len();
    let field = |f: FieldIdx| NodeIndex::new(nu + f.ix());
    let nf = d.fields.len();
    let res = |r: ResearcherIdx| NodeIndex::new(nu + nf + r.ix());
    let nr = d.researchers.len();
    let lab = |l: usize| NodeIndex::new(nu + nf + nr + l);

    for u in d.university_ids() {
        g.add_node(Node::University(u));
    }
    for f in d.field_ids() {
        g.add_node(Node::Field(f));
    }
    for r in d.researcher_ids() {
        g.add_node(Node::Researcher(r));
    }
    for l in d.lab_ids() {
        g.add_node(Node::Lab(l));
    }
    for (f, fd) in d.fields.iter().enumerate() {
        for &o in &fd.related {
            if o.ix() > f {
                g.add_edge(field(FieldIdx(f as u32)), field(o), Edge::Related);
            }
        }
    }
    for (i, r) in d.researchers.iter().enumerate() {
        g.add_edge(
            res(ResearcherIdx(i as u32)),
            uni(r.university),
            Edge::Affiliation,
        );
    }
    for e in &d.expertise {
        g.add_edge(
            res(e.researcher),
            field(e.field),
            Edge::Expertise { level: e.level },
        );
    }
    for (i, c) in d.coauthorships.iter().enumerate() {
        g.add_edge(res(c.a), res(c.b), Edge::Coauthorship { index: i as u32 });
    }
    for (i, l) in d.labs.iter().enumerate() {
        g.add_edge(lab(i), uni(l.university), Edge::LabHost);
        for &f in &l.fields {
            g.add_edge(lab(i), field(f), Edge::LabServes);
        }
    }
    g
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::load::{load, Source};

    fn tiny() -> Graph {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        Graph::build(load(&Source::Dir(dir)).unwrap())
    }

    /// A writable copy of the tiny fixture, for tests that change a file of it.
    pub(crate) fn tiny_copy() -> tempfile::TempDir {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        let tmp = tempfile::tempdir().unwrap();
        for f in std::fs::read_dir(&src).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, tmp.path().join(f.file_name().unwrap())).unwrap();
        }
        tmp
    }

    /// The tiny dataset in two countries: UC in JP (UA and UB in VN), and one more
    /// co-authorship, a3 (UA) – c2 (UC) in 2024. Cross-institution co-authorships: a1–b1
    /// (VN–VN) and a3–c2 (VN–JP).
    pub(crate) fn two_countries() -> Graph {
        let tmp = tiny_copy();
        let unis = std::fs::read_to_string(tmp.path().join("universities.csv")).unwrap();
        let mut out = String::new();
        for (i, line) in unis.lines().enumerate() {
            let country = match i {
                0 => "country",
                _ if line.starts_with("uc,") => "JP",
                _ => "VN",
            };
            out.push_str(&format!("{line},{country}\n"));
        }
        std::fs::write(tmp.path().join("universities.csv"), out).unwrap();
        let co = std::fs::read_to_string(tmp.path().join("coauthorships.csv")).unwrap();
        std::fs::write(
            tmp.path().join("coauthorships.csv"),
            format!("{co}a3,c2,1,2024,2024\n"),
        )
        .unwrap();
        Graph::build(load(&Source::Dir(tmp.path().to_path_buf())).unwrap())
    }

    /// Every university in a country of its own (the sparse table holds any number of them):
    /// each lift against a direct count over the co-authorships of the G7 dataset.
    #[test]
    fn country_lifts_are_the_configuration_model_of_the_counts() {
        let mut ds = load(&Source::Embedded).unwrap();
        for (i, u) in ds.universities.iter_mut().enumerate() {
            u.country = format!("C{i}");
        }
        let g = Graph::build(ds);
        let d = g.data();
        let n = d.universities.len();
        let mut l = vec![vec![0.0f64; n]; n];
        for c in &d.coauthorships {
            let (a, b) = (
                d.researcher(c.a).university.ix(),
                d.researcher(c.b).university.ix(),
            );
            if a != b {
                l[a][b] += 1.0;
                l[b][a] += 1.0;
            }
        }
        let vol: Vec<f64> = l.iter().map(|row| row.iter().sum()).collect();
        let total: f64 = vol.iter().sum();
        assert!(total > 0.0);
        let c = g.countries();
        assert_eq!(c.countries(), n);
        for a in 0..n {
            for b in 0..n {
                let want = (l[a][b] + 0.5) / (vol[a] * vol[b] / total + 0.5);
                let got = c.lift(UniIdx(a as u32), UniIdx(b as u32));
                assert!((got - want).abs() < 1e-12, "{a} {b}: {got} vs {want}");
            }
        }
    }

    /// The lifts by hand: L(VN, VN) = 2 (a1–b1, counted twice), L(VN, JP) = L(JP, VN) = 1;
    /// vol(VN) = 3, vol(JP) = 1, Σ = 4; E(VN, VN) = 9/4, E(VN, JP) = 3/4, E(JP, JP) = 1/4.
    #[test]
    fn country_lifts_by_hand() {
        let g = two_countries();
        let d = g.data();
        let u = |id: &str| d.university_by_id(id).unwrap();
        let c = g.countries();
        assert_eq!(c.countries(), 2);
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        close(c.lift(u("ua"), u("ub")), 2.5 / 2.75);
        close(c.lift(u("ua"), u("uc")), 1.5 / 1.25);
        close(c.lift(u("uc"), u("ub")), 1.5 / 1.25);
        close(c.lift(u("uc"), u("uc")), 0.5 / 0.75);
        assert_eq!(
            (c.links(u("ua"), u("ub")), c.links(u("ub"), u("uc"))),
            (2, 1)
        );
        assert_eq!(
            c.describe(u("ub"), u("uc")),
            "co-authorships between VN and JP are 1.2× as common as chance (1 across institutions)"
        );
        assert_eq!(
            c.describe(u("ua"), u("ub")),
            "co-authorships within VN are 0.9× as common as chance (1 across institutions)"
        );
        // One country: every lift is 1 (L = E).
        let one = tiny().countries().lift(UniIdx(0), UniIdx(2));
        assert_eq!(one, 1.0);
    }

    fn r(g: &Graph, id: &str) -> ResearcherIdx {
        g.data().researcher_by_id(id).unwrap()
    }

    #[test]
    fn csr_groups_items_by_row_in_input_order() {
        let c = Csr::from_pairs(3, [(2, 'a'), (0, 'b'), (2, 'c')].into_iter());
        assert_eq!(c.row(0), &['b']);
        assert_eq!(c.row(1), &[] as &[char]);
        assert_eq!(c.row(2), &['a', 'c']);
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn the_coauthor_index_is_the_generic_csr_with_each_links_year() {
        // A second method: the generic counting sort, then the years gathered per link.
        let g = Graph::build(load(&Source::Embedded).unwrap());
        let d = g.data();
        let generic = Csr::from_pairs(
            d.researchers.len(),
            d.coauthorships.iter().enumerate().flat_map(|(i, c)| {
                let l = |other| CoauthorLink {
                    other,
                    index: i as u32,
                };
                [(c.a.ix(), l(c.b)), (c.b.ix(), l(c.a))]
            }),
        );
        let (csr, last) = coauthor_index(d);
        assert_eq!(
            (&csr.offsets, &csr.items),
            (&generic.offsets, &generic.items)
        );
        let years: Vec<u16> = generic
            .items
            .iter()
            .map(|l| d.coauthorships[l.index as usize].last_year)
            .collect();
        assert_eq!(last, years);
        assert!(csr.len() == 2 * d.coauthorships.len() && csr.len() > 18_000);
    }

    #[test]
    fn coauthors_are_symmetric_and_sorted() {
        let g = tiny();
        let others: Vec<&str> = g
            .coauthors(r(&g, "a1"))
            .iter()
            .map(|l| g.data().researcher(l.other).id.as_str())
            .collect();
        assert_eq!(others, ["a2", "b1"]);
        assert_eq!(g.degree(r(&g, "b1")), 2);
        let c = g.coauthorship(r(&g, "b1"), r(&g, "a1")).unwrap();
        assert_eq!((c.papers, c.first_year, c.last_year), (2, 2021, 2024));
        assert!(g.coauthorship(r(&g, "a1"), r(&g, "c1")).is_none());
    }

    #[test]
    fn field_members_best_first() {
        let g = tiny();
        let water = g.data().field_by_id("water").unwrap();
        let ids: Vec<(&str, f32)> = g
            .field_members(water)
            .iter()
            .map(|(x, l)| (g.data().researcher(*x).id.as_str(), *l))
            .collect();
        assert_eq!(ids, [("a1", 0.9), ("b1", 0.7), ("a3", 0.4)]);
    }

    #[test]
    fn strength_computed_by_hand() {
        let g = tiny();
        let ua = g.data().university_by_id("ua").unwrap();
        let water = g.data().field_by_id("water").unwrap();
        let s = g.strength(ua, water);
        assert_eq!(s.researchers, 2);
        assert!((s.level_sum - 1.3).abs() < 1e-6);
        // 0.9·(1 + ln 21) + 0.4·(1 + ln 2)
        assert!((s.impact - 4.317329).abs() < 1e-5, "{}", s.impact);
        // (1.3 / 2.6) / (2.0 / 5.2)
        assert!(
            (s.activity_index - 1.3).abs() < 1e-6,
            "{}",
            s.activity_index
        );
        let uc = g.data().university_by_id("uc").unwrap();
        assert_eq!(g.strength(uc, water).researchers, 0);
        assert_eq!(g.strength(uc, water).activity_index, 0.0);
    }

    #[test]
    fn petgraph_has_every_typed_edge() {
        let g = tiny();
        let pg = g.petgraph();
        assert_eq!(pg.node_count(), 3 + 3 + 7 + 3);
        // 7 affiliations + 8 expertise + 4 co-authorships + 3 hosts + 4 serves + 1 related
        assert_eq!(pg.edge_count(), 27);
        let a1 = g.node(Node::Researcher(r(&g, "a1")));
        assert_eq!(pg[a1], Node::Researcher(r(&g, "a1")));
        let kinds: Vec<Edge> = pg.edges(a1).map(|e| *e.weight()).collect();
        assert!(kinds.contains(&Edge::Affiliation));
        assert!(kinds.contains(&Edge::Expertise { level: 0.9 }));
        assert_eq!(
            kinds
                .iter()
                .filter(|k| matches!(k, Edge::Coauthorship { .. }))
                .count(),
            2
        );
        let lab = g.node(Node::Lab(g.data().lab_by_id("lc1").unwrap()));
        assert_eq!(pg[lab], Node::Lab(LabIdx(2)));
    }

    #[test]
    fn members_and_labs_per_university() {
        let g = tiny();
        let ua = g.data().university_by_id("ua").unwrap();
        assert_eq!(g.members(ua).len(), 3);
        assert_eq!(g.labs_of(ua), &[LabIdx(0), LabIdx(1)]);
    }
}
