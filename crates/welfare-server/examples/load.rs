//! A bounded load test: N concurrent clients check a one-page letter for D seconds against a
//! running `welfare serve`, and report throughput, latency percentiles, errors and the server's
//! peak memory.
//!
//! ```sh
//! target/release/welfare serve --port 8080 &
//! cargo run --release -p welfare-server --example load -- http://127.0.0.1:8080 50 20 $!
//! ```
//! Arguments: base URL, clients (default 50), seconds (default 20), the server's PID (for its
//! peak resident memory from /proc, Linux only), and the protocol: `api` (default: the whole
//! letter to `/api/text/check`) or `lt` (one paragraph of the letter per request to
//! `/v2/check`, form-encoded, as LibreOffice checks a document).

use std::time::{Duration, Instant};

const LETTER: &str = "Sehr geehrte Frau Müller,\n\
wir haben Ihren Antrag auf Übernahme der Kosten für die Schuldnerberatung vom 12.03.2024 erhalten. \
Leider konnte er bisher nicht abschließend bearbeitet werden, da die Unterlagen unvollständig waren. \
Bitte reichen Sie die fehlenden Nachweise (Einkommensnachweise, Kontoauszüge der letzten drei Monate \
sowie den Mietvertrag) bis zum 15. April 2024 bei uns ein. Sollten Sie Fragen haben, können Sie sich \
jederzeit an Ihre zuständige Sachbearbeiterin wenden. Die Beratung ist für Sie kostenlos.\n\
Wir weisen darauf hin, dass ohne die Unterlagen keine Entscheidung getroffen werden kann. \
Eine Weiterleitung an die zuständige Stelle erfolgt nach Eingang der Nachweise.\n\
Mit freundlichen Grüßen\nIhr Sozialamt";

fn peak_rss_kb(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let clients: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(50);
    let seconds: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(20);
    let pid = args.get(4).cloned().filter(|p| !p.is_empty() && p != "-");
    let lt = args.get(5).is_some_and(|p| p == "lt");
    #[derive(serde::Serialize)]
    struct Request<'a> {
        text: &'a str,
        profile: &'a str,
    }
    let (url, content_type, bodies): (String, &str, Vec<String>) = if lt {
        let paragraphs = LETTER
            .split('\n')
            .map(|p| {
                form_urlencoded::Serializer::new(String::new())
                    .append_pair("text", p)
                    .append_pair("language", "de-DE")
                    .finish()
            })
            .collect();
        (
            format!("{base}/v2/check"),
            "application/x-www-form-urlencoded",
            paragraphs,
        )
    } else {
        let body = serde_json::to_string(&Request {
            text: LETTER,
            profile: "netzwerk",
        })
        .expect("plain data");
        (
            format!("{base}/api/text/check"),
            "application/json",
            vec![body],
        )
    };
    let until = Instant::now() + Duration::from_secs(seconds);
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, url, bodies) = (client.clone(), url.clone(), bodies.clone());
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut errors) = (Vec::new(), 0usize);
            let mut next = 0;
            while Instant::now() < until {
                let start = Instant::now();
                let body = bodies[next % bodies.len()].clone();
                next += 1;
                let ok = client
                    .post(&url)
                    .header("content-type", content_type)
                    .body(body)
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false);
                latencies.push(start.elapsed());
                errors += usize::from(!ok);
            }
            (latencies, errors)
        }));
    }
    let (mut all, mut errors) = (Vec::new(), 0);
    for t in tasks {
        let (l, e) = t.await.expect("client task");
        all.extend(l);
        errors += e;
    }
    all.sort();
    let pct = |q: f64| all[((all.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1e3;
    println!(
        "{clients} clients, {seconds} s: {} requests ({:.0}/s), {errors} errors; latency ms p50 {:.1}, p90 {:.1}, p99 {:.1}, max {:.1}",
        all.len(),
        all.len() as f64 / seconds as f64,
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(1.0)
    );
    if let Some(kb) = pid.as_deref().and_then(peak_rss_kb) {
        println!("server peak resident memory: {:.1} MB", kb as f64 / 1024.0);
    }
}
