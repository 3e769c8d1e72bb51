//! Command-line arguments (the contract in docs/formats.md). No logic here.
//!
//! Conventions every command follows: `--format` names the *output* format (an input layout is
//! `--input-format`), and a value a command cannot render is refused by clap (exit 2); `--out
//! FILE` writes the report or table atomically (`-` or no `--out` = stdout); `--seed` defaults
//! to 1; out-of-range values are usage errors (exit 2).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The seed every command uses when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "welfare",
    version,
    about = "Reference algorithms for welfare organisations: fair Kita allocation, fairness audits, \
             debt-counselling triage, Leichte Sprache checks, fall detection",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 data error (the message names file, row and field), 2 usage error.\n\
                  CSV files may use ',' or ';' (German Excel, decimal commas), UTF-8 or Windows-1252.\n\
                  Nothing leaves this machine: no network access, no telemetry."
)]
pub struct Cli {
    /// No progress bars or notices on stderr (errors are still printed)
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every prototype on the shipped data and write an HTML report and summary.json
    Showcase(ShowcaseArgs),
    /// Check that files follow the suite's formats (clear errors naming file, row and field)
    #[command(subcommand)]
    Validate(ValidateCommand),
    /// Fair Kita-place allocation (daycare-allocation)
    #[command(subcommand)]
    Daycare(DaycareCommand),
    /// Group-fairness audit of decisions (fairness-audit)
    Audit(AuditArgs),
    /// Close a fairness gap: fairlearn's threshold optimizer, AIF360's reweighing
    #[command(subcommand)]
    Mitigate(MitigateCommand),
    /// Urgency triage for debt counselling (debt-triage)
    #[command(subcommand)]
    Triage(TriageCommand),
    /// Leichte Sprache checker (easy-language)
    #[command(subcommand)]
    Text(TextCommand),
    /// Fall detection in accelerometer signals (fall-detection)
    #[command(subcommand)]
    Falls(FallsCommand),
    /// The tools in a browser and as a JSON API: open the printed address
    Serve(ServeArgs),
}

/// The table of decisions every post-processor reads, and what it writes.
#[derive(Debug, Args)]
pub struct DecisionArgs {
    /// Table of decisions with scores: CSV, CSV.gz or Parquet
    #[arg(long)]
    pub input: PathBuf,
    /// Column of the true outcome (0/1)
    #[arg(long = "y-true")]
    pub y_true: String,
    /// Column of the score
    #[arg(long = "y-score")]
    pub y_score: String,
    /// Column of the current decision (0/1) for the audit before; default: score > 0.5
    #[arg(long = "y-pred")]
    pub y_pred: Option<String>,
    /// Sensitive columns, comma separated (their intersection forms the groups)
    #[arg(long, value_delimiter = ',', required = true)]
    pub sensitive: Vec<String>,
    /// Seed of the randomised decisions
    #[arg(long, default_value_t = fairness_audit::mitigation::threshold::DEFAULT_SEED)]
    pub seed: u64,
    /// decisions.csv: the input rows plus y_pred_mitigated and p_positive
    #[arg(long)]
    pub out: PathBuf,
    /// Also write the audit before and after as an HTML report
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Language of the report: en or de
    #[arg(long, value_enum, default_value_t = ReportLang::En)]
    pub lang: ReportLang,
}

