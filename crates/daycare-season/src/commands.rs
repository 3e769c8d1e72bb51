//! The season's commands, each one transaction on its database. The doors (CLI, web, API)
//! translate into these requests and render the reports; they decide nothing themselves.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use welfare_data::Table;
use welfare_data::programs::{ProgramInstance, StartMonth};

use crate::add::{Additions, add};
use crate::error::SeasonError;
use crate::event::{Event, OfferStatus};
use crate::export::{export_files, write_files};
use crate::replay::{ReplayReport, replay};
use crate::respond::{Decision, Response, read_responses, respond};
use crate::round::{Offer, RoundRequest, round};
use crate::season::{Registration, Season, SeasonMechanism, Settings};
use crate::status::Status;
use crate::store::Database;

/// The month places start when `init` is not told: August (the Kita year) of the year of
/// `today`, or of the next year from August on.
pub fn default_start(today: NaiveDate) -> StartMonth {
    let year = if today.month() >= 8 {
        today.year() + 1
    } else {
        today.year()
    };
    StartMonth {
        year: year as u16,
        month: 8,
    }
}

/// `init`: a new season from an instance folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitRequest {
    /// The instance folder (`daycares.csv`, `children.csv`, `preferences.csv`, optional
    /// `seats.csv`).
    pub instance: PathBuf,
    /// The mechanism of every round.
    #[serde(default)]
    pub mechanism: SeasonMechanism,
    /// The month places start (programs made from `daycares.csv`).
    pub start: StartMonth,
    /// Children of one family at the same daycare (max-stable seasons only).
    #[serde(default)]
    pub siblings_together: bool,
    /// Share of seats for hardship cases (max-stable seasons only).
    #[serde(default)]
    pub hardship_quota: Option<f64>,
}

impl InitRequest {
    /// Checks the settings.
    pub fn check(&self) -> Result<(), SeasonError> {
        if (self.siblings_together || self.hardship_quota.is_some())
            && self.mechanism != SeasonMechanism::MaxStable
        {
            return Err(SeasonError::request(
                "siblings-together",
                "families together and the hardship quota need max-stable rounds (--mechanism \
                 max-stable); a deferred-acceptance season places siblings by the sibling \
                 priority",
            ));
        }
        if let Some(q) = self.hardship_quota
            && !(q.is_finite() && (0.0..=1.0).contains(&q))
        {
            return Err(SeasonError::request(
                "hardship-quota",
                format!("the hardship quota is a share between 0 and 1, not {q}"),
            ));
        }
        Ok(())
    }
}

/// What `init` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InitReport {
    /// The database (no password).
    pub db: String,
    /// Children registered.
    pub children: u64,
    /// Daycares.
    pub daycares: u64,
    /// Programs (seat types).
    pub programs: u64,
    /// Seats of all programs.
    pub seats: u64,
    /// The mechanism.
    pub mechanism: String,
    /// The start month.
    pub start: String,
}

/// Creates a season in `db` from the instance folder of the request (refused if the database
/// holds one).
pub fn init(db: &mut Database, request: &InitRequest) -> Result<InitReport, SeasonError> {
    request.check()?;
    let instance = ProgramInstance::read(&request.instance, request.start)?;
    create(db, request, instance)
}

/// Creates a season in `db` from an instance already read (uploads); `request.instance` only
/// names it.
pub fn create(
    db: &mut Database,
    request: &InitRequest,
    instance: ProgramInstance,
) -> Result<InitReport, SeasonError> {
    request.check()?;
    let season = Season::new(Registration {
        settings: Settings {
            mechanism: request.mechanism,
            start: request.start,
            siblings_together: request.siblings_together,
            hardship_quota: request.hardship_quota,
        },
        daycares: instance.daycares,
        programs: instance.programs,
        children: instance.children,
        choices: instance.choices,
    });
    db.create(&season)?;
    Ok(InitReport {
        db: db.name().to_owned(),
        children: season.reg.children.len() as u64,
        daycares: season.reg.daycares.len() as u64,
        programs: season.reg.programs.len() as u64,
        seats: season.reg.programs.iter().map(|p| u64::from(p.seats)).sum(),
        mechanism: request.mechanism.name().to_owned(),
        start: request.start.to_string(),
    })
}

/// What a round did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundReport {
    /// The round's number.
    pub round: u32,
    /// Offers that lapsed before it.
    pub lapsed: u64,
    /// New offers.
    pub new: u64,
    /// Better offers (the previous one is released).
    pub upgraded: u64,
    /// Offers kept.
    pub kept: u64,
    /// Children in play without an offer.
    pub unplaced: u64,
    /// The deadline of the new offers.
    pub deadline: Option<NaiveDate>,
    /// Every child holding an offer (for `offers.csv`).
    #[serde(skip)]
    pub offers: Vec<Offer>,
    /// The season after the round (for `offers.csv` and letters).
    #[serde(skip)]
    pub season: Option<Box<Season>>,
}

