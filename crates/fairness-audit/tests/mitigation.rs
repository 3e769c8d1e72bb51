//! Parity with fairlearn 0.15's ThresholdOptimizer and AIF360's Reweighing on the reference
//! numbers `benches/peers/fairlearn_mitigation.py` wrote (German Credit scores and generated
//! data with ties, many groups and a group without positives; shipped with the repository).

// The reference file is read without its types.
#![allow(clippy::disallowed_types)]

use fairness_audit::mitigation::{
    CalibratedEqOdds, CalibratedRequest, Constraint, Objective, Operator, RejectOption,
    RejectOptionRequest, ThresholdOptimizer, ThresholdRequest, kamiran_calders, reweighing,
};
use serde_json::Value;

fn reference() -> Value {
    let text = include_str!("data/mitigation_reference.json");
    serde_json::from_str(text).unwrap()
}

fn num(v: &Value) -> f64 {
    match v {
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        v => v.as_f64().unwrap(),
    }
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12
}

/// Groups as sorted names (fairlearn's groupby order) and each row's index.
fn encode(groups: &[Value]) -> (Vec<String>, Vec<u32>) {
    let mut names: Vec<String> = groups
        .iter()
        .map(|g| g.as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names.dedup();
    let codes = groups
        .iter()
        .map(|g| {
            names
                .binary_search(&g.as_str().unwrap().to_owned())
                .unwrap() as u32
        })
        .collect();
    (names, codes)
}

#[test]
fn threshold_optimizer_matches_fairlearn() {
    let r = reference();
    let mut compared = 0;
    for case in r["threshold_optimizer"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let request = ThresholdRequest {
            constraints: case["constraints"].as_str().unwrap().parse().unwrap(),
            objective: case["objective"].as_str().unwrap().parse().unwrap(),
            grid_size: case["grid_size"].as_u64().unwrap() as usize,
            flip: case["flip"].as_bool().unwrap(),
            tol: case["tol"].as_f64(),
        };
        let y: Vec<bool> = case["y_true"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v == 1)
            .collect();
        let s: Vec<f64> = case["scores"].as_array().unwrap().iter().map(num).collect();
        let (names, codes) = encode(case["groups"].as_array().unwrap());
        let fitted = ThresholdOptimizer::fit(&request, &y, &s, &codes, &names);
        if let Some(err) = case.get("error") {
            let e = fitted.unwrap_err().to_string();
            if err.as_str().unwrap().starts_with("Relaxed constraints") {
                assert!(
                    e.contains("not supported for equalized_odds"),
                    "{name}: {e}"
                );
                continue;
            }
            // fairlearn: "Degenerate labels for sensitive feature value 2"
            assert!(
                err.as_str().unwrap().starts_with("Degenerate labels"),
                "{name}"
            );
            assert!(
                e.starts_with("degenerate labels for group '2'"),
                "{name}: {e}"
            );
            continue;
        }
        let to = fitted.unwrap_or_else(|e| panic!("{name}: {e}"));
        let ex = &case["expected"];
        // fairlearn leaves x_best unset under tol; each group's x is compared below
        if !ex["x_best"].is_null() {
            assert!(
                close(to.x_best, num(&ex["x_best"])),
                "{name}: x_best {} vs {}",
                to.x_best,
                ex["x_best"]
            );
        }
        for (group, x) in ex["x_best_per_group"].as_object().unwrap() {
            let k = to.groups.iter().position(|g| g == group).unwrap();
            assert!(
                close(to.x_best_per_group[k], num(x)),
                "{name} {group}: x {} vs {x}",
                to.x_best_per_group[k]
            );
        }
        assert!(
            close(to.y_best, num(&ex["y_best"])),
            "{name}: y_best {} vs {}",
            to.y_best,
            ex["y_best"]
        );
        for (group, rule) in ex["interpolation"].as_object().unwrap() {
            let mine = to
                .rule(group)
                .unwrap_or_else(|| panic!("{name}: no rule for {group}"));
            let op = |o: &Value| {
                if o == ">" {
                    Operator::Greater
                } else {
                    Operator::Less
                }
            };
            assert!(
                close(mine.p0, num(&rule["p0"])),
                "{name} {group}: p0 {} vs {}",
                mine.p0,
                rule["p0"]
            );
            assert!(close(mine.p1, num(&rule["p1"])), "{name} {group}: p1");
            assert_eq!(
                mine.operation0.operator,
                op(&rule["operator0"]),
                "{name} {group}"
            );
            assert_eq!(
                mine.operation1.operator,
                op(&rule["operator1"]),
                "{name} {group}"
            );
            assert!(
                close(mine.operation0.threshold, num(&rule["threshold0"])),
                "{name} {group}: threshold0 {} vs {}",
                mine.operation0.threshold,
                rule["threshold0"]
            );
            assert!(
                close(mine.operation1.threshold, num(&rule["threshold1"])),
                "{name} {group}: threshold1"
            );
            match rule.get("p_ignore") {
                Some(p) => assert!(
                    close(mine.p_ignore.unwrap(), num(p)),
                    "{name} {group}: p_ignore {:?} vs {p}",
                    mine.p_ignore
                ),
                None => assert!(mine.p_ignore.is_none()),
            }
        }
        let pmf = to.positive_probability(&s, &codes, &names).unwrap();
        let expected: Vec<f64> = ex["pmf"].as_array().unwrap().iter().map(num).collect();
        let worst = pmf
            .iter()
            .zip(&expected)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(
            worst <= 1e-12,
            "{name}: largest difference of a row's probability {worst}"
        );
        compared += 1;
    }
    assert_eq!(compared, 17);
}

#[test]
fn settings_are_checked_as_fairlearn_does() {
    assert!("equalized_odds".parse::<Constraint>().is_ok());
    assert!("parity".parse::<Constraint>().is_err());
    let bad = ThresholdRequest {
        constraints: Constraint::EqualizedOdds,
        objective: Objective::SelectionRate,
        ..ThresholdRequest::default()
    };
    assert!(
        bad.check()
            .unwrap_err()
            .to_string()
            .contains("equalized_odds supports only")
    );
    let y = [true, false, true, false];
    let s = [0.9, 0.2, 0.6, 0.4];
    let names = vec!["a".to_owned(), "b".to_owned()];
    let to = ThresholdOptimizer::fit(&ThresholdRequest::default(), &y, &s, &[0, 0, 1, 1], &names)
        .unwrap();
    // a group the optimizer never saw is refused (fairlearn silently predicts 0)
    let more = vec!["a".to_owned(), "c".to_owned()];
    let err = to.positive_probability(&[0.5], &[1], &more).unwrap_err();
    assert!(err.to_string().contains("'c' was not in the data"), "{err}");
    // JSON has no infinity: thresholds ±inf are written as text and read back
    let json = serde_json::to_string(&to).unwrap();
    assert!(
        json.contains("\"threshold\":\"inf\"") || json.contains("\"threshold\":\"-inf\""),
        "{json}"
    );
    let back: ThresholdOptimizer = serde_json::from_str(&json).unwrap();
    assert_eq!(back, to);
    // seeded decisions: the same seed, the same decisions
    let a = to.predict(&s, &[0, 0, 1, 1], &names, 7).unwrap();
    assert_eq!(a, to.predict(&s, &[0, 0, 1, 1], &names, 7).unwrap());
}

#[test]
fn reweighing_matches_aif360_bit_for_bit() {
    let r = reference();
    let rw = &r["reweighing"];
    let bools = |k: &str| -> Vec<bool> {
        rw[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_bool().unwrap_or(v == 1))
            .collect()
    };
    let y: Vec<bool> = rw["y_true"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v == 1)
        .collect();
    let w = reweighing(&y, &bools("privileged"), &bools("unprivileged")).unwrap();
    let expected: Vec<f64> = rw["weights"].as_array().unwrap().iter().map(num).collect();
    assert_eq!(w, expected);
    // every group: the weighted label rate is the same in each group
    let groups: Vec<u32> = (0..y.len()).map(|i| (i % 5) as u32).collect();
    let w = kamiran_calders(&y, &groups, 5).unwrap();
    let rate = |g: u32| {
        let (mut pos, mut all) = (0.0, 0.0);
        for i in 0..y.len() {
            if groups[i] == g {
                all += w[i];
                if y[i] {
                    pos += w[i];
                }
            }
        }
        pos / all
    };
    let base = y.iter().filter(|&&v| v).count() as f64 / y.len() as f64;
    for g in 0..5 {
        assert!(
            (rate(g) - base).abs() < 1e-12,
            "group {g}: {} vs {base}",
            rate(g)
        );
    }
}

/// AIF360's case inputs: labels, scores, and the privileged/unprivileged rows (prot 1 / 0; 2 =
/// neither).
fn aif_inputs(case: &Value) -> (Vec<bool>, Vec<f64>, Vec<bool>, Vec<bool>) {
    let ints = |k: &str| -> Vec<i64> {
        case[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect()
    };
    let y = ints("y_true").into_iter().map(|v| v == 1).collect();
    let s = case["scores"].as_array().unwrap().iter().map(num).collect();
    let prot = ints("prot");
    let p = prot.iter().map(|&v| v == 1).collect();
    let u = prot.iter().map(|&v| v == 0).collect();
    (y, s, p, u)
}

#[test]
fn calibrated_equalized_odds_matches_aif360() {
    let r = reference();
    let cases = r["calibrated_eq_odds"].as_array().unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (y, s, p, u) = aif_inputs(case);
        let request = CalibratedRequest {
            cost_constraint: case["cost_constraint"].as_str().unwrap().parse().unwrap(),
            threshold: case["threshold"].as_f64().unwrap(),
        };
        let fitted = CalibratedEqOdds::fit(&request, &y, &s, &p, &u).unwrap();
        let ex = &case["expected"];
        for (mine, key) in [
            (fitted.privileged.base_rate, "base_rate_priv"),
            (fitted.unprivileged.base_rate, "base_rate_unpriv"),
            (fitted.privileged.mix_rate, "priv_mix_rate"),
            (fitted.unprivileged.mix_rate, "unpriv_mix_rate"),
        ] {
            assert!(
                close(mine, num(&ex[key])),
                "{name}: {key} {mine} vs {}",
                ex[key]
            );
        }
        let prob = fitted.favorable_probability(&s, &p, &u).unwrap();
        let expected: Vec<f64> = ex["p_favorable"]
            .as_array()
            .unwrap()
            .iter()
            .map(num)
            .collect();
        let worst = prob
            .iter()
            .zip(&expected)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(worst <= 1e-12, "{name}: largest difference {worst}");
        // where the probability is 0 or 1, AIF360's drawn labels must agree
        let labels = ex["labels_seed0"].as_array().unwrap();
        let mut certain = 0;
        for (i, &q) in prob.iter().enumerate() {
            if q == 0.0 || q == 1.0 {
                assert_eq!(q == 1.0, labels[i] == 1, "{name}: row {}", i + 1);
                certain += 1;
            }
        }
        assert!(certain > y.len() / 2, "{name}: {certain} rows certain");
        // the suite's draws: seeded, and close to the probabilities on average
        let drawn = fitted.predict(&s, &p, &u, 3).unwrap();
        assert_eq!(drawn, fitted.predict(&s, &p, &u, 3).unwrap());
    }
    assert_eq!(cases.len(), 5);
}

#[test]
fn reject_option_matches_aif360_exactly() {
    let r = reference();
    let cases = r["reject_option"].as_array().unwrap();
    let mut infeasible = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (y, s, p, u) = aif_inputs(case);
        // AIF360's own parameter names, as the peer script passed them
        let request: RejectOptionRequest = serde_json::from_value(case["params"].clone()).unwrap();
        let fitted = RejectOption::fit(&request, &y, &s, &p, &u).unwrap();
        let ex = &case["expected"];
        assert_eq!(
            fitted.classification_threshold,
            num(&ex["classification_threshold"]),
            "{name}"
        );
        assert_eq!(fitted.roc_margin, num(&ex["ROC_margin"]), "{name}");
        assert_eq!(fitted.feasible, ex["feasible"].as_bool().unwrap(), "{name}");
        infeasible += usize::from(!fitted.feasible);
        let labels = fitted.predict(&s, &p, &u).unwrap();
        let expected: Vec<bool> = ex["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v == 1)
            .collect();
        assert_eq!(labels, expected, "{name}");
    }
    assert_eq!((cases.len(), infeasible), (4, 1));
}

#[test]
fn postprocessor_settings_are_checked() {
    let bad = RejectOptionRequest {
        low_class_thresh: 0.8,
        high_class_thresh: 0.2,
        ..RejectOptionRequest::default()
    };
    assert!(
        bad.check()
            .unwrap_err()
            .to_string()
            .contains("low_class_thresh")
    );
    assert!(
        "Average odds difference"
            .parse::<fairness_audit::mitigation::FairnessMetric>()
            .is_ok()
    );
    assert!(
        "average_odds_difference"
            .parse::<fairness_audit::mitigation::FairnessMetric>()
            .is_ok()
    );
    assert!(
        "odds"
            .parse::<fairness_audit::mitigation::FairnessMetric>()
            .is_err()
    );
    assert!(
        "fpr"
            .parse::<fairness_audit::mitigation::CostConstraint>()
            .is_ok()
    );
    assert!(
        "both"
            .parse::<fairness_audit::mitigation::CostConstraint>()
            .is_err()
    );
    let y = [true, false, true, false, true, false];
    let s = [0.9, 0.2, 0.6, 0.4, 0.7, 0.1];
    let p = [true, true, false, false, false, false];
    let u = [false, false, true, true, false, false];
    // a score outside [0, 1] names the row
    let mut wrong = s;
    wrong[3] = 4.0;
    let err = CalibratedEqOdds::fit(&CalibratedRequest::default(), &y, &wrong, &p, &u)
        .unwrap_err()
        .to_string();
    assert!(err.contains("row 4"), "{err}");
    // a row in both groups is refused
    let both = [true, true, true, false, false, false];
    assert!(RejectOption::fit(&RejectOptionRequest::default(), &y, &s, &both, &u).is_err());
    // a group without positives cannot give equal opportunity
    let y0 = [true, false, false, false, true, false];
    let eod = RejectOptionRequest {
        metric_name: "equal_opportunity_difference".parse().unwrap(),
        ..RejectOptionRequest::default()
    };
    let err = RejectOption::fit(&eod, &y0, &s, &p, &u)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unprivileged"), "{err}");
    // the worst shape: every score equal; still one answer
    let flat = [0.5; 6];
    let fitted = RejectOption::fit(&RejectOptionRequest::default(), &y, &flat, &p, &u).unwrap();
    assert_eq!(fitted.predict(&flat, &p, &u).unwrap().len(), 6);
}

#[test]
fn tolerance_keeps_groups_within_tol() {
    let r = reference();
    for case in r["threshold_optimizer"].as_array().unwrap() {
        let Some(tol) = case["tol"].as_f64().filter(|&t| t > 0.0) else {
            continue;
        };
        if case.get("error").is_some() {
            continue;
        }
        let request = ThresholdRequest {
            constraints: case["constraints"].as_str().unwrap().parse().unwrap(),
            objective: case["objective"].as_str().unwrap().parse().unwrap(),
            grid_size: case["grid_size"].as_u64().unwrap() as usize,
            flip: case["flip"].as_bool().unwrap(),
            tol: Some(tol),
        };
        let y: Vec<bool> = case["y_true"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v == 1)
            .collect();
        let s: Vec<f64> = case["scores"].as_array().unwrap().iter().map(num).collect();
        let (names, codes) = encode(case["groups"].as_array().unwrap());
        let to = ThresholdOptimizer::fit(&request, &y, &s, &codes, &names).unwrap();
        let lo = to
            .x_best_per_group
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        let hi = to
            .x_best_per_group
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(
            hi - lo <= tol + 1e-12,
            "{}: spread {}",
            case["name"],
            hi - lo
        );
        // relaxing can only help the objective
        let strict = ThresholdOptimizer::fit(
            &ThresholdRequest {
                tol: None,
                ..request
            },
            &y,
            &s,
            &codes,
            &names,
        )
        .unwrap();
        assert!(to.y_best >= strict.y_best - 1e-12, "{}", case["name"]);
    }
}