/// AIF360's two groups.
#[derive(Debug, Args)]
pub struct TwoGroupArgs {
    /// Privileged group COL=VALUE[,COL=VALUE]
    #[arg(long)]
    pub privileged: String,
    /// Unprivileged group COL=VALUE[,COL=VALUE]; default: every other row
    #[arg(long)]
    pub unprivileged: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum MitigateCommand {
    /// Group-specific randomised thresholds on the scores (fairlearn's ThresholdOptimizer)
    Threshold {
        #[command(flatten)]
        decisions: DecisionArgs,
        /// demographic_parity, selection_rate_parity, true_positive_rate_parity,
        /// false_positive_rate_parity, true_negative_rate_parity, false_negative_rate_parity,
        /// equalized_odds
        #[arg(long, default_value = fairness_audit::mitigation::ThresholdRequest::default().constraints.name())]
        constraint: String,
        /// accuracy_score, balanced_accuracy_score, selection_rate, true_positive_rate,
        /// true_negative_rate
        #[arg(long, default_value = fairness_audit::mitigation::ThresholdRequest::default().objective.name())]
        objective: String,
        /// Points of the grid over the constraint's rate
        #[arg(long = "grid-size", default_value_t = fairness_audit::mitigation::ThresholdRequest::default().grid_size)]
        grid_size: usize,
        /// Also consider positive decisions below a threshold
        #[arg(long)]
        flip: bool,
        /// Let the groups' rates be up to this far apart (relaxed constraint; not for
        /// equalized_odds)
        #[arg(long)]
        tol: Option<f64>,
    },
    /// Scores mixed with the group's base rate to equalise error rates (AIF360's
    /// CalibratedEqOddsPostprocessing)
    Calibrated {
        #[command(flatten)]
        decisions: DecisionArgs,
        #[command(flatten)]
        groups: TwoGroupArgs,
        /// fpr, fnr or weighted
        #[arg(long = "cost-constraint", default_value = fairness_audit::mitigation::CalibratedRequest::default().cost_constraint.name())]
        cost_constraint: String,
        /// A score at or above it is a positive decision
        #[arg(long, default_value_t = fairness_audit::mitigation::CalibratedRequest::default().threshold)]
        threshold: f64,
    },
    /// A band around the threshold decided in the unprivileged group's favour (AIF360's
    /// RejectOptionClassification)
    RejectOption {
        #[command(flatten)]
        decisions: DecisionArgs,
        #[command(flatten)]
        groups: TwoGroupArgs,
        /// statistical_parity_difference, average_odds_difference, equal_opportunity_difference
        #[arg(long, default_value = fairness_audit::mitigation::RejectOptionRequest::default().metric_name.name())]
        metric: String,
        /// Lowest acceptable value of the metric
        #[arg(long = "metric-lb", default_value_t = fairness_audit::mitigation::RejectOptionRequest::default().metric_lb, allow_hyphen_values = true)]
        metric_lb: f64,
        /// Highest acceptable value of the metric
        #[arg(long = "metric-ub", default_value_t = fairness_audit::mitigation::RejectOptionRequest::default().metric_ub, allow_hyphen_values = true)]
        metric_ub: f64,
        /// Smallest classification threshold tried
        #[arg(long = "low-class-thresh", default_value_t = fairness_audit::mitigation::RejectOptionRequest::default().low_class_thresh)]
        low_class_thresh: f64,
        /// Largest classification threshold tried
        #[arg(long = "high-class-thresh", default_value_t = fairness_audit::mitigation::RejectOptionRequest::default().high_class_thresh)]
        high_class_thresh: f64,
        /// How many thresholds
        #[arg(long = "num-class-thresh", default_value_t = fairness_audit::mitigation::RejectOptionRequest::default().num_class_thresh)]
        num_class_thresh: usize,
        /// How many margins per threshold
        #[arg(long = "num-roc-margin", default_value_t = fairness_audit::mitigation::RejectOptionRequest::default().num_roc_margin)]
        num_roc_margin: usize,
    },
    /// Instance weights that make the label independent of the group (AIF360's Reweighing)
    Reweigh {
        /// Table of decisions: CSV, CSV.gz or Parquet
        #[arg(long)]
        input: PathBuf,
        /// Column of the label (0/1; 1 = favourable)
        #[arg(long = "y-true")]
        y_true: String,
        /// Sensitive columns, comma separated
        #[arg(long, value_delimiter = ',', required = true)]
        sensitive: Vec<String>,
        /// Privileged group COL=VALUE[,COL=VALUE]; with --unprivileged: AIF360's two groups,
        /// without both: weights for every group (Kamiran-Calders)
        #[arg(long)]
        privileged: Option<String>,
        /// Unprivileged group COL=VALUE[,COL=VALUE]
        #[arg(long)]
        unprivileged: Option<String>,
        /// weights.csv: the input rows plus a column `weight`
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; anything but loopback (127.0.0.1, ::1) needs --token
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port (0 picks a free one and prints it)
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Every /api/ request must send `Authorization: Bearer TOKEN` (at least 16 characters)
    #[arg(long, env = "WELFARE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest upload, megabytes (413 beyond)
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=2048))]
    pub max_upload_mb: u64,
    /// Rule book of the LanguageTool protocol (/v2/check) for editors such as LibreOffice,
    /// which send a language but no rule book: netzwerk, hildesheim or bitv
    #[arg(long, default_value = "netzwerk")]
    pub lt_profile: easy_language::Profile,
    /// Keep Kita seasons (page /season) as SQLite files in this folder (created if missing)
    #[arg(long, conflicts_with = "db")]
    pub season_dir: Option<PathBuf>,
    /// Keep the Kita season in PostgreSQL: postgres://USER:PASSWORD@HOST:PORT/DB
    #[arg(long)]
    pub db: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowcaseArgs {
    /// Output folder for index.html and summary.json
    #[arg(long, default_value = "showcase-report")]
    pub out: PathBuf,
}

