//! Parity with fairlearn 0.15's ThresholdOptimizer and AIF360's Reweighing on the reference
//! numbers `benches/peers/fairlearn_mitigation.py` wrote (German Credit scores and generated
//! data with ties, many groups and a group without positives; shipped with the repository).

// The reference file is read without its types.
#![allow(clippy::disallowed_types)]

use fairness_audit::mitigation::{
    Constraint, Objective, Operator, ThresholdOptimizer, ThresholdRequest, kamiran_calders,
    reweighing,
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
        assert!(
            close(to.x_best, num(&ex["x_best"])),
            "{name}: x_best {} vs {}",
            to.x_best,
            ex["x_best"]
        );
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
    assert_eq!(compared, 12);
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
