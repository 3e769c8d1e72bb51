//! Assignments (who got which seat), their file format, and the checks any user can run on any
//! assignment: capacity and eligibility, justified envy (count and who), families split.

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use serde::Serialize;
use welfare_data::{DataError, FileFormat, Table, TableBuilder};

use crate::domain::{Instance, Market, PriorityKey};
use crate::error::AllocationError;

/// For each child (in instance order), the index of the assigned choice in its preference list
/// (`Some(0)` = first choice), or `None` if unplaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Per child (in `children.csv` order): the position of its seat in its preference list, or `None` when unplaced.
    pub choice: Vec<Option<usize>>,
}

impl Assignment {
    /// Nobody placed.
    pub fn empty(children: usize) -> Assignment {
        Assignment {
            choice: vec![None; children],
        }
    }

    /// The assigned daycare of a child.
    pub fn daycare(&self, instance: &Instance, child: usize) -> Option<usize> {
        self.choice[child].map(|k| instance.children[child].preferences[k].daycare)
    }

    /// The rank (1 = first choice) of a child's seat.
    pub fn rank(&self, child: usize) -> Option<usize> {
        self.choice[child].map(|k| k + 1)
    }

    /// Number of children placed.
    pub fn placed(&self) -> usize {
        self.choice.iter().filter(|c| c.is_some()).count()
    }

    /// Sum of the ranks of the placed children.
    pub fn total_rank(&self) -> usize {
        self.choice.iter().flatten().map(|k| k + 1).sum()
    }

    /// Reads `assignment.csv` (`child_id,daycare_id[,rank]`; empty daycare = unplaced). Every
    /// child of the instance must appear once; the daycare must be on the child's list.
    pub fn read(
        path: impl AsRef<Path>,
        instance: &Instance,
    ) -> Result<Assignment, AllocationError> {
        let table = Table::read_expecting(path, &["child_id", "daycare_id", "rank"])?;
        Self::from_table(&table, instance)
    }

    /// Validates an assignment table against the instance.
    pub fn from_table(t: &Table, instance: &Instance) -> Result<Assignment, AllocationError> {
        t.require_columns(&["child_id", "daycare_id"])?;
        let ids = t.strings("child_id")?;
        let daycares = t.optional_strings("daycare_id")?.unwrap_or_default();
        let child_index: HashMap<&str, usize> = instance
            .children
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let daycare_index: HashMap<&str, usize> = instance
            .daycares
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let mut seen: Vec<Option<usize>> = vec![None; instance.children.len()];
        let mut out = Assignment::empty(instance.children.len());
        let invalid =
            |row: usize, field: &str, reason: String| AllocationError::InvalidAssignment {
                file: t.name().to_owned(),
                row: t.row_number(row),
                field: field.to_owned(),
                reason,
            };
        for (row, id) in ids.iter().enumerate() {
            let child = *child_index
                .get(id.as_str())
                .ok_or_else(|| t.cell(row, "child_id").unknown_id("child", id))?;
            if let Some(first) = seen[child] {
                return Err(t
                    .cell(row, "child_id")
                    .duplicate(format!("child id '{id}'"), t.row_number(first))
                    .into());
            }
            seen[child] = Some(row);
            if let Some(Some(d)) = daycares.get(row) {
                let daycare = *daycare_index
                    .get(d.as_str())
                    .ok_or_else(|| t.cell(row, "daycare_id").unknown_id("daycare", d))?;
                let k = instance.children[child]
                    .preferences
                    .iter()
                    .position(|c| c.daycare == daycare)
                    .ok_or_else(|| {
                        invalid(
                            row,
                            "daycare_id",
                            format!("child '{id}' did not apply to daycare '{d}'"),
                        )
                    })?;
                out.choice[child] = Some(k);
            }
        }
        if let Some(missing) = seen.iter().position(Option::is_none) {
            return Err(AllocationError::InvalidAssignment {
                file: t.name().to_owned(),
                row: 1,
                field: "child_id".into(),
                reason: format!(
                    "child '{}' of the instance is missing",
                    instance.children[missing].id
                ),
            });
        }
        Ok(out)
    }

    /// The table `child_id,daycare_id,rank` in instance order (empty cells when unplaced).
    pub fn to_table(&self, instance: &Instance) -> Result<Table, DataError> {
        let ids: Vec<&str> = instance.children.iter().map(|c| c.id.as_str()).collect();
        let daycares: Vec<Option<String>> = (0..ids.len())
            .map(|i| {
                self.daycare(instance, i)
                    .map(|d| instance.daycares[d].id.clone())
            })
            .collect();
        let ranks: Vec<Option<String>> = (0..ids.len())
            .map(|i| self.rank(i).map(|r| r.to_string()))
            .collect();
        TableBuilder::new()
            .text("child_id", &ids)
            .optional_text("daycare_id", &daycares)
            .optional_text("rank", &ranks)
            .build("assignment.csv")
    }

