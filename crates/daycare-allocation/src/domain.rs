//! Domain: children, daycares, seat groups and the canonical priority.
//!
//! A *seat group* is the seats of one daycare for one age group (`u3` or `ue3`); a child can
//! only take a seat of its own age group at a daycare it listed. Each daycare ranks its
//! applicants by the canonical priority (strict):
//! 1. an older sibling already attends this daycare (`sibling_enrolled`) first,
//! 2. then hardship cases (`hardship`),
//! 3. then shorter distance from home (haversine, Earth radius 6371.0088 km),
//! 4. then the lower lottery number.

use std::cmp::Ordering;

pub use welfare_data::daycare::{AgeGroup, Child, Choice, Daycare, Instance};

/// Mean Earth radius (IUGG), km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    haversine_km_cos(
        (lat1, lon1, lat1.to_radians().cos()),
        (lat2, lon2, lat2.to_radians().cos()),
    )
}

/// [`haversine_km`] with the cosine of each latitude (in radians) computed by the caller, once
/// per place instead of once per pair: `(lat, lon, cos(lat.to_radians()))`. Bit-identical.
fn haversine_km_cos(
    (lat1, lon1, cos1): (f64, f64, f64),
    (lat2, lon2, cos2): (f64, f64, f64),
) -> f64 {
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + cos1 * cos2 * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

/// Index of a seat group: `2·daycare + (0 for u3, 1 for ue3)`.
pub fn seat_group(daycare: usize, age: AgeGroup) -> usize {
    2 * daycare
        + match age {
            AgeGroup::U3 => 0,
            AgeGroup::Ue3 => 1,
        }
}

/// The daycare and age group of a seat group.
pub fn seat_group_parts(group: usize) -> (usize, AgeGroup) {
    (
        group / 2,
        if group.is_multiple_of(2) {
            AgeGroup::U3
        } else {
            AgeGroup::Ue3
        },
    )
}

/// A child's standing at a daycare under the canonical priority.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Priority {
    /// A sibling already attends the daycare.
    pub sibling_enrolled: bool,
    /// A hardship case (Härtefall).
    pub hardship: bool,
    /// Distance from home to the daycare, km.
    pub distance_km: f64,
    /// The child's lottery number (smaller = earlier).
    pub lottery: i64,
}

impl Priority {
    /// `Less` = `self` comes first (has higher priority).
    pub fn compare(&self, other: &Priority) -> Ordering {
        other
            .sibling_enrolled
            .cmp(&self.sibling_enrolled)
            .then(other.hardship.cmp(&self.hardship))
            .then(self.distance_km.total_cmp(&other.distance_km))
            .then(self.lottery.cmp(&other.lottery))
    }

    /// A key whose integer order is the priority order (smaller = first).
    pub fn key(&self) -> PriorityKey {
        let bits = self.distance_km.to_bits();
        let km = if bits >> 63 == 1 {
            !bits
        } else {
            bits | (1 << 63)
        };
        PriorityKey((
            u8::from(!self.sibling_enrolled),
            u8::from(!self.hardship),
            km,
            self.lottery,
        ))
    }

    /// The criterion that decides between `self` and a child with priority `other`.
    pub fn deciding_criterion(&self, other: &Priority) -> Criterion {
        if self.sibling_enrolled != other.sibling_enrolled {
            Criterion::Sibling
        } else if self.hardship != other.hardship {
            Criterion::Hardship
        } else if self.distance_km != other.distance_km {
            Criterion::Distance
        } else {
            Criterion::Lottery
        }
    }
}

/// Totally ordered priority key (smaller = higher priority).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PriorityKey(pub (u8, u8, u64, i64));

impl PriorityKey {
    /// The distance the key was made from, km (the inverse of the order-preserving bit map in
    /// [`Priority::key`]).
    pub fn distance_km(self) -> f64 {
        let bits = self.0.2;
        f64::from_bits(if bits >> 63 == 1 {
            bits & !(1 << 63)
        } else {
            !bits
        })
    }
}

/// The criteria of the canonical priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    /// A sibling already attends the daycare.
    Sibling,
    /// A hardship case.
    Hardship,
    /// The shorter way.
    Distance,
    /// The lottery.
    Lottery,
}

/// From this many children the per-pair work (priorities, checks) is split over two threads;
/// below, a thread costs more than it saves.
pub(crate) const PARALLEL_FROM: usize = 20_000;

/// One listed choice in the market: (seat group, the child's priority key there).
pub type Listing = (usize, PriorityKey);

/// Every child's listed choices, stored one after the other in one vector (a city's 825k
/// listings in one allocation instead of one per child). `lists[c]` is child `c`'s slice.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lists {
    /// Where each child's listings start in `entries`; one more than the number of children.
    starts: Vec<usize>,
    entries: Vec<Listing>,
}

impl Lists {
    /// Number of children.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether there are no children.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each child's listings in turn.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[Listing]> + '_ {
        self.starts.windows(2).map(|w| &self.entries[w[0]..w[1]])
    }

    /// Number of listings of all children together.
    pub fn total(&self) -> usize {
        self.entries.len()
    }

    fn push(&mut self, listings: impl IntoIterator<Item = Listing>) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.entries.extend(listings);
        self.starts.push(self.entries.len());
    }
}

impl std::ops::Index<usize> for Lists {
    type Output = [Listing];
    fn index(&self, child: usize) -> &[Listing] {
        &self.entries[self.starts[child]..self.starts[child + 1]]
    }
}