/// Runs the next round.
pub fn run_round(db: &mut Database, request: &RoundRequest) -> Result<RoundReport, SeasonError> {
    let (season, outcome) = db.change(|season| {
        let outcome = round(season, request)?;
        Ok((outcome.commit.clone(), outcome))
    })?;
    let count = |s: OfferStatus| outcome.offers.iter().filter(|o| o.status == s).count() as u64;
    let in_play = (0..season.state.children())
        .filter(|&c| season.state.in_play(c))
        .count() as u64;
    Ok(RoundReport {
        round: season.state.round,
        lapsed: outcome
            .commit
            .events
            .iter()
            .filter(|e| matches!(e, Event::Lapsed { .. }))
            .count() as u64,
        new: count(OfferStatus::New),
        upgraded: count(OfferStatus::Upgraded),
        kept: count(OfferStatus::Kept),
        unplaced: in_play - outcome.offers.len() as u64,
        deadline: request.deadline,
        offers: outcome.offers,
        season: Some(Box::new(season)),
    })
}

/// What `respond` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RespondReport {
    /// Contracts made.
    pub accepted: u64,
    /// Offers declined.
    pub declined: u64,
    /// Children withdrawn.
    pub withdrawn: u64,
}

/// Reads a responses file (`child_id,decision[,date]`).
pub fn read_responses_file(path: &Path) -> Result<Vec<Response>, SeasonError> {
    read_responses(&Table::read(path)?)
}

/// Records families' answers (all or none).
pub fn record_responses(
    db: &mut Database,
    responses: &[Response],
) -> Result<RespondReport, SeasonError> {
    db.change(|season| Ok((respond(season, responses)?, ())))?;
    let count = |d: Decision| responses.iter().filter(|r| r.decision == d).count() as u64;
    Ok(RespondReport {
        accepted: count(Decision::Accept),
        declined: count(Decision::Decline),
        withdrawn: count(Decision::Withdraw),
    })
}

/// The files of an `add`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AddRequest {
    /// Late applicants' `children.csv`.
    pub children: Option<PathBuf>,
    /// Their `preferences.csv`.
    pub preferences: Option<PathBuf>,
    /// Seat changes and new programs (`seats.csv` format).
    pub seats: Option<PathBuf>,
}

impl AddRequest {
    /// Reads the files.
    pub fn read(&self) -> Result<Additions, SeasonError> {
        let applicants = match (&self.children, &self.preferences) {
            (Some(c), Some(p)) => Some((Table::read(c)?, Table::read(p)?)),
            (None, None) => None,
            _ => {
                return Err(SeasonError::request(
                    "children",
                    "late applicants need both files: --children and --preferences",
                ));
            }
        };
        let seats = self.seats.as_deref().map(Table::read).transpose()?;
        Ok(Additions { applicants, seats })
    }
}

/// What `add` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddReport {
    /// Late applicants registered.
    pub children: u64,
    /// New programs.
    pub programs: u64,
    /// Programs whose seats changed.
    pub seat_changes: u64,
}

/// Registers late applicants and seat changes.
pub fn add_to_season(db: &mut Database, additions: &Additions) -> Result<AddReport, SeasonError> {
    let (_, commit) = db.change(|season| {
        let commit = add(season, additions)?;
        Ok((commit.clone(), commit))
    })?;
    Ok(AddReport {
        children: commit.children.len() as u64,
        programs: commit.programs.len() as u64,
        seat_changes: commit
            .events
            .iter()
            .filter(|e| matches!(e, Event::SeatsChanged { .. }))
            .count() as u64,
    })
}

/// The season's counts.
pub fn status(db: &mut Database) -> Result<Status, SeasonError> {
    db.status()
}

/// What `export` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportReport {
    /// The folder.
    pub out: PathBuf,
    /// The files written.
    pub files: Vec<String>,
}

/// Writes the season's files into `out`.
pub fn export(db: &mut Database, out: &Path) -> Result<ExportReport, SeasonError> {
    let (season, events) = db.read()?;
    let files = export_files(&season, &events);
    write_files(out, &files)?;
    Ok(ExportReport {
        out: out.to_owned(),
        files: files.iter().map(|(n, _)| (*n).to_owned()).collect(),
    })
}

/// Recomputes every round from the event log (`rules`: and checks the season's rules).
pub fn check(db: &mut Database, rules: bool) -> Result<ReplayReport, SeasonError> {
    let (season, events) = db.read()?;
    replay(&season, &events, rules)
}

/// What `letters` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LettersReport {
    /// The round.
    pub round: u32,
    /// Letters written (one per family).
    pub letters: u64,
    /// The folder.
    pub out: PathBuf,
}

/// Writes one printable letter per family with an offer in `round` (default: the last) into
/// `out`, named `brief-FAMILY.html`.
pub fn write_letters(
    db: &mut Database,
    out: &Path,
    round: Option<u32>,
) -> Result<LettersReport, SeasonError> {
    let (season, events) = db.read()?;
    let letters = crate::letters::letters(&season, &events, round)?;
    let files: Vec<(String, Vec<u8>)> = letters
        .iter()
        .map(|l| (letter_file_name(&l.family_id), l.html.clone().into_bytes()))
        .collect();
    std::fs::create_dir_all(out)
        .map_err(|e| welfare_data::DataError::io(out, "creating the folder", e))?;
    for (name, bytes) in &files {
        welfare_data::write_bytes_atomic(out.join(name), bytes)?;
    }
    Ok(LettersReport {
        round: round.unwrap_or(season.state.round),
        letters: letters.len() as u64,
        out: out.to_owned(),
    })
}

/// `brief-FAMILY.html`, with every character that is not safe in a file name replaced by `_`.
pub fn letter_file_name(family: &str) -> String {
    let safe: String = family
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("brief-{safe}.html")
}
