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

/// Bootstrap settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Number of resamples.
    pub replicates: usize,
    pub seed: u64,
    /// Central coverage, e.g. 0.95 for the 2.5 % and 97.5 % quantiles.
    pub level: f64,
}

impl Bootstrap {
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
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 16);
    let per_thread = spec.replicates.div_ceil(threads);
    let chunks: Vec<Vec<Vec<Option<f64>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let statistic = &statistic;
                scope.spawn(move || {
                    let start = t * per_thread;
                    let end = ((t + 1) * per_thread).min(spec.replicates);
                    (start..end)
                        .map(|b| {
                            let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
                            rng.set_stream(b as u64);
                            statistic(&resample(cells, &mut rng))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("bootstrap worker"))
            .collect()
    });
    Ok(chunks.into_iter().flatten().collect())
}

/// Percentile intervals of `statistic` (a fixed-length vector of values computed from cell
/// counts). Replicates where a value is undefined are skipped for that value; a value with
/// fewer than two defined replicates has no interval.
pub fn intervals<F>(
    cells: &[Stats],
    spec: &Bootstrap,
    statistic: F,
) -> Result<Vec<Option<(f64, f64)>>, AuditError>
where
    F: Fn(&[Stats]) -> Vec<Option<f64>> + Sync,
{
    let width = statistic(cells).len();
    let replicates = replicates(cells, spec, statistic)?;
    let lo_q = (1.0 - spec.level) / 2.0;
    let hi_q = 1.0 - lo_q;
    Ok((0..width)
        .map(|k| {
            let mut values: Vec<f64> = replicates.iter().filter_map(|r| r[k]).collect();
            if values.len() < 2 {
                return None;
            }
            values.sort_by(f64::total_cmp);
            Some((quantile(&values, lo_q), quantile(&values, hi_q)))
        })
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
}
