//! Ranking metrics for one query, implemented by hand.
//!
//! A ranking is the list of a query's candidates in rank order, given as `relevant[i]`: whether
//! the candidate at rank `i + 1` is a positive (a collaboration that appeared after the split).
//! `positives` is the number of positives among all candidates (so recall and nDCG are measured
//! against everything that could have been found, not only the top k).
//!
//! | metric | definition |
//! | --- | --- |
//! | precision@k | positives in the top k / k (k even when there are fewer candidates) |
//! | recall@k | positives in the top k / all positives |
//! | nDCG@k | DCG@k / IDCG@k, DCG = Σ_{i ≤ k, relevant} 1 / log₂(i + 1), IDCG the DCG of a perfect ranking (min(k, positives) ones first) |
//! | AP | average precision: (1 / positives) Σ over the ranks i of positives of precision@i, over the whole ranking; MAP is its mean over queries |
//! | AUC | the probability that a random positive scores above a random negative, ties counting ½ (exact, the Mann–Whitney statistic over every candidate) |
//!
//! # Ties: the exact expectation over random tie-breaks
//! A method's ranking with ties is a sequence of tie groups, best first ([`Group`]: `size`
//! candidates with equal scores, `relevant` of them positives). Breaking the ties uniformly at
//! random, every position of a group is a positive with probability `relevant / size`, so the
//! expected hits@k and DCG@k are sums over the group's positions above k ([`expected`]). For AP,
//! the candidate at position i of a group (1-based), `before` ranks and `found` positives above
//! the group, is a positive with probability r/t, and given that, the number of positives among
//! the i − 1 group positions above it is hypergeometric with mean (i − 1)(r − 1)/(t − 1): its
//! expected precision is (found + 1 + (i − 1)(r − 1)/(t − 1)) / (before + i). (Precision at a
//! positive is linear in that count, so the expectation is exact; see McSherry and Najork,
//! ECIR 2008.) AUC counts ties ½, which is already the expectation.

/// Positives in the first `k` ranks.
fn hits(relevant: &[bool], k: usize) -> usize {
    relevant.iter().take(k).filter(|r| **r).count()
}

/// Positives in the top `k`, over `k`.
pub fn precision_at_k(relevant: &[bool], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    hits(relevant, k) as f64 / k as f64
}

/// Positives in the top `k`, over all positives (0 when there are none).
pub fn recall_at_k(relevant: &[bool], k: usize, positives: usize) -> f64 {
    if positives == 0 {
        return 0.0;
    }
    hits(relevant, k) as f64 / positives as f64
}

/// Normalised discounted cumulative gain at `k` with binary relevance.
pub fn ndcg_at_k(relevant: &[bool], k: usize, positives: usize) -> f64 {
    let discount = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let dcg: f64 = relevant
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, r)| **r)
        .map(|(i, _)| discount(i))
        .sum();
    let ideal: f64 = (0..k.min(positives)).map(discount).sum();
    if ideal > 0.0 {
        dcg / ideal
    } else {
        0.0
    }
}

/// Average precision over the whole ranking.
pub fn average_precision(relevant: &[bool], positives: usize) -> f64 {
    if positives == 0 {
        return 0.0;
    }
    let mut found = 0usize;
    let mut sum = 0.0;
    for (i, r) in relevant.iter().enumerate() {
        if *r {
            found += 1;
            sum += found as f64 / (i + 1) as f64;
        }
    }
    sum / positives as f64
}

/// Exact AUC from scores: over every (positive, negative) pair, 1 when the positive scores
/// higher, ½ on a tie; averaged. `None` when either class is empty. O(n · positives), which
/// suits rankings with few positives among many candidates.
pub fn auc(scores: &[f64], relevant: &[bool]) -> Option<f64> {
    let n_pos = relevant.iter().filter(|r| **r).count();
    let n_neg = relevant.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    let mut wins = 0.0;
    for (p, _) in scores.iter().zip(relevant).filter(|(_, r)| **r) {
        for (s, _) in scores.iter().zip(relevant).filter(|(_, r)| !**r) {
            if p > s {
                wins += 1.0;
            } else if p == s {
                wins += 0.5;
            }
        }
    }
    Some(wins / (n_pos as f64 * n_neg as f64))
}

/// Candidates with equal scores in a ranking that hold at least one positive: `size` of them,
/// `relevant` positives, `before` candidates ranked above the group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    pub before: usize,
    pub size: usize,
    pub relevant: usize,
}

/// The metrics of one query, each the exact expectation over uniformly random tie-breaks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Expected {
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub ap: f64,
    /// `None` when there is no positive or no negative.
    pub auc: Option<f64>,
}

