//! Invariants: restrictions only remove, case level over the prior is the
//! prior mean, no data leaves the prior, the node-by-node engine agrees with
//! brute force over causal types, and no input makes the parsers panic.

use probative_causal::dag::parse_dag;
use probative_causal::engine::{MassCache, Target};
use probative_causal::model::{CausalModel, Using, build_model};
use probative_causal::nodal::{Restriction, digit};
use probative_causal::syntax::{self, Expr, Join, SetTo, Term};
use probative_causal::{Options, analyse, parse_study};
use proptest::prelude::*;
use std::fmt::Write as _;

const CANDIDATES: [&str; 8] = [
    "decreasing(X, M)",
    "increasing(X, M)",
    "decreasing(M, Y)",
    "non_increasing(X, Y)",
    "Y.0000",
    "Y.1?1?",
    "(Y[X=1] == Y[X=0])",
    "M.11",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn restrictions_never_add_types(chosen in proptest::collection::vec(0..CANDIDATES.len(), 0..5)) {
        let mut restrictions = Vec::new();
        let mut previous = build_model("X -> M -> Y <- X", &[]).expect("valid");
        for &c in &chosen {
            restrictions.push(Restriction {
                text: CANDIDATES[c].to_string(),
                join: Join::Any,
                keep: false,
                given: None,
            });
            // A restriction that removes every type of a node is an error, not a model.
            let Ok(model) = build_model("X -> M -> Y <- X", &restrictions) else { break };
            prop_assert!(model.causal_type_count() <= previous.causal_type_count());
            prop_assert!(model.n_params() <= previous.n_params());
            previous = model;
        }
    }

    #[test]
    fn case_level_over_the_prior_is_the_prior_mean(alphas in proptest::collection::vec(0.1f64..20.0, 4)) {
        let mut alpha_tables = String::new();
        for (t, a) in ["00", "10", "01", "11"].iter().zip(&alphas) {
            let _ = writeln!(
                alpha_tables,
                "[[priors.alpha]]\nnode = \"Y\"\nnodal_type = \"{t}\"\nvalue = {a}"
            );
        }
        let text = format!(
            r#"
[model]
dag = "X -> Y"
[priors]
distribution = "jeffreys"
{alpha_tables}
[parameters]
type = "prior_mean"
[[query]]
name = "PC"
query = "Y[X=1] > Y[X=0] :|: X==1 & Y==1"
using = ["parameters", "priors"]
case_level = true
"#
        );
        let study = parse_study(&text).expect("valid");
        let a = analyse(&study, None, &Options { draws: 10, ..Options::default() }).expect("runs");
        let p = a.results[0].mean.expect("value");
        let q = a.results[1].mean.expect("value");
        prop_assert!((p - q).abs() < 1e-12);
        prop_assert!((p - alphas[2] / (alphas[2] + alphas[3])).abs() < 1e-12);
        prop_assert!(a.results[1].mc_se.is_none());
    }

    #[test]
    fn engine_agrees_with_brute_force(seed in 0u64..1000, which in 0usize..2) {
        let dag = ["X -> M -> Y <- X", "Z -> X -> Y <- Z; X <-> Y"][which];
        let mut model = build_model(dag, &[]).expect("valid");
        let mut rng = probative_causal::random::Rng::new(seed, 0);
        for set in model.sets.clone() {
            let range = set.offset..set.offset + set.types.len();
            let alpha = vec![1.0; set.types.len()];
            rng.dirichlet(&alpha, &mut model.values[range]);
        }
        let queries = [
            ("Y[X=1] > Y[X=0]", "X==1 & Y==1"),
            ("Y[X=1] - Y[X=0]", "TRUE"),
            ("Y == 1", "X[] == 0 | Y[X=1] == 0"),
            ("Y[X=.] == 1", "!(Y == 0)"),
        ];
        let extra: &[(&str, &str)] = if which == 0 {
            &[("Y[X=0, M=M[X=1]] != Y", "M == 1"), ("M[X=1] + Y[M=0]", "TRUE")]
        } else {
            &[("Y[Z=1, X=X[Z=0]] > Y", "Z == 1"), ("X[Z=1] & Y[X=0]", "TRUE")]
        };
        for (q, g) in queries.iter().chain(extra) {
            let target = Target::compile(&model, q, Some(g)).expect("valid");
            let (num, den) = brute_force(&model, q, g);
            for fast in [
                target.evaluate_by_walk(&model, &model.values, &mut MassCache::default()),
                target.evaluate_by_frontier(&model, &model.values, &mut MassCache::default()),
            ] {
                prop_assert!((fast.denominator - den).abs() < 1e-12, "{q} | {g}");
                prop_assert!((fast.numerator - num).abs() < 1e-12, "{q} | {g}");
            }
        }
    }

    #[test]
    fn parsers_never_panic(text in "[XYM <>\\-;\\[\\]=.01!&|():]{0,24}") {
        let _ = parse_dag(&text);
        let _ = syntax::parse_query(&text);
    }
}

