//! One round: lapse overdue offers, then run the season's mechanism on the children in play and
//! the seats not under contract, so that nobody loses what they hold.
//!
//! A child holding an offer has its list cut below that program and the highest priority there,
//! so deferred acceptance gives it the same program or a better one; the seats of a program are
//! its capacity minus its contracts. Linear in the listed programs (plus deferred acceptance's
//! `log capacity` per proposal). Max-stable seasons solve the same market with the suite's
//! `max-stable` mechanism instead (`max_stable_round`: holders get seats of their own).

use chrono::NaiveDate;
use daycare_allocation::deferred_acceptance;
use daycare_allocation::domain::{Listing, Lists, Market, Priority, PriorityKey, haversine_km};
use serde::{Deserialize, Serialize};

use crate::error::SeasonError;
use crate::event::{Event, OfferStatus};
use crate::season::{Commit, Season, SeasonMechanism};

/// A round's settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoundRequest {
    /// Answer-by date of the round's new and upgraded offers (none: no deadline).
    pub deadline: Option<NaiveDate>,
    /// The day of the round: open offers with an earlier deadline and no answer lapse first
    /// (none: nothing lapses).
    pub today: Option<NaiveDate>,
}

impl RoundRequest {
    /// Checks the settings.
    pub fn check(&self) -> Result<(), SeasonError> {
        if let (Some(d), Some(t)) = (self.deadline, self.today)
            && d < t
        {
            return Err(SeasonError::request(
                "deadline",
                format!("the deadline {d} is before today ({t})"),
            ));
        }
        Ok(())
    }
}

/// One row of `offers.csv`: a child holding an offer after the round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// The child (index).
    pub child: u32,
    /// The program.
    pub program: u32,
    /// The child's rank of it.
    pub rank: u32,
    /// New, upgraded or kept.
    pub status: crate::event::OfferStatus,
    /// Answer by.
    pub deadline: Option<NaiveDate>,
}

/// What a round does.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundOutcome {
    /// The events to log (round, lapses, new and upgraded offers).
    pub commit: Commit,
    /// Every child holding an offer after the round, in child order.
    pub offers: Vec<Offer>,
}

/// The priority key of a child holding an offer at that program: before every real key
/// (a real key's distance part has its top bit set, see `Priority::key`); holders among
/// themselves by lottery.
fn holder_key(lottery: i64) -> PriorityKey {
    PriorityKey((0, 0, 0, lottery))
}

/// Computes a round on the season (which is not changed).
pub fn round(season: &Season, request: &RoundRequest) -> Result<RoundOutcome, SeasonError> {
    request.check()?;
    let reg = &season.reg;
    let mut state = season.state.clone();
    let number = state.round + 1;
    let mut events = vec![Event::Round {
        round: number,
        deadline: request.deadline,
        today: request.today,
    }];
    // 1. offers past their deadline without an answer lapse
    if let Some(today) = request.today {
        for c in 0..state.children() {
            if let Some(h) = state.holding[c]
                && !h.contract
                && h.deadline.is_some_and(|d| d < today)
            {
                events.push(Event::Lapsed {
                    child: c as u32,
                    program: h.program,
                });
                state.holding[c] = None;
                state.declined[c].push(h.program);
            }
        }
    }
    // 2. the market: seats not under contract; children in play with their remaining lists
    let (contracts, _) = state.taken();
    let capacity: Vec<u32> = state
        .seats
        .iter()
        .zip(&contracts)
        .map(|(s, c)| s.saturating_sub(*c))
        .collect();
    let places: Vec<(f64, f64)> = reg.daycares.iter().map(|d| (d.lat, d.lon)).collect();
    let mut players: Vec<u32> = Vec::new();
    let mut ranks: Vec<Vec<u32>> = Vec::new();
    let mut lists: Vec<Vec<Listing>> = Vec::new();
    for c in 0..state.children() {
        if !state.in_play(c) {
            continue;
        }
        let child = &reg.children[c];
        let held = state.holding[c];
        let declined = &state.declined[c];
        let mut list = Vec::new();
        let mut rank_of = Vec::new();
        for r in &reg.choices[c] {
            if held.is_some_and(|h| r.rank > h.rank) {
                break;
            }
            let program = r.program as u32;
            if declined.contains(&program) {
                continue;
            }
            let key = if held.is_some_and(|h| h.program == program) {
                holder_key(child.lottery)
            } else {
                let p = &reg.programs[r.program];
                let (lat, lon) = places[p.daycare];
                Priority {
                    sibling_enrolled: r.sibling_enrolled,
                    hardship: child.hardship,
                    distance_km: haversine_km(child.lat, child.lon, lat, lon),
                    lottery: child.lottery,
                }
                .key()
            };
            list.push((r.program, key));
            rank_of.push(r.rank);
        }
        players.push(c as u32);
        ranks.push(rank_of);
        lists.push(list);
    }
    let (choice, lists): (Vec<Option<usize>>, Lists) = match reg.settings.mechanism {
        SeasonMechanism::DeferredAcceptance => {
            let market = Market {
                capacity,
                lists: lists.into(),
            };
            (deferred_acceptance(&market).choice, market.lists)
        }
        SeasonMechanism::MaxStable => {
            let in_play: Vec<crate::max_stable_round::Player<'_>> = players
                .iter()
                .zip(&lists)
                .map(|(&child, list)| crate::max_stable_round::Player { child, list })
                .collect();
            let choice = crate::max_stable_round::choices(season, &state, &in_play, &capacity)?;
            (choice, lists.into())
        }
    };
    // 3. offers: new, upgraded (logged) or kept
    let mut offers = Vec::new();
    for (m, &c) in players.iter().enumerate() {
        let held = state.holding[c as usize];
        let Some(k) = choice[m] else {
            if let Some(h) = held {
                return Err(SeasonError::Verification(format!(
                    "round {number}: child '{}' would lose its offer for {} (a bug: please \
                     report it; nothing was changed)",
                    reg.children[c as usize].id,
                    season.program_label(h.program)
                )));
            }
            continue;
        };
        let program = lists[m][k].0 as u32;
        let rank = ranks[m][k];
        let (status, deadline) = match held {
            Some(h) if h.program == program => (OfferStatus::Kept, h.deadline),
            Some(_) => (OfferStatus::Upgraded, request.deadline),
            None => (OfferStatus::New, request.deadline),
        };
        if status != OfferStatus::Kept {
            events.push(Event::Offered {
                child: c,
                program,
                rank,
                status,
                deadline,
            });
        }
        offers.push(Offer {
            child: c,
            program,
            rank,
            status,
            deadline,
        });
    }
    Ok(RoundOutcome {
        commit: Commit {
            events,
            ..Commit::default()
        },
        offers,
    })
}
