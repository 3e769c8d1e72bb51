//! The datasets shipped in `datasets/`, embedded so the showcase runs from any directory.

/// A daycare instance embedded as its three CSV files.
pub struct EmbeddedInstance {
    pub name: &'static str,
    pub daycares: &'static [u8],
    pub children: &'static [u8],
    pub preferences: &'static [u8],
}

macro_rules! instance {
    ($name:literal) => {
        EmbeddedInstance {
            name: concat!("datasets/daycare/", $name),
            daycares: include_bytes!(concat!(
                "../../../../datasets/daycare/",
                $name,
                "/daycares.csv"
            )),
            children: include_bytes!(concat!(
                "../../../../datasets/daycare/",
                $name,
                "/children.csv"
            )),
            preferences: include_bytes!(concat!(
                "../../../../datasets/daycare/",
                $name,
                "/preferences.csv"
            )),
        }
    };
}

pub const DAYCARE_INSTANCES: [EmbeddedInstance; 2] = [instance!("tiny"), instance!("small")];

pub const GERMAN_CREDIT_NAME: &str = "datasets/fairness/german_credit/predictions.csv";
pub const GERMAN_CREDIT: &[u8] =
    include_bytes!("../../../../datasets/fairness/german_credit/predictions.csv");