/// Sums over every causal type, computing values by direct recursion.
fn brute_force(model: &CausalModel, query: &str, given: &str) -> (f64, f64) {
    let q = syntax::expand(&syntax::parse_expr(query).expect("valid"), Join::Any, None);
    let g = syntax::expand(&syntax::parse_expr(given).expect("valid"), Join::Any, None);
    let n = model.nodes.len();
    let mut types = vec![0u32; n];
    let (mut num, mut den) = (0.0, 0.0);
    loop {
        let mut probability = 1.0;
        for j in 0..n {
            let set = &model.sets[model.set_of(j, &types)];
            probability *= set
                .types
                .iter()
                .position(|&t| t == types[j])
                .map_or(0.0, |k| model.values[set.offset + k]);
        }
        if probability > 0.0 && eval(model, &types, &g) != 0.0 {
            den += probability;
            num += probability * eval(model, &types, &q);
        }
        // Next tuple, first node fastest.
        let mut j = 0;
        loop {
            if j == n {
                return (num, den);
            }
            types[j] += 1;
            if u64::from(types[j]) < model.nodes[j].n_types {
                break;
            }
            types[j] = 0;
            j += 1;
        }
    }
}

fn eval(model: &CausalModel, types: &[u32], expr: &Expr) -> f64 {
    let truth = |b: bool| f64::from(u8::from(b));
    match expr {
        Expr::Number(x) => *x,
        Expr::Bool(b) => truth(*b),
        Expr::Term(t) => truth(value(model, types, t)),
        Expr::Not(e) => truth(eval(model, types, e) == 0.0),
        Expr::Neg(e) => -eval(model, types, e),
        Expr::Paren(e) => eval(model, types, e),
        Expr::Binary(op, a, b) => {
            probative_causal::nodal::apply(*op, eval(model, types, a), eval(model, types, b))
        }
    }
}

fn value(model: &CausalModel, types: &[u32], term: &Term) -> bool {
    let node = model
        .nodes
        .iter()
        .position(|n| n.name == term.node)
        .expect("node");
    let mut fixed: Vec<Option<bool>> = vec![None; model.nodes.len()];
    for i in &term.interventions {
        let target = model
            .nodes
            .iter()
            .position(|n| n.name == i.node)
            .expect("node");
        fixed[target] = Some(match &i.value {
            SetTo::Value(v) => *v,
            SetTo::Term(inner) => value(model, types, inner),
            SetTo::Wildcard => unreachable!("expanded"),
        });
    }
    node_value(model, types, &fixed, node)
}

fn node_value(model: &CausalModel, types: &[u32], fixed: &[Option<bool>], j: usize) -> bool {
    if let Some(v) = fixed[j] {
        return v;
    }
    let mut index = 0;
    for (p, &parent) in model.nodes[j].parents.iter().enumerate() {
        index |= u32::from(node_value(model, types, fixed, parent)) << p;
    }
    digit(types[j], index)
}

#[test]
fn long_chains_are_evaluated_by_merging_states() {
    // 24 nodes: walking every branch would visit 2^24 leaves.
    let names: Vec<String> = (0..24).map(|k| format!("N{k:02}")).collect();
    let model = build_model(&names.join(" -> "), &[]).expect("valid");
    let target =
        Target::compile(&model, "N23[N00=1] - N23[N00=0]", Some("N23 == 1")).expect("valid");
    let sums = target.evaluate(&model, &model.values, &mut MassCache::default());
    // With flat parameters every effect averages out: no effect, P(N23=1) = 1/2.
    assert!((sums.denominator - 0.5).abs() < 1e-12);
    assert!(sums.numerator.abs() < 1e-12);
    // On a short chain the two strategies agree exactly.
    let short = build_model("A -> B -> C -> D", &[]).expect("valid");
    let t = Target::compile(&short, "D[A=1] > D[A=0]", Some("B == 1")).expect("valid");
    let mut rng = probative_causal::random::Rng::new(5, 0);
    let mut lambda = short.values.clone();
    for set in &short.sets {
        let range = set.offset..set.offset + set.types.len();
        let alpha = vec![1.0; set.types.len()];
        rng.dirichlet(&alpha, &mut lambda[range]);
    }
    let a = t.evaluate_by_walk(&short, &lambda, &mut MassCache::default());
    let b = t.evaluate_by_frontier(&short, &lambda, &mut MassCache::default());
    assert!(
        (a.numerator - b.numerator).abs() < 1e-12 && (a.denominator - b.denominator).abs() < 1e-12
    );
}

