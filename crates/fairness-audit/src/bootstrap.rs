//! Seeded percentile-bootstrap confidence intervals.
//!
//! Resampling n rows with replacement and counting them by cell gives cell counts that follow a
//! multinomial distribution with the observed cell shares. Every count-based metric depends on
//! the rows only through those counts, so a replicate is drawn directly as multinomial cell
//! counts (a few binomial draws per cell) instead of n row draws: the same distribution, at a
//! cost independent of the number of rows. Replicate `b` uses its own ChaCha8 stream, so the
//! result does not depend on the number of threads.

use rand::SeedableRng;
use rand_distr::{Binomial, Distribution};
use welfare_data::rng::ChaCha8Rng;

use crate::cells::Stats;
use crate::error::AuditError;
use crate::metrics::{SortedScores, weighted_roc_auc_by_group};

/// The bootstrap's seed when a door is not given one (the same in the CLI, the server and
/// Python: the same audit gives the same intervals by every door).
pub const DEFAULT_SEED: u64 = 1;

/// Bootstrap settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Number of resamples.
    pub replicates: usize,
    /// The seed (same seed, same intervals on every machine).
    pub seed: u64,
    /// Central coverage, e.g. 0.95 for the 2.5 % and 97.5 % quantiles.
    pub level: f64,
}

impl Bootstrap {
    /// `replicates` resamples with `seed` at 95 %.
    pub fn new(replicates: usize, seed: u64) -> Bootstrap {
        Bootstrap {
            replicates,
            seed,
            level: 0.95,
        }
    }

    /// Checks the settings before any work is done.
    pub fn check(&self) -> Result<(), AuditError> {
        if self.replicates < 2 {
            return Err(AuditError::Parameter {
                name: "bootstrap",
                reason: format!("needs at least 2 resamples, got {}", self.replicates),
            });
        }
        if !(self.level > 0.0 && self.level < 1.0) {
            return Err(AuditError::Parameter {
                name: "level",
                reason: "must be between 0 and 1".into(),
            });
        }
        Ok(())
    }
}

/// One multinomial resample of the cell counts.
pub fn resample(cells: &[Stats], rng: &mut ChaCha8Rng) -> Vec<Stats> {
    let total: u64 = cells.iter().map(Stats::n).sum();
    let mut remaining_rows = total;
    let mut remaining_mass = total;
    let mut out = Vec::with_capacity(cells.len());
    for s in cells {
        let mut counts = [0u64; 4];
        for (k, &c) in [s.tn, s.fp, s.fn_, s.tp].iter().enumerate() {
            if remaining_rows == 0 || c == 0 {
                remaining_mass -= c;
                continue;
            }
            let x = if c == remaining_mass {
                remaining_rows
            } else {
                let p = (c as f64 / remaining_mass as f64).min(1.0);
                Binomial::new(remaining_rows, p).map_or(0, |b| b.sample(rng))
            };
            counts[k] = x;
            remaining_rows -= x;
            remaining_mass -= c;
        }
        out.push(Stats::from_counts(counts));
    }
    out
}

/// Runs `replicate(b, rng, scratch)` for b = 0..replicates on all cores; replicate b gets
/// ChaCha8 stream b of `seed`, so results (returned in replicate order) do not depend on the
/// number of threads. `scratch` is per-thread working memory.
fn run_parallel<S, F>(
    replicates: usize,
    seed: u64,
    scratch: impl Fn() -> S + Sync,
    replicate: F,
) -> Vec<Vec<Option<f64>>>
where
    F: Fn(&mut ChaCha8Rng, &mut S) -> Vec<Option<f64>> + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 16);
    let per_thread = replicates.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (replicate, scratch) = (&replicate, &scratch);
                scope.spawn(move || {
                    let mut state = scratch();
                    let end = ((t + 1) * per_thread).min(replicates);
                    (t * per_thread..end)
                        .map(|b| {
                            let mut rng = ChaCha8Rng::seed_from_u64(seed);
                            rng.set_stream(b as u64);
                            replicate(&mut rng, &mut state)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("bootstrap worker"))
            .collect()
    })
}

