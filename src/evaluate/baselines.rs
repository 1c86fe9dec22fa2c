//! The baselines every scorer is compared with, on an undirected graph given as sorted
//! adjacency lists (researchers and co-authorships, or institutions and the pairs of
//! institutions with at least one co-authorship).
//!
//! | baseline | score of a candidate y for a query x |
//! | --- | --- |
//! | random | a uniform number from a seeded hash of (seed, x, y): deterministic, no thread or order dependence |
//! | preferential attachment | deg(x) · deg(y) |
//! | common neighbours | \|N(x) ∩ N(y)\| |
//! | Adamic–Adar | Σ_{z ∈ N(x) ∩ N(y)} 1 / ln deg(z) (a common neighbour has degree ≥ 2) |
//! | resource allocation | Σ_{z ∈ N(x) ∩ N(y)} 1 / deg(z) (Zhou, Lü and Zhang 2009) |
//! | time-decayed Adamic–Adar | Σ_{z ∈ N(x) ∩ N(y)} ½^(age(x,z) / h) · ½^(age(z,y) / h) / ln deg(z) |
//!
//! In the time-decayed Adamic–Adar, age(u, v) = Y − the last year u and v co-authored (0 when
//! that year is Y or later), Y the reference year (the split year in `hoptac evaluate`) and h
//! the half-life ([`Decay`], 4 years by default): a path through two co-authorships of the
//! split year counts as in Adamic–Adar, one whose two co-authorships are each 4 years old a
//! quarter. At the institution level the year of an edge is the latest co-authorship between
//! the two institutions.
//!
//! The neighbourhood scores are computed for all candidates of a query at once by walking two
//! steps from x: O(Σ_{z ∈ N(x)} deg z) per query.

/// Adjacency lists; `adj[v]` sorted and without `v`; `last_year[v][i]` the last year of the
/// edge `v`–`adj[v][i]`.
pub struct Adjacency<'a> {
    pub adj: &'a [Vec<u32>],
    pub last_year: &'a [Vec<u16>],
}

/// The time decay of the decayed Adamic–Adar: an edge last active `age` years before
/// `reference_year` weighs ½^(age / half_life_years).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decay {
    pub reference_year: u16,
    pub half_life_years: f64,
}

impl Decay {
    /// The weight of an edge last active in `year`.
    pub fn weight(&self, year: u16) -> f64 {
        let age = f64::from(self.reference_year.saturating_sub(year));
        0.5f64.powf(age / self.half_life_years)
    }
}

/// The four neighbourhood scores of every node two steps from `x`, accumulated into dense
/// buffers (indexed by node) and listed in `touched`; callers reset them with [`TwoStep::clear`].
pub struct TwoStep {
    pub cn: Vec<f64>,
    pub aa: Vec<f64>,
    pub ra: Vec<f64>,
    /// Time-decayed Adamic–Adar.
    pub daa: Vec<f64>,
    pub touched: Vec<u32>,
}

impl TwoStep {
    pub fn new(n: usize) -> TwoStep {
        TwoStep {
            cn: vec![0.0; n],
            aa: vec![0.0; n],
            ra: vec![0.0; n],
            daa: vec![0.0; n],
            touched: Vec::new(),
        }
    }

    /// Fills the buffers for query `x`.
    pub fn fill(&mut self, g: &Adjacency<'_>, x: u32, decay: Decay) {
        self.clear();
        for (&z, &yxz) in g.adj[x as usize].iter().zip(&g.last_year[x as usize]) {
            let wxz = decay.weight(yxz);
            let dz = g.adj[z as usize].len();
            let (aa, ra) = if dz >= 2 {
                (1.0 / (dz as f64).ln(), 1.0 / dz as f64)
            } else {
                (0.0, 0.0)
            };
            for (&y, &yzy) in g.adj[z as usize].iter().zip(&g.last_year[z as usize]) {
                if y == x {
                    continue;
                }
                let yi = y as usize;
                if self.cn[yi] == 0.0 {
                    self.touched.push(y);
                }
                self.cn[yi] += 1.0;
                self.aa[yi] += aa;
                self.ra[yi] += ra;
                self.daa[yi] += aa * wxz * decay.weight(yzy);
            }
        }
    }

    /// Resets what the last [`TwoStep::fill`] set.
    pub fn clear(&mut self) {
        for &y in &self.touched {
            let yi = y as usize;
            self.cn[yi] = 0.0;
            self.aa[yi] = 0.0;
            self.ra[yi] = 0.0;
            self.daa[yi] = 0.0;
        }
        self.touched.clear();
    }
}

