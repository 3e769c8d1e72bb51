//! Recordings as worn devices deliver them: accelerometer only, 20–50 Hz, ±2–8 g, lost samples,
//! a jittered clock and long dropouts. None is refused; offline and streaming agree.

use fall_detection::device::{DeviceCondition, drop_out, simulate};
use fall_detection::generate::{SyntheticSpec, recording};
use fall_detection::io::SampleReader;
use fall_detection::{DetectorKind, Sensors, TrainOptions, detect_stream, prepare, train};
use welfare_data::signals::{Recording, Trial};

fn data(seed: u64, gyro: bool, repetitions: u32) -> Vec<Trial> {
    recording(&SyntheticSpec {
        seed,
        gyro,
        repetitions,
        ..SyntheticSpec::default()
    })
    .unwrap()
    .trials
}

fn boosting(sensors: Sensors) -> TrainOptions {
    TrainOptions {
        kind: DetectorKind::Boosting,
        sensors,
        ..TrainOptions::default()
    }
}

#[test]
fn the_default_model_needs_no_gyroscope() {
    // trained on recordings with a gyroscope, the default model reads accelerometer-only ones
    let model = train(&data(11, true, 2), &TrainOptions::default()).unwrap();
    assert!(!model.uses_gyro);
    let test = data(12, false, 1);
    let fall = test.iter().find(|t| t.label == Some(true)).unwrap();
    model.detect_trial(fall, "accel-only").unwrap();
    // asked for the gyroscope, it says which trial lacks it
    let err = train(&data(11, false, 1), &boosting(Sensors::AccelGyro)).unwrap_err();
    assert!(err.to_string().contains("no gyroscope columns"), "{err}");
    let with = train(&data(11, true, 1), &boosting(Sensors::AccelGyro)).unwrap();
    assert!(with.uses_gyro);
    let err = with.detect_trial(fall, "accel-only").unwrap_err();
    assert!(err.to_string().contains("gyroscope"), "{err}");
    assert_eq!("accel+gyro".parse::<Sensors>().unwrap(), Sensors::AccelGyro);
    assert!(
        "gyro"
            .parse::<Sensors>()
            .unwrap_err()
            .to_string()
            .contains("accel, accel+gyro")
    );
    assert!("tree".parse::<DetectorKind>().is_err());
}

#[test]
fn device_conditions_are_read_and_falls_still_found() {
    let model = train(&data(11, false, 3), &TrainOptions::default()).unwrap();
    let test = data(12, false, 1);
    for (k, device) in [
        DeviceCondition {
            rate_hz: 20.0,
            range_g: Some(8.0),
            drop_rate: 0.05,
            jitter: 0.2,
            gyro: false,
        },
        DeviceCondition {
            rate_hz: 25.0,
            range_g: Some(4.0),
            drop_rate: 0.05,
            jitter: 0.2,
            gyro: false,
        },
        DeviceCondition {
            rate_hz: 50.0,
            range_g: Some(2.0),
            drop_rate: 0.05,
            jitter: 0.1,
            gyro: false,
        },
    ]
    .into_iter()
    .enumerate()
    {
        let mut found = 0;
        let mut falls = 0;
        let mut false_alarms = 0;
        let mut filled = 0;
        for (i, t) in test.iter().enumerate() {
            let worn = simulate(t, &device, 7 + k as u64).unwrap();
            // every third trial also loses 1.2 s over Bluetooth (before the impact window)
            let worn = if i % 3 == 0 {
                drop_out(&worn, 0.5, 1.2)
            } else {
                worn
            };
            let p = prepare(&worn, &model.window).unwrap();
            filled += p.gaps.samples_filled;
            assert_eq!(p.gaps.splits, usize::from(i % 3 == 0), "{}", t.key());
            let alarms = model.detect(&p).1;
            match t.label {
                Some(true) => {
                    falls += 1;
                    found += usize::from(!alarms.is_empty());
                }
                _ => false_alarms += usize::from(!alarms.is_empty()),
            }
        }
        assert!(filled > 0);
        // the synthetic data are easy: a device that loses a 20th of its samples still finds
        // nearly every fall (±2 g clipping costs most)
        let floor = if device.range_g == Some(2.0) {
            0.6
        } else {
            0.85
        };
        assert!(
            found as f64 >= floor * falls as f64,
            "{device:?}: {found} of {falls}"
        );
        assert!(false_alarms <= 3, "{device:?}: {false_alarms}");
    }
    assert!(
        simulate(
            &test[0],
            &DeviceCondition {
                drop_rate: 1.0,
                ..DeviceCondition::default()
            },
            1
        )
        .is_err()
    );
}

/// The suite's CSV of some trials.
fn csv(trials: &[Trial]) -> Vec<u8> {
    let rec = Recording {
        source: "x".into(),
        trials: trials.to_vec(),
    };
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.csv");
    rec.write(&p).unwrap();
    std::fs::read(&p).unwrap()
}

