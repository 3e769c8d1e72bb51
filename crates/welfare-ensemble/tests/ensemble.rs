use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use welfare_ensemble::{
    Booster, BoostingParams, Classes, Decomposition, EnsembleError, Node, Tree,
};

/// Two features uniform in [-1, 1], a third pure noise; label = XOR of the signs of the first
/// two, flipped with probability `noise`.
fn xor(n: usize, noise: f64, seed: u64) -> (Array2<f64>, Vec<bool>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = Array2::zeros((n, 3));
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        for j in 0..3 {
            x[[i, j]] = rng.gen_range(-1.0..1.0);
        }
        let label = (x[[i, 0]] > 0.0) != (x[[i, 1]] > 0.0);
        y.push(label != rng.gen_bool(noise));
    }
    (x, y)
}

fn log_loss(b: &Booster, x: &Array2<f64>, y: &[bool]) -> f64 {
    x.rows()
        .into_iter()
        .zip(y)
        .map(|(r, &l)| {
            let p = b
                .probability(r.as_slice().unwrap())
                .clamp(1e-12, 1.0 - 1e-12);
            if l { -p.ln() } else { -(1.0 - p).ln() }
        })
        .sum::<f64>()
        / y.len() as f64
}

#[test]
fn boosting_learns_an_interaction_no_single_feature_shows() {
    let (x, y) = xor(4000, 0.05, 1);
    let (xt, yt) = xor(4000, 0.05, 2);
    let b = BoostingParams::default()
        .check()
        .unwrap()
        .fit(x.view(), &y, None)
        .unwrap();
    assert!(!b.trees.is_empty());
    let correct = xt
        .rows()
        .into_iter()
        .zip(&yt)
        .filter(|(r, l)| (b.probability(r.as_slice().unwrap()) > 0.5) == **l)
        .count();
    // 5 % label noise: the best possible accuracy is 95 %
    assert!(correct as f64 / 4000.0 > 0.92, "accuracy {correct}/4000");
    // the constant model's log-loss is ln 2 = 0.693; the Bayes rate's is 0.199
    let ll = log_loss(&b, &xt, &yt);
    assert!(ll < 0.3, "held-out log-loss {ll}");
}

#[test]
fn equal_data_and_seed_give_equal_trees_and_the_json_round_trip_is_exact() {
    let (x, y) = xor(2000, 0.1, 3);
    let params = BoostingParams {
        subsample: 0.7,
        seed: 42,
        ..BoostingParams::default()
    };
    let a = params.check().unwrap().fit(x.view(), &y, None).unwrap();
    let b = params.check().unwrap().fit(x.view(), &y, None).unwrap();
    assert_eq!(a, b);
    let other = BoostingParams { seed: 43, ..params }
        .check()
        .unwrap()
        .fit(x.view(), &y, None)
        .unwrap();
    assert_ne!(a, other, "the seed must matter when rows are sampled");
    let json = serde_json::to_string(&a).unwrap();
    let back: Booster = serde_json::from_str(&json).unwrap();
    assert_eq!(a, back);
    back.check(3).unwrap();
}

#[test]
fn contributions_add_up_to_the_margin() {
    let (x, y) = xor(1500, 0.1, 4);
    let b = BoostingParams::default()
        .check()
        .unwrap()
        .fit(x.view(), &y, None)
        .unwrap();
    let mut mean_abs = [0.0; 3];
    for r in x.rows().into_iter().take(500) {
        let row = r.as_slice().unwrap();
        let mut c = vec![0.0; 3];
        let constant = b.contributions(row, &mut c);
        let total = constant + c.iter().sum::<f64>();
        assert!(
            (total - b.margin(row)).abs() < 1e-9,
            "{total} vs {}",
            b.margin(row)
        );
        for j in 0..3 {
            mean_abs[j] += c[j].abs() / 500.0;
        }
    }
    // the noise feature explains much less than the two real ones
    assert!(
        mean_abs[2] < 0.35 * mean_abs[0].min(mean_abs[1]),
        "{mean_abs:?}"
    );
}

