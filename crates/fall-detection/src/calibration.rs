//! Probability calibration: Platt scaling of a detector's scores, fitted on out-of-fold trial
//! scores (every trial scored by a model that never saw its subject), so that an alarm's
//! probability can be read as the share of falls among trials scored like it.

use serde::{Deserialize, Serialize};

/// `p' = 1 / (1 + exp(−(a · logit(p) + b)))`, with `a > 0` so the order of scores, and so every
/// alarm at the matching cut-off, is kept.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Platt {
    /// Slope on the log-odds of the raw score.
    pub a: f64,
    /// Offset.
    pub b: f64,
}

/// Raw scores are clamped this far from 0 and 1 before taking log-odds.
const EPS: f64 = 1e-12;

fn logit(p: f64) -> f64 {
    let p = p.clamp(EPS, 1.0 - EPS);
    (p / (1.0 - p)).ln()
}

impl Platt {
    /// The calibrated probability of a raw score.
    #[inline]
    pub fn apply(&self, p: f64) -> f64 {
        1.0 / (1.0 + (-(self.a * logit(p) + self.b)).exp())
    }

    /// Whether the parameters can be used (finite, increasing).
    pub fn is_valid(&self) -> bool {
        self.a.is_finite() && self.b.is_finite() && self.a > 0.0
    }

    /// Fits `a`, `b` by maximum likelihood on `(raw score, is a fall)` pairs with Platt's
    /// smoothed targets ((N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2)), by Newton's method with a
    /// backtracking line search (Lin, Lin & Weng 2007). `None` without both classes or when the
    /// fit does not give an increasing map. Linear per iteration; at most 100 iterations.
    pub fn fit(scores: &[(f64, bool)]) -> Option<Platt> {
        let positives = scores.iter().filter(|s| s.1).count() as f64;
        let negatives = scores.len() as f64 - positives;
        if positives == 0.0 || negatives == 0.0 {
            return None;
        }
        let hi = (positives + 1.0) / (positives + 2.0);
        let lo = 1.0 / (negatives + 2.0);
        let data: Vec<(f64, f64)> = scores
            .iter()
            .map(|&(p, fall)| (logit(p), if fall { hi } else { lo }))
            .collect();
        // negative log-likelihood, written so that large margins do not overflow
        let loss = |a: f64, b: f64| -> f64 {
            data.iter()
                .map(|&(x, t)| {
                    let f = a * x + b;
                    if f >= 0.0 {
                        t * (1.0 + (-f).exp()).ln() + (1.0 - t) * (f + (1.0 + (-f).exp()).ln())
                    } else {
                        t * (-f + (1.0 + f.exp()).ln()) + (1.0 - t) * (1.0 + f.exp()).ln()
                    }
                })
                .sum()
        };
        let (mut a, mut b) = (1.0, 0.0); // the identity: raw scores taken as they are
        let sigma = 1e-12; // keeps the Hessian positive definite
        let mut current = loss(a, b);
        for _ in 0..100 {
            let (mut g1, mut g2, mut h11, mut h22, mut h21) = (0.0, 0.0, sigma, sigma, 0.0);
            for &(x, t) in &data {
                let p = 1.0 / (1.0 + (-(a * x + b)).exp());
                let d = p - t;
                let w = p * (1.0 - p);
                g1 += x * d;
                g2 += d;
                h11 += x * x * w;
                h22 += w;
                h21 += x * w;
            }
            if g1.abs() < 1e-9 && g2.abs() < 1e-9 {
                break;
            }
            let det = h11 * h22 - h21 * h21;
            if det <= 0.0 || !det.is_finite() {
                break;
            }
            let da = -(h22 * g1 - h21 * g2) / det;
            let db = -(-h21 * g1 + h11 * g2) / det;
            let slope = g1 * da + g2 * db;
            let mut step = 1.0;
            let mut moved = false;
            while step >= 1e-10 {
                let (na, nb) = (a + step * da, b + step * db);
                let l = loss(na, nb);
                if l <= current + 1e-4 * step * slope {
                    (a, b, current) = (na, nb, l);
                    moved = true;
                    break;
                }
                step /= 2.0;
            }
            if !moved {
                break;
            }
        }
        let platt = Platt { a, b };
        platt.is_valid().then_some(platt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_known_map_and_keeps_the_order() {
        // scores whose true fall rate is sigmoid(2 · logit(p) − 1): deterministic grid
        let mut scores = Vec::new();
        for i in 1..200 {
            let p = i as f64 / 200.0;
            let rate = 1.0 / (1.0 + (-(2.0 * logit(p) - 1.0)).exp());
            let falls = (rate * 100.0).round() as usize;
            for k in 0..100 {
                scores.push((p, k < falls));
            }
        }
        let platt = Platt::fit(&scores).unwrap();
        assert!((platt.a - 2.0).abs() < 0.05, "{platt:?}");
        assert!((platt.b + 1.0).abs() < 0.05, "{platt:?}");
        let mapped: Vec<f64> = [0.01, 0.2, 0.5, 0.8, 0.99].map(|p| platt.apply(p)).to_vec();
        assert!(mapped.windows(2).all(|w| w[0] < w[1]), "{mapped:?}");
    }

    #[test]
    fn one_class_or_reversed_scores_give_no_calibration() {
        assert_eq!(Platt::fit(&[(0.2, true), (0.9, true)]), None);
        assert_eq!(Platt::fit(&[]), None);
        // high scores are the non-falls: a decreasing map is refused
        let reversed: Vec<(f64, bool)> = (1..100).map(|i| (i as f64 / 100.0, i < 50)).collect();
        assert_eq!(Platt::fit(&reversed), None);
        // separable classes: the fit stays finite (smoothed targets)
        let separable: Vec<(f64, bool)> = (1..100).map(|i| (i as f64 / 100.0, i >= 50)).collect();
        let p = Platt::fit(&separable).unwrap();
        assert!(p.apply(0.9) > 0.9 && p.apply(0.1) < 0.1, "{p:?}");
    }
}
