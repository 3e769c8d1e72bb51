//! The intake record: one row per incoming case, modelled on the statutory statistics record
//! (ÜSchuldStatG § 5), plus the label columns of the synthetic data.
//!
//! Columns (CSV, CSV.gz or Parquet; the crate README documents each):
//! `case_id, arrival_day, age, sex, nationality_group, language_support, household_type,
//! household_size, children, employment, own_income_eur, household_income_eur,
//! housing_cost_eur, main_trigger, addiction, total_debt_eur, creditors, cred_bank,
//! cred_public, cred_telecom, cred_mail_order, cred_energy, cred_landlord, account_status,
//! eviction_stage, energy_stage, enforcement_stage, wage_garnishment, deadline_days,
//! health_crisis, documents_complete, referral` and optionally `urgency_true, track_true,
//! urgency_recorded`. Amounts and `deadline_days` may be empty (unknown at intake).

use std::path::Path;

use welfare_data::cases::Urgency;
use welfare_data::{DataError, Table, TableBuilder};

macro_rules! category {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal => $german:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)] // the variants are the levels named in the file format
        pub enum $name { $($variant),+ }
        impl $name {
            /// Every level, in file-format order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The levels as written in the file.
            pub const LEVELS: &'static [&'static str] = &[$($text),+];
            /// The levels in the words of German counselling staff (same order).
            pub const LABELS_DE: &'static [&'static str] = &[$($german),+];
            /// The level in German words.
            pub fn label_de(self) -> &'static str { Self::LABELS_DE[self as usize] }
            /// The level as written in the file.
            pub fn as_str(self) -> &'static str { Self::LEVELS[self as usize] }
            /// Reads a level (surrounding spaces ignored).
            pub fn parse(text: &str) -> Option<$name> {
                let t = text.trim();
                Self::LEVELS.iter().position(|l| *l == t).map(|i| Self::ALL[i])
            }
        }
    };
}

category!(Sex { Female = "f" => "weiblich", Male = "m" => "männlich", Diverse = "d" => "divers" });
category!(
    /// Audit attribute only: never a model feature.
    Nationality { German = "german" => "deutsch", Eu = "eu" => "EU", NonEu = "non_eu" => "außerhalb der EU" }
);
category!(HouseholdType {
    Single = "single" => "allein lebend",
    SingleParent = "single_parent" => "alleinerziehend",
    Couple = "couple" => "Paar ohne Kinder",
    CoupleWithChildren = "couple_with_children" => "Paar mit Kindern",
    Other = "other" => "andere Haushaltsform",
});
category!(Employment {
    Employed = "employed" => "erwerbstätig",
    Unemployed = "unemployed" => "arbeitslos",
    Retired = "retired" => "in Rente",
    SelfEmployed = "self_employed" => "selbstständig",
    Other = "other" => "anderes",
});
category!(
    /// Main trigger of the over-indebtedness (Destatis categories).
    Trigger {
        Illness = "illness_addiction_accident" => "Krankheit, Sucht oder Unfall",
        Unemployment = "unemployment" => "Arbeitslosigkeit",
        HouseholdManagement = "household_management" => "unwirtschaftliche Haushaltsführung",
        Separation = "separation" => "Trennung, Scheidung oder Tod des Partners",
        LowIncome = "low_income" => "längerfristig niedriges Einkommen",
        SelfEmployment = "self_employment" => "gescheiterte Selbstständigkeit",
        Other = "other" => "anderer Grund",
    }
);
category!(Account {
    Normal = "normal" => "normales Konto",
    PKonto = "p_konto" => "P-Konto (Pfändungsschutzkonto)",
    GarnishedNoPKonto = "garnished_no_p_konto" => "gepfändet, ohne P-Konto",
    NoAccount = "no_account" => "kein Konto",
});
category!(Eviction {
    None = "none" => "keine Räumungsgefahr",
    Arrears = "arrears" => "Mietrückstand",
    Notice = "notice" => "Kündigung",
    Lawsuit = "lawsuit" => "Räumungsklage",
    EvictionDate = "eviction_date" => "Räumungstermin steht fest",
});
category!(Energy {
    None = "none" => "keine Energieschulden",
    Arrears = "arrears" => "Rückstand beim Energieversorger",
    Threat = "threat" => "Sperre angedroht",
    Announced = "announced" => "Sperrtermin angekündigt",
    CutOff = "cut_off" => "Strom oder Gas gesperrt",
});
category!(Enforcement {
    None = "none" => "keine Zwangsvollstreckung",
    DunningOrder = "dunning_order" => "Mahnbescheid",
    EnforcementOrder = "enforcement_order" => "Vollstreckungsbescheid",
    AssetDisclosure = "asset_disclosure" => "Vermögensauskunft",
    ArrestWarrant = "arrest_warrant" => "Haftbefehl",
});
category!(Referral {
    SelfReferred = "self" => "selbst gekommen",
    Jobcentre = "jobcentre" => "Jobcenter",
    SocialService = "social_service" => "Sozialdienst",
    HealthService = "health_service" => "Gesundheitsdienst",
    CourtOrLandlord = "court_or_landlord" => "Gericht oder Vermieter",
});
category!(
    /// Counselling tracks.
    Track {
        Crisis = "crisis_intervention" => "Krisenintervention",
        Insolvency = "insolvency_preparation" => "Insolvenz vorbereiten",
        Standard = "standard_counselling" => "Standardberatung",
        ShortAdvice = "short_advice" => "Kurzberatung",
    }
);

