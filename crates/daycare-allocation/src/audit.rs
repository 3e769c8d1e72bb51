//! Fairness audit of an allocation with `fairness-audit`: placement rate, mean assigned rank,
//! first-choice rate and justified envy by hardship, district and age group.

use serde::Serialize;
use welfare_data::Categorical;

use fairness_audit::{AllocationAudit, Placement, audit_allocation};

use crate::assignment::{Assignment, verify};
use crate::domain::{Instance, Market};
use crate::error::AllocationError;

/// The audit of one allocation.
#[derive(Debug, Clone, Serialize)]
pub struct AllocationReport {
    /// Children in the instance.
    pub children: usize,
    /// Children with a seat.
    pub placed: usize,
    /// (child, daycare) pairs with justified envy.
    pub justified_envy_pairs: usize,
    /// Placement, rank and envy by hardship, district and age group.
    pub by_attribute: Vec<AllocationAudit>,
}

/// Audits an assignment by `hardship`, `district` and `age_group`.
pub fn audit(instance: &Instance, a: &Assignment) -> Result<AllocationReport, AllocationError> {
    let market = Market::new(instance);
    let v = verify(instance, &market, a);
    let mut envy = vec![0u32; instance.children.len()];
    for p in &v.justified_envy {
        envy[p.child] += 1;
    }
    let outcomes: Vec<Placement> = (0..instance.children.len())
        .map(|i| Placement {
            placed: a.choice[i].is_some(),
            rank: a.rank(i).map(|r| r as u32),
            justified_envy: envy[i],
        })
        .collect();
    let attribute = |name: &str, value: &dyn Fn(&welfare_data::Child) -> String| {
        let values: Vec<String> = instance.children.iter().map(value).collect();
        Categorical::encode(name, &values)
    };
    let attributes = [
        attribute("hardship", &|c| {
            if c.hardship { "1".into() } else { "0".into() }
        }),
        attribute("district", &|c| c.district.clone()),
        attribute("age_group", &|c| c.age_group.as_str().into()),
    ];
    let by_attribute = attributes
        .iter()
        .map(|c| audit_allocation(&outcomes, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AllocationReport {
        children: instance.children.len(),
        placed: a.placed(),
        justified_envy_pairs: v.justified_envy.len(),
        by_attribute,
    })
}
