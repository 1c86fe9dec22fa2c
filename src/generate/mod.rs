//! The deterministic, seeded generator of synthetic consortia (`hoptac generate`).
//!
//! It makes the built-in G7 dataset (`--universities 7 --researchers-per-university 200
//! --seed 2022`) and the large consortia used for scale tests. The first seven universities are
//! the real G7 members with their real names and known strengths (`profiles.rs`); further ones
//! are synthetic institutions in Vietnamese cities. Researchers, expertise, labs and
//! co-authorships are always synthetic.
//!
//! Structure that later features rely on:
//! - each university has a field profile; a researcher's main field is drawn from it and the
//!   secondary fields from the main field's related fields;
//! - collaboration propensity is Pareto-distributed, so co-authorship degree is heavy-tailed;
//! - about 85 % of co-authorships are within a university and most join researchers of the same
//!   field; the rest cross universities (same region more often than not).
//!
//! Term profiles (`terms.csv`) are made only on request ([`terms`]), from streams of their own,
//! so the six files stay the same with or without them.
//!
//! Determinism: every university draws from its own ChaCha8 stream seeded from `(seed, index)`,
//! and universities are generated in parallel then concatenated in order, so the output is
//! byte-identical for any thread count.

mod profiles;
pub mod terms;
pub mod vocab;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::load::{self, LoadError, Source};
use crate::model::*;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct GenConfig {
    pub universities: usize,
    pub researchers_per_university: usize,
    pub seed: u64,
    /// Mean number of co-authorships started by each researcher; the dataset has about
    /// `researchers × coauthorships_per_researcher` co-authorships (mean degree twice that).
    pub coauthorships_per_researcher: f64,
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            universities: 7,
            researchers_per_university: 200,
            seed: 2022,
            coauthorships_per_researcher: 10.0,
        }
    }
}

/// Share of co-authorships inside one university.
const INTRA_UNIVERSITY: f64 = 0.85;
/// Share of co-author picks that stay in the researcher's main field.
const SAME_FIELD: f64 = 0.75;
/// Among cross-university picks, share that stay in the same region.
const SAME_REGION: f64 = 0.5;

/// Generates a consortium. Errors only if the built-in reference data (the G7 universities and
/// the priority fields) fails to load, which the test suite rules out.
pub fn generate(cfg: &GenConfig) -> Result<Dataset, LoadError> {
    let (g7, fields) = load::load_reference(&Source::Embedded)?;
    let universities = make_universities(&g7, cfg);
    let profiles: Vec<Vec<f64>> = universities
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let mut rng = stream(cfg.seed, i as u64, 0);
            profiles::profile(&u.id, &fields, &mut rng)
        })
        .collect();

    let m = cfg.researchers_per_university;
    let parts: Vec<UniPart> = (0..universities.len())
        .into_par_iter()
        .map(|u| people(cfg, u, &universities[u], &fields, &profiles[u]))
        .collect();
    let mut researchers = Vec::with_capacity(universities.len() * m);
    let mut expertise = Vec::new();
    let mut main_field = Vec::with_capacity(universities.len() * m);
    let mut activity = Vec::with_capacity(universities.len() * m);
    let mut labs = Vec::new();
    for p in parts {
        let base = researchers.len() as u32;
        researchers.extend(p.researchers);
        expertise.extend(p.expertise.into_iter().map(|mut e: Expertise| {
            e.researcher.0 += base;
            e
        }));
        main_field.extend(p.main_field);
        activity.extend(p.activity);
        labs.extend(p.labs);
    }
    let coauthorships = coauthorships(
        cfg,
        &universities,
        &fields,
        &researchers,
        &main_field,
        &activity,
    );
    let mut ds = Dataset {
        universities,
        fields,
        researchers,
        expertise: expertise.into(),
        labs,
        coauthorships: coauthorships.into(),
        ..Dataset::default()
    };
    ds.reindex();
    Ok(ds)
}

/// An independent random stream for `(seed, university, purpose)`.
fn stream(seed: u64, university: u64, purpose: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(university.wrapping_mul(8).wrapping_add(purpose));
    rng
}

