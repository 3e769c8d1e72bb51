//! The points checklist a form-based triage uses: the baseline the model is compared with, and
//! one of the model's features.

use crate::case::{Account, Case, Energy, Enforcement, Eviction};

/// Points of the checklist baseline on the intake record (what a form-based triage does).
pub fn checklist_points(c: &Case) -> f64 {
    let mut p = 0.0;
    p += match c.energy_stage {
        Energy::Announced | Energy::CutOff => 3.0,
        Energy::Threat => 2.0,
        Energy::Arrears => 0.5,
        Energy::None => 0.0,
    };
    p += match c.eviction_stage {
        Eviction::EvictionDate | Eviction::Lawsuit => 3.0,
        Eviction::Notice => 2.0,
        Eviction::Arrears => 0.5,
        Eviction::None => 0.0,
    };
    p += match c.enforcement_stage {
        Enforcement::ArrestWarrant | Enforcement::AssetDisclosure => 3.0,
        Enforcement::DunningOrder | Enforcement::EnforcementOrder => 1.0,
        Enforcement::None => 0.0,
    };
    if c.account_status == Account::GarnishedNoPKonto {
        p += 2.0;
    }
    if c.deadline_days.is_some_and(|d| d <= 14) {
        p += 2.0;
    }
    if c.wage_garnishment {
        p += 1.0;
    }
    if c.health_crisis {
        p += 1.0;
    }
    p
}
