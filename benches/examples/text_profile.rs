//! Runs the checker on the benchmark corpus (for `perf record`):
//! `cargo run --release -p benches --example text_profile -- scores|scores-cold|check|sentences|rules [N]`
//! (`rules`: the check with one rule at a time, slowest first, after the check without rules)

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let what = std::env::args().nth(1).unwrap_or_else(|| "scores".into());
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let text = benches::german_text_corpus(1 << 20)?;
    let words = easy_language::text::words(&text).len();
    let cfg = easy_language::Config::default();
    if what == "rules" {
        let time = |cfg: &easy_language::Config| -> Result<f64, easy_language::TextError> {
            let start = std::time::Instant::now();
            for _ in 0..n {
                drop(std::hint::black_box(easy_language::check(&text, cfg)?));
            }
            Ok(start.elapsed().as_secs_f64() / n as f64)
        };
        let mut none = easy_language::Config::default();
        none.only(&[]);
        let base = time(&none)?;
        println!("no rules: {base:.3} s");
        let mut per = Vec::new();
        for r in easy_language::RuleId::ALL {
            let mut one = easy_language::Config::default();
            one.only(&[r]);
            per.push((time(&one)? - base, r));
        }
        per.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (t, r) in per {
            println!("{r:>24} {:>7.1} ms", t * 1e3);
        }
        return Ok(());
    }
    let start = std::time::Instant::now();
    for _ in 0..n {
        match what.as_str() {
            "sentences" => drop(std::hint::black_box(easy_language::text::sentences(&text))),
            "check" => drop(std::hint::black_box(easy_language::check(&text, &cfg)?)),
            "scores-cold" => std::thread::scope(|s| {
                s.spawn(|| drop(std::hint::black_box(easy_language::score(&text))))
                    .join()
                    .expect("no panic")
            }),
            _ => drop(std::hint::black_box(easy_language::score(&text)?)),
        }
    }
    let per = start.elapsed().as_secs_f64() / n as f64;
    println!(
        "{what}: {per:.3} s per run, {:.0} words/s",
        words as f64 / per
    );
    Ok(())
}
