//! `replay` and `verify`: the event log, folded again from the registrations, must give every
//! round's offers (the mechanism recomputed on the logged state) and the stored state.
//! `verify` also checks the season's rules after every command: capacities hold, a contract is
//! never revoked (the fold refuses it), a held offer is never lost in a round.

use serde::{Deserialize, Serialize};

use crate::error::SeasonError;
use crate::event::Event;
use crate::round::{RoundRequest, round};
use crate::season::{Season, State};

/// What `replay` or `verify` checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplayReport {
    /// Events in the log.
    pub events: u64,
    /// Rounds recomputed.
    pub rounds: u32,
    /// Whether the rules were checked as well (`verify`).
    pub rules_checked: bool,
}

fn describe(season: &Season, e: Option<&Event>) -> String {
    let Some(e) = e else {
        return "nothing".into();
    };
    let mut s = e.kind().to_owned();
    if let Some(c) = e.child() {
        s += &format!(" child '{}'", season.reg.children[c as usize].id);
    }
    if let Some(p) = e.program()
        && (p as usize) < season.reg.programs.len()
    {
        s += &format!(" {}", season.program_label(p));
    }
    if let Event::Offered { rank, status, .. } = e {
        s += &format!(" rank {rank} ({})", status.as_str());
    }
    s
}

fn capacities(season: &Season, state: &State, seq: usize) -> Result<(), SeasonError> {
    let (contracts, offers) = state.taken();
    for (k, &seats) in state.seats.iter().enumerate() {
        if contracts[k] + offers[k] > seats {
            return Err(SeasonError::Verification(format!(
                "event {seq}: program {} holds {} contracts and {} offers but has {seats} seats",
                season.program_label(k as u32),
                contracts[k],
                offers[k]
            )));
        }
    }
    Ok(())
}

/// Folds `events` over the registrations of `stored` (a season as read from its database),
/// recomputing every round; with `rules`, checks the season's rules too. The first
/// difference is an error naming the event's number (`seq`, from 1).
pub fn replay(stored: &Season, events: &[Event], rules: bool) -> Result<ReplayReport, SeasonError> {
    let reg = &stored.reg;
    let children0 = events
        .iter()
        .find_map(|e| match e {
            Event::ChildAdded { child } => Some(*child as usize),
            _ => None,
        })
        .unwrap_or(reg.children.len());
    let programs0 = events
        .iter()
        .find_map(|e| match e {
            Event::ProgramAdded { program } => Some(*program as usize),
            _ => None,
        })
        .unwrap_or(reg.programs.len());
    let mut sim = Season {
        reg: reg.clone(),
        state: State::new(&reg.programs[..programs0], children0),
    };
    let mut rounds = 0;
    let mut i = 0;
    while i < events.len() {
        let e = &events[i];
        if let Event::Round {
            deadline, today, ..
        } = *e
        {
            let before = sim.state.clone();
            let expected = round(&sim, &RoundRequest { deadline, today })?
                .commit
                .events;
            // the round's events end where the next command's begin
            let mut end = i + 1;
            while end < events.len()
                && matches!(events[end], Event::Lapsed { .. } | Event::Offered { .. })
            {
                end += 1;
            }
            let logged = &events[i..end];
            if expected.as_slice() != logged {
                let k = (0..expected.len().max(logged.len()))
                    .find(|&k| expected.get(k) != logged.get(k))
                    .unwrap_or(0);
                return Err(SeasonError::Verification(format!(
                    "event {}: the log has {}, the mechanism gives {} (round {})",
                    i + k + 1,
                    describe(&sim, logged.get(k)),
                    describe(&sim, expected.get(k)),
                    before.round + 1
                )));
            }
            for (k, ev) in events[i..end].iter().enumerate() {
                sim.state
                    .apply(&sim.reg, ev)
                    .map_err(|r| SeasonError::Verification(format!("event {}: {r}", i + k + 1)))?;
            }
            if rules {
                capacities(&sim, &sim.state, end)?;
                held_offers_kept(&sim, &before, events, i, end)?;
            }
            rounds += 1;
            i = end;
        } else {
            sim.state
                .apply(&sim.reg, e)
                .map_err(|r| SeasonError::Verification(format!("event {}: {r}", i + 1)))?;
            if rules && matches!(e, Event::SeatsChanged { .. }) {
                capacities(&sim, &sim.state, i + 1)?;
            }
            i += 1;
        }
    }
    compare_state(&sim.state, &stored.state)?;
    Ok(ReplayReport {
        events: events.len() as u64,
        rounds,
        rules_checked: rules,
    })
}

/// Every child holding an offer before a round (and not lapsing in it) holds the same program
/// or a better-ranked one after it.
fn held_offers_kept(
    sim: &Season,
    before: &State,
    events: &[Event],
    from: usize,
    to: usize,
) -> Result<(), SeasonError> {
    let lapsed: Vec<u32> = events[from..to]
        .iter()
        .filter_map(|e| match e {
            Event::Lapsed { child, .. } => Some(*child),
            _ => None,
        })
        .collect();
    for (c, h) in before.holding.iter().enumerate() {
        let Some(h) = h else { continue };
        if h.contract || lapsed.contains(&(c as u32)) {
            continue;
        }
        match sim.state.holding[c] {
            Some(now) if now.rank <= h.rank => {}
            _ => {
                return Err(SeasonError::Verification(format!(
                    "round {}: child '{}' lost its offer for {}",
                    sim.state.round,
                    sim.reg.children[c].id,
                    sim.program_label(h.program)
                )));
            }
        }
    }
    Ok(())
}

fn compare_state(replayed: &State, stored: &State) -> Result<(), SeasonError> {
    let differ = |what: &str| {
        Err(SeasonError::Verification(format!(
            "the stored {what} differ from what the event log gives"
        )))
    };
    if replayed.round != stored.round {
        return differ("round number");
    }
    if replayed.seats != stored.seats {
        return differ("seats");
    }
    if replayed.holding != stored.holding {
        return differ("offers and contracts");
    }
    if replayed.withdrawn != stored.withdrawn {
        return differ("withdrawals");
    }
    let sorted = |s: &State| {
        s.declined
            .iter()
            .map(|d| {
                let mut d = d.clone();
                d.sort_unstable();
                d
            })
            .collect::<Vec<_>>()
    };
    if sorted(replayed) != sorted(stored) {
        return differ("declines");
    }
    Ok(())
}
