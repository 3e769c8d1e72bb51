//! The event log: every change of a season, in order. The state of a season is the fold of its
//! events over its registrations (`State::apply` in the season module); the database stores both and
//! `replay` checks that they agree.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a child came to hold an offer after a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OfferStatus {
    /// The child held no offer before.
    New,
    /// The child held an offer for a lower-ranked program; that seat is released.
    Upgraded,
    /// The child keeps the offer it held.
    Kept,
}

impl OfferStatus {
    /// `new`, `upgraded` or `kept`.
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::New => "new",
            OfferStatus::Upgraded => "upgraded",
            OfferStatus::Kept => "kept",
        }
    }
}

/// One change of a season. Children and programs are indices into the registrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A round began: `round` is its number (1, 2, …).
    Round {
        /// The round's number.
        round: u32,
        /// Deadline of its new offers.
        deadline: Option<NaiveDate>,
        /// The day the round ran (offers with an earlier deadline lapse).
        today: Option<NaiveDate>,
    },
    /// An offer passed its deadline without an answer: as if declined.
    Lapsed {
        /// The child.
        child: u32,
        /// The program of the offer.
        program: u32,
    },
    /// A child got an offer (new or better than the one it held).
    Offered {
        /// The child.
        child: u32,
        /// The program.
        program: u32,
        /// The child's rank of the program.
        rank: u32,
        /// New or upgraded.
        status: OfferStatus,
        /// Answer by.
        deadline: Option<NaiveDate>,
    },
    /// The family accepted: the offer is a contract, final.
    Accepted {
        /// The child.
        child: u32,
        /// The program.
        program: u32,
        /// The date on the answer.
        date: Option<NaiveDate>,
    },
    /// The family declined the offer; the program leaves the child's list.
    Declined {
        /// The child.
        child: u32,
        /// The program.
        program: u32,
        /// The date on the answer.
        date: Option<NaiveDate>,
    },
    /// The child leaves the season (a contract is cancelled; its seat is free next round).
    Withdrawn {
        /// The child.
        child: u32,
        /// The date on the answer.
        date: Option<NaiveDate>,
    },
    /// A late applicant joined (takes part from the next round).
    ChildAdded {
        /// The child.
        child: u32,
    },
    /// A new program (its seats are in the registration).
    ProgramAdded {
        /// The program.
        program: u32,
    },
    /// A program's seats changed.
    SeatsChanged {
        /// The program.
        program: u32,
        /// The new number of seats.
        seats: u32,
    },
}

impl Event {
    /// The kind as written in `events.csv`.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Round { .. } => "round",
            Event::Lapsed { .. } => "lapsed",
            Event::Offered { .. } => "offered",
            Event::Accepted { .. } => "accepted",
            Event::Declined { .. } => "declined",
            Event::Withdrawn { .. } => "withdrawn",
            Event::ChildAdded { .. } => "child_added",
            Event::ProgramAdded { .. } => "program_added",
            Event::SeatsChanged { .. } => "seats_changed",
        }
    }

    /// The child the event is about.
    pub fn child(&self) -> Option<u32> {
        match *self {
            Event::Lapsed { child, .. }
            | Event::Offered { child, .. }
            | Event::Accepted { child, .. }
            | Event::Declined { child, .. }
            | Event::Withdrawn { child, .. }
            | Event::ChildAdded { child } => Some(child),
            _ => None,
        }
    }

    /// The program the event is about.
    pub fn program(&self) -> Option<u32> {
        match *self {
            Event::Lapsed { program, .. }
            | Event::Offered { program, .. }
            | Event::Accepted { program, .. }
            | Event::Declined { program, .. }
            | Event::ProgramAdded { program }
            | Event::SeatsChanged { program, .. } => Some(program),
            _ => None,
        }
    }
}
