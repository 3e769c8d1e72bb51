//! Leichte Sprache checker on ≥ 1 MB of German text (see `benches::german_text_corpus`):
//! sentence splitting, the scores alone (formulas, complexity, statements) and the full check
//! (all 29 rules). Throughput is in words. `*_cold_cache` runs in a fresh thread, so the
//! per-thread cache of word facts starts empty (the embedded word lists stay loaded).
//!
//! `growth` checks that the check, its JSON, text and HTML reports grow linearly on the worst
//! shapes of text (no sentence end, only commas, one-word sentences, numbers): the time at 4×
//! the input must stay within 5× the time (best of 3 runs each), or the benchmark fails.
//!
//! `cargo bench -p benches --bench text`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use easy_language::{Config, check, score, text};

fn bench(c: &mut Criterion) {
    let corpus = benches::german_text_corpus(1 << 20).expect("datasets/easy-language is shipped");
    let words = text::words(&corpus).len() as u64;
    let mut g = c.benchmark_group("text");
    g.sample_size(10);
    g.throughput(Throughput::Elements(words));
    g.bench_function("sentences_1mb", |b| {
        b.iter(|| black_box(text::sentences(&corpus).len()))
    });
    g.bench_function("scores_1mb", |b| {
        b.iter(|| black_box(score(&corpus).expect("fits").readability.words))
    });
    let cfg = Config::default();
    // the word-facts cache is per thread: a fresh thread measures a first text
    g.bench_function("scores_1mb_cold_cache", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                s.spawn(|| black_box(score(&corpus).expect("fits").readability.words))
                    .join()
                    .expect("no panic")
            })
        })
    });
    g.bench_function("check_1mb", |b| {
        b.iter(|| black_box(check(&corpus, &cfg).expect("fits").scores.findings))
    });
    g.bench_function("check_1mb_cold_cache", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                s.spawn(|| black_box(check(&corpus, &cfg).expect("fits").scores.findings))
                    .join()
                    .expect("no panic")
            })
        })
    });
    g.finish();
}

/// Worst shapes, repeated to `bytes`.
fn shape(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)
}

fn best_of_3(f: impl Fn()) -> f64 {
    (0..3)
        .map(|_| {
            let t = std::time::Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn growth(_: &mut Criterion) {
    use easy_language::report;
    let prose = "Die Beratungsstelle hilft Menschen mit Schulden und sie erklärt den Antrag auf \
                 Hilfe zum Lebensunterhalt wenn das Jobcenter nicht zahlt ";
    let shapes = [
        ("no sentence end", prose.to_owned()),
        ("only commas", prose.replace(' ', ", ")),
        ("one-word sentences", "Haus. ".to_owned()),
        (
            "numbers",
            "1234 56,7 % 1.000.000 Euro 3 Prozent ".to_owned(),
        ),
    ];
    let cfg = Config::default();
    println!("growth (best of 3; limit: 4x input <= 5x time)");
    for (name, unit) in &shapes {
        let run = |bytes: usize| {
            let text = shape(unit, bytes);
            best_of_3(|| {
                let r = check(&text, &cfg).expect("fits");
                black_box(report::to_json(&r).len());
                black_box(report::to_text(&r, &text).len());
                black_box(report::to_html(&r, &text).len());
            })
        };
        let (small, large) = (run(1_000_000), run(4_000_000));
        let ratio = large / small;
        println!("  {name:<20} 1 MB {small:.3} s, 4 MB {large:.3} s: x{ratio:.2}");
        assert!(ratio <= 5.0, "{name}: 4x input took {ratio:.2}x the time");
    }
}

criterion_group!(benches, bench, growth);
criterion_main!(benches);