fn make_universities(g7: &[University], cfg: &GenConfig) -> Vec<University> {
    let mut out: Vec<University> = g7.iter().take(cfg.universities).cloned().collect();
    let mut rng = stream(cfg.seed, u64::MAX / 16, 1);
    for n in out.len() + 1..=cfg.universities {
        let (city, region) = vocab::CITIES[rng.random_range(0..vocab::CITIES.len())];
        let (kind_vi, kind_en) =
            vocab::UNIVERSITY_KINDS[rng.random_range(0..vocab::UNIVERSITY_KINDS.len())];
        let city_en = crate::text::fold(city);
        let city_en = title_case(&city_en);
        out.push(University {
            id: format!("u{n:04}"),
            short_name: format!("U{n:04}"),
            name_vi: format!("Trường Đại học {kind_vi} {city} số {n}"),
            name_en: format!("{city_en} University of {kind_en} No. {n}"),
            city: city.to_string(),
            region: Region::parse(region).unwrap_or(Region::North),
            country: "VN".into(),
            consortium: true,
            aliases: vec![format!("ĐH {kind_vi} {city} số {n}")],
        });
    }
    out
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One university's researchers, expertise and labs (researcher indexes local from 0).
struct UniPart {
    researchers: Vec<Researcher>,
    expertise: Vec<Expertise>,
    main_field: Vec<FieldIdx>,
    activity: Vec<f64>,
    labs: Vec<Lab>,
}

fn pick_weighted<R: Rng>(rng: &mut R, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

fn person_name<R: Rng>(rng: &mut R) -> String {
    let weights: Vec<f64> = vocab::FAMILY_NAMES
        .iter()
        .map(|(_, w)| f64::from(*w))
        .collect();
    let family = vocab::FAMILY_NAMES[pick_weighted(rng, &weights)].0;
    let (middle, given) = if rng.random_bool(0.62) {
        (vocab::MIDDLE_NAMES_MALE, vocab::GIVEN_NAMES_MALE)
    } else {
        (vocab::MIDDLE_NAMES_FEMALE, vocab::GIVEN_NAMES_FEMALE)
    };
    format!(
        "{family} {} {}",
        middle[rng.random_range(0..middle.len())],
        given[rng.random_range(0..given.len())]
    )
}

/// Two-decimal level in `[lo, hi]`, as written to CSV (so generated and reloaded data agree).
fn level<R: Rng>(rng: &mut R, lo: f64, hi: f64) -> f32 {
    let v = lo + rng.random::<f64>() * (hi - lo);
    ((v * 100.0).round() / 100.0).clamp(0.01, 1.0) as f32
}

fn people(
    cfg: &GenConfig,
    u: usize,
    uni: &University,
    fields: &[Field],
    profile: &[f64],
) -> UniPart {
    let mut rng = stream(cfg.seed, u as u64, 2);
    let m = cfg.researchers_per_university;
    let mut part = UniPart {
        researchers: Vec::with_capacity(m),
        expertise: Vec::with_capacity(m * 2),
        main_field: Vec::with_capacity(m),
        activity: Vec::with_capacity(m),
        labs: Vec::new(),
    };
    for i in 0..m {
        let title = match rng.random::<f64>() {
            x if x < 0.04 => Title::Professor,
            x if x < 0.20 => Title::AssociateProfessor,
            x if x < 0.65 => Title::Doctor,
            x if x < 0.93 => Title::Master,
            _ => Title::Other,
        };
        let (h_base, teams) = match title {
            Title::Professor => (16.0, 3),
            Title::AssociateProfessor => (10.0, 3),
            Title::Doctor => (5.0, 2),
            Title::Master => (2.0, 1),
            Title::Other => (1.0, 1),
        };
        // Log-normal spread around the title's typical h-index.
        let z: f64 = (0..4).map(|_| rng.random::<f64>()).sum::<f64>() - 2.0;
        let h = (h_base * (0.9 * z).exp()).round().max(0.0) as u32;
        let publications = h * 3 + rng.random_range(0..=h * 3 + 4);
        let max_teams = if rng.random_bool(0.03) {
            0
        } else {
            teams + u32::from(rng.random_bool(0.2))
        };
        // Pareto(α = 2.2) propensity to collaborate, scaled by seniority.
        let pareto = (1.0 - rng.random::<f64>()).powf(-1.0 / 2.2);
        let seniority = 0.6 + 0.1 * (title as u8 as f64);
        let main = FieldIdx(pick_weighted(&mut rng, profile) as u32);
        let r = ResearcherIdx(i as u32);
        part.expertise.push(Expertise {
            researcher: r,
            field: main,
            level: level(&mut rng, 0.55, 1.0),
        });
        let extra = match rng.random::<f64>() {
            x if x < 0.25 => 0,
            x if x < 0.7 => 1,
            x if x < 0.92 => 2,
            _ => 3,
        };
        let mut have = vec![main];
        for _ in 0..extra {
            let related = &fields[main.ix()].related;
            let f = if !related.is_empty() && rng.random_bool(0.7) {
                related[rng.random_range(0..related.len())]
            } else {
                FieldIdx(pick_weighted(&mut rng, profile) as u32)
            };
            if !have.contains(&f) {
                have.push(f);
                part.expertise.push(Expertise {
                    researcher: r,
                    field: f,
                    level: level(&mut rng, 0.15, 0.75),
                });
            }
        }
        part.researchers.push(Researcher {
            id: format!("{}-{:04}", uni.id, i + 1).into(),
            name: person_name(&mut rng).into(),
            university: UniIdx(u as u32),
            title,
            h_index: h,
            publications,
            max_teams,
        });
        part.main_field.push(main);
        part.activity.push(pareto * seniority);
    }
    part.labs = labs(cfg, u, uni, fields, profile);
    part
}

fn labs(
    cfg: &GenConfig,
    u: usize,
    uni: &University,
    fields: &[Field],
    profile: &[f64],
) -> Vec<Lab> {
    let mut rng = stream(cfg.seed, u as u64, 3);
    let field_ix = |id: &str| fields.iter().position(|f| f.id == id);
    // Templates weighted by how strong the university is in their main field.
    let mut weights: Vec<f64> = vocab::LAB_TEMPLATES
        .iter()
        .map(|t| field_ix(t.field).map_or(0.0, |f| profile[f].powi(2)))
        .collect();
    let n = rng
        .random_range(8..=10)
        .min(weights.iter().filter(|w| **w > 0.0).count());
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let t = pick_weighted(&mut rng, &weights);
        weights[t] = 0.0;
        let tpl = &vocab::LAB_TEMPLATES[t];
        let mut lab_fields: Vec<FieldIdx> = std::iter::once(tpl.field)
            .chain(tpl.also.iter().copied())
            .filter_map(field_ix)
            .map(|f| FieldIdx(f as u32))
            .collect();
        lab_fields.dedup();
        let keep = rng.random_range(3.min(tpl.equipment.len())..=tpl.equipment.len());
        let access = match rng.random::<f64>() {
            x if x < 0.3 => Access::Internal,
            x if x < 0.8 => Access::Consortium,
            _ => Access::Public,
        };
        out.push(Lab {
            id: format!("{}-lab{:02}", uni.id, k + 1),
            name: format!("{} ({})", tpl.name, uni.short_name),
            university: UniIdx(u as u32),
            fields: lab_fields,
            equipment: tpl.equipment[..keep]
                .iter()
                .map(|s| vocab::equipment_name(s))
                .collect(),
            access,
            capacity_hours: 10 * rng.random_range(2..=20),
        });
    }
    out
}

/// Cumulative weights for sampling proportional to activity within a group of researchers.
struct Bucket {
    members: Vec<u32>,
    cumulative: Vec<f64>,
}

impl Bucket {
    fn new(members: Vec<u32>, activity: &[f64]) -> Bucket {
        let mut acc = 0.0;
        let cumulative = members
            .iter()
            .map(|&r| {
                acc += activity[r as usize];
                acc
            })
            .collect();
        Bucket {
            members,
            cumulative,
        }
    }

    fn sample<R: Rng>(&self, rng: &mut R) -> Option<u32> {
        let total = *self.cumulative.last()?;
        let x = rng.random::<f64>() * total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        self.members.get(i.min(self.members.len() - 1)).copied()
    }
}

fn coauthorships(
    cfg: &GenConfig,
    universities: &[University],
    fields: &[Field],
    researchers: &[Researcher],
    main_field: &[FieldIdx],
    activity: &[f64],
) -> Vec<Coauthorship> {
    let nu = universities.len();
    let nf = fields.len();
    let m = cfg.researchers_per_university;
    // Buckets: per university, and per (university, main field).
    let uni_bucket: Vec<Bucket> = (0..nu)
        .map(|u| Bucket::new(((u * m) as u32..((u + 1) * m) as u32).collect(), activity))
        .collect();
    let mut by_uf: Vec<Vec<u32>> = vec![Vec::new(); nu * nf];
    for (r, f) in main_field.iter().enumerate() {
        by_uf[researchers[r].university.ix() * nf + f.ix()].push(r as u32);
    }
    let uf_bucket: Vec<Bucket> = by_uf
        .into_iter()
        .map(|v| Bucket::new(v, activity))
        .collect();
    let mut by_region: Vec<Vec<usize>> = vec![Vec::new(); Region::ALL.len()];
    for (u, x) in universities.iter().enumerate() {
        by_region[x.region as usize].push(u);
    }
    let mean_activity = activity.iter().sum::<f64>() / activity.len().max(1) as f64;

    let mut edges: Vec<Coauthorship> = (0..nu)
        .into_par_iter()
        .flat_map_iter(|u| {
            let mut rng = stream(cfg.seed, u as u64, 4);
            let mut local = Vec::new();
            for r in (u * m)..((u + 1) * m) {
                let expected = cfg.coauthorships_per_researcher * activity[r] / mean_activity;
                let k =
                    expected.floor() as usize + usize::from(rng.random::<f64>() < expected.fract());
                for _ in 0..k {
                    let target_uni = if nu == 1 || rng.random_bool(INTRA_UNIVERSITY) {
                        u
                    } else {
                        let same = &by_region[universities[u].region as usize];
                        if same.len() > 1 && rng.random_bool(SAME_REGION) {
                            same[rng.random_range(0..same.len())]
                        } else {
                            rng.random_range(0..nu)
                        }
                    };
                    let f = main_field[r].ix();
                    let bucket = &uf_bucket[target_uni * nf + f];
                    let other = if !bucket.members.is_empty() && rng.random_bool(SAME_FIELD) {
                        bucket.sample(&mut rng)
                    } else {
                        uni_bucket[target_uni].sample(&mut rng)
                    };
                    let Some(o) = other else { continue };
                    if o as usize == r {
                        continue;
                    }
                    let (a, b) = if (r as u32) < o {
                        (r as u32, o)
                    } else {
                        (o, r as u32)
                    };
                    let papers = 1 + (-(1.0 - rng.random::<f64>()).ln() * 2.0) as u32;
                    let last = 2025 - (rng.random::<f64>().powi(2) * 10.0) as u16;
                    let first = last - rng.random_range(0..=(papers.min(8) as u16));
                    local.push(Coauthorship {
                        a: ResearcherIdx(a),
                        b: ResearcherIdx(b),
                        papers,
                        first_year: first,
                        last_year: last,
                    });
                }
            }
            local
        })
        .collect();
    // Merge repeated pairs: papers add up, years span both.
    edges.par_sort_unstable_by_key(|c| (c.a.0, c.b.0, c.first_year, c.last_year, c.papers));
    let mut merged: Vec<Coauthorship> = Vec::with_capacity(edges.len());
    for c in edges {
        match merged.last_mut() {
            Some(p) if p.a == c.a && p.b == c.b => {
                p.papers += c.papers;
                p.first_year = p.first_year.min(c.first_year);
                p.last_year = p.last_year.max(c.last_year);
            }
            _ => merged.push(c),
        }
    }
    merged
}