    /// Writes `assignment.csv` atomically (or Parquet, as the extension says).
    pub fn write(&self, path: impl AsRef<Path>, instance: &Instance) -> Result<(), DataError> {
        let path = path.as_ref();
        if FileFormat::from_path(path)? == FileFormat::Csv
            && let Some(text) = self.plain_csv(instance)
        {
            return welfare_data::write_bytes_atomic(path, text.as_bytes());
        }
        self.to_table(instance)?.write(path)
    }

    /// The CSV text straight from the ids when none needs quoting (the usual case; a city's
    /// 150k rows in a few milliseconds): the same bytes as the table's CSV writer.
    fn plain_csv(&self, instance: &Instance) -> Option<String> {
        use std::fmt::Write as _;
        let plain =
            |v: &str| !v.is_empty() && !v.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
        if !instance.children.iter().all(|c| plain(&c.id))
            || !instance.daycares.iter().all(|d| plain(&d.id))
        {
            return None;
        }
        let mut out = String::with_capacity(24 * (instance.children.len() + 1));
        out.push_str("child_id,daycare_id,rank\n");
        for (i, child) in instance.children.iter().enumerate() {
            out.push_str(&child.id);
            out.push(',');
            if let Some(k) = self.choice[i] {
                out.push_str(&instance.daycares[child.preferences[k].daycare].id);
                out.push(',');
                let _ = write!(out, "{}", k + 1);
            } else {
                out.push(',');
            }
            out.push('\n');
        }
        Some(out)
    }
}

/// A justified-envy pair (a blocking pair of child and daycare): `child` prefers `daycare` to
/// what it got, and at least one child seated there (in its age group) has lower priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvyPair {
    /// The child (index into the instance's children).
    pub child: usize,
    /// The daycare it prefers to its own result (index into the daycares).
    pub daycare: usize,
    /// The seated children there with lower priority than `child`.
    pub lower_priority_holders: Vec<usize>,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    /// Seat groups with more children than seats: (daycare, age group "u3"/"ue3", seated, seats).
    pub over_capacity: Vec<(usize, &'static str, u32, u32)>,
    /// Justified-envy pairs (child, daycare), ordered by child: the stability violations.
    pub justified_envy: Vec<EnvyPair>,
    /// Children who prefer a daycare that still has a free seat of their age group (wasted seats).
    pub wasted_seat_claims: usize,
    /// Families (≥ 2 children) split across daycares or only partly placed.
    pub families_split: usize,
}

impl Verification {
    /// Capacity respected and no justified envy and no claim on a wasted seat.
    pub fn is_stable(&self) -> bool {
        self.over_capacity.is_empty()
            && self.justified_envy.is_empty()
            && self.wasted_seat_claims == 0
    }
}

/// Checks any assignment of `instance`. Eligibility (own age group, listed daycare) holds by
/// construction of [`Assignment`]; capacity, justified envy and families are counted.
pub fn verify(instance: &Instance, market: &Market, a: &Assignment) -> Verification {
    // the families on a second thread for a city (150k children: ~30 ms each part)
    if instance.children.len() >= crate::domain::PARALLEL_FROM {
        return std::thread::scope(|scope| {
            let families = scope.spawn(|| families_split(instance, a));
            let mut v = seats_and_envy(market, a);
            v.families_split = families.join().expect("counting does not panic");
            v
        });
    }
    let mut v = seats_and_envy(market, a);
    v.families_split = families_split(instance, a);
    v
}

