//! On real SisFall development subjects from `../shared` (research use only: the data is never
//! copied into the repository): `#[ignore]`d, run with `--ignored`, failing without the data.

use std::path::PathBuf;

use fall_detection::evaluate::cross_validate;
use fall_detection::{DetectorKind, TrainOptions, prepare_all};
use welfare_data::signals::Recording;

fn dev_dir() -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets/fall/sisfall-dev");
    assert!(
        dir.is_dir(),
        "{} is not there: this test needs the SisFall development subjects",
        dir.display()
    );
    dir
}

#[test]
#[ignore = "needs ../shared/datasets/fall/sisfall-dev (research use only): run with --ignored"]
fn threshold_detector_cross_validated_on_four_subjects() {
    let dir = dev_dir();
    let mut trials = Vec::new();
    for s in ["SA01", "SA04", "SA05", "SE01"] {
        trials.extend(
            Recording::read(dir.join(format!("{s}.csv.gz")))
                .unwrap()
                .trials,
        );
    }
    assert!(
        trials
            .iter()
            .all(|t| (t.sample_rate_hz() - 50.0).abs() < 1e-6)
    );
    let options = TrainOptions {
        kind: DetectorKind::Threshold,
        ..TrainOptions::default()
    };
    let prepared = prepare_all(&trials, &options.window).unwrap();
    let cv = cross_validate(&prepared, &options, 2, 1).unwrap();
    let m = &cv.evaluation.overall;
    assert_eq!(m.trials, trials.len());
    assert!(m.sensitivity.unwrap() > 0.9, "{m:?}");
    assert!(m.specificity.unwrap() > 0.9, "{m:?}");
    // no fold's test subjects were in its training set
    for fold in &cv.folds {
        assert!(!fold.is_empty());
    }
    assert_eq!(cv.folds.iter().map(Vec::len).sum::<usize>(), 4);
}
