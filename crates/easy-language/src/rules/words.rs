//! Word rules: compounds, abbreviations, foreign and rare words, gender markers, cross-references, idioms, capitals.

use super::numbers::is_roman;
use super::*;

/// `long-compound`
pub(super) const LONG_COMPOUND: Rule = Rule {
    id: RuleId::LongCompound,
    title: "Langes zusammengesetztes Wort",
    sources: &["N", "H", "B", "IE"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Trennen Sie lange Wörter. Dann kann man sie besser lesen. Zum Beispiel: „Schuldner-Beratung“.",
};

/// `compound-separator`
pub(super) const COMPOUND_SEPARATOR: Rule = Rule {
    id: RuleId::CompoundSeparator,
    title: "Bindestrich oder Medio-Punkt",
    sources: &["N", "H"],
    severity: [Some(I), Some(I), Some(I)],
    explanation: "Trennen Sie zusammengesetzte Wörter immer gleich. Netzwerk Leichte Sprache: mit Binde-Strich. Hildesheim: mit Medio-Punkt.",
};

/// `abbreviation`
pub(super) const ABBREVIATION: Rule = Rule {
    id: RuleId::Abbreviation,
    title: "Abkürzung",
    sources: &["N", "H", "B", "IE"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Schreiben Sie Wörter ganz aus. Zum Beispiel: zum Beispiel. Nicht: z. B.",
};

/// `foreign-word`
pub(super) const FOREIGN_WORD: Rule = Rule {
    id: RuleId::ForeignWord,
    title: "Fremdwort",
    sources: &["N", "H", "B", "IE"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Benutzen Sie deutsche Wörter. Wenn Sie ein Fremd-Wort brauchen: Erklären Sie das Wort.",
};

/// `rare-word`
pub(super) const RARE_WORD: Rule = Rule {
    id: RuleId::RareWord,
    title: "Seltenes Wort",
    sources: &["N", "H", "B", "IE"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Benutzen Sie bekannte Wörter. Wenn Sie ein schweres Wort brauchen: Erklären Sie das Wort.",
};

/// `gender-marker`
pub(super) const GENDER_MARKER: Rule = Rule {
    id: RuleId::GenderMarker,
    title: "Gender-Zeichen",
    sources: &["N", "H"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Zeichen wie * oder : in einem Wort sind schwer. Schreiben Sie: Lehrerinnen und Lehrer.",
};

/// `cross-reference`
pub(super) const CROSS_REFERENCE: Rule = Rule {
    id: RuleId::CrossReference,
    title: "Verweis",
    sources: &["N", "H", "IE"],
    severity: [Some(W), Some(W), Some(I)],
    explanation: "Schreiben Sie nicht: siehe oben. Schreiben Sie die Information noch einmal hin.",
};

/// `idiom`
pub(super) const IDIOM: Rule = Rule {
    id: RuleId::Idiom,
    title: "Redewendung",
    sources: &["N", "H", "B", "IE"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Schreiben Sie keine Rede-Wendungen. Viele Menschen verstehen sie falsch. Schreiben Sie, was Sie meinen.",
};

/// `all-caps`
pub(super) const ALL_CAPS: Rule = Rule {
    id: RuleId::AllCaps,
    title: "Großbuchstaben",
    sources: &["N", "H"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Schreiben Sie nicht alles in Groß-Buchstaben. Das kann man schwer lesen.",
};

pub(super) fn long_compound(c: &Ctx, hits: &mut Vec<Hit>) {
    for t in &c.toks {
        if super::glossary::entry(c, t).is_some() {
            continue; // the glossary fixes how the word is written
        }
        if t.parts.len() != 1 || !t.capitalised() || t.letters() < c.cfg.compound_min_letters {
            continue;
        }
        if !t.text.chars().all(char::is_alphabetic)
            || t.text.chars().skip(1).any(char::is_uppercase)
        {
            continue;
        }
        // -nis, -nisse, -nissen: a derivation (Bedürfnissen), not a compound
        if ["nis", "nisse", "nissen", "nisses"]
            .iter()
            .any(|s| t.lower.ends_with(s))
        {
            continue;
        }
        if let Some(parts) = split_compound(&t.lower, 2.5) {
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist ein langes Wort.", t.text),
                Some(join_compound(&parts, c.cfg.profile)),
            ));
        } else if t.letters() >= VERY_LONG_WORD {
            // too long to split with confidence, too long to read in one go
            hits.push(hit(
                t.start,
                t.end,
                format!(
                    "„{}“ ist ein sehr langes Wort mit {} Buchstaben.",
                    t.text,
                    t.letters()
                ),
                Some("Teilen Sie das Wort mit Binde-Strichen. Oder sagen Sie es mit mehreren Wörtern.".into()),
            ));
        }
    }
}

/// A capitalised word with this many letters is long even where it does not split into known
/// words (Wohnungsbauförderungsgesetz).
const VERY_LONG_WORD: usize = 18;

pub(super) fn compound_separator(c: &Ctx, hits: &mut Vec<Hit>) {
    for t in &c.toks {
        if t.parts.len() < 2 || !t.capitalised() {
            continue;
        }
        let parts: Vec<&str> = t.parts.iter().map(|&(a, b)| &c.input[a..b]).collect();
        if parts
            .iter()
            .any(|p| p.chars().count() < 3 || !p.chars().all(char::is_alphabetic))
        {
            continue; // E-Mail, A4-Blatt
        }
        let joiners: Vec<&str> = t
            .parts
            .windows(2)
            .map(|w| &c.input[w[0].1..w[1].0])
            .collect();
        let lower_parts: Vec<String> = parts.iter().map(|p| p.to_lowercase()).collect();
        let wanted = join_compound(&lower_parts, c.cfg.profile);
        if wanted == t.text {
            continue;
        }
        let message = match c.cfg.profile {
            Profile::Hildesheim if joiners.iter().any(|j| *j != "·") => format!(
                "Nach den Regeln aus Hildesheim trennt man „{}“ mit einem Medio-Punkt.",
                t.text
            ),
            Profile::Hildesheim => format!("Nach dem Medio-Punkt schreibt man klein: „{wanted}“."),
            _ if joiners.contains(&"·") => format!(
                "Netzwerk Leichte Sprache trennt „{}“ mit einem Binde-Strich.",
                t.text
            ),
            _ => format!("Nach dem Binde-Strich schreibt man groß: „{wanted}“."),
        };
        hits.push(hit(t.start, t.end, message, Some(wanted)));
    }
}

pub(super) const DOTTED_ABBREVIATIONS: [(&str, &str); 39] = [
    ("Dr.", "Doktor"),
    ("Prof.", "Professor"),
    ("Dipl.", "Diplom"),
    ("Hr.", "Herr"),
    ("Fr.", "Frau"),
    ("Fa.", "Firma"),
    ("z. B.", "zum Beispiel"),
    ("z.B.", "zum Beispiel"),
    ("Z. B.", "Zum Beispiel"),
    ("Z.B.", "Zum Beispiel"),
    ("d. h.", "das heißt"),
    ("d.h.", "das heißt"),
    ("u. a.", "unter anderem"),
    ("u.a.", "unter anderem"),
    ("o. ä.", "oder so ähnlich"),
    ("o.ä.", "oder so ähnlich"),
    ("u. U.", "vielleicht"),
    ("i. d. R.", "meistens"),
    ("z. T.", "zum Teil"),
    ("usw.", "und so weiter"),
    ("bzw.", "oder"),
    ("ca.", "ungefähr"),
    ("Nr.", "Nummer"),
    ("evtl.", "vielleicht"),
    ("ggf.", "wenn nötig"),
    ("inkl.", "mit"),
    ("etc.", "und so weiter"),
    ("bspw.", "zum Beispiel"),
    ("Tel.", "Telefon"),
    ("Mio.", "Millionen"),
    ("Mrd.", "Milliarden"),
    ("Abs.", "Absatz"),
    ("Str.", "Straße"),
    ("sog.", "so genannt"),
    ("max.", "höchstens"),
    ("mind.", "mindestens"),
    ("Std.", "Stunden"),
    ("Min.", "Minuten"),
    ("zzgl.", "und dazu"),
];

pub(super) fn abbreviation(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    let mut covered: Vec<(usize, usize)> = Vec::new();
    // "Hauptstr.": a street name ending in the abbreviation
    for (i, _) in text.match_indices("str.") {
        let ws = text[..i]
            .char_indices()
            .rev()
            .find(|(_, ch)| !ch.is_alphabetic())
            .map_or(0, |(j, ch)| j + ch.len_utf8());
        if i - ws >= 3 && text[ws..].starts_with(char::is_uppercase) {
            covered.push((ws, i + 4));
            hits.push(hit(
                c.sentence.start + ws,
                c.sentence.start + i + 4,
                format!("„{}“ ist eine Abkürzung.", &text[ws..i + 4]),
                Some(format!("{}straße", &text[ws..i])),
            ));
        }
    }
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        let patterns: Vec<&str> = DOTTED_ABBREVIATIONS.iter().map(|(a, _)| *a).collect();
        automaton(&patterns, false)
    });
    if text.contains('.') {
        for m in ac.find_iter(text) {
            let (i, end) = (m.start(), m.end());
            let before_ok = text[..i]
                .chars()
                .next_back()
                .is_none_or(|ch| !ch.is_alphabetic());
            if !before_ok || covered.iter().any(|&(a, b)| i < b && end > a) {
                continue;
            }
            covered.push((i, end));
            let (abbr, long) = DOTTED_ABBREVIATIONS[m.pattern().as_usize()];
            hits.push(hit(
                c.sentence.start + i,
                c.sentence.start + end,
                format!("„{abbr}“ ist eine Abkürzung."),
                Some(long.to_string()),
            ));
        }
        // the same at the start of the sentence, capitalised ("Ca. 40 Kinder")
        if text.starts_with(char::is_uppercase) && !covered.iter().any(|&(a, _)| a == 0) {
            // only the start of the sentence can match: lower-case no more than the longest
            // abbreviation, not the whole sentence
            let longest = DOTTED_ABBREVIATIONS
                .iter()
                .map(|(a, _)| a.len())
                .max()
                .unwrap_or(0);
            let prefix_end = (longest..=text.len())
                .find(|&k| text.is_char_boundary(k))
                .unwrap_or(text.len());
            let lowered = first_lowered(&text[..prefix_end]);
            if let Some(m) = ac.find(lowered.as_str()).filter(|m| m.start() == 0) {
                let (_, long) = DOTTED_ABBREVIATIONS[m.pattern().as_usize()];
                let end = m.end();
                covered.push((0, end));
                hits.push(hit(
                    c.sentence.start,
                    c.sentence.start + end,
                    format!("„{}“ ist eine Abkürzung.", &text[..end]),
                    Some(super::grammar::keep_case(&text[..end], long)),
                ));
            }
        }
    }
    // acronyms: SGB, ALG, BAföG
    for t in &c.toks {
        let upper = t.text.chars().filter(|ch| ch.is_uppercase()).count();
        let letters = t.letters();
        if t.parts.len() == 1
            && (2..=6).contains(&letters)
            && upper >= 2
            && upper * 2 > letters
            && !is_roman(t.text)
            && lexicon::zipf(&t.lower).is_none_or(|z| z < 4.0 || upper == letters)
            && !(upper == letters && letters >= 5 && lexicon::zipf(&t.lower).is_some())
        {
            hits.push(Hit {
                severity: Some(Severity::Info),
                ..hit(
                    t.start,
                    t.end,
                    format!(
                        "„{}“ ist eine Abkürzung. Erklären Sie die Abkürzung beim ersten Mal.",
                        t.text
                    ),
                    None,
                )
            });
        }
    }
}

/// Latin and Greek suffixes of foreign words (Partizipation, Kompetenz, Inklusion).
pub(super) const FOREIGN_SUFFIXES: [&str; 10] = [
    "ation", "ität", "ismus", "enz", "anz", "ion", "ive", "iv", "ologie", "ieren",
];

/// A foreign word: an English word used in German below Zipf 4.5 (*Meeting*, not *Team*), or a
/// word with a Latin/Greek suffix below Zipf 3.5 (*Partizipation*, not *Information* or
/// *Explosion*).
pub(super) fn is_foreign(lower: &str, zipf: Option<f32>) -> bool {
    let z = zipf.unwrap_or(0.0);
    (lexicon::is_english(lower) && z < 4.5)
        || (z < 3.5
            && FOREIGN_SUFFIXES.iter().any(|s| lower.ends_with(s))
            && lower.chars().count() >= 7)
}

/// The sentence defines token `i`, the way Leichte Sprache explains a difficult word: the word
/// (with an article, "Das Wort", or a first name before it) opens the sentence and a defining
/// verb follows — "Eine Anakonda ist eine Schlange.", "Lula ist ein Politiker aus Brasilien.",
/// "Anemonen sind Blumen.", "Das Wort Braille bedeutet …", "Ein Paddock heißt auf Deutsch …".
/// "Das Wort Quappenbarsch ist selten." does not define it (no noun after "ist").
pub(super) fn defined_here(c: &Ctx, i: usize) -> bool {
    const LEAD: [&str; 10] = [
        "der",
        "die",
        "das",
        "ein",
        "eine",
        "wort",
        "begriff",
        "name",
        "abkürzung",
        "fremdwort",
    ];
    const ARTICLE: [&str; 9] = [
        "ein", "eine", "einer", "der", "die", "das", "so", "etwas", "kein",
    ];
    let toks = &c.toks;
    // before the word: at most 3 tokens, each a lead word or a capitalised name part
    if i > 3
        || toks[..i]
            .iter()
            .any(|t| !(LEAD.contains(&t.lower.as_str()) || t.capitalised()))
    {
        return false;
    }
    // after it: up to 2 more capitalised name parts, then the defining verb
    let mut j = i + 1;
    while j < toks.len() && j <= i + 2 && toks[j].capitalised() && !toks[j].clause_before {
        j += 1;
    }
    let (Some(verb), next) = (toks.get(j), toks.get(j + 1)) else {
        return false;
    };
    match verb.lower.as_str() {
        "bedeutet" | "bedeuten" | "heißt" | "heisst" | "heißen" | "meint" | "nennt" => true,
        "ist" | "war" => next.is_some_and(|n| ARTICLE.contains(&n.lower.as_str())),
        "sind" | "waren" => {
            next.is_some_and(|n| ARTICLE.contains(&n.lower.as_str()) || n.capitalised())
        }
        _ => false,
    }
}

pub(super) fn foreign_word(c: &Ctx, hits: &mut Vec<Hit>) {
    for (i, t) in c.toks.iter().enumerate() {
        if super::glossary::entry(c, t).is_some() || defined_here(c, i) {
            continue; // explained by the glossary or by this sentence
        }
        for &(a, b) in t.parts {
            let part = &c.input[a..b];
            if c.cfg.glossary.lookup(&part.to_lowercase()).is_some() {
                continue;
            }
            let info = lexicon::info(part);
            if info.zipf.is_some_and(|z| z >= 4.5) || usize::from(info.letters) < 3 {
                continue;
            }
            if !part.chars().all(char::is_alphabetic) {
                continue;
            }
            let lower = part.to_lowercase();
            if is_foreign(&lower, info.zipf) {
                hits.push(hit(
                    a,
                    b,
                    format!("„{part}“ ist ein Fremd-Wort."),
                    Some("Nehmen Sie ein deutsches Wort. Oder erklären Sie das Wort.".into()),
                ));
            }
        }
    }
}

pub(super) fn rare_word(c: &Ctx, hits: &mut Vec<Hit>) {
    for (i, t) in c.toks.iter().enumerate() {
        if super::glossary::entry(c, t).is_some() || defined_here(c, i) {
            continue; // explained by the glossary or by this sentence
        }
        if t.info.class & class::OFFICIAL != 0
            && let Some((plain, replaces)) = lexicon::official_word(&t.lower)
        {
            let plain = if i == 0 {
                capitalise(plain)
            } else {
                plain.to_owned()
            };
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist ein schweres Wort aus der Amts-Sprache.", t.text),
                Some(if replaces {
                    plain
                } else {
                    format!("Schreiben Sie ein leichtes Wort, zum Beispiel: {plain}")
                }),
            ));
            continue;
        }
        for &(a, b) in t.parts {
            let part = &c.input[a..b];
            if c.cfg.glossary.lookup(&part.to_lowercase()).is_some() {
                continue;
            }
            let info = lexicon::info(part);
            if info.zipf.is_some_and(|z| z >= c.cfg.rare_word_zipf) || info.letters < 4 {
                continue;
            }
            let lower = part.to_lowercase();
            if !part.chars().all(char::is_alphabetic) {
                continue;
            }
            if is_foreign(&lower, info.zipf) || is_roman(part) {
                continue; // reported as foreign word or Roman numeral
            }
            let mut z = crate::frequency::zipf_of_lemma(&lower);
            // a verb stem before the hyphen of a compound (Impf-Heft, Lern-Gruppe)
            if t.parts.len() > 1
                && b != t.end
                && let Some(v) = crate::frequency::zipf(&format!("{lower}en"))
            {
                z = Some(z.map_or(v, |x| x.max(v)));
            }
            if z.is_some_and(|z| z >= c.cfg.rare_word_zipf) {
                continue;
            }
            let capital = part.starts_with(char::is_uppercase);
            // a long noun that splits into known words is reported as a compound
            if capital
                && t.parts.len() == 1
                && t.letters() >= c.cfg.compound_min_letters
                && split_compound(&lower, 2.5).is_some()
            {
                continue;
            }
            // a short compound of common words (Fahrradweg, Kinderarzt) is not rare
            if capital
                && t.parts.len() == 1
                && split_compound(&lower, c.cfg.rare_word_zipf).is_some()
            {
                continue;
            }
            if z.is_none() && capital && t.parts.len() == 1 {
                // an unknown capitalised word inside the sentence is probably a name
                if i > 0 && lexicon::zipf(&lower).is_none() && split_compound(&lower, 2.5).is_none()
                {
                    hits.push(Hit {
                        severity: Some(Severity::Info),
                        ..hit(
                            a,
                            b,
                            format!("„{part}“ kennen viele Menschen nicht. Wenn es ein Name ist: Alles gut."),
                            Some("Erklären Sie das Wort.".into()),
                        )
                    });
                    continue;
                }
            }
            hits.push(hit(
                a,
                b,
                format!("„{part}“ ist ein seltenes Wort."),
                Some("Nehmen Sie ein bekanntes Wort. Oder erklären Sie das Wort.".into()),
            ));
        }
    }
}

pub(super) fn gender_marker(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    for (i, ch) in text.char_indices() {
        let marker_len = match ch {
            '*' | ':' | '_' | '/' => ch.len_utf8(),
            'I' => 0, // Binnen-I: LehrerInnen
            _ => continue,
        };
        let before = &text[..i];
        if !before.chars().next_back().is_some_and(char::is_lowercase) {
            continue;
        }
        let mut rest = &text[i + marker_len..];
        if ch == '/' {
            rest = rest.strip_prefix('-').unwrap_or(rest);
        }
        let ending = if rest.starts_with("innen") || (ch == 'I' && rest.starts_with("Innen")) {
            "innen"
        } else if rest.starts_with("in") || (ch == 'I' && rest.starts_with("In")) {
            "in"
        } else {
            continue;
        };
        let after_end = &rest[ending.len()..];
        if after_end.chars().next().is_some_and(char::is_alphabetic) {
            continue; // "LehrerInnenzimmer" is still a marker, but "Berlin:" is not: require a word end
        }
        let ws = before
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(0, |(j, c)| j + c.len_utf8());
        let base = &text[ws..i];
        if base.chars().count() < 3 || !base.starts_with(char::is_uppercase) {
            continue;
        }
        let end = text.len() - after_end.len();
        let suggestion = if ending == "innen" && (base.ends_with("er") || base.ends_with("el")) {
            format!("{base}innen und {base}")
        } else if ending == "in" && (base.ends_with("er") || base.ends_with("el")) {
            format!("{base}in oder {base}")
        } else {
            format!("{base}{ending} und … (die männliche Form)")
        };
        hits.push(hit(
            c.sentence.start + ws,
            c.sentence.start + end,
            format!("„{}“ hat ein Gender-Zeichen.", &text[ws..end]),
            Some(suggestion),
        ));
    }
}

pub(super) const CROSS_REFERENCES: [&str; 22] = [
    "siehe oben",
    "siehe unten",
    "s. o.",
    "s. u.",
    "s.o.",
    "s.u.",
    "vgl.",
    "wie oben",
    "oben genannt",
    "oben erwähnt",
    "oben beschrieben",
    "weiter oben",
    "weiter unten",
    "im folgenden",
    "siehe seite",
    "siehe kapitel",
    "siehe abschnitt",
    "siehe anlage",
    "siehe punkt",
    "wie bereits erwähnt",
    "wie schon gesagt",
    "wie bereits gesagt",
];

/// `text` with its first letter in lower case.
fn first_lowered(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |f| f.to_lowercase().chain(chars).collect())
}

