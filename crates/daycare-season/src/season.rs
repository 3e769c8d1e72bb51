//! A season: its registrations (daycares, programs, children and their lists; only ever
//! appended) and its state (round, seats, offers, contracts, declines, withdrawals), which is
//! the fold of the event log over the registrations.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use welfare_data::Daycare;
use welfare_data::daycare::Child;
use welfare_data::programs::{Program, Ranked, StartMonth};

use crate::error::SeasonError;
use crate::event::Event;

/// The allocation mechanism of a season's rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SeasonMechanism {
    /// Child-proposing deferred acceptance under the canonical priority.
    #[default]
    DeferredAcceptance,
    /// The most children placed among the weakly stable allocations (priorities tied within
    /// sibling / hardship / 500 m bands), then the smallest total rank; families together and
    /// the hardship quota when the season was created with them.
    MaxStable,
}

impl SeasonMechanism {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SeasonMechanism::DeferredAcceptance => "deferred-acceptance",
            SeasonMechanism::MaxStable => "max-stable",
        }
    }
}

impl FromStr for SeasonMechanism {
    type Err = SeasonError;
    fn from_str(s: &str) -> Result<Self, SeasonError> {
        match s {
            "deferred-acceptance" | "da" => Ok(SeasonMechanism::DeferredAcceptance),
            "max-stable" => Ok(SeasonMechanism::MaxStable),
            other => Err(SeasonError::request(
                "mechanism",
                format!(
                    "'{other}' is not a season mechanism; use deferred-acceptance or max-stable"
                ),
            )),
        }
    }
}

/// What a season was created with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The mechanism of every round.
    pub mechanism: SeasonMechanism,
    /// The month places start (programs made from `daycares.csv`).
    pub start: StartMonth,
    /// Children of one family at the same daycare (max-stable seasons).
    #[serde(default)]
    pub siblings_together: bool,
    /// Share of each program's free seats for hardship cases (max-stable seasons).
    #[serde(default)]
    pub hardship_quota: Option<f64>,
}

/// Everything registered in a season: only ever appended.
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    /// The season's settings.
    pub settings: Settings,
    /// The daycares.
    pub daycares: Vec<Daycare>,
    /// The programs, `seats` as registered (later changes are events).
    pub programs: Vec<Program>,
    /// The children (`preferences` unused: see `choices`).
    pub children: Vec<Child>,
    /// Per child, its ranked programs.
    pub choices: Vec<Vec<Ranked>>,
}

/// What a child holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    /// The program.
    pub program: u32,
    /// The child's rank of it.
    pub rank: u32,
    /// Accepted: a contract, final.
    pub contract: bool,
    /// The round of the offer.
    pub round: u32,
    /// Answer by (offers only).
    pub deadline: Option<NaiveDate>,
}

/// The state a season's events imply.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    /// Rounds run so far.
    pub round: u32,
    /// Current seats per program in the season.
    pub seats: Vec<u32>,
    /// What each child in the season holds.
    pub holding: Vec<Option<Holding>>,
    /// Programs each child declined or let lapse.
    pub declined: Vec<Vec<u32>>,
    /// Children who left the season.
    pub withdrawn: Vec<bool>,
}

/// A season: registrations and state.
#[derive(Debug, Clone, PartialEq)]
pub struct Season {
    /// Registrations.
    pub reg: Registration,
    /// State.
    pub state: State,
}

/// What a command adds: new registrations and the events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Commit {
    /// Late applicants with their lists.
    pub children: Vec<(Child, Vec<Ranked>)>,
    /// New programs.
    pub programs: Vec<Program>,
    /// The events, in order.
    pub events: Vec<Event>,
}

/// The rows a committed command changed (what a store rewrites).
#[derive(Debug, Clone, Default)]
pub struct Touched {
    /// Children whose holding or withdrawal changed (sorted, once each).
    pub children: Vec<u32>,
    /// Programs whose seats changed (sorted, once each).
    pub programs: Vec<u32>,
    /// New (child, program) declines.
    pub declined: Vec<(u32, u32)>,
}

impl State {
    /// The state at the start of a season of `programs` (seats as registered) and `children`.
    pub fn new(programs: &[Program], children: usize) -> State {
        State {
            round: 0,
            seats: programs.iter().map(|p| p.seats).collect(),
            holding: vec![None; children],
            declined: vec![Vec::new(); children],
            withdrawn: vec![false; children],
        }
    }

    /// Children in the season.
    pub fn children(&self) -> usize {
        self.holding.len()
    }

