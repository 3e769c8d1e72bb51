//! The alarm chain a home emergency call provider runs: many wearers at once, each sample put
//! on the model's grid ([`OnlineResampler`]) and read by a [`StreamingDetector`]; a detected
//! fall is a *candidate*, then a cancel window: the wearer presses "I'm fine" or moves normally
//! again (upright as before the impact, and moving) → cancelled; still down when the window
//! ends, or the signal lost → alarm. Every event carries its reason. Memory per wearer is
//! bounded (one detector window and five seconds of posture).

use std::collections::{HashMap, VecDeque};

use serde::Serialize;

use crate::error::FallError;
use crate::model::{Alarm, Model};
use crate::signal::{OnlineResampler, Resampled, smv};
use crate::stream::StreamingDetector;

/// Settings of [`Watch`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WatchOptions {
    /// Seconds after a candidate in which the wearer can cancel (button or normal movement).
    pub cancel_window_s: f64,
    /// Standard deviation of |a| over two seconds that counts as moving, g.
    pub moving_std_g: f64,
    /// Largest angle between the posture before the impact and now that counts as upright
    /// again, degrees.
    pub upright_deg: f64,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            cancel_window_s: 30.0,
            moving_std_g: 0.12,
            upright_deg: 35.0,
        }
    }
}

impl WatchOptions {
    /// Checks the settings.
    pub fn check(&self) -> Result<(), FallError> {
        let bad = |name, reason: &str| {
            Err(FallError::Parameter {
                name,
                reason: reason.into(),
            })
        };
        if !(self.cancel_window_s.is_finite() && (0.0..=600.0).contains(&self.cancel_window_s)) {
            return bad("cancel_window_s", "must be between 0 and 600 s");
        }
        if !(self.moving_std_g.is_finite() && self.moving_std_g > 0.0) {
            return bad("moving_std_g", "must be a positive number of g");
        }
        if !(self.upright_deg.is_finite() && self.upright_deg > 0.0 && self.upright_deg < 180.0) {
            return bad("upright_deg", "must be between 0 and 180 degrees");
        }
        Ok(())
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The detector found a fall; the cancel window starts.
    Candidate,
    /// Staff must be called.
    Alarm,
    /// The wearer cancelled (or showed they are fine).
    Cancelled,
}

impl EventKind {
    /// The name in outputs (`candidate`, `alarm`, `cancelled`).
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Candidate => "candidate",
            EventKind::Alarm => "alarm",
            EventKind::Cancelled => "cancelled",
        }
    }
}

/// Why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// An impact the model scores as a fall.
    Impact,
    /// Not up and moving when the cancel window ended.
    StillDown,
    /// The signal stopped inside the cancel window (a silent device after an impact).
    SignalLost,
    /// The wearer pressed "I'm fine".
    Button,
    /// Upright as before the impact and moving again.
    MovingAgain,
}

impl Reason {
    /// The name in outputs (`impact`, `still_down`, `signal_lost`, `button`, `moving_again`).
    pub fn name(self) -> &'static str {
        match self {
            Reason::Impact => "impact",
            Reason::StillDown => "still_down",
            Reason::SignalLost => "signal_lost",
            Reason::Button => "button",
            Reason::MovingAgain => "moving_again",
        }
    }
}

/// One event of the chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchEvent {
    /// When it was decided (the wearer's clock), s.
    pub t_s: f64,
    /// The wearer (the `subject` column).
    pub wearer: String,
    /// What happened.
    pub event: EventKind,
    /// The impact it is about, s.
    pub t_impact_s: f64,
    /// The model's probability of a fall.
    pub probability: f64,
    /// Why.
    pub reason: Reason,
}

#[derive(Debug, Clone, Copy)]
struct Pending {
    alarm: Alarm,
    posture: [f64; 3],
    deadline: f64,
}

struct Wearer<'m> {
    resampler: OnlineResampler,
    detector: StreamingDetector<'m>,
    /// Recent grid samples (time, acceleration), five seconds.
    recent: VecDeque<(f64, [f64; 3])>,
    pending: Option<Pending>,
    last_t: f64,
}

/// Follows many wearers; see the module documentation.
pub struct Watch<'m> {
    model: &'m Model,
    options: WatchOptions,
    wearers: HashMap<String, Wearer<'m>>,
    grid: Vec<Resampled>,
    recent_len: usize,
    moving_len: usize,
}

