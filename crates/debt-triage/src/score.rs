//! Scoring cases with a trained model: expected urgency on 0–100, the predicted class and
//! track, and the reasons in a counsellor's words; writing the scored table.

use std::path::Path;

use welfare_data::cases::Urgency;

use crate::case::{Case, Cases, Track};
use crate::error::TriageError;
use crate::model::TriageModel;

/// The score of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Expected urgency on 0–100 (U0 = 0, U3 = 100), weighted by the calibrated probabilities.
    pub urgency_score: f64,
    /// The most likely urgency class.
    pub urgency_pred: Urgency,
    /// Calibrated probabilities of U0–U3.
    pub probabilities: [f64; 4],
    /// The suggested counselling track.
    pub track_pred: Track,
    /// The largest contributions towards urgency, in a counsellor's words.
    pub reasons: Vec<String>,
}

impl TriageModel {
    /// Writes the cases with their scores: the input columns, then `urgency_score` (0–100),
    /// `urgency_pred`, `track_pred` and `reasons` (`;`-separated), atomically.
    pub fn write_scored(
        cases: &Cases,
        scores: &[Score],
        path: impl AsRef<Path>,
    ) -> Result<(), TriageError> {
        let path = path.as_ref();
        let table = cases
            .builder()
            .float(
                "urgency_score",
                &scores
                    .iter()
                    .map(|s| (s.urgency_score * 10.0).round() / 10.0)
                    .collect::<Vec<_>>(),
            )
            .text(
                "urgency_pred",
                &scores
                    .iter()
                    .map(|s| s.urgency_pred.as_str())
                    .collect::<Vec<_>>(),
            )
            .text(
                "track_pred",
                &scores
                    .iter()
                    .map(|s| s.track_pred.as_str())
                    .collect::<Vec<_>>(),
            )
            .text(
                "reasons",
                &scores
                    .iter()
                    .map(|s| s.reasons.join("; "))
                    .collect::<Vec<_>>(),
            )
            .build(&path.display().to_string())?;
        Ok(table.write(path)?)
    }

    /// Scores cases (in order; on up to all cores in blocks of consecutive cases, so the
    /// result does not depend on the number of threads).
    pub fn score(&self, cases: &[Case]) -> Vec<Score> {
        const BLOCK: usize = 4096;
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(cases.len().div_ceil(BLOCK))
            .max(1);
        if threads == 1 {
            return self.score_block(cases);
        }
        let per_thread = cases.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let parts: Vec<_> = cases
                .chunks(per_thread)
                .map(|part| scope.spawn(move || self.score_block(part)))
                .collect();
            parts
                .into_iter()
                .flat_map(|h| h.join().expect("scoring does not panic"))
                .collect()
        })
    }

    fn score_block(&self, cases: &[Case]) -> Vec<Score> {
        let w = self.pipeline.width();
        let mut row = vec![0.0; w];
        let mut logits = vec![0.0; 4];
        let mut tl = vec![0.0; Track::ALL.len()];
        let mut tp = vec![0.0; Track::ALL.len()];
        cases
            .iter()
            .map(|c| {
                self.pipeline.row(c, &mut row);
                let mut p = [0.0; 4];
                self.urgency.probabilities(&row, &mut logits, &mut p);
                self.track.probabilities(&row, &mut tl, &mut tp);
                let urgency_score = 100.0 * (p[1] + 2.0 * p[2] + 3.0 * p[3]) / 3.0;
                let urgency_pred = Urgency::ALL[argmax(&p)];
                let track_pred = Track::ALL[argmax(&tp)];
                let reasons = crate::explain::reasons(self, c, &row, &p);
                Score {
                    urgency_score,
                    urgency_pred,
                    probabilities: p,
                    track_pred,
                    reasons,
                }
            })
            .collect()
    }
}

fn argmax(p: &[f64]) -> usize {
    p.iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |(bi, bv), (i, &v)| {
            if v > bv { (i, v) } else { (bi, bv) }
        })
        .0
}