#[test]
fn every_bad_hyperparameter_is_named_before_fitting() {
    let d = BoostingParams::default();
    let cases: Vec<(&str, BoostingParams)> = vec![
        ("iterations", BoostingParams { iterations: 0, ..d }),
        (
            "learning_rate",
            BoostingParams {
                learning_rate: 0.0,
                ..d
            },
        ),
        (
            "learning_rate",
            BoostingParams {
                learning_rate: f64::NAN,
                ..d
            },
        ),
        (
            "learning_rate",
            BoostingParams {
                learning_rate: 1.5,
                ..d
            },
        ),
        ("max_leaves", BoostingParams { max_leaves: 1, ..d }),
        ("max_depth", BoostingParams { max_depth: 0, ..d }),
        ("l2", BoostingParams { l2: -1.0, ..d }),
        (
            "min_leaf_weight",
            BoostingParams {
                min_leaf_weight: f64::INFINITY,
                ..d
            },
        ),
        ("bins", BoostingParams { bins: 1, ..d }),
        (
            "subsample",
            BoostingParams {
                subsample: 0.0,
                ..d
            },
        ),
        (
            "validation_share",
            BoostingParams {
                validation_share: 0.6,
                ..d
            },
        ),
        (
            "early_stopping_rounds",
            BoostingParams {
                early_stopping_rounds: 0,
                ..d
            },
        ),
    ];
    for (name, p) in cases {
        match p.check() {
            Err(EnsembleError::Parameter { name: n, .. }) => assert_eq!(n, name),
            other => panic!("{name}: {other:?}"),
        }
    }
    assert!(BoostingParams::single_tree(6).check().is_ok());
}

#[test]
fn bad_training_data_is_an_error_naming_the_row() {
    let boosting = BoostingParams::default().check().unwrap();
    let (mut x, y) = xor(100, 0.1, 5);
    let e = boosting.fit(x.view(), &y[..99], None).unwrap_err();
    assert!(e.to_string().contains("99 labels for 100 rows"), "{e}");
    let e = boosting
        .fit(x.view(), &y, Some(&vec![1.0; 100][..50]))
        .unwrap_err();
    assert!(e.to_string().contains("50 weights"), "{e}");
    let mut w = vec![1.0; 100];
    w[7] = -1.0;
    let e = boosting.fit(x.view(), &y, Some(&w)).unwrap_err();
    assert!(e.to_string().contains("row 7"), "{e}");
    x[[12, 1]] = f64::INFINITY;
    let e = boosting.fit(x.view(), &y, None).unwrap_err();
    assert!(e.to_string().contains("row 12, feature 1"), "{e}");
    let empty = Array2::<f64>::zeros((0, 3));
    assert!(matches!(
        boosting.fit(empty.view(), &[], None),
        Err(EnsembleError::Data(_))
    ));
}

#[test]
fn one_class_gives_a_constant_booster_and_missing_values_are_learned() {
    let boosting = BoostingParams::default().check().unwrap();
    let (x, _) = xor(200, 0.0, 6);
    let b = boosting.fit(x.view(), &[true; 200], None).unwrap();
    assert!(b.trees.is_empty());
    assert!(b.probability(&[0.0, 0.0, 0.0]) > 0.99);
    // label = feature 0 is missing: only the missing branch tells
    let mut x = x;
    let mut y = Vec::new();
    for i in 0..200 {
        let missing = i % 3 == 0;
        if missing {
            x[[i, 0]] = f64::NAN;
        }
        y.push(missing);
    }
    let b = BoostingParams {
        validation_share: 0.0,
        ..BoostingParams::default()
    }
    .check()
    .unwrap()
    .fit(x.view(), &y, None)
    .unwrap();
    assert!(b.probability(&[f64::NAN, 0.3, 0.3]) > 0.9);
    assert!(b.probability(&[0.2, 0.3, 0.3]) < 0.1);
}