impl<'m> Watch<'m> {
    /// A watch with no wearers yet.
    pub fn new(model: &'m Model, options: WatchOptions) -> Result<Watch<'m>, FallError> {
        options.check()?;
        let rate = model.window.rate_hz;
        Ok(Watch {
            model,
            options,
            wearers: HashMap::new(),
            grid: Vec::new(),
            recent_len: (5.0 * rate).round() as usize,
            moving_len: (2.0 * rate).round() as usize,
        })
    }

    /// Wearers followed so far.
    pub fn wearers(&self) -> usize {
        self.wearers.len()
    }

    /// One sample of `wearer` (its own clock, strictly increasing); `button`: "I'm fine"
    /// pressed. Events it decides go to `out`.
    pub fn push(
        &mut self,
        wearer: &str,
        t_s: f64,
        acc_g: [f64; 3],
        button: bool,
        out: &mut impl FnMut(WatchEvent),
    ) -> Result<(), FallError> {
        if !t_s.is_finite() || acc_g.iter().any(|v| !v.is_finite()) {
            return Err(FallError::Stream(format!(
                "wearer {wearer}: a value is not a finite number"
            )));
        }
        if self.model.uses_gyro {
            return Err(FallError::Stream(
                "the model uses gyroscope features; watch wearers with an accelerometer-only model (falls train --sensors accel)".into(),
            ));
        }
        let model = self.model;
        let rate = model.window.rate_hz;
        let w = self
            .wearers
            .entry(wearer.to_owned())
            .or_insert_with(|| Wearer {
                resampler: OnlineResampler::new(rate),
                detector: StreamingDetector::new(model),
                recent: VecDeque::new(),
                pending: None,
                last_t: f64::NEG_INFINITY,
            });
        if t_s <= w.last_t {
            return Err(FallError::Stream(format!(
                "wearer {wearer}: time {t_s} s does not increase (last {} s)",
                w.last_t
            )));
        }
        w.last_t = t_s;
        if button && let Some(p) = w.pending.take() {
            out(event(
                wearer,
                t_s,
                EventKind::Cancelled,
                &p.alarm,
                Reason::Button,
            ));
        }
        let grid = &mut self.grid;
        w.resampler
            .push((t_s, acc_g, [0.0; 3]), &mut |r| grid.push(r));
        let (recent_len, moving_len) = (self.recent_len, self.moving_len);
        for r in self.grid.drain(..) {
            match r {
                Resampled::Sample((t, a, _)) => {
                    if w.recent.len() == recent_len {
                        w.recent.pop_front();
                    }
                    w.recent.push_back((t, model.window.clip(a)));
                    if let Some(alarm) = w.detector.push(t, a, None)?
                        && w.pending.is_none()
                    {
                        let posture = mean(
                            w.recent
                                .iter()
                                .filter(|(ts, _)| {
                                    *ts < alarm.t_impact_s - 0.5 && *ts >= alarm.t_impact_s - 2.0
                                })
                                .map(|s| s.1),
                        );
                        out(event(
                            wearer,
                            t,
                            EventKind::Candidate,
                            &alarm,
                            Reason::Impact,
                        ));
                        w.pending = Some(Pending {
                            alarm,
                            posture,
                            deadline: t + self.options.cancel_window_s,
                        });
                    }
                    if let Some(p) = w.pending {
                        if t >= p.deadline {
                            w.pending = None;
                            out(event(
                                wearer,
                                t,
                                EventKind::Alarm,
                                &p.alarm,
                                Reason::StillDown,
                            ));
                        } else if moving_again(&w.recent, moving_len, &p, &self.options) {
                            w.pending = None;
                            out(event(
                                wearer,
                                t,
                                EventKind::Cancelled,
                                &p.alarm,
                                Reason::MovingAgain,
                            ));
                        }
                    }
                }
                Resampled::Dropout => {
                    w.detector.finish();
                    w.recent.clear();
                }
            }
        }
        Ok(())
    }

    /// The input ended: a wearer still inside a cancel window is an alarm (signal lost).
    pub fn finish(&mut self, out: &mut impl FnMut(WatchEvent)) {
        let mut names: Vec<&String> = self.wearers.keys().collect();
        names.sort();
        for name in names {
            let w = &self.wearers[name];
            if let Some(p) = w.pending {
                out(event(
                    name,
                    w.last_t,
                    EventKind::Alarm,
                    &p.alarm,
                    Reason::SignalLost,
                ));
            }
        }
        self.wearers.clear();
    }
}

fn event(wearer: &str, t: f64, kind: EventKind, a: &Alarm, reason: Reason) -> WatchEvent {
    WatchEvent {
        t_s: t,
        wearer: wearer.to_owned(),
        event: kind,
        t_impact_s: a.t_impact_s,
        probability: a.probability,
        reason,
    }
}

fn mean(samples: impl Iterator<Item = [f64; 3]>) -> [f64; 3] {
    let mut sum = [0.0; 3];
    let mut n = 0.0;
    for a in samples {
        for d in 0..3 {
            sum[d] += a[d];
        }
        n += 1.0;
    }
    if n == 0.0 {
        [0.0; 3]
    } else {
        sum.map(|v| v / n)
    }
}

/// Upright as before the impact (gravity within `upright_deg`) and moving (|a| varies by at
/// least `moving_std_g`) over the last two seconds.
fn moving_again(
    recent: &VecDeque<(f64, [f64; 3])>,
    len: usize,
    p: &Pending,
    o: &WatchOptions,
) -> bool {
    if recent.len() < len || recent[recent.len() - len].0 < p.alarm.t_alarm_s {
        return false;
    }
    let last = recent.iter().skip(recent.len() - len);
    let (mut s, mut s2) = (0.0, 0.0);
    for (_, a) in last.clone() {
        let m = smv(a);
        s += m;
        s2 += m * m;
    }
    let n = len as f64;
    let std = (s2 / n - (s / n) * (s / n)).max(0.0).sqrt();
    if std < o.moving_std_g {
        return false;
    }
    let now = mean(last.map(|x| x.1));
    let (a, b) = (smv(&now), smv(&p.posture));
    if a == 0.0 || b == 0.0 {
        return false;
    }
    let cos = (now[0] * p.posture[0] + now[1] * p.posture[1] + now[2] * p.posture[2]) / (a * b);
    cos.clamp(-1.0, 1.0).acos().to_degrees() <= o.upright_deg
}
