//! # daycare-season
//!
//! A Kita allocation season as municipalities run it: rounds of offers with deadlines,
//! families' answers, late applicants and capacity changes, in one database (an SQLite file by
//! default, PostgreSQL for a municipality's server).
//!
//! - A round runs deferred acceptance on the children in play and the seats not under
//!   contract; a child holding an offer keeps it or moves up, a contract is final.
//! - Every change is an event in an append-only log; the stored state is the fold of the log,
//!   and [`replay`](commands::check) recomputes every round from it.
//! - Every command is one transaction under the season's write lock.
//!
//! ```
//! use daycare_season::{Database, InitRequest, RoundRequest, commands};
//!
//! let dir = tempfile::tempdir()?;
//! let db_path = dir.path().join("season.sqlite");
//! let mut db = Database::open(db_path.to_str().unwrap(), true)?;
//! commands::init(&mut db, &InitRequest {
//!     instance: concat!(env!("CARGO_MANIFEST_DIR"), "/../../datasets/daycare/tiny").into(),
//!     mechanism: Default::default(),
//!     start: "2027-08".parse().unwrap(),
//!     siblings_together: false,
//!     hardship_quota: None,
//! })?;
//! let report = commands::run_round(&mut db, &RoundRequest::default())?;
//! assert_eq!(report.round, 1);
//! assert_eq!(report.new, 16);
//! assert_eq!(commands::check(&mut db, true)?.rounds, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod add;
pub mod commands;
pub mod error;
pub mod event;
pub mod explain;
pub mod export;
pub mod letters;
mod max_stable_round;
pub mod replay;
pub mod respond;
pub mod round;
pub mod season;
pub mod status;
pub mod store;

pub use add::Additions;
pub use commands::{AddRequest, InitRequest};
pub use error::SeasonError;
pub use event::{Event, OfferStatus};
pub use respond::{Decision, Response};
pub use round::{Offer, RoundRequest};
pub use season::{Season, SeasonMechanism};
pub use status::Status;
pub use store::Database;
pub use welfare_data::programs::{Care, StartMonth};