#[test]
fn posteriors_without_data_are_the_prior() {
    let study = parse_study(
        r#"
[model]
dag = "X -> Y"
[[query]]
name = "PE"
query = "Y[X=1] > Y[X=0]"
using = ["priors", "posteriors"]
"#,
    )
    .expect("valid");
    let a = analyse(
        &study,
        None,
        &Options {
            draws: 2000,
            ..Options::default()
        },
    )
    .expect("runs");
    for r in &a.results {
        let se = r.mc_se.expect("sampled");
        assert!(
            (r.mean.expect("value") - 0.25).abs() < 4.0 * se,
            "{:?}: {:?}",
            r.using,
            r.mean
        );
        assert!((r.sd.expect("sampled") - 0.1936).abs() < 0.015);
    }
    assert_eq!(a.results[1].using, Using::Posteriors);
}

#[test]
fn the_same_seed_gives_the_same_analysis() {
    let study = parse_study(
        r#"
[model]
dag = "X -> M -> Y"
[[query]]
name = "ATE"
query = "Y[X=1] - Y[X=0]"
using = ["priors", "posteriors"]
"#,
    )
    .expect("valid");
    let data = probative_causal::data::parse_csv("X,M,Y\n1,1,1\n0,0,0\n1,,1\n", &study.model)
        .expect("valid");
    let options = Options {
        draws: 200,
        seed: 5,
        clues: None,
    };
    let a = analyse(&study, Some(&data), &options).expect("runs");
    let b = analyse(&study, Some(&data), &options).expect("runs");
    assert_eq!(a, b);
    let c = analyse(&study, Some(&data), &Options { seed: 6, ..options }).expect("runs");
    assert_ne!(a.results, c.results);
}

#[test]
fn every_bad_query_is_reported_at_once() {
    let study = parse_study(
        r#"
[model]
dag = "X -> Y"
[[query]]
name = "one"
query = "Y[W=1]"
[[query]]
name = "two"
query = "Y == 1"
given = ["X == 1", "Q == 0", "X ="]
"#,
    )
    .expect("valid model");
    let problems = probative_causal::estimate::check_queries(&study, Some("Z==1"));
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems.iter().all(|p| p.position.is_some()));
}

