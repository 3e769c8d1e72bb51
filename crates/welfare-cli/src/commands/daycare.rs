//! `welfare daycare`: generate, allocate, explain, audit.

use daycare_allocation::generate::{GeneratorSpec, generate};
use daycare_allocation::{
    AllocateOptions, Assignment, Constraints, Mechanism, allocate_with, audit, explain,
};
use welfare_data::Instance;

use crate::cli::{DaycareCommand, Mechanism as MechanismArg, ReportFormat};

fn mechanism(m: MechanismArg) -> Mechanism {
    match m {
        MechanismArg::DeferredAcceptance => Mechanism::DeferredAcceptance,
        MechanismArg::WelfareOptimal => Mechanism::WelfareOptimal,
        MechanismArg::MaxStable => Mechanism::MaxStable,
        MechanismArg::Boston => Mechanism::Boston,
        MechanismArg::FirstCome => Mechanism::FirstCome,
    }
}

pub fn run(cmd: DaycareCommand) -> anyhow::Result<()> {
    match cmd {
        DaycareCommand::Generate {
            children,
            daycares,
            seed,
            out,
        } => {
            let instance = generate(&GeneratorSpec {
                children,
                daycares,
                seed,
            })?;
            instance.write(&out)?;
            eprintln!(
                "wrote {} children, {} daycares to {}",
                instance.children.len(),
                instance.daycares.len(),
                out.display()
            );
            Ok(())
        }
        DaycareCommand::Allocate {
            instance,
            mechanism: m,
            out,
            summary,
            time_limit,
            siblings_together,
            hardship_quota,
        } => {
            if time_limit.is_some_and(|t| !(t.is_finite() && t > 0.0)) {
                anyhow::bail!("--time-limit must be a positive number of seconds");
            }
            let inst = Instance::read(&instance)?;
            let options = AllocateOptions {
                time_limit,
                constraints: Constraints {
                    siblings_together,
                    hardship_quota,
                },
            };
            let result = allocate_with(&inst, mechanism(m), &options)?;
            result.assignment.write(&out, &inst)?;
            let text = serde_json::to_string_pretty(&result.summary)? + "\n";
            super::emit(&text, summary.as_deref())
        }
        DaycareCommand::Explain {
            instance,
            assignment,
            child,
            format,
        } => {
            let inst = Instance::read(&instance)?;
            let a = Assignment::read(&assignment, &inst)?;
            let index = inst.child_index(&child).ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: unknown child id '{child}'",
                    instance.join("children.csv").display()
                )
            })?;
            let e = explain(&inst, &a, index);
            let text = match format {
                ReportFormat::Json => serde_json::to_string_pretty(&e)? + "\n",
                _ => e.text(),
            };
            super::emit(&text, None)
        }
        DaycareCommand::Audit {
            instance,
            assignment,
        } => {
            let inst = Instance::read(&instance)?;
            let a = Assignment::read(&assignment, &inst)?;
            let report = audit::audit(&inst, &a)?;
            super::emit(&(serde_json::to_string_pretty(&report)? + "\n"), None)
        }
    }
}