/// The language of an HTML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportLang {
    /// English
    En,
    /// German
    De,
}

impl From<ReportLang> for welfare_report::Lang {
    fn from(l: ReportLang) -> Self {
        match l {
            ReportLang::En => welfare_report::Lang::En,
            ReportLang::De => welfare_report::Lang::De,
        }
    }
}

/// Output formats of the fairness audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// The JSON of docs/formats.md
    Json,
    /// Markdown tables (same as md)
    Text,
    /// Markdown tables
    Md,
    /// A self-contained HTML report
    Html,
}

/// Output formats of `text check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Sentences with their findings, for the terminal
    Text,
    /// The JSON of docs/formats.md
    Json,
    /// A self-contained HTML page with the findings marked in the text
    Html,
}

/// Output formats of reports that are JSON or readable text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// JSON (field names as in docs/formats.md)
    Json,
    /// Indented `name: value` lines for reading
    Text,
}

/// Output formats of tables (alarms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Comma-separated values with a header row
    Csv,
    /// A JSON array of objects
    Json,
}

/// Where a report goes: `--out FILE` (written atomically) or stdout.
#[derive(Debug, Args, Clone)]
pub struct Output {
    /// Write the output to this file (atomically) instead of stdout; `-` = stdout
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ValidateCommand {
    /// A daycare instance folder (daycares.csv, children.csv, preferences.csv)
    Daycare {
        /// Instance folder
        #[arg(long)]
        instance: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
    },
    /// A prediction table (CSV, CSV.gz or Parquet)
    Predictions {
        /// Prediction table: CSV, CSV.gz or Parquet
        #[arg(long)]
        input: PathBuf,
        /// Column of the true outcome (0/1)
        #[arg(long = "y-true")]
        y_true: String,
        /// Column of the decision (0/1)
        #[arg(long = "y-pred")]
        y_pred: String,
        /// Column of the score (a number; optional)
        #[arg(long = "y-score")]
        y_score: Option<String>,
        /// Sensitive columns, comma separated
        #[arg(long, value_delimiter = ',', required = true)]
        sensitive: Vec<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
    },
    /// A signal file (CSV/CSV.gz) or a raw SisFall text file
    Signals {
        /// Signal file
        #[arg(long)]
        input: PathBuf,
        /// Layout of the input: `csv` (the suite's layout) or `sisfall` (raw 200 Hz text)
        #[arg(long = "input-format", value_enum, default_value_t = SignalFormat::Csv)]
        input_format: SignalFormat,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
    },
    /// A case table of the debt-counselling triage
    Cases {
        /// Case table: CSV, CSV.gz or Parquet
        #[arg(long)]
        input: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
    },
}

/// Layouts of signal files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignalFormat {
    /// The suite's CSV layout (`t_s,ax_g,ay_g,az_g,...`), plain or .csv.gz
    Csv,
    /// Raw SisFall text files (9 integer columns, 200 Hz)
    Sisfall,
}

