//! Families' answers: `child_id,decision[,date]` with `accept`, `decline` or `withdraw`.
//! A row that cannot apply refuses the whole file.

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use welfare_data::Table;
use welfare_data::error::Cell;

use crate::error::SeasonError;
use crate::event::Event;
use crate::season::{Commit, Season};

/// Columns of a responses file (`date` is optional).
pub const RESPONSE_COLUMNS: [&str; 2] = ["child_id", "decision"];

/// A family's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The offer becomes a contract.
    Accept,
    /// The offer is declined; the program leaves the child's list.
    Decline,
    /// The child leaves the season.
    Withdraw,
}

impl FromStr for Decision {
    type Err = String;
    fn from_str(s: &str) -> Result<Decision, String> {
        match s.trim().to_lowercase().as_str() {
            "accept" | "annehmen" | "zusage" | "angenommen" => Ok(Decision::Accept),
            "decline" | "ablehnen" | "absage" | "abgelehnt" => Ok(Decision::Decline),
            "withdraw" | "zurückziehen" | "abmelden" | "abgemeldet" => Ok(Decision::Withdraw),
            other => Err(format!(
                "'{other}' is not a decision; use accept, decline or withdraw (annehmen, \
                 ablehnen, abmelden)"
            )),
        }
    }
}

/// One answer, with where it came from (for messages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// The child.
    pub child_id: String,
    /// The answer.
    pub decision: Decision,
    /// The date on the answer.
    pub date: Option<NaiveDate>,
    /// The file (or form) it came from.
    pub file: String,
    /// Its row as a spreadsheet shows it (header = 1).
    pub row: usize,
}

/// A date as `2027-06-15` or as German staff write it, `15.06.2027`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .map_err(|_| format!("'{s}' is not a date; write it as 2027-06-15 or 15.06.2027"))
}

/// Reads a responses table.
pub fn read_responses(t: &Table) -> Result<Vec<Response>, SeasonError> {
    t.require_columns(&RESPONSE_COLUMNS)?;
    t.require_rows()?;
    let ids = t.strings("child_id")?;
    let decisions = t.map_text("decision", |i, s| {
        s.parse::<Decision>().map_err(|e| {
            t.cell(i, "decision").invalid_de(
                e,
                format!(
                    "„{}“ ist keine Antwort; möglich sind annehmen, ablehnen oder abmelden (Zusage, Absage)",
                    s.trim()
                ),
            )
        })
    })?;
    let dates = t.optional_strings("date")?;
    let mut out = Vec::with_capacity(ids.len());
    for (i, (child_id, decision)) in ids.into_iter().zip(decisions).enumerate() {
        let date = match dates.as_ref().and_then(|d| d[i].as_deref()) {
            Some(s) => Some(parse_date(s).map_err(|e| {
                t.cell(i, "date").invalid_de(
                    e,
                    format!(
                        "„{}“ ist kein Datum; bitte als 15.06.2027 oder 2027-06-15 schreiben",
                        s.trim()
                    ),
                )
            })?),
            None => None,
        };
        out.push(Response {
            child_id,
            decision,
            date,
            file: t.name().to_owned(),
            row: t.row_number(i),
        });
    }
    Ok(out)
}

/// The events of a set of answers; the first answer that cannot apply is an error naming its
/// file, row and field, and nothing applies.
pub fn respond(season: &Season, responses: &[Response]) -> Result<Commit, SeasonError> {
    let n = season.state.children();
    let index: HashMap<&str, usize> = season.reg.children[..n]
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    // lower-case id -> the child, or None when two ids differ only in case
    let mut folded: HashMap<String, Option<usize>> = HashMap::default();
    if responses
        .iter()
        .any(|r| !index.contains_key(r.child_id.as_str()))
    {
        for (i, c) in season.reg.children[..n].iter().enumerate() {
            folded
                .entry(c.id.to_lowercase())
                .and_modify(|e| *e = None)
                .or_insert(Some(i));
        }
    }
    let mut first_row: HashMap<usize, usize> = HashMap::default();
    let mut events = Vec::with_capacity(responses.len());
    for r in responses {
        let cell = |field| Cell {
            file: &r.file,
            row: r.row,
            field,
        };
        // the id as typed: exact, else ignoring case when that names one child
        let Some(c) = index.get(r.child_id.as_str()).copied().or_else(|| {
            let lower = r.child_id.trim().to_lowercase();
            match folded.get(&lower) {
                Some(&Some(c)) => Some(c),
                _ => None,
            }
        }) else {
            return Err(cell("child_id").unknown_id("child", &r.child_id).into());
        };
        if let Some(&first) = first_row.get(&c) {
            return Err(cell("child_id")
                .duplicate(format!("decision for child '{}'", r.child_id), first)
                .into());
        }
        first_row.insert(c, r.row);
        let state = &season.state;
        if state.withdrawn[c] {
            return Err(cell("decision")
                .invalid_de(
                    format!("child '{}' has left the season", r.child_id),
                    format!("Das Kind „{}“ ist abgemeldet.", r.child_id),
                )
                .into());
        }
        let held = state.holding[c];
        let event = match r.decision {
            Decision::Accept | Decision::Decline => match held {
                Some(h) if h.contract => {
                    let program = season.program_label(h.program);
                    return Err(cell("decision")
                        .invalid_de(
                            format!(
                                "child '{}' already has a contract ({program}); a contract is \
                                 final — only withdraw cancels it",
                                r.child_id,
                            ),
                            format!(
                                "Das Kind „{}“ hat schon einen Vertrag ({program}). Ein Vertrag \
                                 gilt; nur eine Abmeldung beendet ihn.",
                                r.child_id
                            ),
                        )
                        .into());
                }
                Some(h) => {
                    if r.decision == Decision::Accept {
                        Event::Accepted {
                            child: c as u32,
                            program: h.program,
                            date: r.date,
                        }
                    } else {
                        Event::Declined {
                            child: c as u32,
                            program: h.program,
                            date: r.date,
                        }
                    }
                }
                None => {
                    let accept = r.decision == Decision::Accept;
                    return Err(cell("decision")
                        .invalid_de(
                            format!(
                                "child '{}' has no open offer to {}",
                                r.child_id,
                                if accept { "accept" } else { "decline" }
                            ),
                            format!(
                                "Das Kind „{}“ hat kein offenes Angebot, das es {} könnte.",
                                r.child_id,
                                if accept { "annehmen" } else { "ablehnen" }
                            ),
                        )
                        .into());
                }
            },
            Decision::Withdraw => Event::Withdrawn {
                child: c as u32,
                date: r.date,
            },
        };
        events.push(event);
    }
    Ok(Commit {
        events,
        ..Commit::default()
    })
}
