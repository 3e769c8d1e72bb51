"""textstat 0.7.13 (German) on the Leichte Sprache reference sentences, for the comparison in
docs/easy-language.md and the formula test in crates/easy-language/tests/textstat.rs.

    pip install textstat==0.7.13   # pulls pyphen 0.18.1
    python3 benches/peers/textstat_de.py > datasets/easy-language/textstat_reference.csv
    python3 benches/peers/textstat_de.py --speed corpus.txt   # words per second on a file
    python3 benches/peers/textstat_de.py --formulas corpus.txt   # all six formulas, as a process

Writes, per sentence of datasets/easy-language/textcomplexityde_ratings.csv: textstat's own
counts (words, sentences, syllables, words with >= 3 syllables, with 1 syllable, with > 6
letters) and its unrounded formula values (backend functions, no rounding).
"""
import csv
import os
import sys
import time

import textstat
from textstat.backend import counts, metrics

LANG = "de"


def speed(path):
    text = open(path, encoding="utf-8").read()
    textstat.set_lang(LANG)
    words = counts.count_words(text)
    t0 = time.perf_counter()
    metrics.flesch_reading_ease(text, LANG)
    t1 = time.perf_counter()
    print(f"{path}: {words} words; flesch_reading_ease {t1 - t0:.2f} s = {words / (t1 - t0):,.0f} words/s (first call, textstat caches results per text)")


def formulas(path):
    """The six formulas the checker reports, on the whole file (time the whole process)."""
    text = open(path, encoding="utf-8").read()
    textstat.set_lang(LANG)
    values = [metrics.flesch_reading_ease(text, LANG),
              *[metrics.wiener_sachtextformel(text, v, LANG) for v in (1, 2, 3, 4)],
              metrics.lix(text)]
    print(" ".join(f"{v:.3f}" for v in values))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.join(here, "..", "..", "datasets", "easy-language", "textcomplexityde_ratings.csv")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "words", "sentences", "syllables", "polysyllables", "monosyllables", "long_words",
                  "flesch_reading_ease", "wiener_sachtextformel_1", "wiener_sachtextformel_2",
                  "wiener_sachtextformel_3", "wiener_sachtextformel_4", "lix"])
    for r in csv.DictReader(open(src, encoding="utf-8")):
        t = r["sentence"]
        out.writerow([
            r["id"],
            counts.count_words(t),
            counts.count_sentences(t),
            counts.count_syllables(t, LANG),
            counts.count_polysyllable_words(t, LANG),
            counts.count_monosyllable_words(t, LANG),
            counts.count_long_words(t),
            repr(metrics.flesch_reading_ease(t, LANG)),
            *[repr(metrics.wiener_sachtextformel(t, v, LANG)) for v in (1, 2, 3, 4)],
            repr(metrics.lix(t)),
        ])


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--speed":
        speed(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--formulas":
        formulas(sys.argv[2])
    else:
        main()