#[derive(Debug, Subcommand)]
pub enum DaycareCommand {
    /// Generate a synthetic instance (a city's round of applications)
    Generate {
        /// Number of children
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        children: u64,
        /// Number of daycares
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        daycares: u64,
        /// Seed of the generator (same seed, same instance)
        #[arg(long, default_value_t = DEFAULT_SEED)]
        seed: u64,
        /// Folder to write daycares.csv, children.csv and preferences.csv into
        #[arg(long)]
        out: PathBuf,
    },
    /// Allocate seats with a mechanism
    Allocate {
        /// Instance folder (daycares.csv, children.csv, preferences.csv)
        #[arg(long)]
        instance: PathBuf,
        /// Allocation mechanism: deferred-acceptance (stable, strategy-proof), welfare-optimal
        /// (most placed, ignores priorities), max-stable (most placed among stable
        /// allocations), boston, first-come (baselines)
        #[arg(long, value_parser = mechanism)]
        mechanism: daycare_allocation::Mechanism,
        /// Where to write assignment.csv (child_id,daycare_id,rank); .csv or .parquet
        #[arg(long)]
        out: PathBuf,
        /// Write the summary JSON here (default: stdout)
        #[arg(long)]
        summary: Option<PathBuf>,
        /// Time limit of the max-stable optimisation, seconds (default: none)
        #[arg(long = "time-limit", value_parser = positive_seconds)]
        time_limit: Option<f64>,
        /// Place children of one family at the same daycare or none of them (optimising mechanisms)
        #[arg(long = "siblings-together")]
        siblings_together: bool,
        /// Reserve at least this share (0 to 1) of each daycare's seats for hardship cases (optimising mechanisms)
        #[arg(long = "hardship-quota", value_parser = share)]
        hardship_quota: Option<f64>,
    },
    /// Explain why a child got this seat or none (German and English)
    Explain {
        /// Instance folder
        #[arg(long)]
        instance: PathBuf,
        /// Assignment file written by `daycare allocate`
        #[arg(long)]
        assignment: PathBuf,
        /// Id of the child (child_id)
        #[arg(long)]
        child: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
    },
    /// Fairness audit of an assignment (placement, rank, justified envy by group)
    Audit {
        /// Instance folder
        #[arg(long)]
        instance: PathBuf,
        /// Assignment file written by `daycare allocate`
        #[arg(long)]
        assignment: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
    },
    /// Run a season in a database: rounds of offers, answers, late applicants, exports
    #[command(subcommand)]
    Season(SeasonCommand),
    /// Check an assignment: capacity, eligibility, justified envy, families split, weakly blocking pairs
    Verify {
        /// Instance folder
        #[arg(long)]
        instance: PathBuf,
        /// Assignment file (`child_id,daycare_id[,rank]`), e.g. written by `daycare allocate`
        #[arg(long)]
        assignment: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
    },
}

/// The season's database.
#[derive(Debug, clap::Args)]
pub struct SeasonDb {
    /// An SQLite file (created by `init`; nothing to install) or
    /// postgres://USER:PASSWORD@HOST:PORT/DB (password and port optional)
    #[arg(long, env = "WELFARE_SEASON_DB")]
    pub db: String,
    /// Output: JSON (default) or text for people
    #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
    pub format: ReportFormat,
}

fn date(s: &str) -> Result<chrono::NaiveDate, String> {
    daycare_season::respond::parse_date(s)
}

