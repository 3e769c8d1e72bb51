//! Command-line arguments (the contract in docs/formats.md). No logic here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "welfare",
    version,
    about = "Reference algorithms for welfare organisations: fair Kita allocation, fairness audits, \
             debt-counselling triage, Leichte Sprache checks, fall detection",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 data error (the message names file, row and field), 2 usage error.\n\
                  Nothing leaves this machine: no network access, no telemetry."
)]
pub struct Cli {
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
    /// Urgency triage for debt counselling (debt-triage)
    #[command(subcommand)]
    Triage(TriageCommand),
    /// Leichte Sprache checker (easy-language)
    #[command(subcommand)]
    Text(TextCommand),
    /// Fall detection in accelerometer signals (fall-detection)
    #[command(subcommand)]
    Falls(FallsCommand),
}

#[derive(Debug, Args)]
pub struct ShowcaseArgs {
    /// Output folder for index.html and summary.json
    #[arg(long, default_value = "showcase-report")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Json,
    Text,
    Md,
    Html,
}

#[derive(Debug, Subcommand)]
pub enum ValidateCommand {
    /// A daycare instance folder (daycares.csv, children.csv, preferences.csv)
    Daycare {
        /// Instance folder
        #[arg(long)]
        instance: PathBuf,
    },
    /// A prediction table (CSV, CSV.gz or Parquet)
    Predictions {
        #[arg(long)]
        input: PathBuf,
        #[arg(long = "y-true")]
        y_true: String,
        #[arg(long = "y-pred")]
        y_pred: String,
        #[arg(long = "y-score")]
        y_score: Option<String>,
        /// Sensitive columns, comma separated
        #[arg(long, value_delimiter = ',', required = true)]
        sensitive: Vec<String>,
    },
    /// A signal file (CSV/CSV.gz) or a raw SisFall text file
    Signals {
        #[arg(long)]
        input: PathBuf,
        /// `csv` (the suite's layout) or `sisfall` (raw 200 Hz text)
        #[arg(long, value_enum, default_value_t = SignalFormat::Csv)]
        format: SignalFormat,
    },
    /// A case table of the debt-counselling triage
    Cases {
        #[arg(long)]
        input: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignalFormat {
    Csv,
    Sisfall,
}

#[derive(Debug, Subcommand)]
pub enum DaycareCommand {
    /// Generate a synthetic instance
    Generate {
        #[arg(long)]
        children: usize,
        #[arg(long)]
        daycares: usize,
        #[arg(long)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Allocate seats with a mechanism
    Allocate {
        #[arg(long)]
        instance: PathBuf,
        #[arg(long, value_enum)]
        mechanism: Mechanism,
        #[arg(long)]
        out: PathBuf,
        /// Write the summary JSON here (default: stdout)
        #[arg(long)]
        summary: Option<PathBuf>,
        /// Time limit of the max-stable optimisation, seconds
        #[arg(long = "time-limit")]
        time_limit: Option<f64>,
        /// Place children of one family at the same daycare or none of them (optimising mechanisms)
        #[arg(long = "siblings-together")]
        siblings_together: bool,
        /// Reserve at least this share of each daycare's seats for hardship cases (optimising mechanisms)
        #[arg(long = "hardship-quota")]
        hardship_quota: Option<f64>,
    },
    /// Explain why a child got this seat or none (German and English)
    Explain {
        #[arg(long)]
        instance: PathBuf,
        #[arg(long)]
        assignment: PathBuf,
        #[arg(long)]
        child: String,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Fairness audit of an assignment (placement, rank, justified envy by group)
    Audit {
        #[arg(long)]
        instance: PathBuf,
        #[arg(long)]
        assignment: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mechanism {
    DeferredAcceptance,
    WelfareOptimal,
    MaxStable,
    Boston,
    FirstCome,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[arg(long)]
    pub input: PathBuf,
    #[arg(long = "y-true")]
    pub y_true: String,
    #[arg(long = "y-pred")]
    pub y_pred: String,
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
    /// Bootstrap resamples for confidence intervals (needs --seed)
    #[arg(long, requires = "seed")]
    pub bootstrap: Option<usize>,
    /// Seed of the bootstrap
    #[arg(long)]
    pub seed: Option<u64>,
    /// Groups with fewer rows are flagged as small in every output
    #[arg(long = "min-group-size", default_value_t = 30)]
    pub min_group_size: usize,
    /// Parity threshold of the verdicts (four-fifths rule: 0.8)
    #[arg(long, default_value_t = 0.8)]
    pub tau: f64,
    /// Rates with a zero denominator: null (AIF360) or zero (fairlearn)
    #[arg(long, value_enum, default_value_t = Undefined::Null)]
    pub undefined: Undefined,
    #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
    pub format: ReportFormat,
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Undefined {
    Null,
    Zero,
}

#[derive(Debug, Subcommand)]
pub enum TriageCommand {
    /// Generate synthetic intake records with ground truth
    Generate {
        #[arg(long)]
        cases: usize,
        #[arg(long)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Train a model
    Train {
        #[arg(long)]
        data: PathBuf,
        #[arg(long, value_enum)]
        model: TriageModel,
        #[arg(long, value_enum)]
        target: TriageTarget,
        #[arg(long)]
        out: PathBuf,
    },
    /// Score cases
    Score {
        #[arg(long)]
        model: PathBuf,
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Evaluate a model (recall by class, calibration, baselines, fairness)
    Evaluate {
        #[arg(long)]
        model: PathBuf,
        #[arg(long)]
        data: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TriageModel {
    Logistic,
    Tree,
    Forest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum TriageTarget {
    UrgencyTrue,
    UrgencyRecorded,
}

#[derive(Debug, Subcommand)]
pub enum TextCommand {
    /// Check a text (a file, or - for stdin)
    Check {
        #[arg(default_value = "-")]
        file: String,
        #[arg(long, value_enum, default_value_t = Profile::Netzwerk)]
        profile: Profile,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Score a column of texts in a CSV file
    Score {
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        column: String,
        #[arg(long)]
        out: Option<PathBuf>,
        /// Rule book for the `findings` column
        #[arg(long, value_enum, default_value_t = Profile::Netzwerk)]
        profile: Profile,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    Netzwerk,
    Hildesheim,
    Bitv,
}

#[derive(Debug, Subcommand)]
pub enum FallsCommand {
    /// Train a detector on labelled recordings (files or folders)
    Train {
        #[arg(long, num_args = 1.., required = true)]
        data: Vec<PathBuf>,
        #[arg(long, value_enum)]
        detector: Detector,
        #[arg(long)]
        out: PathBuf,
        /// `csv` (the suite's layout, .csv/.csv.gz) or `sisfall` (raw 200 Hz text files)
        #[arg(long, value_enum, default_value_t = SignalFormat::Csv)]
        format: SignalFormat,
        /// Trees of the forest
        #[arg(long, default_value_t = 100)]
        trees: usize,
        /// Seed of the forest's bootstrap samples and of the cut-off folds
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Evaluate a detector per recording (JSON)
    Evaluate {
        #[arg(long)]
        model: PathBuf,
        #[arg(long, num_args = 1.., required = true)]
        data: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = SignalFormat::Csv)]
        format: SignalFormat,
    },
    /// Detect falls in a recording (or a live stream on stdin): CSV of alarms
    Detect {
        #[arg(long)]
        model: PathBuf,
        /// Signal file (with --stream: read sample by sample; without --input: stdin)
        #[arg(long)]
        input: Option<PathBuf>,
        /// Decide sample by sample and print each alarm as soon as it is raised
        #[arg(long)]
        stream: bool,
        #[arg(long, value_enum, default_value_t = SignalFormat::Csv)]
        format: SignalFormat,
    },
    /// Write seeded synthetic recordings (daily activities and falls) as signal CSV
    Generate {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Adult subjects (SA01...)
        #[arg(long, default_value_t = 4)]
        adults: usize,
        /// Older subjects (SE01...)
        #[arg(long, default_value_t = 2)]
        older: usize,
        /// Repetitions of each activity per subject
        #[arg(long, default_value_t = 2)]
        repetitions: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Detector {
    Threshold,
    Forest,
}
