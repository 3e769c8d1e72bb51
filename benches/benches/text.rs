//! Leichte Sprache checker on ≥ 1 MB of German text (see `benches::german_text_corpus`):
//! sentence splitting, the scores alone (formulas, complexity, statements) and the full check
//! (all 29 rules). Throughput is in words. `*_cold_cache` runs in a fresh thread, so the
//! per-thread cache of word facts starts empty (the embedded word lists stay loaded).
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

criterion_group!(benches, bench);
criterion_main!(benches);