pub(super) fn automaton(patterns: &[&str], case_insensitive: bool) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(case_insensitive)
        .match_kind(MatchKind::LeftmostFirst)
        .build(patterns)
        .expect("constant patterns build an automaton")
}

pub(super) fn cross_reference(c: &Ctx, hits: &mut Vec<Hit>) {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| automaton(&CROSS_REFERENCES, true));
    let text = c.text();
    for m in ac.find_iter(text) {
        let (i, j) = (m.start(), m.end());
        if text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
        {
            continue;
        }
        hits.push(hit(
            c.sentence.start + i,
            c.sentence.start + j,
            format!("„{}“ schickt die Leser an eine andere Stelle.", &text[i..j]),
            Some("Schreiben Sie die Information hier noch einmal.".into()),
        ));
    }
}

/// Idioms: the words (lower-case prefixes, in order) and what they mean.
pub(super) const IDIOMS: [(&[&str], &str); 36] = [
    (&["daumen", "drück"], "Glück wünschen"),
    (&["schlauch", "steh"], "etwas nicht verstehen"),
    (
        &["hals", "über", "kopf"],
        "sehr schnell und ohne nachzudenken",
    ),
    (&["unter", "den", "teppich"], "etwas verstecken"),
    (&["auf", "den", "punkt"], "kurz sagen, was wichtig ist"),
    (&["über", "den", "berg"], "das Schlimmste ist vorbei"),
    (&["tomaten", "auf", "den", "augen"], "etwas nicht sehen"),
    (&["ins", "gras", "beiß"], "sterben"),
    (&["katze", "im", "sack"], "etwas kaufen, ohne es zu kennen"),
    (&["tassen", "im", "schrank"], "verrückt sein"),
    (&["ins", "fettnäpfchen"], "etwas Peinliches sagen oder tun"),
    (&["unter", "einen", "hut"], "zusammen-bringen"),
    (&["unter", "die", "arme"], "helfen"),
    (&["auf", "dem", "laufenden"], "Bescheid wissen"),
    (&["aus", "allen", "wolken"], "sehr überrascht sein"),
    (
        &["den", "faden", "verl"],
        "nicht mehr wissen, was man sagen will",
    ),
    (&["die", "nase", "voll"], "genug haben"),
    (&["auf", "eigene", "faust"], "allein, ohne Hilfe"),
    (&["kopf", "und", "kragen"], "alles riskieren"),
    (&["unter", "vier", "augen"], "allein, nur zu zweit"),
    (
        &["auge", "zudrück"],
        "etwas erlauben, das eigentlich nicht erlaubt ist",
    ),
    (
        &["zwei", "fliegen", "mit", "einer", "klappe"],
        "2 Dinge auf einmal schaffen",
    ),
    (
        &["blaue", "vom", "himmel"],
        "viel versprechen, das nicht stimmt",
    ),
    (&["liegt", "auf", "der", "hand"], "das ist klar"),
    (&["ins", "wasser", "fiel"], "hat nicht statt-gefunden"),
    (&["ins", "wasser", "fällt"], "findet nicht statt"),
    (&["am", "ball", "bleib"], "weiter-machen"),
    (&["auf", "augenhöhe"], "gleich-berechtigt"),
    (&["den", "kopf", "hängen"], "traurig sein"),
    (&["auf", "die", "nerven"], "stören, ärgern"),
    (&["mit", "kind", "und", "kegel"], "mit der ganzen Familie"),
    (&["den", "löffel", "abgeb"], "sterben"),
    (
        &["in", "den", "sauren", "apfel"],
        "etwas Unangenehmes tun müssen",
    ),
    (&["dorn", "im", "auge"], "etwas stört sehr"),
    (&["über", "den", "tisch", "gezogen"], "betrogen"),
    (&["den", "gürtel", "enger"], "weniger Geld ausgeben"),
];

