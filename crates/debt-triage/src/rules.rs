//! Ground truth from the latent state: counsellor-acceptable rules in the order counsellors
//! protect things — liberty, housing, energy, account, court deadlines, job, health — with the
//! legal clocks of `legal_thresholds.csv` (energy cut-off earliest 4 weeks after the threat and
//! announced 8 working days before; P-Konto conversion within 4 weeks of a garnishment;
//! objection to a dunning order within 2 weeks; asset disclosure within 2 weeks).

use welfare_data::cases::Urgency;

use crate::case::{Account, Energy, Enforcement, Eviction, Track};

/// What is really going on in a case (the generator knows it; the intake record shows a
/// distorted view).
#[derive(Debug, Clone, PartialEq)]
pub struct TrueState {
    /// How far an eviction has gone.
    pub eviction: Eviction,
    /// Days until the next step of the eviction (notice period, Schonfrist, eviction date).
    pub eviction_days: Option<u32>,
    /// How far an energy cut-off has gone.
    pub energy: Energy,
    /// Days until the cut-off (0 when already cut off).
    pub energy_days: Option<u32>,
    /// How far debt enforcement has gone.
    pub enforcement: Enforcement,
    /// Days until the next enforcement step.
    pub enforcement_days: Option<u32>,
    /// State of the bank account.
    pub account: Account,
    /// Days left of the 4-week window to convert a garnished account into a P-Konto.
    pub account_days: Option<u32>,
    /// Wages are garnished.
    pub wage_garnishment: bool,
    /// A health crisis.
    pub health_crisis: bool,
    /// Children in the household.
    pub children: u32,
    /// Total debt, EUR.
    pub total_debt_eur: f64,
    /// Number of creditors.
    pub creditors: u32,
    /// Own net income per month, EUR.
    pub own_income_eur: f64,
}

/// The life area a rule protects, in the counsellors' order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Liberty (an arrest warrant for the asset disclosure).
    Liberty,
    /// Housing (eviction).
    Housing,
    /// Energy (cut-off).
    Energy,
    /// The bank account (garnishment without P-Konto).
    Account,
    /// Court deadlines.
    Court,
    /// The job (wage garnishment).
    Job,
    /// Health.
    Health,
}

/// Urgency by the rules, and the first area (in the protection order) that sets it.
pub fn urgency(s: &TrueState) -> (Urgency, Option<Area>) {
    use Urgency::*;
    let days = |d: Option<u32>| d.unwrap_or(u32::MAX);
    let liberty = match s.enforcement {
        Enforcement::ArrestWarrant => U3,
        Enforcement::AssetDisclosure if days(s.enforcement_days) <= 14 => U3,
        Enforcement::AssetDisclosure => U2,
        _ => U0,
    };
    let housing = match s.eviction {
        Eviction::EvictionDate => U3,
        Eviction::Lawsuit if days(s.eviction_days) <= 30 => U3,
        Eviction::Lawsuit | Eviction::Notice => U2,
        Eviction::Arrears => U1,
        Eviction::None => U0,
    };
    let energy = match s.energy {
        Energy::CutOff if s.children > 0 || s.health_crisis => U3,
        Energy::CutOff => U2,
        Energy::Announced => U3,
        Energy::Threat => U2,
        Energy::Arrears => U1,
        Energy::None => U0,
    };
    let account = match s.account {
        Account::GarnishedNoPKonto if days(s.account_days) <= 14 => U3,
        Account::GarnishedNoPKonto => U2,
        _ => U0,
    };
    let court = match s.enforcement {
        Enforcement::DunningOrder | Enforcement::EnforcementOrder
            if days(s.enforcement_days) <= 14 =>
        {
            U2
        }
        Enforcement::DunningOrder | Enforcement::EnforcementOrder => U1,
        _ => U0,
    };
    let job = if s.wage_garnishment { U1 } else { U0 };
    let health = if s.health_crisis { U1 } else { U0 };
    let areas = [
        (liberty, Area::Liberty),
        (housing, Area::Housing),
        (energy, Area::Energy),
        (account, Area::Account),
        (court, Area::Court),
        (job, Area::Job),
        (health, Area::Health),
    ];
    let top = areas.iter().map(|a| a.0).max().unwrap_or(U0);
    if top == U0 {
        return (U0, None);
    }
    (top, areas.iter().find(|a| a.0 == top).map(|a| a.1))
}

