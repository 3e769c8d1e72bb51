"""Builds the two word lists easy-language embeds (run once; needs Python 3 and `pip install simplemma==2.0.0`).

    python3 build_lexicon.py ../../../../shared/datasets/wordfreq-de/de_top100k_zipf.tsv

- wordfreq-de.tsv: word<TAB>zipf of the 100,000 most frequent German words (wordfreq 3.1,
  Robyn Speer; CC BY-SA 4.0).
- verb-forms.tsv: form<TAB>class<TAB>lemma for the lower-case verb forms among those words, from
  simplemma 2.0's German form->lemma table (MIT; its data derives from Měchura's lemmatization
  lists (ODbL), Wiktionary via Kaikki, FreeLing, spaCy lookups, UniMorph, Wikinflection), classified
  by shape relative to the lemma: `participle` (Partizip II), `past` (Präteritum), `subjunctive`
  (Konjunktiv II of strong verbs). Present-tense and imperative forms are left out.
"""
import re
import sys
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

INSEPARABLE = ("be", "ge", "er", "ver", "zer", "ent", "emp", "miss", "hinter", "wider",
               # both separable and inseparable; inseparable when the form has no "ge" after them
               "unter", "über", "durch", "um", "voll")
SEPARABLE = ("ab", "an", "auf", "aus", "bei", "durch", "ein", "fest", "fort", "her", "hin", "los",
             "mit", "nach", "vor", "weg", "weiter", "zu", "zurück", "zusammen", "über", "unter",
             "um", "dar", "heraus", "herein", "hinaus", "hinein", "voran", "vorbei", "wieder",
             "frei", "statt", "teil", "hoch", "heim", "dabei", "hinzu", "herunter", "herauf", "zurecht")
UMLAUT = str.maketrans("aou", "äöü")


DICT = {}
# adjectives and adverbs the table maps to a verb (gesamt -> samen)
NOT_VERB_FORMS = {"gesamt", "gerecht", "gesund", "genau", "gemein", "geheim", "gering", "gewiss",
                  "gerade", "gern", "gestern", "gegen", "genug", "gelb", "gut", "bekannt", "berühmt",
                  "beliebt", "besonders", "bereit", "bereits", "gleich", "gemeinsam", "gewesen"}


def inseparable(lemma):
    """An inseparable prefix followed by a verb (ergeben, but not gehen)."""
    return any(lemma.startswith(p) and DICT.get(lemma[len(p):]) == lemma[len(p):] and len(lemma) > len(p) + 3
               for p in INSEPARABLE)


def stem(lemma):
    for suf in ("ern", "eln"):
        if lemma.endswith(suf):
            return lemma[:-1]
    if lemma.endswith("en"):
        return lemma[:-2]
    return lemma[:-1]


def participle_shaped(form, lemma):
    if not (form.endswith("t") or form.endswith("en")):
        return False
    if form.startswith("ge") and (not lemma.startswith("ge") or form.startswith("gege")):
        return True
    for p in SEPARABLE:
        if lemma.startswith(p) and form.startswith(p + "ge"):
            return True
    if inseparable(lemma) or lemma.endswith("ieren"):
        s = stem(lemma)
        return form in (s + "t", s + "et") or (form.endswith("en") and form != lemma)
    return False


