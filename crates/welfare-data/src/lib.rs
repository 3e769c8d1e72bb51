//! # welfare-data
//!
//! The data layer of the welfare-algorithms suite: the file formats of `docs/formats.md`, read
//! into validated, typed records with errors that name the file, row and field; seeded random
//! numbers that are identical on every machine; and atomic file writes.
//!
//! ```
//! use welfare_data::{DataError, Instance};
//!
//! // A missing file is an error that names the file, never a panic.
//! let err = Instance::read("no/such/instance").unwrap_err();
//! assert!(err.to_string().starts_with("no/such/instance/daycares.csv: reading failed"));
//! # Ok::<(), DataError>(())
//! ```
//!
//! | module | formats / purpose |
//! |---|---|
//! | [`daycare`] | Kita allocation instance: `daycares.csv`, `children.csv`, `preferences.csv` |
//! | [`programs`] | Kita season programs: `seats.csv`, `preferences.csv` with `care`/`start` |
//! | [`predictions`] | one row per decision: `y_true`, `y_pred`, `y_score`, sensitive columns |
//! | [`signals`] | accelerometer recordings: suite CSV/CSV.gz and raw SisFall text |
//! | [`cases`] | debt-counselling case tables (`case_id`, urgency labels) |
//! | [`table`] | CSV, CSV.gz, Parquet tables with typed, validated column access |
//! | [`rng`], [`synth`] | seeded ChaCha8 streams, synthetic prediction tables |
//! | [`atomic`] | write to a temporary file, then rename |
//! | [`blocks`] | work over a large table in blocks of rows on all cores, in row order |
//!
//! Without the default `polars` feature the crate keeps the error type, parsing helpers, the
//! typed records of predictions and signals, the raw SisFall reader, the RNG, the synthetic
//! generators and the atomic writer, and builds in seconds.

#![warn(missing_docs)]

pub mod atomic;
pub mod blocks;
pub mod categorical;
pub mod error;
mod error_de;
pub mod model_file;
pub mod number;
pub mod parse;
pub mod predictions;
pub mod rng;
pub mod scan;
pub mod signals;
pub mod synth;

#[cfg(feature = "polars")]
pub mod append;
#[cfg(feature = "polars")]
pub mod array;
#[cfg(feature = "polars")]
pub mod cases;
#[cfg(feature = "polars")]
pub mod daycare;
#[cfg(feature = "polars")]
pub mod programs;
#[cfg(feature = "polars")]
pub mod table;

pub use atomic::{write_atomic, write_bytes_atomic};
pub use error::{DataError, Result};
pub use rng::{SeededRng, seeded, stream};
pub use signals::{Recording, Trial};

#[cfg(feature = "polars")]
pub use cases::{CaseColumns, CaseTable, Urgency};
pub use categorical::Categorical;
#[cfg(feature = "polars")]
pub use daycare::{AgeGroup, Child, Choice, Daycare, Instance};
pub use predictions::{PredictionColumns, Predictions};
#[cfg(feature = "polars")]
pub use table::{FileFormat, Table, TableBuilder};
