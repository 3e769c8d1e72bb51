//! Mergeable counts: chunks counted separately and merged in any order give the audit of all
//! rows at once — every value, bit for bit, bootstrap included — except ROC AUC and the score
//! metrics' row-level intervals, which need the rows.

// Two reports are compared as JSON trees.
#![allow(clippy::disallowed_types)]

use fairness_audit::{AuditError, AuditOptions, Bootstrap, Condition, Counts, audit, audit_counts};
use serde_json::Value;
use welfare_data::synth::{PredictionSpec, predictions};
use welfare_data::{Categorical, Predictions};

/// Rows `range` of `data` as their own table (levels re-encoded: a chunk sees only its values).
fn rows(data: &Predictions, range: std::ops::Range<usize>) -> Predictions {
    Predictions {
        y_true: data.y_true[range.clone()].to_vec(),
        y_pred: data.y_pred[range.clone()].to_vec(),
        y_score: data.y_score.as_ref().map(|s| s[range.clone()].to_vec()),
        sensitive: data
            .sensitive
            .iter()
            .map(|c| {
                let values: Vec<&str> = range.clone().map(|i| c.value(i)).collect();
                Categorical::encode(&c.name, &values)
            })
            .collect(),
    }
}

/// Sorted by district, so that most chunks see only some districts.
fn sorted_by_district(data: &Predictions) -> Predictions {
    let d = data
        .sensitive
        .iter()
        .position(|c| c.name == "district")
        .unwrap();
    let mut order: Vec<usize> = (0..data.len()).collect();
    order.sort_by_key(|&i| data.sensitive[d].codes[i]);
    Predictions {
        y_true: order.iter().map(|&i| data.y_true[i]).collect(),
        y_pred: order.iter().map(|&i| data.y_pred[i]).collect(),
        y_score: data
            .y_score
            .as_ref()
            .map(|s| order.iter().map(|&i| s[i]).collect()),
        sensitive: data
            .sensitive
            .iter()
            .map(|c| {
                let values: Vec<&str> = order.iter().map(|&i| c.value(i)).collect();
                Categorical::encode(&c.name, &values)
            })
            .collect(),
    }
}

fn options() -> AuditOptions {
    AuditOptions {
        bootstrap: Some(Bootstrap::new(200, 11)),
        privileged: Some(Condition::parse("sex=male").unwrap()),
        ..AuditOptions::default()
    }
}

/// The report without what only rows give: roc_auc values, score-metric intervals, and the
/// warning that says they are left out.
fn without_rank_metrics(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("roc_auc");
                for key in ["mean_score", "brier_score"] {
                    if let Some(Value::Object(ci)) = map.get_mut("confidence_intervals") {
                        ci.remove(key);
                    }
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => {
                items.retain(|i| !i.as_str().is_some_and(|s| s.starts_with("roc_auc needs")));
                items.iter_mut().for_each(strip);
            }
            _ => {}
        }
    }
    strip(&mut v);
    v
}

#[test]
fn merged_chunks_audit_exactly_like_all_rows() {
    let data = sorted_by_district(&predictions(&PredictionSpec::new(20_000, 5)));
    let whole = serde_json::to_value(audit(&data, &options()).unwrap()).unwrap();
    let whole_counts = Counts::count(&data).unwrap();
    let from_counts =
        serde_json::to_value(audit_counts(&whole_counts, &options()).unwrap()).unwrap();
    assert_eq!(
        without_rank_metrics(whole.clone()),
        without_rank_metrics(from_counts.clone())
    );
    assert!(from_counts.to_string().contains("roc_auc needs"));
    assert!(
        !from_counts["audits"][0]["overall"]
            .as_object()
            .unwrap()
            .contains_key("roc_auc")
    );
    assert!(whole["audits"][0]["overall"]["roc_auc"].is_number());

    // Uneven chunks, merged forwards, backwards and as a tree.
    let bounds = [0, 1, 977, 5_000, 5_001, 12_345, 19_999, 20_000];
    let chunks: Vec<Counts> = bounds
        .windows(2)
        .map(|w| Counts::count(&rows(&data, w[0]..w[1])).unwrap())
        .collect();
    assert!(
        chunks
            .iter()
            .any(|c| c.levels[2].len() < whole_counts.levels[2].len())
    );
    let forwards = chunks.iter().skip(1).fold(chunks[0].clone(), |mut acc, c| {
        acc.merge(c).unwrap();
        acc
    });
    let backwards = chunks
        .iter()
        .rev()
        .skip(1)
        .fold(chunks[6].clone(), |mut acc, c| {
            acc.merge(c).unwrap();
            acc
        });
    let mut left = chunks[0].clone();
    left.merge(&chunks[1]).unwrap();
    left.merge(&chunks[2]).unwrap();
    let mut right = chunks[5].clone();
    right.merge(&chunks[4]).unwrap();
    right.merge(&chunks[3]).unwrap();
    right.merge(&chunks[6]).unwrap();
    right.merge(&left).unwrap();
    for merged in [&forwards, &backwards, &right] {
        assert_eq!(merged, &whole_counts);
        let report = serde_json::to_value(audit_counts(merged, &options()).unwrap()).unwrap();
        assert_eq!(report, from_counts);
    }
}

#[test]
fn the_serialised_form_round_trips_and_is_checked() {
    let data = predictions(&PredictionSpec::new(2_000, 9));
    let counts = Counts::count(&data).unwrap();
    let json = serde_json::to_string(&counts).unwrap();
    assert!(json.starts_with(r#"{"format":"welfare-fairness-counts","version":1,"#));
    let back: Counts = serde_json::from_str(&json).unwrap();
    assert_eq!(back, counts);
    back.check().unwrap();

    let tampered = |from: &str, to: &str| -> String {
        let t: Counts = serde_json::from_str(&json.replacen(from, to, 1)).unwrap();
        audit_counts(&t, &AuditOptions::default())
            .unwrap_err()
            .to_string()
    };
    assert!(tampered(r#""version":1"#, r#""version":7"#).contains("version 7 is not supported"));
    assert!(
        tampered(r#""rows":2000"#, r#""rows":2001"#)
            .contains("rows is 2001 but the cells hold 2000")
    );
    assert!(tampered(r#""key":[0,0,0]"#, r#""key":[0,0,99]"#).contains("key that does not fit"));
    // merging unchecked counts read from elsewhere is an error, not a panic
    let mut bad: Counts =
        serde_json::from_str(&json.replacen(r#""key":[0,0,0]"#, r#""key":[0,0,99]"#, 1)).unwrap();
    let err = bad.merge(&counts).unwrap_err().to_string();
    assert!(err.contains("key that does not fit"), "{err}");
}

#[test]
fn counts_that_do_not_fit_together_are_refused() {
    let data = predictions(&PredictionSpec::new(500, 1));
    let mut a = Counts::count(&data).unwrap();
    let mut other = data.clone();
    other.sensitive.pop();
    let b = Counts::count(&other).unwrap();
    let err = a.merge(&b).unwrap_err();
    assert!(matches!(err, AuditError::Mismatch { .. }));
    assert!(
        err.to_string()
            .contains("sensitive columns: sex,age_group,district vs sex,age_group"),
        "{err}"
    );
    other = data.clone();
    other.y_score = None;
    let err = a.merge(&Counts::count(&other).unwrap()).unwrap_err();
    assert!(
        err.to_string().contains("with scores vs without scores"),
        "{err}"
    );
}