/// One intake record as observed by the counselling centre.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The case's id (unique in the file).
    pub case_id: String,
    /// Day (0-based) the case came in: the order of first come, first served.
    pub arrival_day: u32,
    /// Age in years.
    pub age: u32,
    /// Sex as recorded (`f`, `m`, `d`).
    pub sex: Sex,
    /// Nationality group (for the fairness audit only: never a model feature).
    pub nationality_group: Nationality,
    /// The person needs language support.
    pub language_support: bool,
    /// Household type.
    pub household_type: HouseholdType,
    /// People in the household.
    pub household_size: u32,
    /// Children in the household.
    pub children: u32,
    /// Employment status.
    pub employment: Employment,
    /// Own net income per month, EUR (empty: unknown).
    pub own_income_eur: Option<f64>,
    /// Household net income per month, EUR (empty: unknown).
    pub household_income_eur: Option<f64>,
    /// Housing cost per month, EUR (empty: unknown).
    pub housing_cost_eur: Option<f64>,
    /// What brought the debts about.
    pub main_trigger: Trigger,
    /// An addiction is known.
    pub addiction: bool,
    /// Total debt, EUR (empty: unknown).
    pub total_debt_eur: Option<f64>,
    /// Number of creditors.
    pub creditors: u32,
    /// A bank is a creditor.
    pub cred_bank: bool,
    /// A public body (tax office, Jobcentre, GEZ) is a creditor.
    pub cred_public: bool,
    /// A telecom company is a creditor.
    pub cred_telecom: bool,
    /// A mail-order company is a creditor.
    pub cred_mail_order: bool,
    /// An energy supplier is a creditor.
    pub cred_energy: bool,
    /// The landlord is a creditor.
    pub cred_landlord: bool,
    /// State of the bank account (garnished, P-Konto, ...).
    pub account_status: Account,
    /// How far an eviction has gone.
    pub eviction_stage: Eviction,
    /// How far an energy cut-off has gone.
    pub energy_stage: Energy,
    /// How far debt enforcement has gone.
    pub enforcement_stage: Enforcement,
    /// Wages are garnished.
    pub wage_garnishment: bool,
    /// Days until the earliest deadline the person knows of (empty: none known).
    pub deadline_days: Option<u32>,
    /// A health crisis is known.
    pub health_crisis: bool,
    /// The person brought complete documents.
    pub documents_complete: bool,
    /// Who referred the person.
    pub referral: Referral,
}

/// Label columns of a case (present in generated data; `urgency_recorded` = historical
/// counsellor labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Labels {
    /// The true urgency (generated data).
    pub urgency_true: Option<Urgency>,
    /// The true track (generated data).
    pub track_true: Option<Track>,
    /// The urgency counsellors recorded (historical labels, with their biases).
    pub urgency_recorded: Option<Urgency>,
}

/// The intake columns, in file order.
pub const COLUMNS: [&str; 32] = [
    "case_id",
    "arrival_day",
    "age",
    "sex",
    "nationality_group",
    "language_support",
    "household_type",
    "household_size",
    "children",
    "employment",
    "own_income_eur",
    "household_income_eur",
    "housing_cost_eur",
    "main_trigger",
    "addiction",
    "total_debt_eur",
    "creditors",
    "cred_bank",
    "cred_public",
    "cred_telecom",
    "cred_mail_order",
    "cred_energy",
    "cred_landlord",
    "account_status",
    "eviction_stage",
    "energy_stage",
    "enforcement_stage",
    "wage_garnishment",
    "deadline_days",
    "health_crisis",
    "documents_complete",
    "referral",
];