/// Percentile interval of value `k` over the replicates (undefined replicates skipped; none
/// with fewer than two defined ones).
fn percentile_interval(replicates: &[Vec<Option<f64>>], k: usize, level: f64) -> Option<Interval> {
    let mut values: Vec<f64> = replicates.iter().filter_map(|r| r[k]).collect();
    if values.len() < 2 {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let lo_q = (1.0 - level) / 2.0;
    Some((quantile(&values, lo_q), quantile(&values, 1.0 - lo_q)))
}

/// The statistic evaluated on `spec.replicates` resamples, in replicate order (independent of
/// the number of threads).
pub fn replicates<F>(
    cells: &[Stats],
    spec: &Bootstrap,
    statistic: F,
) -> Result<Vec<Vec<Option<f64>>>, AuditError>
where
    F: Fn(&[Stats]) -> Vec<Option<f64>> + Sync,
{
    spec.check()?;
    Ok(run_parallel(
        spec.replicates,
        spec.seed,
        || (),
        |rng, _| statistic(&resample(cells, rng)),
    ))
}

/// Percentile intervals of `statistic` (a fixed-length vector of values computed from cell
/// counts). Replicates where a value is undefined are skipped for that value; a value with
/// fewer than two defined replicates has no interval.
pub fn intervals<F>(
    cells: &[Stats],
    spec: &Bootstrap,
    statistic: F,
) -> Result<Vec<Option<Interval>>, AuditError>
where
    F: Fn(&[Stats]) -> Vec<Option<f64>> + Sync,
{
    let width = statistic(cells).len();
    let replicates = replicates(cells, spec, statistic)?;
    Ok((0..width)
        .map(|k| percentile_interval(&replicates, k, spec.level))
        .collect())
}

/// A percentile interval (low, high).
pub type Interval = (f64, f64);

/// Intervals of `[mean_score, brier_score, roc_auc]` of one group.
pub type ScoreIntervals = [Option<Interval>; 3];

/// Row-level bootstrap of the score metrics (mean score, Brier score, ROC AUC) per group:
/// these depend on the scores themselves, not only on counts, so each replicate draws n rows
/// with replacement (as multiplicities over the rows sorted by score) and recomputes them in
/// one sequential weighted pass. Cost: O(replicates · n). Returns per group the intervals of
/// `[mean_score, brier_score, roc_auc]`.
pub fn score_intervals(
    sorted: &SortedScores,
    cell_group: &[u32],
    groups: usize,
    spec: &Bootstrap,
) -> Result<Vec<ScoreIntervals>, AuditError> {
    spec.check()?;
    let n = sorted.scores.len();
    let seed = spec.seed ^ welfare_data::rng::fnv1a(b"score-bootstrap");
    let replicates = run_parallel(
        spec.replicates,
        seed,
        || vec![0u32; n],
        |rng, weights| {
            weights.iter_mut().for_each(|w| *w = 0);
            for _ in 0..n {
                weights[rand::Rng::gen_range(rng, 0..n)] += 1;
            }
            let group = |j: usize| cell_group[sorted.cell[j] as usize] as usize;
            let weight = |j: usize| u64::from(weights[j]);
            let mut count = vec![0u64; groups];
            let mut score_sum = vec![0.0f64; groups];
            let mut brier_sum = vec![0.0f64; groups];
            for (j, &w) in weights.iter().enumerate() {
                if w > 0 {
                    let (g, s) = (group(j), sorted.scores[j]);
                    let d = s - f64::from(u8::from(sorted.y_true[j]));
                    count[g] += u64::from(w);
                    score_sum[g] += f64::from(w) * s;
                    brier_sum[g] += f64::from(w) * d * d;
                }
            }
            let auc =
                weighted_roc_auc_by_group(&sorted.scores, &sorted.y_true, group, weight, groups);
            (0..groups)
                .flat_map(|g| {
                    let c = count[g] as f64;
                    [
                        (count[g] > 0).then(|| score_sum[g] / c),
                        (count[g] > 0).then(|| brier_sum[g] / c),
                        auc[g],
                    ]
                })
                .collect()
        },
    );
    Ok((0..groups)
        .map(|g| [0, 1, 2].map(|k| percentile_interval(&replicates, 3 * g + k, spec.level)))
        .collect())
}

/// Quantile of sorted values with linear interpolation (numpy's default).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * frac
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resamples_keep_the_total_and_are_seeded() {
        let cells = vec![
            Stats::from_counts([10, 5, 3, 30]),
            Stats::from_counts([0, 0, 7, 1]),
            Stats::from_counts([100, 0, 0, 2]),
        ];
        let mut a = ChaCha8Rng::seed_from_u64(1);
        let mut b = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..50 {
            let r = resample(&cells, &mut a);
            assert_eq!(r.iter().map(Stats::n).sum::<u64>(), 158);
            assert_eq!(r, resample(&cells, &mut b));
            // empty cells stay empty
            assert_eq!(r[1].tn + r[1].fp + r[2].fp + r[2].fn_, 0);
        }
    }

    #[test]
    fn quantiles_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert!((quantile(&v, 0.025) - 1.075).abs() < 1e-12);
    }

    #[test]
    fn intervals_cover_the_estimate_and_ignore_thread_count() {
        let cells = vec![
            Stats::from_counts([40, 10, 10, 40]),
            Stats::from_counts([30, 20, 5, 45]),
        ];
        let f = |s: &[Stats]| vec![Some(s[0].pp() as f64 / s[0].n().max(1) as f64)];
        let spec = Bootstrap::new(500, 9);
        let ci = intervals(&cells, &spec, f).unwrap()[0].unwrap();
        assert!(ci.0 < 0.5 && 0.5 < ci.1, "{ci:?}");
        assert_eq!(intervals(&cells, &spec, f).unwrap()[0].unwrap(), ci);
        assert!(intervals(&cells, &Bootstrap::new(1, 0), f).is_err());
    }

    #[test]
    fn score_intervals_cover_the_estimates() {
        // two groups, scores informative in group 0 only
        let n = 400;
        let scores: Vec<f64> = (0..n).map(|i| (i % 100) as f64 / 100.0).collect();
        let y: Vec<bool> = (0..n)
            .map(|i| if i < 200 { i % 100 >= 50 } else { i % 3 == 0 })
            .collect();
        let cells: Vec<u32> = (0..n).map(|i| u32::from(i >= 200)).collect();
        let sorted = SortedScores::new(&scores, &y, &cells);
        let auc = sorted.auc_by_group(&[0, 1], 2);
        let ci = score_intervals(&sorted, &[0, 1], 2, &Bootstrap::new(300, 5)).unwrap();
        for g in 0..2 {
            let (lo, hi) = ci[g][2].unwrap();
            assert!(
                lo <= auc[g].unwrap() && auc[g].unwrap() <= hi,
                "group {g}: {lo} {hi} {auc:?}"
            );
            let (lo, hi) = ci[g][0].unwrap();
            assert!(lo < 0.495 && 0.495 < hi);
        }
        assert_eq!(
            ci,
            score_intervals(&sorted, &[0, 1], 2, &Bootstrap::new(300, 5)).unwrap()
        );
    }
}