    /// Applies one event (the fold of the log). Events come from the commands, which check
    /// them; an event that does not fit the state is a broken log: an error.
    pub fn apply(&mut self, reg: &Registration, e: &Event) -> Result<(), String> {
        let child_ok = |s: &State, c: u32| {
            if (c as usize) < s.children() {
                Ok(c as usize)
            } else {
                Err(format!(
                    "{} of child #{c}, who is not in the season",
                    e.kind()
                ))
            }
        };
        match *e {
            Event::Round { round, .. } => {
                if round != self.round + 1 {
                    return Err(format!("round {round} after round {}", self.round));
                }
                self.round = round;
            }
            Event::Lapsed { child, program } | Event::Declined { child, program, .. } => {
                let c = child_ok(self, child)?;
                match self.holding[c] {
                    Some(h) if h.program == program && !h.contract => {}
                    _ => {
                        return Err(format!(
                            "{} of child #{child} without an open offer for program #{program}",
                            e.kind()
                        ));
                    }
                }
                self.holding[c] = None;
                self.declined[c].push(program);
            }
            Event::Offered {
                child,
                program,
                rank,
                deadline,
                ..
            } => {
                let c = child_ok(self, child)?;
                if let Some(h) = self.holding[c]
                    && (h.contract || h.rank <= rank)
                {
                    return Err(format!(
                        "offer of rank {rank} to child #{child}, who holds rank {}{}",
                        h.rank,
                        if h.contract { " under contract" } else { "" }
                    ));
                }
                self.holding[c] = Some(Holding {
                    program,
                    rank,
                    contract: false,
                    round: self.round,
                    deadline,
                });
            }
            Event::Accepted { child, program, .. } => {
                let c = child_ok(self, child)?;
                match &mut self.holding[c] {
                    Some(h) if h.program == program && !h.contract => h.contract = true,
                    _ => return Err(format!("accept of child #{child} without an open offer")),
                }
            }
            Event::Withdrawn { child, .. } => {
                let c = child_ok(self, child)?;
                if self.withdrawn[c] {
                    return Err(format!("child #{child} withdrawn twice"));
                }
                self.holding[c] = None;
                self.withdrawn[c] = true;
            }
            Event::ChildAdded { child } => {
                if child as usize != self.children() || child as usize >= reg.children.len() {
                    return Err(format!("child #{child} added out of order"));
                }
                self.holding.push(None);
                self.declined.push(Vec::new());
                self.withdrawn.push(false);
            }
            Event::ProgramAdded { program } => {
                let Some(p) = reg.programs.get(program as usize) else {
                    return Err(format!("program #{program} is not registered"));
                };
                if program as usize != self.seats.len() {
                    return Err(format!("program #{program} added out of order"));
                }
                self.seats.push(p.seats);
            }
            Event::SeatsChanged { program, seats } => {
                let Some(s) = self.seats.get_mut(program as usize) else {
                    return Err(format!(
                        "seats of program #{program}, which is not in the season"
                    ));
                };
                *s = seats;
            }
        }
        Ok(())
    }

    /// Contracts and open offers per program.
    pub fn taken(&self) -> (Vec<u32>, Vec<u32>) {
        let mut contracts = vec![0u32; self.seats.len()];
        let mut offers = vec![0u32; self.seats.len()];
        for h in self.holding.iter().flatten() {
            if h.contract {
                contracts[h.program as usize] += 1;
            } else {
                offers[h.program as usize] += 1;
            }
        }
        (contracts, offers)
    }

    /// Whether the child takes part in rounds: in the season, not withdrawn, no contract.
    pub fn in_play(&self, child: usize) -> bool {
        !self.withdrawn[child] && !self.holding[child].is_some_and(|h| h.contract)
    }
}

impl Season {
    /// A new season from its first registrations.
    pub fn new(reg: Registration) -> Season {
        let state = State::new(&reg.programs, reg.children.len());
        Season { reg, state }
    }

    /// Applies a command's commit: registrations, then events in order. Returns the rows
    /// changed, for the store. On an error nothing of the commit is kept.
    pub fn commit(&mut self, commit: &Commit) -> Result<Touched, SeasonError> {
        let (children, programs) = (self.reg.children.len(), self.reg.programs.len());
        for (child, choices) in &commit.children {
            self.reg.children.push(child.clone());
            self.reg.choices.push(choices.clone());
        }
        self.reg.programs.extend(commit.programs.iter().copied());
        let mut state = self.state.clone();
        let mut touched = Touched::default();
        for e in &commit.events {
            if let Err(reason) = state.apply(&self.reg, e) {
                self.reg.children.truncate(children);
                self.reg.choices.truncate(children);
                self.reg.programs.truncate(programs);
                return Err(SeasonError::Verification(reason));
            }
            match *e {
                Event::Lapsed { child, program } | Event::Declined { child, program, .. } => {
                    touched.declined.push((child, program));
                    touched.children.push(child);
                }
                Event::Offered { child, .. }
                | Event::Accepted { child, .. }
                | Event::Withdrawn { child, .. } => touched.children.push(child),
                Event::SeatsChanged { program, .. } => touched.programs.push(program),
                _ => {}
            }
        }
        touched.children.sort_unstable();
        touched.children.dedup();
        touched.programs.sort_unstable();
        touched.programs.dedup();
        self.state = state;
        Ok(touched)
    }

    /// The child with this id.
    pub fn child_index(&self, id: &str) -> Option<usize> {
        self.reg.children[..self.state.children()]
            .iter()
            .position(|c| c.id == id)
    }

    /// The daycare and age group, care and start of a program, for messages and files.
    pub fn program_label(&self, program: u32) -> String {
        let p = &self.reg.programs[program as usize];
        format!(
            "{} {} {} {}",
            self.reg.daycares[p.daycare].id,
            p.age_group.as_str(),
            p.care.as_str(),
            p.start
        )
    }
}
