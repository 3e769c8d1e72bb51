//! `welfare daycare season`: translates flags into the season library's requests and renders
//! its reports (JSON by default; `--format text` in German for staff).

use daycare_season::commands::{self, AddRequest, InitRequest, default_start, read_responses_file};
use daycare_season::export::{offers_csv, write_files};
use daycare_season::{Database, RoundRequest};
use serde::Serialize;

use crate::cli::{ReportFormat, SeasonCommand, SeasonDb};

fn print<T: Serialize>(value: &T, format: ReportFormat, german: impl FnOnce(&T) -> String) {
    match format {
        ReportFormat::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(value).expect("reports serialise")
            )
        }
        ReportFormat::Text => print!("{}", german(value)),
    }
}

/// Today (UTC; `SOURCE_DATE_EPOCH` fixes it, as for reports).
fn this_day() -> chrono::NaiveDate {
    super::today().parse().expect("today() writes YYYY-MM-DD")
}

/// `1 neues Angebot`, `2 neue Angebote`: a count with the word in the right number.
fn n(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn open(db: &SeasonDb, create: bool) -> anyhow::Result<Database> {
    Ok(Database::open(&db.db, create)?)
}

pub fn run(cmd: SeasonCommand) -> anyhow::Result<()> {
    match cmd {
        SeasonCommand::Init {
            db,
            instance,
            mechanism,
            siblings_together,
            hardship_quota,
            start,
        } => {
            let start = match start {
                Some(s) => s
                    .parse()
                    .map_err(|e: String| anyhow::anyhow!("--start: {e}"))?,
                None => default_start(this_day()),
            };
            let request = InitRequest {
                instance,
                mechanism: mechanism.parse()?,
                start,
                siblings_together,
                hardship_quota,
            };
            request.check()?;
            let mut database = open(&db, true)?;
            let spinner = crate::progress::spinner("reading the instance and creating the season");
            let report = commands::init(&mut database, &request)?;
            spinner.finish_and_clear();
            print(&report, db.format, |r| {
                format!(
                    "Saison angelegt in {}: {}, {}, {} mit {}, Beginn {}. Verfahren: {}.\n",
                    r.db,
                    n(r.children, "Kind", "Kinder"),
                    n(r.daycares, "Kita", "Kitas"),
                    n(r.programs, "Platzart", "Platzarten"),
                    n(r.seats, "Platz", "Plätzen"),
                    r.start,
                    match r.mechanism.as_str() {
                        "max-stable" => "möglichst viele Kinder stabil platzieren (max-stable)",
                        _ => "Deferred Acceptance (Angebote nach Vorrang, schnell)",
                    }
                )
            });
        }
        SeasonCommand::Round {
            db,
            deadline,
            today,
            out,
        } => {
            let out = super::check_out(out.as_deref())?;
            let request = RoundRequest {
                deadline,
                today: Some(today.unwrap_or_else(this_day)),
            };
            request.check()?;
            let mut database = open(&db, false)?;
            let spinner = crate::progress::spinner("running the round");
            let report = commands::run_round(&mut database, &request)?;
            spinner.finish_and_clear();
            if let (Some(out), Some(season)) = (out, report.season.as_deref()) {
                welfare_data::write_bytes_atomic(&out, &offers_csv(season, &report.offers))?;
            }
            print(&report, db.format, |r| {
                format!(
                    "Runde {}: {}, {}, {} {}, {} verfallen. {} ohne Angebot.{}\n",
                    r.round,
                    n(r.new, "neues Angebot", "neue Angebote"),
                    n(r.upgraded, "besseres Angebot", "bessere Angebote"),
                    n(r.kept, "Angebot", "Angebote"),
                    if r.kept == 1 { "bleibt" } else { "bleiben" },
                    r.lapsed,
                    n(r.unplaced, "Kind", "Kinder"),
                    r.deadline
                        .map(|d| format!(" Antwort bis {}.", d.format("%d.%m.%Y")))
                        .unwrap_or_default()
                )
            });
        }
        SeasonCommand::Respond { db, responses } => {
            let responses = read_responses_file(&responses)?;
            let mut database = open(&db, false)?;
            let report = commands::record_responses(&mut database, &responses)?;
            print(&report, db.format, |r| {
                format!(
                    "{}, {}, {} gespeichert.\n",
                    n(r.accepted, "Zusage (Vertrag)", "Zusagen (Verträge)"),
                    n(r.declined, "Absage", "Absagen"),
                    n(r.withdrawn, "Abmeldung", "Abmeldungen")
                )
            });
        }
        SeasonCommand::Add {
            db,
            children,
            preferences,
            seats,
        } => {
            let additions = AddRequest {
                children,
                preferences,
                seats,
            }
            .read()?;
            let mut database = open(&db, false)?;
            let report = commands::add_to_season(&mut database, &additions)?;
            print(&report, db.format, |r| {
                format!(
                    "{} nachgemeldet, {}, {} geändert.\n",
                    n(r.children, "Kind", "Kinder"),
                    n(r.programs, "neue Platzart", "neue Platzarten"),
                    n(r.seat_changes, "Platzzahl", "Platzzahlen")
                )
            });
        }
        SeasonCommand::Status { db } => {
            let mut database = open(&db, false)?;
            let status = commands::status(&mut database)?;
            print(&status, db.format, |s| {
                let mut t = format!(
                    "Runde {}: {}, {} im Verfahren, {}, {}, {} ohne Angebot, {} abgemeldet.\n\n\
                     Kita        Gruppe  Betreuung  Beginn   Plätze  Verträge  Angebote  frei\n",
                    s.round,
                    n(s.children, "Kind", "Kinder"),
                    s.in_play,
                    n(s.contracts, "Vertrag", "Verträge"),
                    n(s.offers, "offenes Angebot", "offene Angebote"),
                    s.unplaced,
                    s.withdrawn
                );
                for p in &s.programs {
                    t += &format!(
                        "{:<11} {:<7} {:<10} {:<8} {:>6}  {:>8}  {:>8}  {:>4}\n",
                        p.daycare_id,
                        p.age_group,
                        p.care,
                        p.start,
                        p.seats,
                        p.contracts,
                        p.offers,
                        p.free
                    );
                }
                t
            });
        }
        SeasonCommand::Export { db, out } => {
            let out = super::check_folder_writable(&out)?;
            let mut database = open(&db, false)?;
            let (season, events) = database.read()?;
            let files = daycare_season::export::export_files(&season, &events);
            write_files(&out, &files)?;
            let report = commands::ExportReport {
                out: out.clone(),
                files: files.iter().map(|(n, _)| (*n).to_owned()).collect(),
            };
            print(&report, db.format, |r| {
                format!(
                    "{} geschrieben nach {}.\n",
                    n(r.files.len() as u64, "Datei", "Dateien"),
                    r.out.display()
                )
            });
        }
        SeasonCommand::Letters { db, out, round } => {
            let out = super::check_folder_writable(&out)?;
            let mut database = open(&db, false)?;
            let report = commands::write_letters(&mut database, &out, round)?;
            print(&report, db.format, |r| {
                format!(
                    "{} für Runde {} geschrieben nach {}.\n",
                    n(r.letters, "Brief", "Briefe"),
                    r.round,
                    r.out.display()
                )
            });
        }
        SeasonCommand::Replay { db } => check(&db, false)?,
        SeasonCommand::Verify { db } => check(&db, true)?,
    }
    Ok(())
}

fn check(db: &SeasonDb, rules: bool) -> anyhow::Result<()> {
    let mut database = open(db, false)?;
    let spinner = crate::progress::spinner("replaying the event log");
    let report = commands::check(&mut database, rules)?;
    spinner.finish_and_clear();
    print(&report, db.format, |r| {
        format!(
            "In Ordnung: {} Ereignisse, {} Runden nachgerechnet{}.\n",
            r.events,
            r.rounds,
            if r.rules_checked {
                ", Regeln geprüft (Plätze, Verträge, gehaltene Angebote)"
            } else {
                ""
            }
        )
    });
    Ok(())
}
