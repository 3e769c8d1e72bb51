//! Letters to parents: one printable HTML letter per family with an offer in a round — the
//! offer, the deadline, how to answer, and why not a higher choice — in Leichte Sprache (short
//! sentences, one statement each, no passive; checked with the suite's own checker in the
//! tests).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use welfare_data::daycare::AgeGroup;
use welfare_data::programs::{Care, StartMonth};

use crate::error::SeasonError;
use crate::event::Event;
use crate::explain::{ChoiceState, why_not};
use crate::season::Season;

/// One family's letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    /// The family.
    pub family_id: String,
    /// Its children with an offer in the round.
    pub children: Vec<String>,
    /// The letter's paragraphs as plain text, one sentence per line (what the checker reads).
    pub paragraphs: Vec<String>,
    /// The printable page.
    pub html: String,
}

/// An offer made in a round: (child, program, rank, deadline).
type Made = (usize, u32, u32, Option<NaiveDate>);

fn day(d: NaiveDate) -> String {
    welfare_report::german_date(d.year(), d.month(), d.day())
}

fn month(s: StartMonth) -> String {
    format!(
        "{} {}",
        welfare_report::GERMAN_MONTHS[usize::from(s.month) - 1],
        s.year
    )
}

fn care(c: Care) -> &'static str {
    match c {
        Care::Half => "Ihr Kind darf bis 25 Stunden pro Woche kommen.",
        Care::Part => "Ihr Kind darf bis 35 Stunden pro Woche kommen.",
        Care::Full => "Ihr Kind darf bis 45 Stunden pro Woche kommen.",
    }
}