#[derive(Debug, Subcommand)]
pub enum SeasonCommand {
    /// Create a season from an instance folder (refuses a database that holds one)
    Init {
        #[command(flatten)]
        db: SeasonDb,
        /// Instance folder (daycares.csv, children.csv, preferences.csv, optional seats.csv)
        #[arg(long)]
        instance: PathBuf,
        /// Mechanism of every round
        #[arg(long, default_value = "deferred-acceptance")]
        mechanism: String,
        /// Children of one family at the same daycare or none (max-stable seasons)
        #[arg(long = "siblings-together")]
        siblings_together: bool,
        /// Share (0 to 1) of seats for hardship cases (max-stable seasons)
        #[arg(long = "hardship-quota", value_parser = share)]
        hardship_quota: Option<f64>,
        /// Month places start, YYYY-MM (default: the coming August)
        #[arg(long)]
        start: Option<String>,
    },
    /// Run the next round: lapse overdue offers, then offer seats (nobody loses what they hold)
    Round {
        #[command(flatten)]
        db: SeasonDb,
        /// Answer-by date of the new offers (2027-06-15 or 15.06.2027)
        #[arg(long, value_parser = date)]
        deadline: Option<chrono::NaiveDate>,
        /// The day of the round; unanswered offers with an earlier deadline lapse (default: today)
        #[arg(long, value_parser = date)]
        today: Option<chrono::NaiveDate>,
        /// Write offers.csv here (every child holding an offer)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Record families' answers: child_id,decision,date (date optional); accept, decline or withdraw
    Respond {
        #[command(flatten)]
        db: SeasonDb,
        /// The answers file (CSV as Excel saves it)
        #[arg(long)]
        responses: PathBuf,
    },
    /// Add late applicants (children + preferences) and seat changes (seats.csv format)
    Add {
        #[command(flatten)]
        db: SeasonDb,
        /// Late applicants (children.csv format)
        #[arg(long)]
        children: Option<PathBuf>,
        /// Their preferences (preferences.csv format)
        #[arg(long)]
        preferences: Option<PathBuf>,
        /// New seat counts or new programs (daycare_id,age_group,care,start,seats)
        #[arg(long)]
        seats: Option<PathBuf>,
    },
    /// Where the season stands: children, contracts, offers, free seats per program
    Status {
        #[command(flatten)]
        db: SeasonDb,
    },
    /// Write contracts.csv, offers.csv, unplaced.csv, waitlist.csv and events.csv into a folder
    Export {
        #[command(flatten)]
        db: SeasonDb,
        /// The folder (created if missing)
        #[arg(long)]
        out: PathBuf,
    },
    /// Write one printable letter per family with an offer (Leichte Sprache, German)
    Letters {
        #[command(flatten)]
        db: SeasonDb,
        /// The folder (created if missing); letters are named brief-FAMILY.html
        #[arg(long)]
        out: PathBuf,
        /// The round (default: the last)
        #[arg(long)]
        round: Option<u32>,
    },
    /// Recompute every round from the event log; exit 1 naming the first difference
    Replay {
        #[command(flatten)]
        db: SeasonDb,
    },
    /// Replay and check the rules (capacities, contracts, held offers); exit 1 on a violation
    Verify {
        #[command(flatten)]
        db: SeasonDb,
    },
}

/// A mechanism by the library's name (its `FromStr`; clap reports the message, exit 2).
fn mechanism(s: &str) -> Result<daycare_allocation::Mechanism, String> {
    s.parse()
        .map_err(|e: daycare_allocation::AllocationError| e.to_string())
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Table of decisions: CSV, CSV.gz or Parquet
    #[arg(long)]
    pub input: PathBuf,
    /// Column of the true outcome (0/1)
    #[arg(long = "y-true")]
    pub y_true: String,
    /// Column of the decision (0/1)
    #[arg(long = "y-pred")]
    pub y_pred: String,
    /// Column of the score (optional; adds ROC AUC, Brier score, mean score)
    #[arg(long = "y-score")]
    pub y_score: Option<String>,
    /// Sensitive columns, comma separated (their intersection is audited too)
    #[arg(long, value_delimiter = ',', required = true)]
    pub sensitive: Vec<String>,
    /// Privileged group: COL=VALUE[,COL=VALUE] (AND); repeat the option for a union (OR).
    /// Enables the AIF360 comparisons and is the reference group of the parity verdicts.
    #[arg(long)]
    pub privileged: Vec<String>,
    /// Unprivileged group, same syntax (default: every row not privileged)
    #[arg(long)]
    pub unprivileged: Vec<String>,
    /// Bootstrap resamples for confidence intervals (default: none)
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub bootstrap: Option<u64>,
    /// Seed of the bootstrap
    #[arg(long, default_value_t = fairness_audit::bootstrap::DEFAULT_SEED)]
    pub seed: u64,
    /// Groups with fewer rows are flagged as small in every output
    #[arg(long = "min-group-size", default_value_t = 30)]
    pub min_group_size: usize,
    /// Parity threshold of the verdicts, between 0 and 1 (four-fifths rule: 0.8)
    #[arg(long, default_value_t = 0.8, value_parser = open_share)]
    pub tau: f64,
    /// Rates with a zero denominator: null (AIF360) or zero (fairlearn)
    #[arg(long, value_enum, default_value_t = Undefined::Null)]
    pub undefined: Undefined,
    /// Output format
    #[arg(long, value_enum, default_value_t = AuditFormat::Json)]
    pub format: AuditFormat,
    /// Language of the HTML report: en or de
    #[arg(long, value_enum, default_value_t = ReportLang::En)]
    pub lang: ReportLang,
    #[command(flatten)]
    pub output: Output,
}

/// How a rate with a zero denominator is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Undefined {
    /// `null` (AIF360's NaN)
    Null,
    /// `0.0` (fairlearn's zero_division default)
    Zero,
}