impl From<Vec<Vec<Listing>>> for Lists {
    fn from(lists: Vec<Vec<Listing>>) -> Lists {
        let mut out = Lists {
            starts: Vec::with_capacity(lists.len() + 1),
            entries: Vec::with_capacity(lists.iter().map(Vec::len).sum()),
        };
        out.starts.push(0);
        for l in lists {
            out.push(l);
        }
        out
    }
}

/// Everything the mechanisms need, precomputed once: per child its list of seat groups (in
/// rank order, zero-capacity seat groups kept so ranks stay the child's own) and its priority
/// key at each.
#[derive(Debug, Clone)]
pub struct Market {
    /// Seats per seat group.
    pub capacity: Vec<u32>,
    /// Per child, per listed choice: (seat group, priority key there).
    pub lists: Lists,
}

impl Market {
    /// The market of an instance: each child's listed seat groups in order, with the daycare's priority of the child there.
    pub fn new(instance: &Instance) -> Market {
        let mut capacity = vec![0u32; 2 * instance.daycares.len()];
        for (d, daycare) in instance.daycares.iter().enumerate() {
            capacity[seat_group(d, AgeGroup::U3)] = daycare.capacity_u3;
            capacity[seat_group(d, AgeGroup::Ue3)] = daycare.capacity_ue3;
        }
        // the cosine of every daycare's latitude once, not once per listed pair
        let daycare_places: Vec<(f64, f64, f64)> = instance
            .daycares
            .iter()
            .map(|d| (d.lat, d.lon, d.lat.to_radians().cos()))
            .collect();
        let listings = |lists: &mut Lists, c: &Child| {
            let home = (c.lat, c.lon, c.lat.to_radians().cos());
            lists.push(c.preferences.iter().map(|choice| {
                let p = Priority {
                    sibling_enrolled: choice.sibling_enrolled,
                    hardship: c.hardship,
                    distance_km: haversine_km_cos(home, daycare_places[choice.daycare]),
                    lottery: c.lottery,
                };
                (seat_group(choice.daycare, c.age_group), p.key())
            }));
        };
        let listed = |children: &[Child]| children.iter().map(|c| c.preferences.len()).sum();
        // `room`: listings and children to make room for (the first half's vectors take the
        // second half without regrowth)
        let build = |children: &[Child], room: (usize, usize)| {
            let mut lists = Lists {
                starts: Vec::with_capacity(room.1 + 1),
                entries: Vec::with_capacity(room.0),
            };
            lists.starts.push(0);
            for c in children {
                listings(&mut lists, c);
            }
            lists
        };
        // a distance per listed pair: on a city (825k pairs) worth a second thread
        let children = &instance.children;
        let lists = if children.len() < PARALLEL_FROM {
            build(children, (listed(children), children.len()))
        } else {
            let (first, second) = children.split_at(children.len() / 2);
            std::thread::scope(|scope| {
                let tail = scope.spawn(|| build(second, (listed(second), second.len())));
                let mut lists = build(first, (listed(children), children.len()));
                let tail = tail.join().expect("computing priorities does not panic");
                let offset = lists.entries.len();
                lists.entries.extend_from_slice(&tail.entries);
                lists
                    .starts
                    .extend(tail.starts[1..].iter().map(|s| s + offset));
                lists
            })
        };
        Market { capacity, lists }
    }

    /// Number of children.
    pub fn children(&self) -> usize {
        self.lists.len()
    }
}

/// A child's priority at the daycare of one of its choices.
pub fn priority(instance: &Instance, child: &Child, choice: &Choice) -> Priority {
    let d = &instance.daycares[choice.daycare];
    Priority {
        sibling_enrolled: choice.sibling_enrolled,
        hardship: child.hardship,
        distance_km: haversine_km(child.lat, child.lon, d.lat, d.lon),
        lottery: child.lottery,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_market_on_two_threads_equals_the_sequential_one() {
        let spec = crate::generate::GeneratorSpec {
            children: PARALLEL_FROM + 1_001,
            daycares: 300,
            seed: 5,
            two_child_families: crate::generate::TWO_CHILD_FAMILIES,
        };
        let instance = crate::generate::generate(&spec).unwrap();
        let market = Market::new(&instance);
        assert_eq!(market.lists.len(), instance.children.len());
        for (c, child) in instance.children.iter().enumerate() {
            let expected: Vec<Listing> = child
                .preferences
                .iter()
                .map(|p| {
                    (
                        seat_group(p.daycare, child.age_group),
                        priority(&instance, child, p).key(),
                    )
                })
                .collect();
            assert_eq!(market.lists[c], expected, "child {c}");
        }
    }

    #[test]
    fn haversine_berlin_distances() {
        // Brandenburger Tor -> Alexanderplatz: about 2.5 km
        let km = haversine_km(52.516275, 13.377704, 52.521918, 13.413215);
        assert!((km - 2.48).abs() < 0.1, "{km}");
        assert_eq!(haversine_km(52.5, 13.4, 52.5, 13.4), 0.0);
    }

    #[test]
    fn key_order_is_priority_order() {
        let p = |s, h, km, l| Priority {
            sibling_enrolled: s,
            hardship: h,
            distance_km: km,
            lottery: l,
        };
        let all = [
            p(true, false, 5.0, 9),
            p(false, true, 9.0, 1),
            p(false, true, 0.1, 3),
            p(false, false, 0.5, 7),
            p(false, false, 0.5, 2),
        ];
        for a in &all {
            for b in &all {
                assert_eq!(a.compare(b), a.key().cmp(&b.key()), "{a:?} {b:?}");
            }
        }
        assert_eq!(all[3].deciding_criterion(&all[4]), Criterion::Lottery);
        assert_eq!(all[0].deciding_criterion(&all[1]), Criterion::Sibling);
    }
}
