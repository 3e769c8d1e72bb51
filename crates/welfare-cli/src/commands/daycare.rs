//! `welfare daycare`: generate, allocate, explain, audit, verify.

use daycare_allocation::generate::{GeneratorSpec, generate};
use daycare_allocation::{
    AllocateOptions, Assignment, Constraints, allocate_with, audit, check_assignment, explain,
};
use welfare_data::Instance;

use crate::cli::{DaycareCommand, ReportFormat};

pub fn run(cmd: DaycareCommand) -> anyhow::Result<()> {
    match cmd {
        DaycareCommand::Generate {
            children,
            daycares,
            seed,
            out,
        } => {
            let out = super::check_folder_writable(&out)?;
            let spinner = super::spinner(format!("generating {children} children"));
            let instance = generate(&GeneratorSpec {
                children: children as usize,
                daycares: daycares as usize,
                seed,
                two_child_families: daycare_allocation::generate::TWO_CHILD_FAMILIES,
            })?;
            spinner.set_message(format!("writing {}", out.display()));
            instance.write(&out)?;
            spinner.finish_and_clear();
            super::note(format_args!(
                "wrote {} children, {} daycares to {}",
                instance.children.len(),
                instance.daycares.len(),
                out.display()
            ));
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
            let out = super::check_writable(&out)?;
            welfare_data::table::FileFormat::from_path(&out)?;
            let summary = super::check_out(summary.as_deref())?;
            let spinner = super::spinner(format!("reading {}", instance.display()));
            let inst = Instance::read(&instance)?;
            let options = AllocateOptions {
                time_limit,
                constraints: Constraints {
                    siblings_together,
                    hardship_quota,
                },
            };
            spinner.set_message(format!(
                "allocating {} children with {}",
                inst.children.len(),
                m.name()
            ));
            let result = allocate_with(&inst, m, &options)?;
            spinner.finish_and_clear();
            result.assignment.write(&out, &inst)?;
            let text = serde_json::to_string_pretty(&result.summary)? + "\n";
            // a city's instance and result are ~1M small allocations: the end of the process
            // releases them at once, freeing them one by one took ~40 ms
            std::mem::forget((inst, result));
            super::emit(&text, summary.as_deref())
        }
        DaycareCommand::Explain {
            instance,
            assignment,
            child,
            format,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
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
                ReportFormat::Text => e.text(),
            };
            super::emit(&text, out.as_deref())
        }
        DaycareCommand::Audit {
            instance,
            assignment,
            format,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
            let inst = Instance::read(&instance)?;
            let a = Assignment::read(&assignment, &inst)?;
            let report = audit::audit(&inst, &a)?;
            super::emit(&super::render(&report, format)?, out.as_deref())
        }
        DaycareCommand::Season(cmd) => super::season::run(cmd),
        DaycareCommand::Verify {
            instance,
            assignment,
            format,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
            let inst = Instance::read(&instance)?;
            let a = Assignment::read(&assignment, &inst)?;
            let check = check_assignment(&inst, &a);
            super::emit(&super::render(&check, format)?, out.as_deref())
        }
    }
}