/// The intake columns that hold numbers (counts and amounts): a form reads what staff type
/// there with the suite's number reader (`1.450,50`, `18.500`).
pub const NUMBER_COLUMNS: [&str; 10] = [
    "arrival_day",
    "age",
    "household_size",
    "children",
    "own_income_eur",
    "household_income_eur",
    "housing_cost_eur",
    "total_debt_eur",
    "creditors",
    "deadline_days",
];

/// Reads one label of a case as text.
type LabelColumn = fn(&Labels) -> Option<&'static str>;

/// A set of cases with their labels.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cases {
    /// The cases, in file order.
    pub cases: Vec<Case>,
    /// Their labels (same order).
    pub labels: Vec<Labels>,
    /// Where the cases were read from (a path or a dataset name), for messages.
    pub source: String,
}

fn categories<T: Copy>(
    t: &Table,
    column: &'static str,
    parse: fn(&str) -> Option<T>,
    levels: &[&str],
) -> Result<Vec<T>, DataError> {
    t.map_text(column, |i, v| {
        parse(v).ok_or_else(|| {
            t.cell(i, column).invalid(format!(
                "unknown category; expected one of {}",
                levels.join(", ")
            ))
        })
    })
}

fn counts(t: &Table, column: &'static str, max: i64) -> Result<Vec<u32>, DataError> {
    t.i64s(column)?
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            if (0..=max).contains(&v) {
                Ok(v as u32)
            } else {
                Err(t
                    .cell(i, column)
                    .invalid(format!("must be between 0 and {max}")))
            }
        })
        .collect()
}

/// An optional amount: empty = unknown; otherwise a finite number ≥ 0 (a decimal comma where
/// the file uses `;`, as German Excel saves it).
fn amounts(t: &Table, column: &'static str) -> Result<Vec<Option<f64>>, DataError> {
    let values = t.optional_f64s(column)?;
    if let Some(i) = values.iter().position(|v| v.is_some_and(|x| x < 0.0)) {
        return Err(t.cell(i, column).invalid("must not be negative"));
    }
    Ok(values)
}

impl Cases {
    /// Reads and validates a case file.
    pub fn read(path: impl AsRef<Path>) -> Result<Cases, DataError> {
        Ok(Self::read_with_table(path)?.0)
    }

    /// Reads and validates a case file and keeps its table, e.g. to write scores beside every
    /// input column exactly as it was read (`TriageModel::write_scored`).
    pub fn read_with_table(path: impl AsRef<Path>) -> Result<(Cases, Table), DataError> {
        let table = Table::read_expecting(path, &COLUMNS)?;
        let cases = Self::from_table(&table)?;
        Ok((cases, table))
    }

    /// Validates a table of cases: every intake column present, categories known, counts and
    /// amounts in range, ids unique, labels `U0`–`U3` and known tracks.
    ///
    /// A large table is read in blocks of rows that stay in the processor's cache (the fields
    /// of a CSV record lie next to each other; column after column over the whole file would
    /// fetch every record 35 times from memory), on all cores. The first block with an error
    /// reports it; the result does not depend on the number of threads.
    pub fn from_table(t: &Table) -> Result<Cases, DataError> {
        const BLOCK: usize = 8192;
        t.require_columns(&COLUMNS)?;
        t.require_rows()?;
        let n = t.height();
        let parts: Vec<Cases> = if n <= BLOCK {
            vec![Self::from_block(t)?]
        } else {
            welfare_data::blocks::map_blocks(n, BLOCK, |a, b| Self::from_block(&t.rows(a, b)))
                .into_iter()
                .collect::<Result<_, _>>()?
        };
        let mut out = Cases {
            source: t.name().to_owned(),
            ..Cases::default()
        };
        out.cases.reserve(n);
        out.labels.reserve(n);
        for p in parts {
            out.cases.extend(p.cases);
            out.labels.extend(p.labels);
        }
        welfare_data::cases::check_unique_ids(t, out.cases.iter().map(|c| c.case_id.as_str()))?;
        Ok(out)
    }

