//! `welfare falls watch --mqtt` against a real broker (CI starts Debian's mosquitto and sets
//! WELFARE_TEST_MQTT=host:port): samples of two wearers published as a gateway would (JSON
//! batches), events received back on PREFIX/WEARER/events.
// the events are read as the JSON a subscriber receives
#![allow(clippy::disallowed_types)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fall_detection::Model;
use fall_detection::generate::{SyntheticSpec, recording};
use rumqttc::{Client, Event, MqttOptions, Packet, QoS};

#[test]
#[ignore = "needs an MQTT broker: WELFARE_TEST_MQTT=host:port (CI starts mosquitto)"]
fn alarms_come_back_over_mqtt() {
    let broker = std::env::var("WELFARE_TEST_MQTT").expect("WELFARE_TEST_MQTT=host:port");
    let (host, port) = broker.rsplit_once(':').expect("host:port");
    let port: u16 = port.parse().unwrap();
    let model = Model::from_json("shipped", welfare_server::FALLS_MODEL).unwrap();
    let data = recording(&SyntheticSpec {
        seed: 4,
        gyro: false,
        adults: 1,
        older: 0,
        repetitions: 1,
        ..SyntheticSpec::default()
    })
    .unwrap();
    let fall = data
        .trials
        .iter()
        .find(|t| t.label == Some(true) && !model.detect_trial(t, "t").unwrap().is_empty())
        .expect("a detected fall");
    let walk = data
        .trials
        .iter()
        .find(|t| t.activity_code.as_deref() == Some("D01"))
        .unwrap();
    // the fall, then lying still for 20 s
    let mut down: Vec<(f64, [f64; 3])> = fall
        .t_s
        .iter()
        .copied()
        .zip(fall.acc_g.iter().copied())
        .collect();
    let (end, last) = *down.last().unwrap();
    down.extend((1..=1000).map(|k| (end + k as f64 / 50.0, last)));
    let up: Vec<(f64, [f64; 3])> = walk
        .t_s
        .iter()
        .copied()
        .zip(walk.acc_g.iter().copied())
        .collect();

    let prefix = format!("welfare-test-{}", std::process::id());
    let mut listener = MqttOptions::new(format!("{prefix}-listener"), host, port);
    listener.set_keep_alive(Duration::from_secs(10));
    let (client, mut connection) = Client::new(listener, 1024);
    client
        .subscribe(format!("{prefix}/+/events"), QoS::AtLeastOnce)
        .unwrap();
    // wait for the subscription before the watch starts
    for n in connection.iter() {
        if let Ok(Event::Incoming(Packet::SubAck(_))) = n {
            break;
        }
    }
    let watch = Command::new(env!("CARGO_BIN_EXE_welfare"))
        .args([
            "falls",
            "watch",
            "--mqtt",
            &broker,
            "--topic-prefix",
            &prefix,
            "--idle-exit",
            "3",
            "--cancel-window",
            "10",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    // half-second batches, the two wearers interleaved; one message that is not a sample
    for k in (0..down.len().max(up.len())).step_by(25) {
        for (wearer, s) in [("frau-a", &down), ("herr-b", &up)] {
            let batch: Vec<String> = s
                .iter()
                .skip(k)
                .take(25)
                .map(|(t, a)| {
                    format!(
                        r#"{{"t_s":{t},"ax_g":{},"ay_g":{},"az_g":{}}}"#,
                        a[0], a[1], a[2]
                    )
                })
                .collect();
            if !batch.is_empty() {
                client
                    .publish(
                        format!("{prefix}/{wearer}/samples"),
                        QoS::AtLeastOnce,
                        false,
                        format!("[{}]", batch.join(",")),
                    )
                    .unwrap();
            }
        }
        if k == 100 {
            client
                .publish(
                    format!("{prefix}/x/samples"),
                    QoS::AtLeastOnce,
                    false,
                    "kein JSON",
                )
                .unwrap();
        }
    }
    let mut events = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) && events.len() < 2 {
        if let Ok(Ok(Event::Incoming(Packet::Publish(p)))) =
            connection.recv_timeout(Duration::from_millis(500))
        {
            let v: serde_json::Value = serde_json::from_slice(&p.payload).unwrap();
            events.push((p.topic.clone(), v));
        }
    }
    let out = watch.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0].0, format!("{prefix}/frau-a/events"));
    assert_eq!(events[0].1["event"], "candidate");
    assert_eq!(events[1].1["event"], "alarm");
    assert_eq!(events[1].1["reason"], "still_down");
    // the same events on stdout; the bad message named on stderr, the watch went on
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("/x/samples: not a sample"));
}