#[derive(Debug, Subcommand)]
pub enum TriageCommand {
    /// Generate synthetic intake records with ground truth
    Generate {
        /// Number of cases
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        cases: u64,
        /// Seed of the generator (same seed, same cases)
        #[arg(long, default_value_t = DEFAULT_SEED)]
        seed: u64,
        /// Case table to write: .csv, .csv.gz or .parquet
        #[arg(long)]
        out: PathBuf,
    },
    /// Train a model
    Train {
        /// Labelled case table (CSV, CSV.gz or Parquet)
        #[arg(long)]
        data: PathBuf,
        /// Model family
        #[arg(long, value_enum)]
        model: TriageModel,
        /// Label to learn from
        #[arg(long, value_enum)]
        target: TriageTarget,
        /// Model file to write (JSON)
        #[arg(long)]
        out: PathBuf,
        /// Also write the scaled features and labels the model is fitted on (CSV: case_id,
        /// urgency, track, then one column per feature), for fitting other learners on the
        /// same data
        #[arg(long, value_name = "FILE")]
        dump_features: Option<PathBuf>,
    },
    /// Score cases: urgency score, predicted urgency and track, reasons
    Score {
        /// Model file written by `triage train`
        #[arg(long)]
        model: PathBuf,
        /// Case table (labels not needed)
        #[arg(long)]
        data: PathBuf,
        /// Scored table to write: .csv, .csv.gz or .parquet
        #[arg(long)]
        out: PathBuf,
    },
    /// Evaluate a model (recall by class, calibration, baselines, fairness)
    Evaluate {
        /// Model file written by `triage train`
        #[arg(long)]
        model: PathBuf,
        /// Case table with the column urgency_true
        #[arg(long)]
        data: PathBuf,
        /// Seed of the bootstrap intervals of the fairness audit
        #[arg(long, default_value_t = DEFAULT_SEED)]
        seed: u64,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
        /// Also write the evaluated cases' features as the model sees them (CSV: case_id,
        /// urgency_true, track_true (-1 where unknown), then one column per feature), for scoring other learners on the same
        /// cases (`benches/peers/triage_sklearn.py --test`)
        #[arg(long, value_name = "FILE")]
        dump_features: Option<PathBuf>,
    },
}

/// Model families of the triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TriageModel {
    /// Multinomial logistic regression
    Logistic,
    /// One decision tree
    Tree,
    /// Bagged decision trees
    Forest,
    /// Gradient-boosted trees (early stopping)
    Boosting,
}

/// Labels the triage can learn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum TriageTarget {
    /// The (synthetic) true urgency
    UrgencyTrue,
    /// The urgency recorded in the past (biased)
    UrgencyRecorded,
}

