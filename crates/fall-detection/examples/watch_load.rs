//! Load of the alarm chain: N wearers (default 1,000) interleaved as a gateway forwards them,
//! each a minute of synthetic activity with a fall, half at 50 Hz and half at 20 Hz with a
//! jittered clock and lost samples. Prints samples per second, the real-time factor and the
//! longest time one sample took (the latency the chain adds).
//!
//! `cargo run -p fall-detection --example watch_load [-- WEARERS]` (the dev profile builds the
//! detector optimised; see the root Cargo.toml)

use std::time::Instant;

use fall_detection::device::{DeviceCondition, simulate};
use fall_detection::generate::{SyntheticSpec, recording};
use fall_detection::watch::{Watch, WatchOptions};
use fall_detection::{TrainOptions, train};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let wearers: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1000);
    let data = recording(&SyntheticSpec {
        seed: 5,
        gyro: false,
        trial_s: 60.0,
        adults: 2,
        older: 1,
        repetitions: 1,
        ..SyntheticSpec::default()
    })?;
    let model = train(&data.trials, &TrainOptions::default())?;
    let slow = DeviceCondition {
        rate_hz: 20.0,
        range_g: Some(8.0),
        drop_rate: 0.05,
        jitter: 0.2,
        gyro: false,
    };
    // each wearer: one trial (a minute), at 50 Hz or as a 20-Hz device
    let streams: Vec<Vec<(f64, [f64; 3])>> = (0..wearers)
        .map(|w| {
            let t = &data.trials[w % data.trials.len()];
            let t = if w % 2 == 1 {
                simulate(t, &slow, w as u64).expect("valid")
            } else {
                t.clone()
            };
            t.t_s.iter().copied().zip(t.acc_g.iter().copied()).collect()
        })
        .collect();
    let names: Vec<String> = (0..wearers).map(|w| format!("W{w:05}")).collect();
    let samples: usize = streams.iter().map(Vec::len).sum();
    let seconds = 60.0;
    let mut watch = Watch::new(&model, WatchOptions::default())?;
    let mut events = 0usize;
    let mut worst = 0.0f64;
    let start = Instant::now();
    let longest = streams.iter().map(Vec::len).max().unwrap_or(0);
    for k in 0..longest {
        for (w, s) in streams.iter().enumerate() {
            if let Some(&(t, a)) = s.get(k) {
                let one = Instant::now();
                watch.push(&names[w], t, a, false, &mut |_| events += 1)?;
                worst = worst.max(one.elapsed().as_secs_f64());
            }
        }
    }
    watch.finish(&mut |_| events += 1);
    let took = start.elapsed().as_secs_f64();
    println!(
        "{wearers} wearers, {samples} samples ({seconds:.0} s each, half at 50 Hz, half at 20 Hz with 5 % lost): {took:.2} s = {:.0} samples/s, {:.0}× real time on one core; longest single sample {:.2} ms; {events} events",
        samples as f64 / took,
        seconds / took,
        worst * 1e3
    );
    Ok(())
}