    /// [`Cases::from_table`] of one block of rows, without the check that ids are unique.
    fn from_block(t: &Table) -> Result<Cases, DataError> {
        let mut checked = welfare_data::cases::CaseColumns::read_block(t)?;
        let case_ids = std::mem::take(&mut checked.case_ids);
        let n = t.height();
        let arrival = counts(t, "arrival_day", 100_000)?;
        let age = counts(t, "age", 120)?;
        let sex = categories(t, "sex", Sex::parse, Sex::LEVELS)?;
        let nat = categories(
            t,
            "nationality_group",
            Nationality::parse,
            Nationality::LEVELS,
        )?;
        let lang = t.flags("language_support")?;
        let ht = categories(
            t,
            "household_type",
            HouseholdType::parse,
            HouseholdType::LEVELS,
        )?;
        let hs = counts(t, "household_size", 30)?;
        let children = counts(t, "children", 20)?;
        let emp = categories(t, "employment", Employment::parse, Employment::LEVELS)?;
        let own = amounts(t, "own_income_eur")?;
        let hh = amounts(t, "household_income_eur")?;
        let housing = amounts(t, "housing_cost_eur")?;
        let trig = categories(t, "main_trigger", Trigger::parse, Trigger::LEVELS)?;
        let addiction = t.flags("addiction")?;
        let debt = amounts(t, "total_debt_eur")?;
        let creditors = counts(t, "creditors", 1_000)?;
        let flags = |c: &'static str| t.flags(c);
        let (bank, public, telecom, mail, energy_c, landlord) = (
            flags("cred_bank")?,
            flags("cred_public")?,
            flags("cred_telecom")?,
            flags("cred_mail_order")?,
            flags("cred_energy")?,
            flags("cred_landlord")?,
        );
        let account = categories(t, "account_status", Account::parse, Account::LEVELS)?;
        let eviction = categories(t, "eviction_stage", Eviction::parse, Eviction::LEVELS)?;
        let energy = categories(t, "energy_stage", Energy::parse, Energy::LEVELS)?;
        let enforcement = categories(
            t,
            "enforcement_stage",
            Enforcement::parse,
            Enforcement::LEVELS,
        )?;
        let wage = t.flags("wage_garnishment")?;
        let deadline = amounts(t, "deadline_days")?;
        let health = t.flags("health_crisis")?;
        let docs = t.flags("documents_complete")?;
        let referral = categories(t, "referral", Referral::parse, Referral::LEVELS)?;
        let mut deadline_days = Vec::with_capacity(n);
        for (i, d) in deadline.iter().enumerate() {
            deadline_days.push(match d {
                Some(v) if v.fract() != 0.0 || *v > 10_000.0 => {
                    return Err(t
                        .cell(i, "deadline_days")
                        .invalid("must be a whole number of days up to 10000"));
                }
                Some(v) => Some(*v as u32),
                None => None,
            });
        }
        let tracks = if t.has("track_true") {
            t.map_text("track_true", |i, s| {
                Track::parse(s).map(Some).ok_or_else(|| {
                    t.cell(i, "track_true").invalid(format!(
                        "unknown track; expected one of {}",
                        Track::LEVELS.join(", ")
                    ))
                })
            })?
        } else {
            vec![None; n]
        };
        let (recorded, truth) = (
            checked.urgency("urgency_recorded"),
            checked.urgency("urgency_true"),
        );
        let mut out = Cases {
            source: t.name().to_owned(),
            ..Cases::default()
        };
        out.cases.reserve(n);
        out.labels.reserve(n);
        for (i, case_id) in case_ids.into_iter().enumerate() {
            out.cases.push(Case {
                case_id,
                arrival_day: arrival[i],
                age: age[i],
                sex: sex[i],
                nationality_group: nat[i],
                language_support: lang[i],
                household_type: ht[i],
                household_size: hs[i],
                children: children[i],
                employment: emp[i],
                own_income_eur: own[i],
                household_income_eur: hh[i],
                housing_cost_eur: housing[i],
                main_trigger: trig[i],
                addiction: addiction[i],
                total_debt_eur: debt[i],
                creditors: creditors[i],
                cred_bank: bank[i],
                cred_public: public[i],
                cred_telecom: telecom[i],
                cred_mail_order: mail[i],
                cred_energy: energy_c[i],
                cred_landlord: landlord[i],
                account_status: account[i],
                eviction_stage: eviction[i],
                energy_stage: energy[i],
                enforcement_stage: enforcement[i],
                wage_garnishment: wage[i],
                deadline_days: deadline_days[i],
                health_crisis: health[i],
                documents_complete: docs[i],
                referral: referral[i],
            });
            out.labels.push(Labels {
                urgency_true: truth.map(|u| u[i]),
                track_true: tracks[i],
                urgency_recorded: recorded.map(|u| u[i]),
            });
        }
        Ok(out)
    }

