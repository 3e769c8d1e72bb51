//! Writes a generated allocation round (the same generator as `welfare daycare generate`), for
//! benchmarks without the CLI.
//!
//! `cargo run --release -p daycare-allocation --example generate -- CHILDREN DAYCARES SEED DIR`

use daycare_allocation::generate::{GeneratorSpec, generate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [children, daycares, seed, dir] = args.as_slice() else {
        return Err("usage: generate CHILDREN DAYCARES SEED DIR".into());
    };
    let instance = generate(&GeneratorSpec {
        children: children.parse()?,
        daycares: daycares.parse()?,
        seed: seed.parse()?,
    })?;
    instance.write(dir)?;
    println!(
        "{dir}: {} children, {} daycares",
        instance.children.len(),
        instance.daycares.len()
    );
    Ok(())
}
