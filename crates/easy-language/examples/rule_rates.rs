//! How often each rule fires per 100 sentences on Leichte Sprache (Hurraki sentences of the
//! StaGE data; Leichte Sprache sentences of TextComplexityDE) and on Wikipedia prose
//! (TextComplexityDE): a rule that fires as often on Leichte Sprache as on prose is noisy.
//!
//! `cargo run --release -p easy-language --example rule_rates [-- netzwerk|hildesheim|bitv]`

use std::collections::BTreeMap;
use std::path::Path;

use easy_language::{Config, RULES, RuleId, Severity, check};

fn column(
    file: &str,
    col: &str,
    filter: impl Fn(&csv::StringRecord, &csv::StringRecord) -> bool,
) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../datasets/easy-language")
        .join(file);
    let mut r = csv::Reader::from_path(&path).expect("datasets/easy-language is shipped");
    let h = r.headers().expect("header").clone();
    let i = h.iter().position(|c| c == col).expect("column");
    r.records()
        .map(|x| x.expect("row"))
        .filter(|x| filter(&h, x))
        .map(|x| x[i].replace("\\newline", "\n"))
        .collect()
}

fn field<'a>(h: &csv::StringRecord, r: &'a csv::StringRecord, name: &str) -> &'a str {
    h.iter().position(|c| c == name).map_or("", |i| &r[i])
}

fn main() {
    let profile = std::env::args().nth(1).unwrap_or_else(|| "netzwerk".into());
    let cfg = Config::with_profile(profile.parse().expect("a profile"));
    let corpora = [
        (
            "Hurraki (LS)",
            column("stage_statements.csv", "sentence", |h, r| {
                field(h, r, "num_statements") != "0"
            }),
        ),
        (
            "TCDE LS",
            column("textcomplexityde_ratings.csv", "sentence", |h, r| {
                field(h, r, "is_leichte_sprache") == "1"
            }),
        ),
        (
            "Wikipedia",
            column("textcomplexityde_ratings.csv", "sentence", |h, r| {
                field(h, r, "is_leichte_sprache") == "0"
            }),
        ),
    ];
    let mut rates: BTreeMap<RuleId, Vec<f64>> = BTreeMap::new();
    let mut severities: BTreeMap<RuleId, Severity> = BTreeMap::new();
    let mut serious = vec![0.0; corpora.len()];
    for (k, (_, sentences)) in corpora.iter().enumerate() {
        let mut counts: BTreeMap<RuleId, usize> = BTreeMap::new();
        for s in sentences {
            let r = check(s, &cfg).expect("small");
            for f in r.sentences.iter().flat_map(|x| &x.findings) {
                *counts.entry(f.rule).or_default() += 1;
                severities.insert(f.rule, f.severity);
                if f.severity != Severity::Info {
                    serious[k] += 1.0;
                }
            }
        }
        serious[k] *= 100.0 / sentences.len() as f64;
        for rule in RULES.iter().map(|r| r.id) {
            rates
                .entry(rule)
                .or_insert_with(|| vec![0.0; corpora.len()])[k] =
                100.0 * *counts.get(&rule).unwrap_or(&0) as f64 / sentences.len() as f64;
        }
    }
    println!("findings per 100 sentences, profile {profile}");
    print!("| rule | severity |");
    for (name, s) in &corpora {
        print!(" {name} ({}) |", s.len());
    }
    println!("\n|---|---|---:|---:|---:|");
    for rule in RULES.iter().map(|r| r.id) {
        let v = &rates[&rule];
        let severity = severities.get(&rule).map_or("–", |s| s.as_str());
        println!(
            "| `{rule}` | {severity} | {:.1} | {:.1} | {:.1} |",
            v[0], v[1], v[2]
        );
    }
    println!(
        "| **warning or error, all rules** | | **{:.1}** | **{:.1}** | **{:.1}** |",
        serious[0], serious[1], serious[2]
    );
}
