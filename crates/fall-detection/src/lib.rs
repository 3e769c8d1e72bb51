//! fall detection
pub mod error;
pub mod evaluate;
pub mod features;
pub mod forest;
pub mod generate;
pub mod model;
pub mod signal;
