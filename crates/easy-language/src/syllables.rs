//! Syllables per word part (`Lese-Schwierigkeit`, `Bundes·tag`): the larger of two counts —
//! break points of the TeX hyph-de-1996 patterns (`hyphenation`, MIT) + 1, with the minimum
//! first fragment lowered to 1 letter (print hyphenation keeps 2, which makes "oder" one
//! syllable; the last fragment keeps 2 so "Wohnung" is not "Wohnun-g"), and vowel nuclei
//! (patterns never split "über"). Still to measure against human syllabification (issue #5).

use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};

fn dictionary() -> &'static Standard {
    static DICT: OnceLock<Standard> = OnceLock::new();
    DICT.get_or_init(|| {
        let mut d = Standard::from_embedded(Language::German1996)
            .expect("the German patterns are embedded in the binary");
        d.minima = (1, 2);
        d
    })
}

const VOWELS: &str = "aeiouyäöüAEIOUYÄÖÜéèêáàâ";

/// Vowel nuclei: runs of vowels count once ("au", "ei", "eu", "ie" are one nucleus).
pub fn vowel_nuclei(word: &str) -> usize {
    let mut count = 0;
    let mut in_vowel = false;
    for c in word.chars() {
        let v = VOWELS.contains(c);
        if v && !in_vowel {
            count += 1;
        }
        in_vowel = v;
    }
    count
}

/// Syllables of one word part (no joiners inside).
pub fn part_syllables(part: &str) -> usize {
    let clean: String = part.chars().filter(|c| c.is_alphabetic()).collect();
    if clean.is_empty() {
        return 1;
    }
    let lower = clean.to_lowercase();
    let breaks = dictionary().hyphenate(&lower).breaks.len();
    (breaks + 1).max(vowel_nuclei(&lower)).max(1)
}

/// Syllables of a word given its parts' texts.
pub fn word_syllables<'a>(parts: impl IntoIterator<Item = &'a str>) -> usize {
    parts.into_iter().map(part_syllables).sum::<usize>().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_words() {
        for (w, n) in [
            ("oder", 2),
            ("Haus", 1),
            ("Schuldnerberatung", 5),
            ("über", 2),
            ("Feuer", 2),
            ("Bauarbeiter", 4),
            ("ist", 1),
            ("Antrag", 2),
            ("Wohnung", 2),
            ("Jobcenter", 3),
            ("unterschreiben", 4),
            ("Ausweis", 2),
        ] {
            assert_eq!(part_syllables(w), n, "{w}");
        }
        assert_eq!(word_syllables(["Lese", "Schwierigkeit"]), 5);
        assert_eq!(word_syllables(["2024"]), 1);
        // vowel nuclei alone merge "au-ar": the patterns supply the fourth syllable
        assert_eq!(vowel_nuclei("Bauarbeiter"), 3);
    }
}