def classify(form, lemma, d=None):
    s = stem(lemma)
    present = {s + e for e in ("e", "st", "t", "en", "est", "et", "n")} | {lemma, s}
    if lemma.endswith(("eln", "ern")):
        present.add(lemma[:-3] + lemma[-2] + "e")  # ich angle, ich wandre
    if form in present:
        return None
    if re.search("end(e|em|en|er|es)?$", form) and form.startswith(s[:-1]):
        return None  # Partizip I (erregend)
    for p in SEPARABLE:
        if lemma.startswith(p) and form == p + "zu" + lemma[len(p):]:
            return None  # zu-infinitive (aufzuzwingen)
    for e in ("te", "test", "ten", "tet", "ete", "etest", "eten", "etet"):
        if form == s + e:
            return "past"
    if (form.endswith("en") and form[:-2] != s and DICT.get(form[:-2]) == lemma
            and classify(form[:-2], lemma) == "past"):
        return "past"  # strong plural = singular + en: gingen, begannen
    for ending in ("e", "em", "en", "er", "es"):
        base = form[: -len(ending)]
        if form.endswith(ending) and base == lemma and lemma.startswith(INSEPARABLE):
            return "participle"  # inflected participle equal to the infinitive: erfahrene
    if form.endswith("te") and not form.startswith("ge"):
        return "past"  # mixed verbs: brachte, dachte, kannte
    if d is not None:
        for ending in ("e", "em", "en", "er", "es"):
            base = form[: -len(ending)]
            if form.endswith(ending) and DICT.get(base) == lemma and classify(base, lemma) == "participle":
                return "participle"  # inflected: erfahrene, begonnene
    if d is not None and inseparable(lemma):
        for p in INSEPARABLE:
            base_form, base_lemma = form[len(p):], lemma[len(p):]
            if lemma.startswith(p) and form.startswith(p) and d.get(base_form) == base_lemma:
                c = classify(base_form, base_lemma)
                if c is not None and not base_form.startswith("ge"):
                    return c  # erfanden like fanden, enthielten like hielten
    if participle_shaped(form, lemma):
        return "participle"
    if (form.startswith("ge") and not lemma.startswith("ge")) or any(
            lemma.startswith(p) and form.startswith(p + "ge") for p in SEPARABLE):
        return "participle"  # inflected: geschehene, abgelaufene
    if form.endswith("st") or form.endswith("t"):
        return None  # strong present (gibt, fährst) or rare past forms (gingt)
    if form in (s.replace("e", "i", 1), s.replace("e", "ie", 1), s.replace("e", "ie", 1) + "e"):
        return None  # imperative gib, lies, sieh, siehe
    if any(form == lemma + e for e in ("e", "en", "er", "es", "em")) and not lemma.startswith(INSEPARABLE):
        return None  # an adjective spelled like the verb, inflected: moderne (modern)
    if form.endswith("en") and lemma.startswith(INSEPARABLE):
        return "participle"  # begonnen
    if form.endswith("e") and not form.endswith("ee"):
        return "subjunctive"  # käme, ginge, hülfe
    return "past"  # ging, kam, gingen, kamen


def main(path):
    d = DefaultDictionaryFactory().get_dictionary("de")
    global DICT
    DICT = d
    words = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            _, w, z = line.rstrip("\n").split("\t")
            words.append((w, z))
    with open("wordfreq-de.tsv", "w", encoding="utf-8") as out:
        for w, z in words:
            out.write(f"{w}\t{z}\n")
    rows = []
    for w, _ in words:
        if not w.isalpha() or w != w.lower():
            continue
        lemma = d.get(w)
        if w in NOT_VERB_FORMS:
            continue
        if lemma is None or lemma == w or lemma != lemma.lower():
            continue
        if not (lemma.endswith("en") or lemma.endswith("ern") or lemma.endswith("eln")):
            continue
        if lemma in ("sein", "haben", "werden", "können", "müssen", "dürfen", "wollen", "sollen", "mögen", "wissen"):
            continue  # auxiliaries and modals (kann, muss: present forms that look past) are named by the rules
        s = stem(lemma)
        if not any(d.get(s + e) == lemma for e in ("t", "et", "e")):
            continue  # the lemma is no verb (uneben, verbunden, draußen)
        c = classify(w, lemma, d)
        if c:
            rows.append((w, c, lemma))
    rows.sort()
    with open("verb-forms.tsv", "w", encoding="utf-8") as out:
        for r in rows:
            out.write("\t".join(r) + "\n")
    print(len(words), "words;", len(rows), "verb forms")
    english_words(words)


def english_words(words):
    """english-words.tsv: words of the German list that are much more frequent in English
    (Zipf en >= 3.5 and > de + 1, de < 5): English words used in German text (meeting, update)."""
    import wordfreq  # pip install wordfreq==3.1.1
    out = []
    for w, z in words:
        if not w.isalpha() or len(w) < 3:
            continue
        en = wordfreq.zipf_frequency(w, "en")
        if en >= 3.5 and en > float(z) + 1.0 and float(z) < 5.0:
            out.append(w)
    with open("english-words.tsv", "w", encoding="utf-8") as f:
        for w in sorted(out):
            f.write(w + "\n")
    print(len(out), "English words")


if __name__ == "__main__":
    main(sys.argv[1])