/// The counselling track: crisis intervention for emergencies (and housing or energy threats
/// within weeks), insolvency preparation for high debts with many creditors, short advice for
/// small cases without deadlines, standard counselling otherwise.
pub fn track(s: &TrueState, u: Urgency) -> Track {
    let housing_or_energy = s.eviction >= Eviction::Notice || s.energy >= Energy::Threat;
    if u == Urgency::U3 || (u == Urgency::U2 && housing_or_energy) {
        Track::Crisis
    } else if s.total_debt_eur >= 20_000.0 && s.creditors >= 5 {
        Track::Insolvency
    } else if u <= Urgency::U1 && s.total_debt_eur < 5_000.0 && s.creditors <= 3 {
        Track::ShortAdvice
    } else {
        Track::Standard
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calm() -> TrueState {
        TrueState {
            eviction: Eviction::None,
            eviction_days: None,
            energy: Energy::None,
            energy_days: None,
            enforcement: Enforcement::None,
            enforcement_days: None,
            account: Account::Normal,
            account_days: None,
            wage_garnishment: false,
            health_crisis: false,
            children: 0,
            total_debt_eur: 12_000.0,
            creditors: 4,
            own_income_eur: 1_100.0,
        }
    }

    /// One hand-written case per rule.
    #[test]
    fn each_rule_on_a_hand_written_case() {
        use Urgency::*;
        let cases: Vec<(TrueState, Urgency, Option<Area>, Track)> = vec![
            (calm(), U0, None, Track::Standard),
            (
                TrueState {
                    enforcement: Enforcement::ArrestWarrant,
                    ..calm()
                },
                U3,
                Some(Area::Liberty),
                Track::Crisis,
            ),
            (
                TrueState {
                    enforcement: Enforcement::AssetDisclosure,
                    enforcement_days: Some(10),
                    ..calm()
                },
                U3,
                Some(Area::Liberty),
                Track::Crisis,
            ),
            (
                TrueState {
                    enforcement: Enforcement::AssetDisclosure,
                    enforcement_days: Some(20),
                    ..calm()
                },
                U2,
                Some(Area::Liberty),
                Track::Standard,
            ),
            (
                TrueState {
                    eviction: Eviction::EvictionDate,
                    eviction_days: Some(20),
                    ..calm()
                },
                U3,
                Some(Area::Housing),
                Track::Crisis,
            ),
            (
                TrueState {
                    eviction: Eviction::Lawsuit,
                    eviction_days: Some(25),
                    ..calm()
                },
                U3,
                Some(Area::Housing),
                Track::Crisis,
            ),
            (
                TrueState {
                    eviction: Eviction::Notice,
                    eviction_days: Some(60),
                    ..calm()
                },
                U2,
                Some(Area::Housing),
                Track::Crisis,
            ),
            (
                TrueState {
                    eviction: Eviction::Arrears,
                    ..calm()
                },
                U1,
                Some(Area::Housing),
                Track::Standard,
            ),
            (
                TrueState {
                    energy: Energy::Announced,
                    energy_days: Some(6),
                    ..calm()
                },
                U3,
                Some(Area::Energy),
                Track::Crisis,
            ),
            (
                TrueState {
                    energy: Energy::CutOff,
                    energy_days: Some(0),
                    children: 2,
                    ..calm()
                },
                U3,
                Some(Area::Energy),
                Track::Crisis,
            ),
            (
                TrueState {
                    energy: Energy::CutOff,
                    energy_days: Some(0),
                    ..calm()
                },
                U2,
                Some(Area::Energy),
                Track::Crisis,
            ),
            (
                TrueState {
                    energy: Energy::Threat,
                    energy_days: Some(35),
                    ..calm()
                },
                U2,
                Some(Area::Energy),
                Track::Crisis,
            ),
            (
                TrueState {
                    account: Account::GarnishedNoPKonto,
                    account_days: Some(9),
                    ..calm()
                },
                U3,
                Some(Area::Account),
                Track::Crisis,
            ),
            (
                TrueState {
                    account: Account::GarnishedNoPKonto,
                    account_days: Some(20),
                    ..calm()
                },
                U2,
                Some(Area::Account),
                Track::Standard,
            ),
            (
                TrueState {
                    enforcement: Enforcement::DunningOrder,
                    enforcement_days: Some(5),
                    ..calm()
                },
                U2,
                Some(Area::Court),
                Track::Standard,
            ),
            (
                TrueState {
                    enforcement: Enforcement::EnforcementOrder,
                    enforcement_days: Some(40),
                    ..calm()
                },
                U1,
                Some(Area::Court),
                Track::Standard,
            ),
            (
                TrueState {
                    wage_garnishment: true,
                    ..calm()
                },
                U1,
                Some(Area::Job),
                Track::Standard,
            ),
            (
                TrueState {
                    health_crisis: true,
                    ..calm()
                },
                U1,
                Some(Area::Health),
                Track::Standard,
            ),
            // liberty before housing at equal urgency
            (
                TrueState {
                    enforcement: Enforcement::ArrestWarrant,
                    eviction: Eviction::EvictionDate,
                    ..calm()
                },
                U3,
                Some(Area::Liberty),
                Track::Crisis,
            ),
            // tracks without deadlines
            (
                TrueState {
                    total_debt_eur: 45_000.0,
                    creditors: 9,
                    ..calm()
                },
                U0,
                None,
                Track::Insolvency,
            ),
            (
                TrueState {
                    total_debt_eur: 2_000.0,
                    creditors: 2,
                    ..calm()
                },
                U0,
                None,
                Track::ShortAdvice,
            ),
        ];
        for (k, (s, u, area, t)) in cases.iter().enumerate() {
            assert_eq!(urgency(s), (*u, *area), "case {k}");
            assert_eq!(track(s, *u), *t, "case {k}");
        }
    }
}
