//! The syllable counter measured against a hand-syllabified list (`tests/data/syllables.tsv`,
//! 156 words written for this project): the hyphenation patterns alone, vowel nuclei alone and
//! their maximum (what the crate uses). Figures in docs/easy-language.md.

use easy_language::syllables::{part_syllables, vowel_nuclei};

fn gold() -> Vec<(String, usize)> {
    list(include_str!("data/syllables.tsv"))
}

fn list(text: &str) -> Vec<(String, usize)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("word\t"))
        .map(|l| {
            let mut f = l.split('\t');
            let w = f.next().unwrap().to_string();
            let n: usize = f.next().unwrap().parse().unwrap();
            let breaks = f.next().unwrap();
            assert_eq!(
                n,
                breaks.split('·').count(),
                "{w}: the count must match the written breaks"
            );
            (w, n)
        })
        .collect()
}

fn accuracy(count: impl Fn(&str) -> usize) -> (f64, Vec<String>) {
    accuracy_on(&gold(), count)
}

fn accuracy_on(g: &[(String, usize)], count: impl Fn(&str) -> usize) -> (f64, Vec<String>) {
    let mut wrong = Vec::new();
    for (w, n) in g {
        let c = count(w);
        if c != *n {
            wrong.push(format!("{w} {c}≠{n}"));
        }
    }
    (1.0 - wrong.len() as f64 / g.len() as f64, wrong)
}

#[test]
fn the_combined_count_is_the_most_accurate() {
    let patterns = |w: &str| easy_language::syllables::pattern_syllables(w);
    let nuclei = |w: &str| vowel_nuclei(&w.to_lowercase()).max(1);
    let (a_pat, w_pat) = accuracy(patterns);
    let (a_nuc, w_nuc) = accuracy(nuclei);
    let (a_max, w_max) = accuracy(part_syllables);
    println!("patterns {a_pat:.3} wrong {w_pat:?}");
    println!("nuclei   {a_nuc:.3} wrong {w_nuc:?}");
    println!("max      {a_max:.3} wrong {w_max:?}");
    assert!(
        a_max >= a_pat && a_max >= a_nuc,
        "the crate must use the better method"
    );
    assert!(a_max >= 0.9, "{a_max}");
}

#[test]
fn held_out_words() {
    let held_out = list(include_str!("data/syllables_heldout.tsv"));
    let patterns = |w: &str| easy_language::syllables::pattern_syllables(w);
    let nuclei = |w: &str| vowel_nuclei(&w.to_lowercase()).max(1);
    for (name, a) in [
        ("patterns", accuracy_on(&held_out, patterns)),
        ("nuclei", accuracy_on(&held_out, nuclei)),
        ("max", accuracy_on(&held_out, part_syllables)),
    ] {
        println!(
            "held-out {name:<8} {:.3} of {} wrong {:?}",
            a.0,
            held_out.len(),
            a.1
        );
    }
    let (a_max, _) = accuracy_on(&held_out, part_syllables);
    assert!(a_max >= 0.9, "{a_max}");
}
