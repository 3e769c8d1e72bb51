//! A seeded, realistic generator of allocation rounds (synthetic: no real persons).
//!
//! - Districts are clusters around a city centre (Berlin's coordinates and district names);
//!   daycares and homes scatter around their district centre.
//! - Seats: u3 10–40 and ue3 20–80 per daycare, then scaled so that demand exceeds supply by
//!   10–40 % in each age group (drawn per round).
//! - Each child lists 3–8 daycares: candidates from its own district and a few from elsewhere,
//!   ordered by distance times a log-normal taste factor.
//! - About 10 % hardship cases, about 15 % of children with an older sibling enrolled at one of
//!   their choices (usually listed first), and families applying with two children (twins of the
//!   same age group, or siblings of both age groups) for about 5 % of children (`two_child_families`).
//! - Lottery numbers are a random permutation.
//!
//! Same parameters and seed, same instance, on every machine.

use rand::Rng;
use rand::seq::SliceRandom;
use rand_distr::{Distribution, LogNormal, Normal};
use welfare_data::daycare::{AgeGroup, Child, Choice, Daycare, Instance};
use welfare_data::rng::stream;

use crate::domain::haversine_km;
use crate::error::AllocationError;

const DISTRICTS: [&str; 12] = [
    "Mitte",
    "Friedrichshain-Kreuzberg",
    "Pankow",
    "Charlottenburg-Wilmersdorf",
    "Spandau",
    "Steglitz-Zehlendorf",
    "Tempelhof-Schöneberg",
    "Neukölln",
    "Treptow-Köpenick",
    "Marzahn-Hellersdorf",
    "Lichtenberg",
    "Reinickendorf",
];

/// Share of applying households with two children (twins or siblings) by default: about 5 %
/// of the children apply together with a sibling.
pub const TWO_CHILD_FAMILIES: f64 = 0.025;

/// Generator settings.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratorSpec {
    /// Children to generate.
    pub children: usize,
    /// Daycares to generate.
    pub daycares: usize,
    /// The seed (same seed, same instance).
    pub seed: u64,
    /// Share (0–0.5) of applying households with two children ([`TWO_CHILD_FAMILIES`]: about
    /// 5 % of the children apply with a sibling; 0.08: about 15 %, as in Sun et al.'s rounds).
    pub two_child_families: f64,
}