#[derive(Debug, Subcommand)]
pub enum TextCommand {
    /// Check a text (a file, or - for stdin)
    Check {
        /// Text file (UTF-8), or - for stdin
        #[arg(default_value = "-")]
        file: String,
        /// Rule book: netzwerk, hildesheim or bitv
        #[arg(long, default_value = "netzwerk")]
        profile: easy_language::Profile,
        /// Terminology list (CSV: word, explanation, preferred): its words are not marked as
        /// difficult, their explanation is suggested, other spellings are marked
        #[arg(long, value_name = "FILE.csv")]
        glossary: Option<PathBuf>,
        /// Check only this rule (repeat for several; e.g. --rule rare-word): one rule at a time
        #[arg(long = "rule", value_name = "RULE", value_parser = rule_id)]
        rules: Vec<easy_language::RuleId>,
        /// Output format
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        #[command(flatten)]
        output: Output,
    },
    /// Score a column of texts in a CSV file
    Score {
        /// Table with a text column: CSV, CSV.gz or Parquet
        #[arg(long)]
        input: PathBuf,
        /// Column holding the texts
        #[arg(long)]
        column: String,
        /// Table to write (the input's rows with the scores added); default: stdout as CSV
        #[arg(long)]
        out: Option<PathBuf>,
        /// Rule book for the `findings` column: netzwerk, hildesheim or bitv
        #[arg(long, default_value = "netzwerk")]
        profile: easy_language::Profile,
    },
}

#[derive(Debug, Subcommand)]
pub enum FallsCommand {
    /// Train a detector on labelled recordings (files or folders)
    Train {
        /// Signal files or folders of them
        #[arg(long, num_args = 1.., required = true)]
        data: Vec<PathBuf>,
        /// Detector: threshold (impact and posture thresholds), forest (random forest) or
        /// boosting (gradient-boosted trees)
        #[arg(long, value_parser = detector_kind)]
        detector: fall_detection::DetectorKind,
        /// Sensors the model reads: accel (every device) or accel+gyro (every trial and every
        /// later recording needs gx_dps, gy_dps, gz_dps)
        #[arg(long, default_value = fall_detection::Sensors::default().name(), value_parser = sensors)]
        sensors: fall_detection::Sensors,
        /// Smallest measuring range (±g) the model must work with, e.g. 2 for ±2-g pendants:
        /// training and later recordings are clipped to it (default: signals as recorded)
        #[arg(long = "range-g", value_parser = parse_f64)]
        range_g: Option<f64>,
        /// Also train on copies of every trial as 20- and 25-Hz devices record them (finds more
        /// falls on low-rate devices; triples training time)
        #[arg(long = "device-copies")]
        device_copies: bool,
        /// Model file to write (JSON)
        #[arg(long)]
        out: PathBuf,
        /// Layout of the inputs: `csv` (the suite's layout, .csv/.csv.gz) or `sisfall` (raw 200 Hz text files)
        #[arg(long = "input-format", value_enum, default_value_t = SignalFormat::Csv)]
        input_format: SignalFormat,
        /// Trees of the forest
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=10_000))]
        trees: u64,
        /// Seed of the forest's bootstrap samples and of the cut-off folds
        #[arg(long, default_value_t = DEFAULT_SEED)]
        seed: u64,
    },
    /// Evaluate a detector per recording
    Evaluate {
        /// Model file written by `falls train` (default: the shipped model, the one `welfare
        /// serve` uses: thresholds on the accelerometer, trained on synthetic recordings)
        #[arg(long)]
        model: Option<PathBuf>,
        /// Labelled signal files or folders of them
        #[arg(long, num_args = 1.., required = true)]
        data: Vec<PathBuf>,
        /// Layout of the inputs
        #[arg(long = "input-format", value_enum, default_value_t = SignalFormat::Csv)]
        input_format: SignalFormat,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
    },
    /// Detect falls in a recording (or a live stream on stdin): a table of alarms
    Detect {
        /// Model file written by `falls train` (default: the shipped model, the one `welfare
        /// serve` uses: thresholds on the accelerometer, trained on synthetic recordings)
        #[arg(long)]
        model: Option<PathBuf>,
        /// Signal file, .csv or .csv.gz (without --input: stdin)
        #[arg(long)]
        input: Option<PathBuf>,
        /// Decide sample by sample and print each alarm as soon as it is raised
        #[arg(long)]
        stream: bool,
        /// Layout of the input
        #[arg(long = "input-format", value_enum, default_value_t = SignalFormat::Csv)]
        input_format: SignalFormat,
        /// Output format (with --stream: csv only)
        #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
        format: TableFormat,
        #[command(flatten)]
        output: Output,
    },
    /// Follow many wearers live (CSV samples with a `subject` column, interleaved, on stdin or
    /// from a file): candidate → cancel window → alarm or cancelled, one CSV line per event
    Watch {
        /// Model file written by `falls train --sensors accel` (default: the shipped model)
        #[arg(long)]
        model: Option<PathBuf>,
        /// Signal CSV (without --input: stdin); optional column `button` (1 = "I'm fine")
        #[arg(long)]
        input: Option<PathBuf>,
        /// Seconds after a detected fall in which the wearer can cancel by pressing the button
        /// or by moving normally again
        #[arg(long = "cancel-window", default_value_t = fall_detection::watch::WatchOptions::default().cancel_window_s, value_parser = parse_f64)]
        cancel_window: f64,
        /// Operating point: the cut-off with the most falls found whose false alarms per hour
        /// of activity stayed at or below this in training's cross-validation (learned models)
        #[arg(long = "false-alarms-per-hour", value_parser = parse_f64)]
        false_alarms_per_hour: Option<f64>,
        /// Read samples from an MQTT broker instead (HOST or HOST:PORT): JSON samples on
        /// PREFIX/WEARER/samples; events are published to PREFIX/WEARER/events
        #[arg(long, conflicts_with = "input")]
        mqtt: Option<String>,
        /// Topic prefix for --mqtt
        #[arg(
            long = "topic-prefix",
            default_value = "welfare/falls",
            requires = "mqtt"
        )]
        topic_prefix: String,
        /// With --mqtt: stop after this many seconds without a message (default: run until
        /// stopped)
        #[arg(long = "idle-exit", value_parser = parse_f64, requires = "mqtt")]
        idle_exit: Option<f64>,
        #[command(flatten)]
        output: Output,
    },
    /// Write seeded synthetic recordings (daily activities and falls) as signal CSV
    Generate {
        /// Signal file to write: .csv or .csv.gz
        #[arg(long)]
        out: PathBuf,
        /// Seed of the generator
        #[arg(long, default_value_t = DEFAULT_SEED)]
        seed: u64,
        /// Adult subjects (SA01...)
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(0..=1000))]
        adults: u64,
        /// Older subjects (SE01...)
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(0..=1000))]
        older: u64,
        /// Repetitions of each activity per subject
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=1000))]
        repetitions: u32,
    },
}

