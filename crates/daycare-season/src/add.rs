//! Late applicants and capacity changes.

use welfare_data::Table;
use welfare_data::programs::{ProgramIndex, Registered, read_applicants, read_programs};

use crate::error::SeasonError;
use crate::event::Event;
use crate::season::{Commit, Season};

/// The tables of an `add`: late applicants (children and their preferences, both or neither)
/// and seat changes.
#[derive(Debug, Default)]
pub struct Additions {
    /// `children.csv` and `preferences.csv` of the late applicants.
    pub applicants: Option<(Table, Table)>,
    /// `seats.csv` rows: new seat counts of programs, or new programs.
    pub seats: Option<Table>,
}

/// The commit of an `add`. A program's seats may not go below its contracts and open offers.
pub fn add(season: &Season, additions: &Additions) -> Result<Commit, SeasonError> {
    if additions.applicants.is_none() && additions.seats.is_none() {
        return Err(SeasonError::request(
            "add",
            "nothing to add: give --children with --preferences, or --seats",
        ));
    }
    let reg = &season.reg;
    let state = &season.state;
    let mut commit = Commit::default();
    let mut programs = reg.programs[..state.seats.len()].to_vec();
    let mut index = ProgramIndex::new(&programs);
    if let Some(t) = &additions.seats {
        let (contracts, offers) = state.taken();
        for (i, p) in read_programs(t, &reg.daycares)?.into_iter().enumerate() {
            match index.get(p.key()) {
                Some(k) => {
                    let held = contracts[k] + offers[k];
                    if p.seats < held {
                        return Err(t
                            .cell(i, "seats")
                            .invalid(format!(
                                "program {} has {} contracts and {} open offers; its seats \
                                 cannot go below {held}",
                                season.program_label(k as u32),
                                contracts[k],
                                offers[k]
                            ))
                            .into());
                    }
                    if p.seats != state.seats[k] {
                        commit.events.push(Event::SeatsChanged {
                            program: k as u32,
                            seats: p.seats,
                        });
                    }
                }
                None => {
                    let k = programs.len();
                    index.insert(k, &p);
                    programs.push(p);
                    commit.programs.push(p);
                    commit
                        .events
                        .push(Event::ProgramAdded { program: k as u32 });
                }
            }
        }
    }
    if let Some((c, p)) = &additions.applicants {
        let n = state.children();
        let registered = Registered {
            child_ids: reg.children[..n].iter().map(|c| c.id.as_str()).collect(),
            lotteries: reg.children[..n].iter().map(|c| c.lottery).collect(),
        };
        let (children, choices) =
            read_applicants(c, p, &reg.daycares, &programs, &index, &registered)?;
        for (k, (child, list)) in children.into_iter().zip(choices).enumerate() {
            commit.events.push(Event::ChildAdded {
                child: (n + k) as u32,
            });
            commit.children.push((child, list));
        }
    }
    Ok(commit)
}