/// Generates an instance.
pub fn generate(spec: &GeneratorSpec) -> Result<Instance, AllocationError> {
    if spec.children == 0 || spec.daycares == 0 {
        return Err(AllocationError::Parameter {
            name: "children/daycares",
            reason: "need at least one child and one daycare".into(),
        });
    }
    if !(0.0..=0.5).contains(&spec.two_child_families) {
        return Err(AllocationError::Parameter {
            name: "two_child_families",
            reason: "must be a share between 0 and 0.5".into(),
        });
    }
    if spec.children > 10_000_000 || spec.daycares > 1_000_000 {
        return Err(AllocationError::Parameter {
            name: "children/daycares",
            reason: "at most 10,000,000 children and 1,000,000 daycares".into(),
        });
    }
    let mut rng = stream(spec.seed, "daycare-generator");
    let districts = DISTRICTS.len().min(spec.daycares.max(1)).max(1);
    // district centres on a ring around the centre (about 3–12 km out), Mitte in the middle
    let (lat0, lon0): (f64, f64) = (52.52, 13.405);
    let km_lat = 1.0 / 111.2;
    let km_lon = 1.0 / (111.2 * lat0.to_radians().cos());
    let centres: Vec<(f64, f64)> = (0..districts)
        .map(|d| {
            if d == 0 {
                return (lat0, lon0);
            }
            let angle = d as f64 / (districts - 1).max(1) as f64 * std::f64::consts::TAU;
            let r = rng.gen_range(4.0..11.0);
            (
                lat0 + r * angle.sin() * km_lat,
                lon0 + r * angle.cos() * km_lon,
            )
        })
        .collect();
    let scatter = Normal::new(0.0, 1.6).expect("valid");
    let place = |rng: &mut welfare_data::SeededRng, d: usize| {
        let (la, lo) = centres[d];
        (
            round6(la + scatter.sample(rng) * km_lat),
            round6(lo + scatter.sample(rng) * km_lon),
        )
    };

    // daycares, raw capacities
    let mut daycares: Vec<Daycare> = Vec::with_capacity(spec.daycares);
    let mut by_district: Vec<Vec<usize>> = vec![Vec::new(); districts];
    for i in 0..spec.daycares {
        let d = i % districts;
        let (lat, lon) = place(&mut rng, d);
        by_district[d].push(i);
        daycares.push(Daycare {
            id: format!("K{:05}", i + 1),
            name: format!("Kita {} {}", DISTRICTS[d], by_district[d].len()),
            district: DISTRICTS[d].to_owned(),
            lat,
            lon,
            capacity_u3: rng.gen_range(10..=40),
            capacity_ue3: rng.gen_range(20..=80),
        });
    }

    // children and families
    let mut children: Vec<Child> = Vec::with_capacity(spec.children);
    let taste = LogNormal::new(0.0, 0.35).expect("valid");
    let mut family = 0usize;
    while children.len() < spec.children {
        family += 1;
        let d = rng.gen_range(0..districts);
        let (lat, lon) = place(&mut rng, d);
        let hardship = rng.gen_bool(0.10);
        let two = children.len() + 1 < spec.children && rng.gen_bool(spec.two_child_families);
        let first_age = if rng.gen_bool(0.45) {
            AgeGroup::U3
        } else {
            AgeGroup::Ue3
        };
        let ages = if two {
            // twins (same age group) or a younger and an older sibling
            if rng.gen_bool(0.3) {
                vec![first_age, first_age]
            } else {
                vec![AgeGroup::U3, AgeGroup::Ue3]
            }
        } else {
            vec![first_age]
        };
        // candidate daycares: own district plus a few anywhere
        let mut candidates: Vec<usize> = by_district[d]
            .choose_multiple(&mut rng, 12)
            .copied()
            .collect();
        for _ in 0..4 {
            candidates.push(rng.gen_range(0..spec.daycares));
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut scored: Vec<(f64, usize)> = candidates
            .iter()
            .map(|&k| {
                (
                    haversine_km(lat, lon, daycares[k].lat, daycares[k].lon)
                        * taste.sample(&mut rng),
                    k,
                )
            })
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0));
        let list_len = rng.gen_range(3..=8).min(scored.len());
        let mut list: Vec<usize> = scored.iter().take(list_len).map(|&(_, k)| k).collect();
        // an older sibling already at one of the listed daycares (usually listed first)
        let sibling_at = if rng.gen_bool(0.15) {
            let k = if rng.gen_bool(0.7) {
                0
            } else {
                rng.gen_range(0..list.len())
            };
            let chosen = list.remove(k);
            list.insert(0, chosen);
            Some(chosen)
        } else {
            None
        };
        for age in ages {
            if children.len() == spec.children {
                break;
            }
            children.push(Child {
                id: format!("C{:07}", children.len() + 1),
                age_group: age,
                district: DISTRICTS[d].to_owned(),
                lat,
                lon,
                family_id: format!("F{family:07}"),
                hardship,
                lottery: 0,
                preferences: list
                    .iter()
                    .map(|&k| Choice {
                        daycare: k,
                        sibling_enrolled: Some(k) == sibling_at,
                    })
                    .collect(),
            });
        }
    }
    let mut lottery: Vec<i64> = (1..=children.len() as i64).collect();
    lottery.shuffle(&mut rng);
    for (c, l) in children.iter_mut().zip(lottery) {
        c.lottery = l;
    }

    // scale capacities: demand exceeds supply by 10–40 % per age group
    for age in [AgeGroup::U3, AgeGroup::Ue3] {
        let demand = children.iter().filter(|c| c.age_group == age).count() as f64;
        let raw: f64 = daycares.iter().map(|d| f64::from(d.capacity(age))).sum();
        let excess = rng.gen_range(0.10..0.40);
        let factor = demand / (1.0 + excess) / raw.max(1.0);
        for d in &mut daycares {
            let scaled = (f64::from(d.capacity(age)) * factor).round() as u32;
            match age {
                AgeGroup::U3 => d.capacity_u3 = scaled,
                AgeGroup::Ue3 => d.capacity_ue3 = scaled,
            }
        }
    }
    Ok(Instance { daycares, children })
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