#[test]
fn early_stopping_stops_on_noise() {
    let (x, _) = xor(3000, 0.0, 7);
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let y: Vec<bool> = (0..3000).map(|_| rng.gen_bool(0.5)).collect();
    let b = BoostingParams::default()
        .check()
        .unwrap()
        .fit(x.view(), &y, None)
        .unwrap();
    assert!(b.trees.len() < 60, "{} trees on pure noise", b.trees.len());
}

#[test]
fn ordinal_and_one_vs_rest_give_probabilities_and_order() {
    // class = how many of the first two features are positive (0, 1, 2): ordered
    let (x, _) = xor(3000, 0.0, 9);
    let y: Vec<usize> = x
        .rows()
        .into_iter()
        .map(|r| usize::from(r[0] > 0.0) + usize::from(r[1] > 0.0))
        .collect();
    let boosting = BoostingParams::default().check().unwrap();
    for d in [Decomposition::Ordinal, Decomposition::OneVsRest] {
        let mut calls = Vec::new();
        let c = Classes::fit(&boosting, x.view(), &y, 3, d, |a, b| calls.push((a, b))).unwrap();
        let expected = if d == Decomposition::Ordinal { 2 } else { 3 };
        assert_eq!(calls.last(), Some(&(expected, expected)));
        c.check(3, 3).unwrap();
        assert!(c.check(3, 4).is_err());
        let mut p = [0.0; 3];
        let mut right = 0;
        for (r, &t) in x.rows().into_iter().zip(&y) {
            c.probabilities(r.as_slice().unwrap(), &mut p);
            assert!(p.iter().all(|&v| (0.0..=1.0).contains(&v)));
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            let best = (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
            right += usize::from(best == t);
        }
        assert!(right > 2850, "{d:?}: {right}/3000");
    }
    let e = Classes::fit(
        &boosting,
        x.view(),
        &[5; 3000],
        3,
        Decomposition::Ordinal,
        |_, _| {},
    )
    .unwrap_err();
    assert!(e.to_string().contains("row 0: class 5"), "{e}");
}

#[test]
fn a_corrupt_tree_is_rejected_when_checked() {
    let leaf = |value| Node::Leaf { value };
    let split = |feature, left, right| Node::Split {
        feature,
        threshold: 0.5,
        left,
        right,
        missing: left,
        value: 0.0,
    };
    let ok = Tree {
        nodes: vec![split(0, 1, 2), leaf(-1.0), leaf(1.0)],
    };
    ok.check(1).unwrap();
    assert_eq!(ok.predict(&[0.2]), -1.0);
    assert_eq!(ok.predict(&[0.5]), 1.0);
    assert_eq!(ok.predict(&[f64::NAN]), -1.0);
    for (bad, what) in [
        (vec![split(3, 1, 2), leaf(0.0), leaf(0.0)], "feature 3"),
        (vec![split(0, 0, 2), leaf(0.0), leaf(0.0)], "out of order"),
        (vec![split(0, 1, 9), leaf(0.0), leaf(0.0)], "out of range"),
        (vec![leaf(f64::NAN)], "not finite"),
        (vec![], "without nodes"),
    ] {
        let e = Tree { nodes: bad }.check(1).unwrap_err();
        assert!(e.to_string().contains(what), "{what}: {e}");
    }
}

#[test]
fn a_single_tree_is_one_full_newton_step() {
    let (x, y) = xor(2000, 0.0, 10);
    let b = BoostingParams::single_tree(3)
        .check()
        .unwrap()
        .fit(x.view(), &y, None)
        .unwrap();
    assert_eq!(b.trees.len(), 1);
    let leaves = b.trees[0]
        .nodes
        .iter()
        .filter(|n| matches!(n, Node::Leaf { .. }))
        .count();
    assert!((2..=8).contains(&leaves), "{leaves} leaves at depth 3");
}
