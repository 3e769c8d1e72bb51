//! `indirect-speech`: reported speech (*Er sagt, er sei krank.*, *Sie meint, dass …*); Leichte
//! Sprache quotes directly.

use super::*;

/// `indirect-speech`
pub(super) const INDIRECT_SPEECH: Rule = Rule {
    id: RuleId::IndirectSpeech,
    title: "Indirekte Rede",
    sources: &["H"],
    severity: [Some(W), Some(W), Some(I)],
    explanation: "Schreiben Sie, was jemand wörtlich sagt. Zum Beispiel: Herr Meier sagt: „Ich bin krank.“",
};

/// Verbs of saying and thinking, as word starts (*sagt*, *sagte*, *behauptet*, …).
const SAYING: [&str; 16] = [
    "sag", "meint", "meinte", "erklärt", "behaupt", "bericht", "betont", "erzählt", "antwort",
    "schreibt", "schrieb", "glaubt", "glaubte", "denkt", "dachte", "teilt",
];

/// Konjunktiv I forms of the third person that are not also indicative or infinitive.
const SUBJUNCTIVE_ONE: [&str; 14] = [
    "sei", "seien", "habe", "werde", "könne", "müsse", "dürfe", "wolle", "solle", "möge", "gebe",
    "komme", "wisse", "gehe",
];

pub(super) fn indirect_speech(c: &Ctx, hits: &mut Vec<Hit>) {
    let toks = &c.toks;
    let Some(say) = toks.iter().enumerate().position(|(k, t)| {
        !(k > 0 && t.capitalised()) && SAYING.iter().any(|s| t.lower.starts_with(s))
    }) else {
        return;
    };
    // "dass" after the verb of saying, or a Konjunktiv I form after it (not after "ich": "ich
    // habe" is indicative)
    let reported = toks[say + 1..].iter().enumerate().find(|(k, t)| {
        let k = say + 1 + k;
        (t.lower == "dass" && t.comma_before)
            || (SUBJUNCTIVE_ONE.contains(&t.lower.as_str())
                && !(t.lower == "habe" && k > 0 && toks[k - 1].lower == "ich")
                && !(t.lower == "werde" && k > 0 && toks[k - 1].lower == "ich"))
    });
    if let Some((_, t)) = reported {
        hits.push(hit(
            toks[say].start,
            t.end,
            format!(
                "„{}“: Hier steht, was jemand gesagt hat, aber nicht wörtlich.",
                &c.input[toks[say].start..t.end]
            ),
            Some("Schreiben Sie die Worte mit Doppel-Punkt und Anführungs-Zeichen.".into()),
        ));
    }
}