/// Token range of `words` in order, each within 3 tokens of the previous one.
pub(super) fn find_in_order(c: &Ctx, words: &[&str]) -> Option<(usize, usize)> {
    // short keywords must match exactly, longer ones may be inflected (gedrückt)
    let matches = |l: &str, w: &str| if w.len() <= 3 { l == w } else { l.contains(w) };
    'start: for i in 0..c.toks.len() {
        if !matches(&c.toks[i].lower, words[0]) {
            continue;
        }
        let mut at = i;
        for w in &words[1..] {
            match (at + 1..(at + 4).min(c.toks.len())).find(|&j| matches(&c.toks[j].lower, w)) {
                Some(j) => at = j,
                None => continue 'start,
            }
        }
        return Some((i, at));
    }
    None
}

pub(super) fn idiom(c: &Ctx, hits: &mut Vec<Hit>) {
    // the longest keyword of each idiom must occur in the sentence before its words are matched
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        let anchors: Vec<&str> = IDIOMS
            .iter()
            .map(|(words, _)| *words.iter().max_by_key(|w| w.len()).unwrap_or(&""))
            .collect();
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(anchors)
            .expect("constant patterns build an automaton")
    });
    let mut candidates: Vec<usize> = ac
        .find_overlapping_iter(c.text())
        .map(|m| m.pattern().as_usize())
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    for k in candidates {
        let (words, meaning) = IDIOMS[k];
        // two-word idioms also in the other order ("drücken Ihnen die Daumen")
        let reversed: Vec<&str> = words.iter().rev().copied().collect();
        let found = find_in_order(c, words).or_else(|| {
            (words.len() == 2)
                .then(|| find_in_order(c, &reversed))
                .flatten()
        });
        if let Some((i, j)) = found {
            let (a, b) = (c.toks[i].start, c.toks[j].end);
            hits.push(hit(
                a,
                b,
                format!("„{}“ ist eine Rede-Wendung.", &c.input[a..b]),
                Some(format!("Schreiben Sie, was Sie meinen: {meaning}")),
            ));
        }
    }
    // one-word pictures (Zwickmühle, Glückspilz): the word is the picture
    for t in &c.toks {
        if let Some((_, meaning)) = METAPHORS.iter().find(|(stem, _)| {
            t.lower
                .strip_prefix(stem)
                .is_some_and(|rest| ["", "s", "n", "e", "en", "er", "es"].contains(&rest))
        }) {
            hits.push(hit(
                t.start,
                t.end,
                format!(
                    "„{}“ ist ein Bild-Wort. Nicht alle verstehen das Bild.",
                    t.text
                ),
                Some(format!("Schreiben Sie, was Sie meinen: {meaning}")),
            ));
        }
    }
}