/// The expected precision@k, recall@k, nDCG@k, AP and the AUC of a ranking of `candidates`
/// candidates, given by its tie groups that hold positives, best first (groups of negatives
/// only change nothing but `before`). O(Σ group sizes) for AP, O(groups) for the rest.
pub fn expected(groups: &[Group], candidates: usize, k: usize) -> Expected {
    let discount = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let positives: usize = groups.iter().map(|g| g.relevant).sum();
    let negatives = candidates - positives;
    let (mut hits, mut dcg, mut ap, mut wins) = (0.0, 0.0, 0.0, 0.0);
    let mut found = 0usize;
    for g in groups {
        let (t, r, before) = (g.size, g.relevant, g.before);
        let p = r as f64 / t as f64;
        let top = k.saturating_sub(before).min(t);
        hits += p * top as f64;
        dcg += p * (before..before + top).map(discount).sum::<f64>();
        let others = if t > 1 {
            (r - 1) as f64 / (t - 1) as f64
        } else {
            0.0
        };
        ap += p
            * (1..=t)
                .map(|i| (found as f64 + 1.0 + (i - 1) as f64 * others) / (before + i) as f64)
                .sum::<f64>();
        // negatives ranked below the group, and those tied with it
        let (neg_above, neg_tied) = (before - found, t - r);
        let neg_below = negatives - neg_above - neg_tied;
        wins += r as f64 * (neg_below as f64 + 0.5 * neg_tied as f64);
        found += r;
    }
    let ideal: f64 = (0..k.min(positives)).map(discount).sum();
    Expected {
        precision: if k == 0 { 0.0 } else { hits / k as f64 },
        recall: if positives == 0 {
            0.0
        } else {
            hits / positives as f64
        },
        ndcg: if ideal > 0.0 { dcg / ideal } else { 0.0 },
        ap: if positives == 0 {
            0.0
        } else {
            ap / positives as f64
        },
        auc: (positives > 0 && negatives > 0).then(|| wins / (positives as f64 * negatives as f64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-12;

    /// Ranking: + − + − − (positives at ranks 1 and 3), 2 positives in all.
    const R: [bool; 5] = [true, false, true, false, false];

    #[test]
    fn precision_and_recall_by_hand() {
        assert!((precision_at_k(&R, 1) - 1.0).abs() < EPS);
        assert!((precision_at_k(&R, 2) - 0.5).abs() < EPS);
        // k larger than the list still divides by k: 2 / 10
        assert!((precision_at_k(&R, 10) - 0.2).abs() < EPS);
        assert!((recall_at_k(&R, 2, 2) - 0.5).abs() < EPS);
        // a third positive the candidates do not rank (e.g. cut) halves nothing: 2 / 3
        assert!((recall_at_k(&R, 5, 3) - 2.0 / 3.0).abs() < EPS);
        assert_eq!(recall_at_k(&R, 5, 0), 0.0);
    }

    #[test]
    fn ndcg_by_hand() {
        // DCG@3 = 1/log2(2) + 1/log2(4) = 1 + 0.5 = 1.5; IDCG@3 = 1 + 1/log2(3) = 1.630930
        let want = 1.5 / (1.0 + 1.0 / 3f64.log2());
        assert!((ndcg_at_k(&R, 3, 2) - want).abs() < EPS);
        // k = 1: the first item is relevant → 1
        assert!((ndcg_at_k(&R, 1, 2) - 1.0).abs() < EPS);
        // all wrong at the top
        assert_eq!(ndcg_at_k(&[false, false, true], 2, 1), 0.0);
        assert!((ndcg_at_k(&[true, true], 10, 2) - 1.0).abs() < EPS);
    }

    #[test]
    fn average_precision_by_hand() {
        // (1/1 + 2/3) / 2 = 0.833333
        assert!((average_precision(&R, 2) - (1.0 + 2.0 / 3.0) / 2.0).abs() < EPS);
        assert!((average_precision(&[false, true], 1) - 0.5).abs() < EPS);
    }

    #[test]
    fn auc_by_hand_with_ties() {
        // positives 0.9 and 0.5; negatives 0.7, 0.5, 0.1.
        // Pairs: 0.9 beats all 3; 0.5 beats 0.1, ties 0.5 (½), loses to 0.7 → (3 + 1.5) / 6
        let s = [0.9, 0.7, 0.5, 0.5, 0.1];
        let r = [true, false, true, false, false];
        assert!((auc(&s, &r).unwrap() - 0.75).abs() < EPS);
        // all tied → ½
        assert!((auc(&[1.0; 4], &[true, false, false, true]).unwrap() - 0.5).abs() < EPS);
        // perfect and reversed
        assert_eq!(auc(&[2.0, 1.0], &[true, false]), Some(1.0));
        assert_eq!(auc(&[1.0, 2.0], &[true, false]), Some(0.0));
        assert_eq!(auc(&[1.0], &[true]), None);
    }

    /// The groups holding positives of a ranking given as (size, relevant) of every tie group,
    /// and the number of candidates.
    fn groups(v: &[(usize, usize)]) -> (Vec<Group>, usize) {
        let mut before = 0;
        let mut out = Vec::new();
        for &(size, relevant) in v {
            if relevant > 0 {
                out.push(Group {
                    before,
                    size,
                    relevant,
                });
            }
            before += size;
        }
        (out, before)
    }

    fn exp(v: &[(usize, usize)], k: usize) -> Expected {
        let (g, n) = groups(v);
        expected(&g, n, k)
    }

    /// Without ties the expectation is the plain metric.
    #[test]
    fn expected_without_ties_is_the_plain_metric() {
        let v: Vec<(usize, usize)> = R.iter().map(|&r| (1, usize::from(r))).collect();
        let e = exp(&v, 3);
        assert!((e.precision - precision_at_k(&R, 3)).abs() < EPS);
        assert!((e.recall - recall_at_k(&R, 3, 2)).abs() < EPS);
        assert!((e.ndcg - ndcg_at_k(&R, 3, 2)).abs() < EPS);
        assert!((e.ap - average_precision(&R, 2)).abs() < EPS);
        let s = [5.0, 4.0, 3.0, 2.0, 1.0];
        assert!((e.auc.unwrap() - auc(&s, &R).unwrap()).abs() < EPS);
    }

    /// One positive first, then a tie of 4 holding 1 positive, then 2 negatives; k = 2.
    /// Positions 2–5 are each a positive with probability ¼.
    /// hits@2 = 1 + ¼ → P@2 = 0.625, R@2 = 1.25 / 2 = 0.625.
    /// DCG@2 = 1 + ¼ / log₂ 3 = 1.157732; IDCG@2 = 1 + 1 / log₂ 3 = 1.630930 → 0.709860.
    /// AP: the first positive has precision 1; the second is at position 2, 3, 4 or 5 with
    /// probability ¼ each, precision 2/2, 2/3, 2/4, 2/5 → mean 0.641667; AP = (1 + 0.641667) / 2
    /// = 0.820833. AUC: the first positive beats all 5 negatives; the tied one beats the 2 below
    /// and ties the 3 in its group → (5 + 2 + 1.5) / (2 · 5) = 0.85.
    #[test]
    fn expected_with_a_tie_by_hand() {
        let e = exp(&[(1, 1), (4, 1), (2, 0)], 2);
        assert!((e.precision - 0.625).abs() < EPS);
        assert!((e.recall - 0.625).abs() < EPS);
        assert!((e.ndcg - 0.709860).abs() < 1e-6, "{}", e.ndcg);
        assert!((e.ap - 0.820833).abs() < 1e-6, "{}", e.ap);
        assert!((e.auc.unwrap() - 0.85).abs() < EPS);
    }

    /// Everything tied, 2 positives among 3, k = 1: P@1 = ⅔, R@1 = ⅓, nDCG@1 = ⅔.
    /// AP over the 6 orders: + + − (1), + − + ((1 + ⅔)/2 = ⅚), − + + ((½ + ⅔)/2 = 7/12), each
    /// twice → (1 + ⅚ + 7/12) / 3 = 0.805556; the formula: each position is a positive with
    /// probability ⅔, and given that, the other positive is above it with probability
    /// (i − 1) · ½ → ⅔ · (1/1 + 1.5/2 + 2/3) / 2 = 0.805556. AUC ½.
    #[test]
    fn expected_all_tied_by_hand() {
        let e = exp(&[(3, 2)], 1);
        assert!((e.precision - 2.0 / 3.0).abs() < EPS);
        assert!((e.recall - 1.0 / 3.0).abs() < EPS);
        assert!((e.ndcg - 2.0 / 3.0).abs() < EPS);
        assert!(
            (e.ap - (1.0 + 5.0 / 6.0 + 7.0 / 12.0) / 3.0).abs() < EPS,
            "{}",
            e.ap
        );
        assert_eq!(e.auc, Some(0.5));
        assert_eq!(exp(&[(2, 0)], 1).auc, None);
    }

    /// The expectation equals the mean over every tie-break order (brute force over the 4!
    /// orders of a group of 4 with 2 positives, behind one negative).
    #[test]
    fn expected_is_the_mean_over_all_orders() {
        let k = 3;
        let e = exp(&[(1, 0), (4, 2)], k);
        let mut sum = [0.0; 3];
        let mut n = 0.0;
        for a in 0..4 {
            for b in 0..4 {
                if a == b {
                    continue;
                }
                // positives at group positions a and b (ordered pairs count each set twice)
                let mut r = vec![false; 5];
                r[1 + a] = true;
                r[1 + b] = true;
                sum[0] += precision_at_k(&r, k);
                sum[1] += ndcg_at_k(&r, k, 2);
                sum[2] += average_precision(&r, 2);
                n += 1.0;
            }
        }
        assert!((e.precision - sum[0] / n).abs() < EPS);
        assert!((e.ndcg - sum[1] / n).abs() < EPS);
        assert!((e.ap - sum[2] / n).abs() < EPS);
    }
}
