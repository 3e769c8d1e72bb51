//! The alarm chain over interleaved wearers: a fall and lying still → alarm after the cancel
//! window; a fall and walking again → cancelled; "I'm fine" → cancelled; walking only → nothing;
//! the signal lost after a fall → alarm.

use fall_detection::generate::{SyntheticSpec, recording};
use fall_detection::watch::{EventKind, Reason, Watch, WatchEvent, WatchOptions};
use fall_detection::{DetectorKind, Model, TrainOptions, train};
use welfare_data::signals::Trial;

type Samples = Vec<(f64, [f64; 3], bool)>;

fn model() -> (Model, Vec<Trial>) {
    let train_set = recording(&SyntheticSpec {
        seed: 11,
        gyro: false,
        ..SyntheticSpec::default()
    })
    .unwrap();
    let test = recording(&SyntheticSpec {
        seed: 12,
        gyro: false,
        ..SyntheticSpec::default()
    })
    .unwrap();
    let model = train(
        &train_set.trials,
        &TrainOptions {
            kind: DetectorKind::Boosting,
            ..TrainOptions::default()
        },
    )
    .unwrap();
    (model, test.trials)
}

/// A trial's samples shifted to start at `t0`.
fn samples(t: &Trial, t0: f64) -> Samples {
    t.t_s
        .iter()
        .zip(&t.acc_g)
        .map(|(s, a)| (t0 + s - t.t_s[0], *a, false))
        .collect()
}

/// `seconds` more of the last sample's posture with a little noise (lying still).
fn still(after: &Samples, seconds: f64) -> Samples {
    let (t_end, a, _) = *after.last().unwrap();
    (1..=(seconds * 50.0) as usize)
        .map(|k| {
            let n = 0.003 * ((k * 7919) % 13) as f64 / 13.0;
            (t_end + k as f64 / 50.0, [a[0] + n, a[1] - n, a[2]], false)
        })
        .collect()
}

fn run(model: &Model, wearers: &[(&str, Samples)]) -> Vec<WatchEvent> {
    let mut watch = Watch::new(model, WatchOptions::default()).unwrap();
    let mut events = Vec::new();
    let longest = wearers.iter().map(|w| w.1.len()).max().unwrap();
    // interleaved, as a gateway forwards them
    for k in 0..longest {
        for (name, s) in wearers {
            if let Some(&(t, a, button)) = s.get(k) {
                watch
                    .push(name, t, a, button, &mut |e| events.push(e))
                    .unwrap();
            }
        }
    }
    watch.finish(&mut |e| events.push(e));
    events
}

#[test]
fn falls_alarm_unless_cancelled() {
    let (model, trials) = model();
    // a fall the model detects, and a walk
    let fall = trials
        .iter()
        .find(|t| t.label == Some(true) && !model.detect_trial(t, "t").unwrap().is_empty())
        .unwrap();
    let walk = trials
        .iter()
        .find(|t| t.activity_code.as_deref() == Some("D01"))
        .unwrap();
    assert!(model.detect_trial(walk, "t").unwrap().is_empty());

    let mut down = samples(fall, 0.0);
    down.extend(still(&down, 40.0));

    // after the fall, up and walking (as before the fall) — three walks back to back
    let mut up = samples(fall, 0.0);
    for _ in 0..3 {
        let next = up.last().unwrap().0 + 0.02;
        up.extend(samples(walk, next));
    }

    let mut fine = samples(fall, 0.0);
    fine.extend(still(&fine, 40.0));
    let press = fine.len() - 40 * 50 + 5 * 50; // five seconds into the lying
    fine[press].2 = true;

    let mut walking = samples(walk, 0.0);
    for _ in 0..3 {
        let next = walking.last().unwrap().0 + 0.02;
        walking.extend(samples(walk, next));
    }

    let mut lost = samples(fall, 0.0);
    lost.extend(still(&lost, 5.0));

    let events = run(
        &model,
        &[
            ("A", down),
            ("B", up),
            ("C", fine),
            ("D", walking),
            ("E", lost),
        ],
    );
    let of = |w: &str| {
        events
            .iter()
            .filter(|e| e.wearer == w)
            .map(|e| (e.event, e.reason))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of("A"),
        vec![
            (EventKind::Candidate, Reason::Impact),
            (EventKind::Alarm, Reason::StillDown)
        ],
        "{events:?}"
    );
    assert_eq!(
        of("B"),
        vec![
            (EventKind::Candidate, Reason::Impact),
            (EventKind::Cancelled, Reason::MovingAgain)
        ],
        "{events:?}"
    );
    assert_eq!(
        of("C"),
        vec![
            (EventKind::Candidate, Reason::Impact),
            (EventKind::Cancelled, Reason::Button)
        ],
        "{events:?}"
    );
    assert_eq!(of("D"), vec![], "{events:?}");
    assert_eq!(
        of("E"),
        vec![
            (EventKind::Candidate, Reason::Impact),
            (EventKind::Alarm, Reason::SignalLost)
        ],
        "{events:?}"
    );
    // the alarm comes when the cancel window ends
    let a = events
        .iter()
        .find(|e| e.wearer == "A" && e.event == EventKind::Alarm)
        .unwrap();
    let c = events
        .iter()
        .find(|e| e.wearer == "A" && e.event == EventKind::Candidate)
        .unwrap();
    assert!((a.t_s - c.t_s - 30.0).abs() < 0.05, "{a:?} {c:?}");
    assert!(
        Watch::new(
            &model,
            WatchOptions {
                cancel_window_s: -1.0,
                ..WatchOptions::default()
            }
        )
        .is_err()
    );
}

#[test]
fn operating_points_by_target_false_alarms() {
    let (model, _) = model();
    let points = &model.operating_points;
    assert!(points.len() >= 5, "{points:?}");
    // a higher cut-off never finds more falls nor raises more alarms
    for w in points.windows(2) {
        assert!(w[1].cutoff >= w[0].cutoff);
        assert!(w[1].sensitivity <= w[0].sensitivity + 1e-12);
        assert!(w[1].false_alarms_per_hour <= w[0].false_alarms_per_hour + 1e-12);
    }
    let strict = model.operating_point(0.5);
    let loose = model.operating_point(1e9).unwrap();
    if let Some(p) = strict {
        assert!(p.false_alarms_per_hour <= 0.5);
        assert!(p.sensitivity <= loose.sensitivity);
    }
    assert!(model.operating_point(-1.0).is_none());
    // the file keeps them
    let json = serde_json::to_string(&model).unwrap();
    let back = Model::from_json("m", json.as_bytes()).unwrap();
    assert_eq!(back.operating_points, model.operating_points);
}