/// Why the child has no seat at each program it ranks above its offer: for each, one short
/// paragraph.
fn why_not_higher(season: &Season, child: usize, rank: u32) -> Vec<String> {
    let reg = &season.reg;
    let mut out = Vec::new();
    for r in &reg.choices[child] {
        if r.rank >= rank {
            break;
        }
        if season.state.declined[child].contains(&(r.program as u32)) {
            continue;
        }
        let d = &reg.daycares[reg.programs[r.program].daycare];
        let mut text = format!("Sie wünschen sich auch die Kita „{}“.\n", d.name);
        text += match why_not(season, child, r.program, r.sibling_enrolled) {
            ChoiceState::NoSeats => "Diese Kita hat nur Plätze für Kinder in einem anderen Alter.",
            ChoiceState::AllContracted => "Dort sind alle Plätze schon fest vergeben.",
            ChoiceState::Sibling => {
                "Dort haben andere Kinder die Plätze bekommen.\nBei diesen Kindern geht \
                 schon ein Bruder oder eine Schwester in die Kita."
            }
            ChoiceState::Hardship => {
                "Dort haben andere Kinder die Plätze bekommen.\nDiese Familien brauchen den \
                 Platz besonders dringend."
            }
            ChoiceState::Distance => {
                "Dort haben andere Kinder die Plätze bekommen.\nDiese Kinder wohnen näher an \
                 der Kita."
            }
            ChoiceState::Lottery => {
                "Dort haben andere Kinder die Plätze bekommen.\nBei diesen Kindern hat das Los \
                 entschieden."
            }
            ChoiceState::Tie => {
                "Dort haben andere Kinder die Plätze bekommen.\nDiese Kinder sind genauso \
                 wichtig wie Ihr Kind.\nDann gilt eine Regel:\nMöglichst viele Kinder sollen \
                 einen Platz bekommen."
            }
            ChoiceState::NotYet => "Dort ist noch ein Platz frei.\nDie nächste Runde entscheidet.",
            _ => {
                "Dort haben Kinder aus früheren Runden die Plätze.\nDiese Kinder behalten ihren \
                  Platz."
            }
        };
        out.push(text);
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The letters of round `round` (default: the last): one per family with a new or better offer
/// in that round, in order of the family's first child.
pub fn letters(
    season: &Season,
    events: &[Event],
    round: Option<u32>,
) -> Result<Vec<Letter>, SeasonError> {
    let last = season.state.round;
    let round = round.unwrap_or(last);
    if round == 0 || round > last {
        return Err(SeasonError::request(
            "round",
            format!("the season has rounds 1 to {last}; there is no round {round}"),
        ));
    }
    // the offers made in that round (the child's offer now, if it is still that one)
    let mut current = 0;
    let mut offered: Vec<Made> = Vec::new();
    for e in events {
        match *e {
            Event::Round { round: r, .. } => current = r,
            Event::Offered {
                child,
                program,
                rank,
                deadline,
                ..
            } if current == round => offered.push((child as usize, program, rank, deadline)),
            _ => {}
        }
    }
    let mut families: Vec<(String, Vec<Made>)> = Vec::new();
    for o in offered {
        let family = &season.reg.children[o.0].family_id;
        match families.iter_mut().find(|(f, _)| f == family) {
            Some((_, list)) => list.push(o),
            None => families.push((family.clone(), vec![o])),
        }
    }
    Ok(families
        .into_iter()
        .map(|(family_id, offers)| letter(season, family_id, &offers))
        .collect())
}

fn letter(season: &Season, family_id: String, offers: &[Made]) -> Letter {
    let reg = &season.reg;
    let mut paragraphs = vec![
        "Guten Tag.".to_owned(),
        if offers.len() == 1 {
            "Wir haben einen Kita-Platz für Ihr Kind.".to_owned()
        } else {
            format!("Wir haben Kita-Plätze für {} Kinder.", offers.len())
        },
    ];
    let mut children = Vec::new();
    for &(child, program, rank, deadline) in offers {
        let c = &reg.children[child];
        children.push(c.id.clone());
        let p = &reg.programs[program as usize];
        let d = &reg.daycares[p.daycare];
        paragraphs.push(format!("Das Kind hat die Nummer {}.", c.id));
        paragraphs.push(format!(
            "Die Kita heißt „{}“.\nDie Kita ist im Stadtteil {}.\n{}",
            d.name,
            d.district,
            match p.age_group {
                AgeGroup::U3 => "Der Platz ist für Kinder unter 3 Jahren.",
                AgeGroup::Ue3 => "Der Platz ist für Kinder ab 3 Jahren.",
            }
        ));
        paragraphs.push(format!(
            "{}\nDer Platz beginnt im {}.",
            care(p.care),
            month(p.start)
        ));
        if rank == 1 {
            paragraphs.push("Das ist Ihr erster Wunsch.".to_owned());
        } else {
            paragraphs.push(format!("Das ist Ihr Wunsch Nummer {rank}."));
            paragraphs.extend(why_not_higher(season, child, rank));
            paragraphs.push(
                "Vielleicht wird dort später ein Platz frei.\nDann bekommen Sie Post von uns.\n\
                 Bis dahin behält Ihr Kind diesen Platz sicher."
                    .to_owned(),
            );
        }
        match deadline {
            Some(d) => paragraphs.push(format!("Bitte antworten Sie bis zum {}.", day(d))),
            None => paragraphs.push("Bitte antworten Sie bald.".to_owned()),
        }
    }
    paragraphs.push(
        "Sie wollen den Platz?\nDann sagen Sie uns: Ja.\nDanach ist der Platz fest für Ihr Kind."
            .to_owned(),
    );
    paragraphs.push(
        "Sie wollen den Platz nicht?\nDann sagen Sie uns: Nein.\nDann bekommt ein anderes Kind \
         den Platz."
            .to_owned(),
    );
    paragraphs.push(
        "Sie antworten nicht bis zu diesem Tag?\nDann verfällt der Platz.\nVerfällt heißt: Der \
         Platz ist dann weg."
            .to_owned(),
    );
    paragraphs.push("Sie haben Fragen?\nDann rufen Sie uns an.".to_owned());
    paragraphs.push("Viele Grüße\nIhr Kita-Amt".to_owned());
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>\n", escape(p).replace('\n', "<br>\n")))
        .collect();
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Kita-Platz für Familie {family}</title>\n<style>\
         body{{font-family:Arial,sans-serif;font-size:14pt;line-height:1.6;max-width:40em;\
         margin:2em auto;color:#000}}p{{margin:0 0 1em}}\
         @media print{{body{{margin:0}}}}</style>\n</head>\n<body>\n<main>\n\
         <h1>Ihr Kita-Platz</h1>\n{body}</main>\n</body>\n</html>\n",
        family = escape(&family_id)
    );
    Letter {
        family_id,
        children,
        paragraphs,
        html,
    }
}