#[test]
fn streaming_reads_any_rate_and_lost_samples_as_offline() {
    let model = train(&data(11, false, 2), &TrainOptions::default()).unwrap();
    let fast = recording(&SyntheticSpec {
        seed: 12,
        gyro: false,
        rate_hz: 200.0,
        repetitions: 1,
        ..SyntheticSpec::default()
    })
    .unwrap()
    .trials;
    for device in [
        // slower than the model (interpolated), jittered, lossy
        DeviceCondition {
            rate_hz: 20.0,
            range_g: None,
            drop_rate: 0.05,
            jitter: 0.2,
            gyro: false,
        },
        // faster than the model: low-passed as offline
        DeviceCondition {
            rate_hz: 200.0,
            range_g: None,
            drop_rate: 0.0,
            jitter: 0.0,
            gyro: false,
        },
    ] {
        let worn: Vec<Trial> = fast
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let w = simulate(t, &device, 3).unwrap();
                if i % 4 == 1 {
                    drop_out(&w, 1.0, 0.8)
                } else {
                    w
                }
            })
            .collect();
        // the CSV round trip rounds the values: compare against what offline reads from it
        let bytes = csv(&worn);
        let read = Recording::from_bytes("worn.csv", &bytes).unwrap();
        let mut offline = Vec::new();
        for t in &read.trials {
            for a in model.detect_trial(t, "worn.csv").unwrap() {
                offline.push((t.key(), a));
            }
        }
        let mut online = Vec::new();
        let mut reader = SampleReader::new(std::io::Cursor::new(bytes), "worn.csv").unwrap();
        detect_stream(&model, &mut reader, |a| {
            let key = format!(
                "{}/{}/{}",
                a.subject.as_deref().unwrap_or("-"),
                a.activity_code.as_deref().unwrap_or("-"),
                a.trial.as_deref().unwrap_or("-")
            );
            online.push((key, a.alarm));
            Ok(())
        })
        .unwrap();
        assert!(!offline.is_empty());
        assert_eq!(online.len(), offline.len(), "{device:?}");
        for ((ka, a), (kb, b)) in online.iter().zip(&offline) {
            assert_eq!(ka, kb);
            assert!(
                (a.probability - b.probability).abs() < 1e-9,
                "{ka}: {a:?} {b:?}"
            );
            assert!(
                (a.t_impact_s - b.t_impact_s).abs() < 1e-6,
                "{ka}: {a:?} {b:?}"
            );
        }
    }
}

#[test]
fn a_model_for_small_ranges_reads_clipped_devices_and_says_when_it_cannot() {
    use fall_detection::evaluate::detect_recording;
    use fall_detection::features::WindowSpec;
    let train_trials = data(11, false, 2);
    let lab = train(&train_trials, &TrainOptions::default()).unwrap();
    let small = train(
        &train_trials,
        &TrainOptions {
            window: WindowSpec {
                range_g: Some(2.0),
                ..WindowSpec::default()
            },
            ..TrainOptions::default()
        },
    )
    .unwrap();
    assert_eq!(small.window.range_g, Some(2.0));
    // the model file keeps the range
    let dir = tempfile::tempdir().unwrap();
    small.save(dir.path().join("m.json")).unwrap();
    let loaded = fall_detection::Model::load(dir.path().join("m.json")).unwrap();
    assert_eq!(loaded.window.range_g, Some(2.0));
    let pendant = DeviceCondition {
        rate_hz: 25.0,
        range_g: Some(2.0),
        drop_rate: 0.0,
        jitter: 0.0,
        gyro: false,
    };
    let test = data(12, false, 1);
    let worn = Recording {
        source: "pendant".into(),
        trials: test
            .iter()
            .map(|t| simulate(t, &pendant, 5).unwrap())
            .collect(),
    };
    let seen_by_lab = detect_recording(&lab, &worn).unwrap();
    assert_eq!(seen_by_lab.clipping_g, Some(2.0));
    assert!(seen_by_lab.clipping_warning);
    let seen_by_small = detect_recording(&small, &worn).unwrap();
    assert!(!seen_by_small.clipping_warning);
    let found = |r: &fall_detection::evaluate::RecordingResult| {
        worn.trials
            .iter()
            .zip(&r.alarms)
            .filter(|(t, a)| t.label == Some(true) && !a.is_empty())
            .count()
    };
    // the model made for ±2 g finds at least as many of the clipped falls
    assert!(
        found(&seen_by_small) >= found(&seen_by_lab),
        "{} vs {}",
        found(&seen_by_small),
        found(&seen_by_lab)
    );
    // a lab recording read by the small-range model: clipped the same way offline and streaming
    let bytes = csv(&test[..6]);
    let read = Recording::from_bytes("lab.csv", &bytes).unwrap();
    let offline: Vec<_> = read
        .trials
        .iter()
        .flat_map(|t| small.detect_trial(t, "lab").unwrap())
        .collect();
    let mut online = Vec::new();
    let mut reader = SampleReader::new(std::io::Cursor::new(bytes), "lab.csv").unwrap();
    detect_stream(&small, &mut reader, |a| {
        online.push(a.alarm);
        Ok(())
    })
    .unwrap();
    assert_eq!(online, offline);
}

#[test]
fn training_copies_as_low_rate_devices() {
    let trials = data(11, false, 1);
    let with = train(
        &trials,
        &TrainOptions {
            device_copies: true,
            ..TrainOptions::default()
        },
    )
    .unwrap();
    assert_eq!(with.training.trials, 3 * trials.len());
    // seeded: the same model twice
    let again = train(
        &trials,
        &TrainOptions {
            device_copies: true,
            ..TrainOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&with).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
}
