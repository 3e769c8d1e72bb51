//! Scoring cases with a trained model: expected urgency on 0–100, the predicted class and
//! track, and the reasons in a counsellor's words; writing the scored table.

use std::path::Path;

use welfare_data::cases::Urgency;

use welfare_data::table::Table;

use crate::case::{Case, Track};
use crate::error::TriageError;
use crate::model::TriageModel;

/// The columns [`TriageModel::write_scored`] appends.
pub const SCORE_COLUMNS: [&str; 4] = ["urgency_score", "urgency_pred", "track_pred", "reasons"];

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
    /// Writes the cases' table with their scores appended, atomically: every input column as
    /// it was read (a CSV's records are copied byte for byte: amounts with decimals and
    /// columns the triage does not use stay as they are), then `urgency_score` (0–100, one
    /// decimal), `urgency_pred`, `track_pred` and `reasons` (joined by `; `). Score columns
    /// already in the table are replaced. `scores` are those of `table`'s rows, in order.
    pub fn write_scored(
        table: &Table,
        scores: &[Score],
        path: impl AsRef<Path>,
    ) -> Result<(), TriageError> {
        let path = path.as_ref();
        if scores.len() != table.height() {
            return Err(TriageError::Parameter {
                name: "scores",
                reason: format!(
                    "{} scores for the {} rows of {}",
                    scores.len(),
                    table.height(),
                    table.name()
                ),
            });
        }
        table.write_appending(path, &SCORE_COLUMNS, |i, cells| {
            let s = &scores[i];
            cells.number(s.urgency_score, 1);
            cells.text(s.urgency_pred.as_str());
            cells.text(s.track_pred.as_str());
            cells.joined(&s.reasons, "; ");
        })?;
        Ok(())
    }

    /// Scores cases (in order; on up to all cores in blocks of consecutive cases, so the
    /// result does not depend on the number of threads).
    pub fn score(&self, cases: &[Case]) -> Vec<Score> {
        const BLOCK: usize = 4096;
        welfare_data::blocks::map_blocks(cases.len(), BLOCK, |a, b| self.score_block(&cases[a..b]))
            .into_iter()
            .flatten()
            .collect()
    }

    fn score_block(&self, cases: &[Case]) -> Vec<Score> {
        let w = self.pipeline.width();
        let mut row = vec![0.0; w];
        let mut logits = vec![0.0; 4];
        let mut tl = vec![0.0; Track::ALL.len()];
        let mut tp = vec![0.0; Track::ALL.len()];
        let explainer = crate::explain::Explainer::new(self);
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
                let reasons = explainer.reasons(c, &row, &p);
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