/// A few hundred random models (seeded): DAGs of two to four nodes with
/// mixed-case names, confounding, restrictions of every kind (helpers,
/// statements, labels with wildcards, `given` ones that leave sets unused
/// or empty them), random point parameters and queries; the engine must
/// agree with brute force over every tuple of nodal types, which knows
/// nothing of unused sets or walks.
#[test]
fn random_models_agree_with_brute_force() {
    let pool = ["X", "a", "M", "Y", "b", "Z1", "z"];
    let mut rng = probative_causal::random::Rng::new(2026, 0);
    let mut pick = |n: usize| (rng.next_u64() % n as u64) as usize;
    let (mut built, mut compared) = (0u64, 0u64);
    for _ in 0..300 {
        let n = 2 + pick(3);
        let mut names: Vec<&str> = Vec::new();
        while names.len() < n {
            let name = pool[pick(pool.len())];
            if !names.contains(&name) {
                names.push(name);
            }
        }
        // Edges from earlier to later names, at most two parents each.
        let mut clauses = Vec::new();
        for child in 1..n {
            let mut parents = vec![pick(child)];
            if child > 1 && pick(2) == 0 {
                let other = pick(child);
                if other != parents[0] {
                    parents.push(other);
                }
            }
            for p in parents {
                clauses.push(format!("{} -> {}", names[p], names[child]));
            }
        }
        let mut confounded = false;
        if pick(2) == 0 {
            let (a, b) = (pick(n), pick(n));
            if a != b {
                clauses.push(format!("{} <-> {}", names[a], names[b]));
                confounded = true;
            }
        }
        let dag = clauses.join("; ");
        let Ok(bare) = build_model(&dag, &[]) else {
            continue;
        };
        let tuples: u64 = bare.nodes.iter().map(|node| node.n_types).product();
        if tuples > 4096 {
            continue;
        }
        let mut restrictions = Vec::new();
        for _ in 0..pick(4) {
            let j = pick(bare.nodes.len());
            let node = &bare.nodes[j];
            let given = if confounded && !node.conditioners.is_empty() && pick(2) == 0 {
                let c = node.conditioners[0];
                let digits = bare.nodes[c].digits as usize;
                let label: String = (0..digits)
                    .map(|_| if pick(2) == 0 { '0' } else { '1' })
                    .collect();
                Some(format!("{}.{label}", bare.nodes[c].name))
            } else {
                None
            };
            let text = if node.parents.is_empty() || pick(3) == 0 {
                let digits = node.digits as usize;
                let label: String = (0..digits).map(|_| ['0', '1', '?'][pick(3)]).collect();
                format!("{}.{label}", node.name)
            } else {
                let p = &bare.nodes[node.parents[pick(node.parents.len())]].name;
                let op = ["<", ">", "<=", "==", "!="][pick(5)];
                format!("({y}[{p}=1] {op} {y}[{p}=0])", y = node.name)
            };
            restrictions.push(Restriction {
                text,
                join: if pick(3) == 0 { Join::All } else { Join::Any },
                keep: pick(4) == 0,
                given,
            });
        }
        let Ok(mut model) = build_model(&dag, &restrictions) else {
            continue;
        };
        built += 1;
        for set in model.sets.clone() {
            let range = set.offset..set.offset + set.types.len();
            let alpha = vec![1.0; set.types.len()];
            if !range.is_empty() {
                rng_dirichlet(&mut model.values[range], &alpha, built);
            }
        }
        let child = model
            .nodes
            .iter()
            .rposition(|node| !node.parents.is_empty())
            .expect("a child");
        let y = &model.nodes[child].name;
        let x = &model.nodes[model.nodes[child].parents[0]].name;
        let first = &model.nodes[0].name;
        let queries = [
            (
                format!("{y}[{x}=1] > {y}[{x}=0]"),
                format!("{x}==1 & {y}==1"),
            ),
            (format!("{y} == 1"), "TRUE".to_string()),
            (format!("{y}[{x}=.] == 1"), format!("{first} == 0")),
            (format!("{y}[{x}=1] - {y}[{x}=0]"), format!("!({y} == 0)")),
        ];
        for (q, g) in &queries {
            let target = Target::compile(&model, q, Some(g)).expect("valid query");
            let (num, den) = brute_force(&model, q, g);
            let fast = target.evaluate(&model, &model.values, &mut MassCache::default());
            assert!(
                (fast.denominator - den).abs() < 1e-12 && (fast.numerator - num).abs() < 1e-12,
                "{dag} {restrictions:?}: {q} | {g}: {fast:?} against ({num}, {den})"
            );
            compared += 1;
        }
    }
    assert!(built >= 150, "only {built} models built");
    assert_eq!(compared, 4 * built);
}

/// Dirichlet(alpha) point values for one set, from a stream per model.
fn rng_dirichlet(values: &mut [f64], alpha: &[f64], model: u64) {
    let mut rng = probative_causal::random::Rng::new(model, 1);
    rng.dirichlet(alpha, values);
}

/// A stray carriage return inside a line (found by the `causal_model` fuzz
/// target): the error points at it, so the line shown keeps it and the
/// caret stays on that line rather than past its end.
#[test]
fn an_error_at_a_stray_carriage_return_points_inside_the_line_shown() {
    let text = "[\r\r\r\r\r\r\r\r\nname # = \"";
    let e = parse_study(text).expect_err("not valid TOML");
    let (source, position) = (e.source.as_deref().unwrap_or(""), e.position);
    let position = position.expect("the error has a position");
    assert!(
        position <= source.len(),
        "position {position} past the line shown {source:?}"
    );
    assert_eq!(e.line.map(std::num::NonZeroU32::get), Some(1), "{e:?}");
}
