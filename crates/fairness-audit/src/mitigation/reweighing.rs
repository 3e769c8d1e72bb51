//! Reweighing: instance weights that make the label independent of the group in the weighted
//! data (Kamiran & Calders 2012).
//!
//! [`reweighing`] is AIF360's `Reweighing` exactly (`aif360/algorithms/preprocessing/
//! reweighing.py`): two groups, privileged and unprivileged; the weight of a row of group g
//! with label y is `n_y·n_g / (n·n_{g,y})`, computed in that order, so the weights are
//! bit-identical. AIF360's quirks are kept: `n` and `n_y` count every row, also rows in neither
//! group, and those rows keep weight 1. [`kamiran_calders`] gives every group its weights (the
//! definition of fairlearn's open proposal, PR #1612), for any number of groups.

use crate::error::AuditError;

fn check(y: &[bool], other: usize, name: &str) -> Result<(), AuditError> {
    if y.is_empty() {
        return Err(AuditError::Empty);
    }
    if other != y.len() {
        return Err(AuditError::Length {
            column: name.to_owned(),
            found: other,
            expected: y.len(),
        });
    }
    Ok(())
}

/// AIF360's weights for two groups; `privileged` and `unprivileged` mark the rows of each (a
/// row in both is an error; a row in neither keeps weight 1). `y`: favourable label.
pub fn reweighing(
    y: &[bool],
    privileged: &[bool],
    unprivileged: &[bool],
) -> Result<Vec<f64>, AuditError> {
    check(y, privileged.len(), "privileged")?;
    check(y, unprivileged.len(), "unprivileged")?;
    if let Some(i) = (0..y.len()).find(|&i| privileged[i] && unprivileged[i]) {
        return Err(AuditError::parameter(
            "privileged",
            format!(
                "row {} is in both the privileged and the unprivileged group",
                i + 1
            ),
        ));
    }
    // counts as AIF360 sums its instance weights (all 1: exact integers)
    let count = |f: &dyn Fn(usize) -> bool| (0..y.len()).filter(|&i| f(i)).count() as f64;
    let n = y.len() as f64;
    let n_p = count(&|i| privileged[i]);
    let n_up = count(&|i| unprivileged[i]);
    let n_fav = count(&|i| y[i]);
    let n_unfav = count(&|i| !y[i]);
    let n_p_fav = count(&|i| privileged[i] && y[i]);
    let n_p_unfav = count(&|i| privileged[i] && !y[i]);
    let n_up_fav = count(&|i| unprivileged[i] && y[i]);
    let n_up_unfav = count(&|i| unprivileged[i] && !y[i]);
    for (cell, which) in [
        (n_p_fav, "privileged rows with the favourable label"),
        (n_p_unfav, "privileged rows with the unfavourable label"),
        (n_up_fav, "unprivileged rows with the favourable label"),
        (n_up_unfav, "unprivileged rows with the unfavourable label"),
    ] {
        if cell == 0.0 {
            return Err(AuditError::parameter(
                "privileged",
                format!("there are no {which}: the weight would divide by zero"),
            ));
        }
    }
    let w_p_fav = n_fav * n_p / (n * n_p_fav);
    let w_p_unfav = n_unfav * n_p / (n * n_p_unfav);
    let w_up_fav = n_fav * n_up / (n * n_up_fav);
    let w_up_unfav = n_unfav * n_up / (n * n_up_unfav);
    Ok((0..y.len())
        .map(|i| match (privileged[i], unprivileged[i], y[i]) {
            (true, _, true) => w_p_fav,
            (true, _, false) => w_p_unfav,
            (_, true, true) => w_up_fav,
            (_, true, false) => w_up_unfav,
            _ => 1.0,
        })
        .collect())
}

/// Kamiran–Calders weights for every group: a row of group g with label y weighs
/// `n_y·n_g / (n·n_{g,y})`. `group_of` indexes the groups (`groups` of them).
pub fn kamiran_calders(
    y: &[bool],
    group_of: &[u32],
    groups: usize,
) -> Result<Vec<f64>, AuditError> {
    check(y, group_of.len(), "sensitive_features")?;
    let mut n_g = vec![0usize; groups];
    let mut n_gy = vec![[0usize; 2]; groups];
    let mut n_y = [0usize; 2];
    for (&g, &l) in group_of.iter().zip(y) {
        let g = g as usize;
        if g >= groups {
            return Err(AuditError::parameter(
                "sensitive_features",
                format!("group index {g} of {groups} groups"),
            ));
        }
        n_g[g] += 1;
        n_gy[g][usize::from(l)] += 1;
        n_y[usize::from(l)] += 1;
    }
    let n = y.len() as f64;
    Ok(group_of
        .iter()
        .zip(y)
        .map(|(&g, &l)| {
            let (g, l) = (g as usize, usize::from(l));
            n_y[l] as f64 * n_g[g] as f64 / (n * n_gy[g][l] as f64)
        })
        .collect())
}
