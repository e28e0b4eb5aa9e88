//! Scale benchmarks: updating and querying the chain `X -> M -> Y` with
//! 10,000 cases, and a node with four parents (65,536 nodal types, 1,048,576
//! causal types) with 100 cases. Run with `cargo bench -p probative-causal`.
// A benchmark reports its sampler diagnostics beside the timings.
#![allow(clippy::print_stderr)]

use criterion::{Criterion, criterion_group, criterion_main};
use probative_causal::data::{Data, parse_csv};
use probative_causal::model::CausalModel;
use probative_causal::random::Rng;
use probative_causal::{Options, Study, analyse, parse_study};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Instant;

/// Simulates `n` complete cases at parameters `lambda` (one draw of a nodal
/// type per node and case, then the realised values).
fn simulate(model: &CausalModel, lambda: &[f64], n: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed, 0);
    let mut csv: String = model
        .nodes
        .iter()
        .map(|node| node.name.as_str())
        .collect::<Vec<_>>()
        .join(",");
    csv.push('\n');
    for _ in 0..n {
        let mut values = 0u64;
        let mut row = Vec::new();
        for (j, node) in model.nodes.iter().enumerate() {
            let set = &model.sets[node.sets[0]];
            let mut u = rng.uniform();
            let mut t = set.types[set.types.len() - 1];
            for (k, &candidate) in set.types.iter().enumerate() {
                u -= lambda[set.offset + k];
                if u <= 0.0 {
                    t = candidate;
                    break;
                }
            }
            let mut index = 0;
            for (p, &parent) in node.parents.iter().enumerate() {
                index |= ((values >> parent & 1) as u32) << p;
            }
            let v = t >> index & 1 == 1;
            if v {
                values |= 1 << j;
            }
            row.push(if v { "1" } else { "0" });
        }
        let _ = writeln!(csv, "{}", row.join(","));
    }
    csv
}

fn setup(model_text: &str, lambda: Option<&[f64]>, n: usize, seed: u64) -> (Study, Data) {
    let study = parse_study(model_text).expect("valid model");
    let flat = study.model.values.clone();
    let csv = simulate(&study.model, lambda.unwrap_or(&flat), n, seed);
    let data = parse_csv(&csv, &study.model).expect("valid data");
    (study, data)
}

const CHAIN: &str = r#"
[model]
dag = "X -> M -> Y"
[[query]]
name = "ATE"
query = "Y[X=1] - Y[X=0]"
using = "posteriors"
"#;

const FOUR_PARENTS: &str = r#"
[model]
dag = "A -> Y <- B; C -> Y; D -> Y"
[[query]]
name = "ATE of A"
query = "Y[A=1] - Y[A=0]"
using = "posteriors"
[[query]]
name = "PC of A"
query = "Y[A=1] > Y[A=0] :|: A==1 & Y==1"
using = "posteriors"
case_level = true
"#;

/// Y monotone in five parents: 7,581 nodal types, generated directly.
const FIVE_MONOTONE: &str = r#"
[model]
dag = "A -> Y <- B; C -> Y; D -> Y; E -> Y"
monotone = ["Y"]
[[query]]
name = "PC of A"
query = "Y[A=1] > Y[A=0] :|: A==1 & Y==1"
using = ["priors", "posteriors"]
case_level = true
"#;

fn report(name: &str, study: &Study, data: &Data) {
    let start = Instant::now();
    let analysis = analyse(study, Some(data), &Options::default()).expect("runs");
    let elapsed = start.elapsed();
    let sampler = analysis.sampler.as_ref().expect("sampled");
    eprintln!(
        "{name}: {:.3} s, {} draws, ESS min {:.0}, R-hat max {:.4}",
        elapsed.as_secs_f64(),
        sampler.draws,
        sampler.effective_sample_size_min,
        sampler.rhat_max
    );
    for r in &analysis.results {
        eprintln!(
            "  {} = {:.4} (sd {:.4}, mc_se {:.4})",
            r.query,
            r.mean.unwrap_or(f64::NAN),
            r.sd.unwrap_or(f64::NAN),
            r.mc_se.unwrap_or(f64::NAN)
        );
    }
}

fn chain(c: &mut Criterion) {
    let lambda = [0.5, 0.5, 0.1, 0.1, 0.6, 0.2, 0.1, 0.1, 0.6, 0.2];
    let (study, data) = setup(CHAIN, Some(&lambda), 10_000, 42);
    report("X -> M -> Y, 10,000 cases", &study, &data);
    let mut group = c.benchmark_group("causal");
    group.sample_size(20);
    group.bench_function("chain_10000_cases_update_and_query", |b| {
        b.iter(|| analyse(black_box(&study), Some(&data), &Options::default()).expect("runs"));
    });
    group.finish();
}

fn four_parents(c: &mut Criterion) {
    let (study, data) = setup(FOUR_PARENTS, None, 100, 1);
    report("four parents, 100 cases", &study, &data);
    let mut group = c.benchmark_group("causal");
    group.sample_size(10);
    group.bench_function("four_parents_100_cases_update_and_query", |b| {
        b.iter(|| analyse(black_box(&study), Some(&data), &Options::default()).expect("runs"));
    });
    group.finish();
}

fn five_parents_monotone(c: &mut Criterion) {
    let (study, data) = setup(FIVE_MONOTONE, None, 100, 1);
    report("five parents monotone, 100 cases", &study, &data);
    let mut group = c.benchmark_group("causal");
    group.sample_size(10);
    group.bench_function("five_parents_monotone_build", |b| {
        b.iter(|| parse_study(black_box(FIVE_MONOTONE)).expect("valid"));
    });
    group.bench_function("five_parents_monotone_100_cases_update_and_query", |b| {
        b.iter(|| analyse(black_box(&study), Some(&data), &Options::default()).expect("runs"));
    });
    // Six parents: counting the 7,828,354 monotone types and refusing.
    let six = FIVE_MONOTONE.replace("E -> Y\"", "E -> Y; F -> Y\"");
    group.bench_function("six_parents_monotone_refusal", |b| {
        b.iter(|| parse_study(black_box(&six)).expect_err("refused"));
    });
    group.finish();
}

criterion_group!(benches, chain, four_parents, five_parents_monotone);
criterion_main!(benches);
