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
    // per rule and corpus: all findings and those at warning or error, per 100 sentences
    let mut rates: BTreeMap<RuleId, Vec<(f64, f64)>> = BTreeMap::new();
    let mut severities: BTreeMap<RuleId, std::collections::BTreeSet<Severity>> = BTreeMap::new();
    let mut serious = vec![0.0; corpora.len()];
    for (k, (_, sentences)) in corpora.iter().enumerate() {
        let mut counts: BTreeMap<RuleId, (usize, usize)> = BTreeMap::new();
        for s in sentences {
            let r = check(s, &cfg).expect("small");
            for f in r.sentences.iter().flat_map(|x| &x.findings) {
                let c = counts.entry(f.rule).or_default();
                c.0 += 1;
                severities.entry(f.rule).or_default().insert(f.severity);
                if f.severity != Severity::Info {
                    c.1 += 1;
                    serious[k] += 1.0;
                }
            }
        }
        serious[k] *= 100.0 / sentences.len() as f64;
        let per_100 = |n: usize| 100.0 * n as f64 / sentences.len() as f64;
        for rule in RULES.iter().map(|r| r.id) {
            let (all, serious) = counts.get(&rule).copied().unwrap_or_default();
            rates
                .entry(rule)
                .or_insert_with(|| vec![(0.0, 0.0); corpora.len()])[k] =
                (per_100(all), per_100(serious));
        }
    }
    println!(
        "findings per 100 sentences, profile {profile}; \"a (b)\": a findings, b of them at warning or error"
    );
    print!("| rule | severity |");
    for (name, s) in &corpora {
        print!(" {name} ({}) |", s.len());
    }
    println!("\n|---|---|---:|---:|---:|");
    for rule in RULES.iter().map(|r| r.id) {
        let severity = severities.get(&rule).map_or("–".to_string(), |s| {
            s.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(", ")
        });
        let cells: Vec<String> = rates[&rule]
            .iter()
            .map(|&(all, serious)| {
                if (all - serious).abs() < 1e-9 || serious == 0.0 {
                    format!("{all:.1}")
                } else {
                    format!("{all:.1} ({serious:.1})")
                }
            })
            .collect();
        println!("| `{rule}` | {severity} | {} |", cells.join(" | "));
    }
    println!(
        "| **warning or error, all rules** | | **{:.1}** | **{:.1}** | **{:.1}** |",
        serious[0], serious[1], serious[2]
    );
}
