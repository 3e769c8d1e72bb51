//! Findings against the hand-labelled sentences of `datasets/easy-language/labelled_sentences.tsv`
//! (229 sentences of Leichte Sprache and 34 of administrative prose, written and labelled for the
//! project, split dev/test by text). Each text is checked as one document, one sentence per line,
//! the way a translator checks it; a finding belongs to the line where it starts.
//!
//! Prints, per split: warning-or-error findings per 10 Leichte Sprache sentences (issue #17's
//! goal: ≤ 1), and per rule the sentences where it fires correctly (tp), wrongly (fp) and where
//! it should have fired but did not (fn), at warning-or-error level.
//!
//! `cargo run --release -p easy-language --example labelled_precision [-- dev|test|all]`

use std::collections::BTreeMap;
use std::path::Path;

use easy_language::{Config, RuleId, Severity, check};

struct Labelled {
    text: String,
    split: String,
    leichte_sprache: bool,
    sentence: String,
    expected: Vec<RuleId>,
}

fn read() -> Vec<Labelled> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../datasets/easy-language/labelled_sentences.tsv");
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(&path)
        .expect("datasets/easy-language is shipped");
    r.records()
        .enumerate()
        .map(|(i, rec)| {
            let rec = rec.unwrap_or_else(|e| panic!("{}: row {}: {e}", path.display(), i + 2));
            Labelled {
                text: rec[0].to_string(),
                split: rec[1].to_string(),
                leichte_sprache: &rec[2] == "ls",
                sentence: rec[3].to_string(),
                expected: rec[4]
                    .split(',')
                    .filter(|x| !x.is_empty())
                    .map(|x| {
                        x.parse()
                            .unwrap_or_else(|e| panic!("row {}: expected: {e}", i + 2))
                    })
                    .collect(),
            }
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "test".into());
    let rows: Vec<Labelled> = read()
        .into_iter()
        .filter(|r| which == "all" || r.split == which)
        .collect();
    let cfg = Config::default();
    // group the rows by text, in file order
    let mut texts: Vec<(String, Vec<&Labelled>)> = Vec::new();
    for r in &rows {
        match texts.last_mut() {
            Some((t, v)) if *t == r.text => v.push(r),
            _ => texts.push((r.text.clone(), vec![r])),
        }
    }
    let mut tally: BTreeMap<RuleId, Tally> = BTreeMap::new();
    let (mut ls_sentences, mut ls_findings, mut ls_wrong) = (0usize, 0usize, 0usize);
    let (mut wrong_examples, mut missed_examples) = (Vec::new(), Vec::new());
    for (_, lines) in &texts {
        let doc: String = lines.iter().map(|l| format!("{}\n", l.sentence)).collect();
        let starts: Vec<usize> = lines
            .iter()
            .scan(0, |pos, l| {
                let s = *pos;
                *pos += l.sentence.len() + 1;
                Some(s)
            })
            .collect();
        let report = check(&doc, &cfg).expect("a short text");
        let mut fired: Vec<BTreeMap<RuleId, usize>> = vec![BTreeMap::new(); lines.len()];
        for f in report.sentences.iter().flat_map(|s| &s.findings) {
            if f.severity == Severity::Info {
                continue;
            }
            let line = starts.partition_point(|&s| s <= f.start) - 1;
            *fired[line].entry(f.rule).or_default() += 1;
        }
        for (line, l) in lines.iter().enumerate() {
            if l.leichte_sprache {
                ls_sentences += 1;
                ls_findings += fired[line].values().sum::<usize>();
            }
            for (&rule, &n) in &fired[line] {
                let t = tally.entry(rule).or_default();
                if l.expected.contains(&rule) {
                    t.tp += 1;
                } else {
                    t.fp += 1;
                    if l.leichte_sprache {
                        ls_wrong += n;
                    }
                    wrong_examples.push(format!("  {rule:<20} {}", l.sentence));
                }
            }
            for &rule in &l.expected {
                if !fired[line].contains_key(&rule) {
                    tally.entry(rule).or_default().fn_ += 1;
                    missed_examples.push(format!("  {rule:<20} {}", l.sentence));
                }
            }
        }
    }
    println!(
        "split {which}: {} texts, {} sentences ({ls_sentences} Leichte Sprache)",
        texts.len(),
        rows.len()
    );
    println!(
        "warning-or-error findings per 10 Leichte Sprache sentences: {:.2} ({ls_findings} findings; {ls_wrong} of them not expected)",
        10.0 * ls_findings as f64 / ls_sentences.max(1) as f64
    );
    println!("| rule | tp | fp | fn | precision | recall |");
    println!("|---|---:|---:|---:|---:|---:|");
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            "–".to_string()
        } else {
            format!("{:.2}", a as f64 / b as f64)
        }
    };
    let mut all = Tally::default();
    for (rule, t) in &tally {
        println!(
            "| `{rule}` | {} | {} | {} | {} | {} |",
            t.tp,
            t.fp,
            t.fn_,
            ratio(t.tp, t.tp + t.fp),
            ratio(t.tp, t.tp + t.fn_)
        );
        all.tp += t.tp;
        all.fp += t.fp;
        all.fn_ += t.fn_;
    }
    println!(
        "| **all rules** | {} | {} | {} | {} | {} |",
        all.tp,
        all.fp,
        all.fn_,
        ratio(all.tp, all.tp + all.fp),
        ratio(all.tp, all.tp + all.fn_)
    );
    if std::env::var_os("SHOW_WRONG").is_some() {
        println!("findings not expected:");
        for w in wrong_examples {
            println!("{w}");
        }
        println!("expected, not found:");
        for w in missed_examples {
            println!("{w}");
        }
    }
}
