//! Writes a generated allocation round (the same generator as `welfare daycare generate`), for
//! benchmarks without the CLI.
//!
//! `cargo run --release -p daycare-allocation --example generate -- CHILDREN DAYCARES SEED DIR [TWO_CHILD_FAMILIES]`
//! (share of households applying with two children; default 0.025, about 5 % of the children)

use daycare_allocation::generate::{GeneratorSpec, generate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (children, daycares, seed, dir, families) = match args.as_slice() {
        [c, d, s, dir] => (c, d, s, dir, None),
        [c, d, s, dir, f] => (c, d, s, dir, Some(f)),
        _ => return Err("usage: generate CHILDREN DAYCARES SEED DIR [TWO_CHILD_FAMILIES]".into()),
    };
    let instance = generate(&GeneratorSpec {
        children: children.parse()?,
        daycares: daycares.parse()?,
        seed: seed.parse()?,
        two_child_families: families
            .map(|f| f.parse())
            .transpose()?
            .unwrap_or(daycare_allocation::generate::TWO_CHILD_FAMILIES),
    })?;
    instance.write(dir)?;
    println!(
        "{dir}: {} children, {} daycares",
        instance.children.len(),
        instance.daycares.len()
    );
    Ok(())
}
