//! Fairness of allocations (Kita places, appointments, counselling slots): per individual a
//! decision (placed or not), the quality of what they got (the rank of the assigned place,
//! lower is better) and how many justified complaints they have (justified-envy pairs in which
//! they are the envious one). By group: placement rate, mean assigned rank, justified envy.

use serde::Serialize;
use welfare_data::Categorical;

use crate::error::AuditError;

/// The outcome of one individual.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Placement {
    /// The person got a place.
    pub placed: bool,
    /// Rank of the assigned option in the individual's list (1 = first choice), when placed.
    pub rank: Option<u32>,
    /// Justified-envy pairs in which this individual is the envious one.
    pub justified_envy: u32,
}

/// Allocation metrics of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllocationGroup {
    /// `{attribute: value}` in JSON.
    #[serde(serialize_with = "crate::audit::pairs_as_map")]
    pub group: Vec<(String, String)>,
    /// People in the group.
    pub count: usize,
    /// Of them with a place.
    pub placed: usize,
    /// Placed as a share of the group.
    pub placement_rate: f64,
    /// Mean rank among the placed (`None` if nobody was placed).
    pub mean_rank: Option<f64>,
    /// Share of the placed who got their first choice.
    pub first_choice_rate: Option<f64>,
    /// Justified-envy pairs with an envious member of this group.
    pub justified_envy_pairs: u64,
    /// Members with at least one justified complaint.
    pub with_justified_envy: usize,
}

/// Allocation metrics by group of one attribute, plus placement-rate disparities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllocationAudit {
    /// The attribute.
    pub attribute: String,
    /// One entry per value.
    pub groups: Vec<AllocationGroup>,
    /// Highest minus lowest placement rate.
    pub placement_rate_difference: f64,
    /// Lowest over highest placement rate (`None` if nobody was placed).
    pub placement_rate_ratio: Option<f64>,
}

/// Audits an allocation by one attribute (dictionary-encoded, one code per individual).
pub fn audit_allocation(
    outcomes: &[Placement],
    attribute: &Categorical,
) -> Result<AllocationAudit, AuditError> {
    if outcomes.is_empty() {
        return Err(AuditError::Empty);
    }
    if attribute.codes.len() != outcomes.len() {
        return Err(AuditError::Length {
            column: attribute.name.clone(),
            found: attribute.codes.len(),
            expected: outcomes.len(),
        });
    }
    let k = attribute.levels.len();
    let mut count = vec![0usize; k];
    let mut placed = vec![0usize; k];
    let mut rank_sum = vec![0u64; k];
    let mut first = vec![0usize; k];
    let mut envy = vec![0u64; k];
    let mut with_envy = vec![0usize; k];
    for (o, &g) in outcomes.iter().zip(&attribute.codes) {
        let g = g as usize;
        count[g] += 1;
        if o.placed {
            placed[g] += 1;
            let r = o.rank.unwrap_or(0);
            rank_sum[g] += u64::from(r);
            first[g] += usize::from(r == 1);
        }
        envy[g] += u64::from(o.justified_envy);
        with_envy[g] += usize::from(o.justified_envy > 0);
    }
    let groups: Vec<AllocationGroup> = (0..k)
        .filter(|&g| count[g] > 0)
        .map(|g| AllocationGroup {
            group: vec![(attribute.name.clone(), attribute.levels[g].clone())],
            count: count[g],
            placed: placed[g],
            placement_rate: placed[g] as f64 / count[g] as f64,
            mean_rank: (placed[g] > 0).then(|| rank_sum[g] as f64 / placed[g] as f64),
            first_choice_rate: (placed[g] > 0).then(|| first[g] as f64 / placed[g] as f64),
            justified_envy_pairs: envy[g],
            with_justified_envy: with_envy[g],
        })
        .collect();
    let max = groups
        .iter()
        .map(|g| g.placement_rate)
        .fold(f64::MIN, f64::max);
    let min = groups
        .iter()
        .map(|g| g.placement_rate)
        .fold(f64::MAX, f64::min);
    Ok(AllocationAudit {
        attribute: attribute.name.clone(),
        groups,
        placement_rate_difference: max - min,
        placement_rate_ratio: (max > 0.0).then(|| min / max),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_rank_and_envy_by_group() {
        let p = |placed, rank, envy| Placement {
            placed,
            rank,
            justified_envy: envy,
        };
        let outcomes = [
            p(true, Some(1), 0),
            p(true, Some(3), 1),
            p(false, None, 2),
            p(true, Some(2), 0),
        ];
        let hardship = Categorical::encode("hardship", &["1", "1", "0", "0"]);
        let a = audit_allocation(&outcomes, &hardship).unwrap();
        assert_eq!(a.groups[0].group[0].1, "0");
        assert_eq!(a.groups[0].placement_rate, 0.5);
        assert_eq!(a.groups[0].justified_envy_pairs, 2);
        assert_eq!(a.groups[1].mean_rank, Some(2.0));
        assert_eq!(a.groups[1].first_choice_rate, Some(0.5));
        assert_eq!(a.placement_rate_difference, 0.5);
        assert_eq!(a.placement_rate_ratio, Some(0.5));
        assert!(audit_allocation(&[], &hardship).is_err());
    }
}
