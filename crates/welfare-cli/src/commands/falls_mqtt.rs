//! `welfare falls watch --mqtt`: wearers' samples from an MQTT broker, events published back.
//! Only translation: the alarm chain is `fall_detection::watch`.
//!
//! Topics: samples arrive on `PREFIX/<wearer>/samples`, each message one JSON sample
//! `{"t_s": 12.34, "ax_g": 0.01, "ay_g": -0.98, "az_g": 0.12, "button": 0}` (`button`
//! optional) or an array of them; events go to `PREFIX/<wearer>/events` as JSON (and to
//! stdout as CSV lines).

use std::time::Duration;

use anyhow::Context;
use fall_detection::Model;
use fall_detection::watch::{Watch, WatchEvent, WatchOptions};
use rumqttc::{Client, Event, MqttOptions, Packet, QoS};

/// One sample as a device gateway publishes it.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MqttSample {
    t_s: f64,
    ax_g: f64,
    ay_g: f64,
    az_g: f64,
    #[serde(default)]
    button: u8,
}

#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum Payload {
    One(MqttSample),
    Many(Vec<MqttSample>),
}

/// Follows the wearers on `broker` (`host` or `host:port`, port 1883 by default) under
/// `prefix` until no message came for `idle_exit` (if given); writes each event to `sink`.
pub fn watch_mqtt(
    model: &Model,
    options: WatchOptions,
    broker: &str,
    prefix: &str,
    idle_exit: Option<Duration>,
    mut sink: impl FnMut(&WatchEvent) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let (host, port) = match broker.rsplit_once(':') {
        Some((h, p)) => (
            h.to_owned(),
            p.parse::<u16>()
                .with_context(|| format!("--mqtt {broker}: '{p}' is not a port number"))?,
        ),
        None => (broker.to_owned(), 1883),
    };
    let prefix = prefix.trim_end_matches('/');
    let mut mqtt = MqttOptions::new(format!("welfare-falls-{}", std::process::id()), host, port);
    mqtt.set_keep_alive(Duration::from_secs(10));
    mqtt.set_max_packet_size(1 << 20, 1 << 20);
    let (client, mut connection) = Client::new(mqtt, 1024);
    client
        .subscribe(format!("{prefix}/+/samples"), QoS::AtLeastOnce)
        .context("subscribing")?;
    let mut watch = Watch::new(model, options)?;
    let mut events = Vec::new();
    let publish = |client: &Client, e: &WatchEvent| -> anyhow::Result<()> {
        let topic = format!("{prefix}/{}/events", e.wearer);
        client
            .publish(topic, QoS::AtLeastOnce, false, serde_json::to_vec(e)?)
            .context("publishing an event")
    };
    loop {
        let next = match idle_exit {
            Some(idle) => match connection.recv_timeout(idle) {
                Ok(n) => n,
                Err(_) => break,
            },
            None => match connection.recv() {
                Ok(n) => n,
                Err(_) => break,
            },
        };
        let event = next.map_err(|e| {
            anyhow::anyhow!("the MQTT broker at {broker}: {e} (is it running? `--mqtt HOST:PORT`)")
        })?;
        let Event::Incoming(Packet::Publish(p)) = event else {
            continue;
        };
        let Some(wearer) = p
            .topic
            .strip_prefix(prefix)
            .and_then(|t| t.strip_prefix('/'))
            .and_then(|t| t.strip_suffix("/samples"))
            .filter(|w| !w.is_empty() && !w.contains('/'))
        else {
            continue;
        };
        let samples = match serde_json::from_slice::<Payload>(&p.payload) {
            Ok(Payload::One(s)) => vec![s],
            Ok(Payload::Many(v)) => v,
            Err(e) => {
                // one bad message must not stop the watch over everyone else
                log::warn!("{}: not a sample ({e}); skipped", p.topic);
                continue;
            }
        };
        for s in samples {
            if let Err(e) = watch.push(
                wearer,
                s.t_s,
                [s.ax_g, s.ay_g, s.az_g],
                s.button == 1,
                &mut |ev| events.push(ev),
            ) {
                log::warn!("{}: {e}; sample skipped", p.topic);
            }
        }
        for e in events.drain(..) {
            publish(&client, &e)?;
            sink(&e)?;
        }
    }
    watch.finish(&mut |ev| events.push(ev));
    for e in events.drain(..) {
        publish(&client, &e)?;
        sink(&e)?;
    }
    // let the last publications leave before disconnecting
    let _ = client.disconnect();
    for n in connection.iter().take(64) {
        if n.is_err() {
            break;
        }
    }
    Ok(())
}
