//! Prints the rule catalogue as a Markdown table (id, title, sources, severity per profile,
//! explanation): `cargo run -p easy-language --example rules_table`

use easy_language::{Profile, RULES};

fn main() {
    println!(
        "| rule | title | sources | netzwerk | hildesheim | bitv | explanation (Leichte Sprache) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for r in RULES {
        let sev: Vec<&str> = Profile::ALL
            .iter()
            .map(|p| r.severity_in(*p).map_or("–", |s| s.as_str()))
            .collect();
        println!(
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            r.id,
            r.title,
            r.sources.join(", "),
            sev[0],
            sev[1],
            sev[2],
            r.explanation
        );
    }
}
