//! daycare-allocation at realistic scale: a town (1k children), a large city round (20k) and
//! Berlin-sized (150k children, 3,500 daycares), generated with a fixed seed.
//! Anchors (issue #4): Python heap-based DA 1 s (20k) / 4–8 s (150k); OR-Tools min-cost flow
//! 5.7 s for the welfare optimum at 150k.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use daycare_allocation::generate::{GeneratorSpec, generate};
use daycare_allocation::{
    Market, boston, deferred_acceptance, first_come, verify, welfare_optimal,
};

fn daycare(c: &mut Criterion) {
    let sizes = [(1_000usize, 40usize), (20_000, 500), (150_000, 3_500)];
    let mut g = c.benchmark_group("daycare");
    g.sample_size(10);
    for (children, daycares) in sizes {
        let instance = generate(&GeneratorSpec {
            children,
            daycares,
            seed: benches::SEED,
            two_child_families: daycare_allocation::generate::TWO_CHILD_FAMILIES,
        })
        .expect("instance");
        let market = Market::new(&instance);
        let id = |name: &str| BenchmarkId::new(name, children);
        g.bench_function(id("market_build"), |b| b.iter(|| Market::new(&instance)));
        g.bench_function(id("deferred_acceptance"), |b| {
            b.iter(|| deferred_acceptance(&market))
        });
        g.bench_function(id("welfare_optimal"), |b| {
            b.iter(|| welfare_optimal(&market))
        });
        g.bench_function(id("boston"), |b| b.iter(|| boston(&market)));
        g.bench_function(id("first_come"), |b| b.iter(|| first_come(&market)));
        let da = deferred_acceptance(&market);
        g.bench_function(id("verify"), |b| b.iter(|| verify(&instance, &market, &da)));
    }
    g.finish();
}

criterion_group!(benches, daycare);
criterion_main!(benches);