/// A fall detector by the library's name (its `FromStr`).
fn detector_kind(s: &str) -> Result<fall_detection::DetectorKind, String> {
    s.parse()
        .map_err(|e: fall_detection::FallError| e.to_string())
}

/// A sensor set by the library's name (its `FromStr`).
fn sensors(s: &str) -> Result<fall_detection::Sensors, String> {
    s.parse()
        .map_err(|e: fall_detection::FallError| e.to_string())
}

fn parse_f64(text: &str) -> Result<f64, String> {
    let v: f64 = text
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("'{text}' is not a finite number"))
    }
}

/// A number of seconds > 0.
fn positive_seconds(text: &str) -> Result<f64, String> {
    let v = parse_f64(text)?;
    if v > 0.0 {
        Ok(v)
    } else {
        Err("must be a positive number of seconds".into())
    }
}

/// A share between 0 and 1.
fn share(text: &str) -> Result<f64, String> {
    let v = parse_f64(text)?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err("must be a share between 0 and 1 (e.g. 0.1 for 10 %)".into())
    }
}

/// A share in (0, 1].
fn open_share(text: &str) -> Result<f64, String> {
    let v = parse_f64(text)?;
    if v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err("must be greater than 0 and at most 1".into())
    }
}

/// A rule id of the Leichte Sprache checker (`rare-word`); unknown ids list the known ones.
fn rule_id(s: &str) -> Result<easy_language::RuleId, String> {
    s.parse()
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn every_option_has_a_description() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() {
                    missing.push(format!("{path} --{id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {} (no about)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let cmd = super::Cli::command();
        cmd.clone().debug_assert();
        let mut missing = Vec::new();
        walk(&cmd, "welfare", &mut missing);
        assert!(missing.is_empty(), "options without help: {missing:?}");
    }
}