    /// The cases as a table (label columns only where every case has the label).
    pub fn to_table(&self, name: &str) -> Result<Table, DataError> {
        self.builder().build(name)
    }

    /// The columns of [`Cases::to_table`], to add more before building.
    pub fn builder(&self) -> TableBuilder {
        let c = &self.cases;
        let text = |f: &dyn Fn(&Case) -> &'static str| c.iter().map(f).collect::<Vec<_>>();
        let int = |f: &dyn Fn(&Case) -> u32| c.iter().map(|x| i64::from(f(x))).collect::<Vec<_>>();
        let flag = |f: &dyn Fn(&Case) -> bool| c.iter().map(f).collect::<Vec<_>>();
        let amount = |f: &dyn Fn(&Case) -> Option<f64>| {
            c.iter()
                .map(|x| f(x).map(|v| format!("{v:.0}")))
                .collect::<Vec<_>>()
        };
        let ids: Vec<&str> = c.iter().map(|x| x.case_id.as_str()).collect();
        let mut b = TableBuilder::new()
            .text("case_id", &ids)
            .integer("arrival_day", &int(&|x| x.arrival_day))
            .integer("age", &int(&|x| x.age))
            .text("sex", &text(&|x| x.sex.as_str()))
            .text(
                "nationality_group",
                &text(&|x| x.nationality_group.as_str()),
            )
            .flag("language_support", &flag(&|x| x.language_support))
            .text("household_type", &text(&|x| x.household_type.as_str()))
            .integer("household_size", &int(&|x| x.household_size))
            .integer("children", &int(&|x| x.children))
            .text("employment", &text(&|x| x.employment.as_str()))
            .optional_text("own_income_eur", &amount(&|x| x.own_income_eur))
            .optional_text("household_income_eur", &amount(&|x| x.household_income_eur))
            .optional_text("housing_cost_eur", &amount(&|x| x.housing_cost_eur))
            .text("main_trigger", &text(&|x| x.main_trigger.as_str()))
            .flag("addiction", &flag(&|x| x.addiction))
            .optional_text("total_debt_eur", &amount(&|x| x.total_debt_eur))
            .integer("creditors", &int(&|x| x.creditors))
            .flag("cred_bank", &flag(&|x| x.cred_bank))
            .flag("cred_public", &flag(&|x| x.cred_public))
            .flag("cred_telecom", &flag(&|x| x.cred_telecom))
            .flag("cred_mail_order", &flag(&|x| x.cred_mail_order))
            .flag("cred_energy", &flag(&|x| x.cred_energy))
            .flag("cred_landlord", &flag(&|x| x.cred_landlord))
            .text("account_status", &text(&|x| x.account_status.as_str()))
            .text("eviction_stage", &text(&|x| x.eviction_stage.as_str()))
            .text("energy_stage", &text(&|x| x.energy_stage.as_str()))
            .text(
                "enforcement_stage",
                &text(&|x| x.enforcement_stage.as_str()),
            )
            .flag("wage_garnishment", &flag(&|x| x.wage_garnishment))
            .optional_text(
                "deadline_days",
                &c.iter()
                    .map(|x| x.deadline_days.map(|d| d.to_string()))
                    .collect::<Vec<_>>(),
            )
            .flag("health_crisis", &flag(&|x| x.health_crisis))
            .flag("documents_complete", &flag(&|x| x.documents_complete))
            .text("referral", &text(&|x| x.referral.as_str()));
        let l = &self.labels;
        // a label column only where every case has the label
        let columns: [(&str, LabelColumn); 3] = [
            ("urgency_true", |x| x.urgency_true.map(Urgency::as_str)),
            ("track_true", |x| x.track_true.map(Track::as_str)),
            ("urgency_recorded", |x| {
                x.urgency_recorded.map(Urgency::as_str)
            }),
        ];
        for (name, get) in columns {
            if let Some(v) = (!l.is_empty())
                .then(|| l.iter().map(get).collect::<Option<Vec<_>>>())
                .flatten()
            {
                b = b.text(name, &v);
            }
        }
        b
    }

    /// Writes the cases (format by extension: .csv, .csv.gz, .parquet), atomically.
    pub fn write(&self, path: impl AsRef<Path>) -> Result<(), DataError> {
        let path = path.as_ref();
        self.to_table(&path.display().to_string())?.write(path)
    }
}