/// Words that are pictures (metaphors), lower-case, with what they mean. The suite's own list
/// of common ones.
pub(super) const METAPHORS: [(&str, &str); 30] = [
    ("zwickmühle", "eine schwierige Lage"),
    ("lampenfieber", "Angst vor einem Auftritt"),
    ("glückspilz", "ein Mensch mit viel Glück"),
    ("pechvogel", "ein Mensch mit viel Pech"),
    ("angsthase", "ein Mensch mit viel Angst"),
    ("bücherwurm", "ein Mensch, der viel liest"),
    ("eselsbrücke", "eine Hilfe zum Merken"),
    ("ohrwurm", "ein Lied, das man immer wieder hört im Kopf"),
    ("schneckentempo", "sehr langsam"),
    ("hexenschuss", "plötzliche Schmerzen im Rücken"),
    ("drahtesel", "ein Fahrrad"),
    ("stubenhocker", "ein Mensch, der immer zu Hause bleibt"),
    ("schnapsidee", "eine dumme Idee"),
    ("milchmädchenrechnung", "eine falsche Rechnung"),
    ("löwenanteil", "der größte Teil"),
    ("bärendienst", "eine Hilfe, die schadet"),
    ("katzensprung", "ein kurzer Weg"),
    ("hungerlohn", "sehr wenig Lohn"),
    ("sündenbock", "jemand, der die Schuld bekommt"),
    ("kinderspiel", "sehr leicht"),
    ("nervenbündel", "ein sehr nervöser Mensch"),
    ("fettnäpfchen", "ein peinlicher Fehler"),
    ("zankapfel", "der Grund für einen Streit"),
    ("hamsterkauf", "zu viel auf Vorrat kaufen"),
    ("rabeneltern", "Eltern, die sich nicht kümmern"),
    ("gänsehaut", "Angst oder ein starkes Gefühl"),
    ("stimmungskanone", "ein Mensch, der andere fröhlich macht"),
    ("torschlusspanik", "Angst, etwas zu verpassen"),
    ("augenwischerei", "etwas, das nur gut aussieht"),
    ("schwarzmalerei", "alles schlecht sehen"),
];

pub(super) fn all_caps(c: &Ctx, hits: &mut Vec<Hit>) {
    for t in &c.toks {
        let letters = t.letters();
        if letters >= 5
            && t.text
                .chars()
                .filter(|ch| ch.is_alphabetic())
                .all(char::is_uppercase)
            && !is_roman(t.text)
            && lexicon::zipf(&t.lower).is_some()
        {
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist in Groß-Buchstaben geschrieben.", t.text),
                Some(capitalise(&t.lower)),
            ));
        }
    }
}
