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
}
