//! The interpretable detector: alarm when the impact peak and the change of posture both reach
//! their thresholds.

use serde::{Deserialize, Serialize};

/// Index of the features the threshold detector reads.
const PEAK: usize = 0;

const TILT: usize = 13;

/// The interpretable baseline: alarm when the impact reaches `peak_g` and the posture turned
/// by at least `tilt_deg`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    /// Impact peak, g.
    pub peak_g: f64,
    /// Change of posture, degrees.
    pub tilt_deg: f64,
}

impl Threshold {
    /// A score in 0–1 that reaches 0.5 exactly when both thresholds are met:
    /// `min(peak / peak_g, tilt / tilt_deg) / 2`.
    #[inline]
    pub fn score(&self, x: &[f64]) -> f64 {
        (0.5 * (x[PEAK] / self.peak_g).min(x[TILT] / self.tilt_deg)).clamp(0.0, 1.0)
    }
}
