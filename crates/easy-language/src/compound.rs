//! Compounds: splitting a long word into known words, and writing it in the profile's style
//! (`Schuldner-Beratung` or `Schuldner·beratung`).

use crate::frequency::zipf;
use crate::profile::Profile;

/// Splits a long lower-case compound into known words (each with Zipf ≥ `min_zipf`); cached
/// per thread.
pub(crate) fn split_compound(lower: &str, min_zipf: f32) -> Option<Vec<String>> {
    type Cache = rustc_hash::FxHashMap<(Box<str>, u32), Option<Vec<String>>>;
    thread_local! {
        static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::new(Cache::default());
    }
    let key = (Box::<str>::from(lower), min_zipf.to_bits());
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return hit;
    }
    let result = split_compound_uncached(lower, min_zipf);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 1 << 16 {
            c.clear();
        }
        c.insert(key, result.clone());
    });
    result
}

fn split_compound_uncached(lower: &str, min_zipf: f32) -> Option<Vec<String>> {
    let bounds: Vec<usize> = lower.char_indices().map(|(i, _)| i).skip(3).collect();
    let mut best: Option<(f32, usize, usize)> = None; // (score, split, head end)
    for &i in &bounds {
        let (left, right) = lower.split_at(i);
        if right.chars().count() < 3 {
            break;
        }
        let Some(zr) = noun_zipf(right).filter(|z| *z >= min_zipf) else {
            continue;
        };
        // a particle is a prefix, not a word of a compound: Unter-halt, An-trag, Über-gang
        if PREFIX_PARTICLES.contains(&left) {
            continue;
        }
        // the left part may end in a linking element (Arbeit-s-amt, Kinder-garten)
        let mut zl = zipf(left);
        for link in ["s", "es", "n", "en", "er"] {
            if let (None, Some(stem)) = (zl, left.strip_suffix(link))
                && stem.chars().count() >= 3
            {
                zl = zipf(stem);
            }
        }
        let Some(zl) = zl.filter(|z| *z >= min_zipf) else {
            continue;
        };
        let score = zl.min(zr);
        if best.is_none_or(|(s, _, _)| score > s) {
            best = Some((score, i, i));
        }
    }
    let (_, split, _) = best?;
    let (left, right) = lower.split_at(split);
    let mut parts = vec![left.to_string()];
    // split the right part further when it is long itself (Kinder-tages-stätte); a right part
    // that is a word itself only into parts more frequent than it (Tages-stätte: 4.8 and 3.4
    // against 2.6; not Unt-erhalts: 3.1 against Unterhalt's 3.8)
    match (right.chars().count() >= 9)
        .then(|| split_compound(right, min_zipf))
        .flatten()
        .filter(|more| {
            noun_zipf(right)
                .is_none_or(|whole| more.iter().all(|p| noun_zipf(p).is_some_and(|z| z > whole)))
        }) {
        Some(more) => parts.extend(more),
        None => parts.push(right.to_string()),
    }
    Some(parts)
}

/// Prepositions and adverbs that German uses as prefixes of nouns and verbs (*Unterhalt*,
/// *Antrag*, *Übergang*, *Vorstand*): never the first word of a split.
const PREFIX_PARTICLES: [&str; 18] = [
    "unter", "über", "auf", "aus", "ein", "vor", "nach", "bei", "mit", "durch", "hinter", "wider",
    "gegen", "zurück", "um", "ab", "an", "zu",
];

/// Zipf frequency of a noun or, if higher, of the form without its case or plural ending
/// (*Unterhalts* 2.5 → *Unterhalt* 3.8, *Kindern* → *Kinder*).
fn noun_zipf(lower: &str) -> Option<f32> {
    ["s", "es", "n", "en", "e", "er", "ern"]
        .iter()
        .filter_map(|ending| lower.strip_suffix(ending))
        .filter(|stem| stem.chars().count() >= 3)
        .filter_map(zipf)
        .chain(zipf(lower))
        .reduce(f32::max)
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    cs.next()
        .map(|f| f.to_uppercase().collect::<String>() + cs.as_str())
        .unwrap_or_default()
}

/// A compound written in the profile's style: `Schuldner-Beratung` or `Schuldner·beratung`.
pub(crate) fn join_compound(parts: &[String], profile: Profile) -> String {
    match profile {
        Profile::Hildesheim => {
            let mut s = capitalise(&parts[0]);
            for p in &parts[1..] {
                s.push('·');
                s.push_str(p);
            }
            s
        }
        _ => parts
            .iter()
            .map(|p| capitalise(p))
            .collect::<Vec<_>>()
            .join("-"),
    }
}