/// A 64-bit mix (splitmix64 finaliser): the deterministic source of random scores and
/// tie-breaks.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform number in [0, 1) for (seed, x, y).
pub fn random_score(seed: u64, x: u32, y: u32) -> f64 {
    let h = mix(mix(seed ^ 0x5241_4E44) ^ (u64::from(x) << 32 | u64::from(y)));
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Preferential attachment.
pub fn preferential_attachment(g: &Adjacency<'_>, x: u32, y: u32) -> f64 {
    (g.adj[x as usize].len() * g.adj[y as usize].len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0 – 1 – 2, 0 – 3 – 2, 3 – 4: nodes 0 and 2 share 1 (degree 2) and 3 (degree 3).
    fn graph() -> Vec<Vec<u32>> {
        vec![vec![1, 3], vec![0, 2], vec![1, 3], vec![0, 2, 4], vec![3]]
    }

    /// Edge years: 0–1 2010, 1–2 2006, 0–3 2010, 2–3 2010, 3–4 2002.
    fn years() -> Vec<Vec<u16>> {
        vec![
            vec![2010, 2010],
            vec![2010, 2006],
            vec![2006, 2010],
            vec![2010, 2010, 2002],
            vec![2002],
        ]
    }

    const DECAY: Decay = Decay {
        reference_year: 2010,
        half_life_years: 4.0,
    };

    #[test]
    fn neighbourhood_scores_by_hand() {
        let (adj, years) = (graph(), years());
        let g = Adjacency {
            adj: &adj,
            last_year: &years,
        };
        let mut t = TwoStep::new(5);
        t.fill(&g, 0, DECAY);
        assert_eq!(t.cn[2], 2.0);
        assert!((t.aa[2] - (1.0 / 2f64.ln() + 1.0 / 3f64.ln())).abs() < 1e-12);
        assert!((t.ra[2] - (0.5 + 1.0 / 3.0)).abs() < 1e-12);
        // 4 shares only 3 with 0
        assert_eq!(t.cn[4], 1.0);
        assert!((t.ra[4] - 1.0 / 3.0).abs() < 1e-12);
        // x itself is never a candidate
        assert_eq!(t.cn[0], 0.0);
        t.clear();
        assert!(t.cn.iter().all(|v| *v == 0.0) && t.touched.is_empty());
        assert!(t.daa.iter().all(|v| *v == 0.0));
        assert_eq!(preferential_attachment(&g, 0, 3), 6.0);
    }

    /// Decayed Adamic–Adar from 0 in 2010, half-life 4:
    /// to 2 via 1: edges 0–1 (2010, weight 1) and 1–2 (2006, age 4, weight ½), deg 1 = 2 →
    /// ½ / ln 2 = 0.721348; via 3: edges 0–3 and 3–2 both 2010, deg 3 = 3 → 1 / ln 3 =
    /// 0.910239; total 1.631587.
    /// to 4 via 3: 0–3 weight 1, 3–4 (2002, age 8) weight ¼ → ¼ / ln 3 = 0.227560.
    /// With reference year 2014 every edge is 4 years older: each path loses a factor ¼.
    #[test]
    fn decayed_adamic_adar_by_hand() {
        let (adj, years) = (graph(), years());
        let g = Adjacency {
            adj: &adj,
            last_year: &years,
        };
        let mut t = TwoStep::new(5);
        t.fill(&g, 0, DECAY);
        assert!((t.daa[2] - 1.631587).abs() < 1e-6, "{}", t.daa[2]);
        assert!((t.daa[2] - (0.5 / 2f64.ln() + 1.0 / 3f64.ln())).abs() < 1e-12);
        assert!((t.daa[4] - 0.227560).abs() < 1e-6, "{}", t.daa[4]);
        let later = Decay {
            reference_year: 2014,
            ..DECAY
        };
        t.fill(&g, 0, later);
        assert!((t.daa[2] - 1.631587 / 4.0).abs() < 1e-6, "{}", t.daa[2]);
        // Plain Adamic–Adar ignores the years.
        assert!((t.aa[2] - (1.0 / 2f64.ln() + 1.0 / 3f64.ln())).abs() < 1e-12);
        // A co-authorship after the reference year is not older than 0.
        assert_eq!(DECAY.weight(2012), 1.0);
        assert_eq!(DECAY.weight(2006), 0.5);
    }

    #[test]
    fn random_scores_are_deterministic_and_spread() {
        assert_eq!(random_score(7, 1, 2), random_score(7, 1, 2));
        assert_ne!(random_score(7, 1, 2), random_score(8, 1, 2));
        assert_ne!(random_score(7, 1, 2), random_score(7, 2, 1));
        let mean: f64 = (0..1000).map(|i| random_score(1, 0, i)).sum::<f64>() / 1000.0;
        assert!((mean - 0.5).abs() < 0.05, "{mean}");
    }
}
