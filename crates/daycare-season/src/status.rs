//! `status`: where the season stands.

use serde::{Deserialize, Serialize};

use crate::season::Season;

/// One program's seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgramStatus {
    /// The daycare.
    pub daycare_id: String,
    /// Its name.
    pub daycare_name: String,
    /// `u3` or `ue3`.
    pub age_group: String,
    /// `half`, `part` or `full`.
    pub care: String,
    /// `YYYY-MM`.
    pub start: String,
    /// Seats.
    pub seats: u32,
    /// Signed contracts.
    pub contracts: u32,
    /// Open offers.
    pub offers: u32,
    /// Seats − contracts − offers.
    pub free: i64,
}

/// The season in numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Status {
    /// Rounds run.
    pub round: u32,
    /// Children registered.
    pub children: u64,
    /// Children without a contract who have not withdrawn.
    pub in_play: u64,
    /// Contracts.
    pub contracts: u64,
    /// Open offers.
    pub offers: u64,
    /// Children in play without an offer.
    pub unplaced: u64,
    /// Children who left the season.
    pub withdrawn: u64,
    /// Per program.
    pub programs: Vec<ProgramStatus>,
}

impl Status {
    /// The status from the counts (as the database computes them).
    pub(crate) fn from_counts(
        round: u32,
        (children, withdrawn, contracts, offers): (u64, u64, u64, u64),
        programs: Vec<ProgramStatus>,
    ) -> Status {
        let in_play = children - withdrawn - contracts;
        Status {
            round,
            children,
            in_play,
            contracts,
            offers,
            unplaced: in_play - offers,
            withdrawn,
            programs,
        }
    }

    /// The status of a season in memory (the database computes the same with SQL).
    pub fn of(season: &Season) -> Status {
        let s = &season.state;
        let (contracts, offers) = s.taken();
        let programs = (0..s.seats.len())
            .map(|k| {
                let p = &season.reg.programs[k];
                ProgramStatus {
                    daycare_id: season.reg.daycares[p.daycare].id.clone(),
                    daycare_name: season.reg.daycares[p.daycare].name.clone(),
                    age_group: p.age_group.as_str().to_owned(),
                    care: p.care.as_str().to_owned(),
                    start: p.start.to_string(),
                    seats: s.seats[k],
                    contracts: contracts[k],
                    offers: offers[k],
                    free: i64::from(s.seats[k]) - i64::from(contracts[k]) - i64::from(offers[k]),
                }
            })
            .collect();
        let count = |v: &[u32]| v.iter().map(|&x| u64::from(x)).sum::<u64>();
        Status::from_counts(
            s.round,
            (
                s.children() as u64,
                s.withdrawn.iter().filter(|&&w| w).count() as u64,
                count(&contracts),
                count(&offers),
            ),
            programs,
        )
    }
}