/// [`verify`] without the families. A child has justified envy at a seat group exactly when
/// its key is better than the weakest seated there, so a first pass keeps only each group's
/// count and weakest key; the seated children are listed (and sorted) only for the groups
/// where envy is found. Linear for a stable assignment.
fn seats_and_envy(market: &Market, a: &Assignment) -> Verification {
    let groups = market.capacity.len();
    let mut seated_count = vec![0u32; groups];
    let mut weakest: Vec<Option<PriorityKey>> = vec![None; groups];
    for (child, choice) in a.choice.iter().enumerate() {
        if let Some(k) = *choice {
            let (g, key) = market.lists[child][k];
            seated_count[g] += 1;
            weakest[g] = Some(weakest[g].map_or(key, |w| w.max(key)));
        }
    }
    let mut over_capacity = Vec::new();
    for (g, &n) in seated_count.iter().enumerate() {
        let cap = market.capacity[g];
        if n > cap {
            let (d, age) = crate::domain::seat_group_parts(g);
            over_capacity.push((d, age.as_str(), n, cap));
        }
    }
    // (child, group) of every justified-envy pair, in child and list order
    let mut envy: Vec<(usize, usize, PriorityKey)> = Vec::new();
    let mut wasted_seat_claims = 0;
    for (child, list) in market.lists.iter().enumerate() {
        let better = a.choice[child].unwrap_or(list.len());
        let mut claims_free_seat = false;
        for &(g, key) in &list[..better] {
            if seated_count[g] < market.capacity[g] {
                claims_free_seat = true;
            }
            if weakest[g].is_some_and(|w| key < w) {
                envy.push((child, g, key));
            }
        }
        wasted_seat_claims += usize::from(claims_free_seat);
    }
    let mut justified_envy = Vec::with_capacity(envy.len());
    if !envy.is_empty() {
        let mut seated: Vec<Vec<(PriorityKey, usize)>> = vec![Vec::new(); groups];
        let mut wanted = vec![false; groups];
        for &(_, g, _) in &envy {
            wanted[g] = true;
        }
        for (child, choice) in a.choice.iter().enumerate() {
            if let Some(k) = *choice {
                let (g, key) = market.lists[child][k];
                if wanted[g] {
                    seated[g].push((key, child));
                }
            }
        }
        for s in &mut seated {
            s.sort_unstable();
        }
        for (child, g, key) in envy {
            // seated children with lower priority than this child (sorted: first index after key)
            let s = &seated[g];
            let from = s.partition_point(|&(k, _)| k < key);
            justified_envy.push(EnvyPair {
                child,
                daycare: g / 2,
                lower_priority_holders: s[from..].iter().map(|&(_, h)| h).collect(),
            });
        }
    }
    Verification {
        over_capacity,
        justified_envy,
        wasted_seat_claims,
        families_split: 0,
    }
}

/// Families with at least two children that are not all at the same daycare (counting "some
/// placed, some not" as split; a family placed nowhere is not split).
pub fn families_split(instance: &Instance, a: &Assignment) -> usize {
    /// Per family: the first child's place, whether any child is placed, whether it is split.
    struct Family {
        first: Option<usize>,
        any_placed: bool,
        split: bool,
    }
    let mut families: HashMap<&str, Family> =
        HashMap::with_capacity_and_hasher(instance.children.len(), Default::default());
    for (i, c) in instance.children.iter().enumerate() {
        let place = a.daycare(instance, i);
        families
            .entry(c.family_id.as_str())
            .and_modify(|f| {
                f.split |= place != f.first;
                f.any_placed |= place.is_some();
            })
            .or_insert(Family {
                first: place,
                any_placed: place.is_some(),
                split: false,
            });
    }
    families
        .values()
        .filter(|f| f.split && f.any_placed)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deferred_acceptance::deferred_acceptance;
    use crate::generate::{GeneratorSpec, generate};

    #[test]
    fn a_city_is_verified_on_two_threads_as_on_one() {
        let spec = GeneratorSpec {
            children: crate::domain::PARALLEL_FROM + 1_001,
            daycares: 300,
            seed: 11,
            two_child_families: crate::generate::TWO_CHILD_FAMILIES,
        };
        let instance = generate(&spec).unwrap();
        let market = Market::new(&instance);
        let mut a = deferred_acceptance(&market);
        // some envy and split families to count
        for c in (0..instance.children.len()).step_by(97) {
            a.choice[c] = None;
        }
        let v = verify(&instance, &market, &a);
        let mut sequential = seats_and_envy(&market, &a);
        sequential.families_split = families_split(&instance, &a);
        assert_eq!(v, sequential);
        assert!(v.families_split > 0 && v.wasted_seat_claims > 0);
    }

    #[test]
    fn the_direct_csv_is_the_table_csv() {
        let spec = GeneratorSpec {
            children: 300,
            daycares: 12,
            seed: 3,
            two_child_families: crate::generate::TWO_CHILD_FAMILIES,
        };
        let mut instance = generate(&spec).unwrap();
        let market = Market::new(&instance);
        let a = deferred_acceptance(&market);
        assert!(
            a.placed() > 0 && a.placed() < 300,
            "placed and unplaced rows"
        );
        let dir = tempfile::tempdir().unwrap();
        let (direct, table) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
        let written = |instance: &Instance| {
            a.write(&direct, instance).unwrap();
            a.to_table(instance).unwrap().write(&table).unwrap();
            (
                std::fs::read_to_string(&direct).unwrap(),
                std::fs::read_to_string(&table).unwrap(),
            )
        };
        assert!(a.plain_csv(&instance).is_some());
        let (d, t) = written(&instance);
        assert_eq!(d, t);
        // an id that needs quoting takes the table's writer
        instance.children[0].id = "Kind, A".into();
        assert!(a.plain_csv(&instance).is_none());
        let (d, t) = written(&instance);
        assert_eq!(d, t);
        assert!(d.contains("\"Kind, A\""), "{}", &d[..80]);
    }
}
