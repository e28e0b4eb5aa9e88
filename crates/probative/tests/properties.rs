//! Invariants of the engine over generated studies.
//!
//! Studies of 2 to 6 hypotheses and up to 30 evidence items, with random
//! likelihoods (numbers, intervals and estimative terms), reliabilities,
//! outcomes and priors, are written as TOML and run through
//! [`probative::check`], the public path. Likelihoods stay inside
//! [0.01, 0.99] so that no generated study rules out every hypothesis.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;

use proptest::prelude::*;

use probative::analysis::Analysis;

/// The ICD 203 terms with their intervals, as the study format defines them.
const TERMS: &[(&str, f64, f64)] = &[
    ("almost no chance", 0.01, 0.05),
    ("very unlikely", 0.05, 0.20),
    ("unlikely", 0.20, 0.45),
    ("roughly even chance", 0.45, 0.55),
    ("likely", 0.55, 0.80),
    ("very likely", 0.80, 0.95),
    ("almost certain", 0.95, 0.99),
];

/// How one likelihood is written.
#[derive(Debug, Clone, Copy)]
enum Value {
    Number(f64),
    Interval(f64, f64),
    Term(usize),
}

impl Value {
    fn ends(self) -> (f64, f64) {
        match self {
            Value::Number(x) => (x, x),
            Value::Interval(lo, hi) => (lo, hi),
            Value::Term(t) => (TERMS[t].1, TERMS[t].2),
        }
    }

    fn write(self, out: &mut String) {
        let _ = match self {
            Value::Number(x) => write!(out, "{x}"),
            Value::Interval(lo, hi) => write!(out, "[{lo}, {hi}]"),
            Value::Term(t) => write!(out, "\"{}\"", TERMS[t].0),
        };
    }
}

#[derive(Debug, Clone)]
struct Item {
    likelihood: Vec<Value>,
    reliability: f64,
    observed: bool,
}

#[derive(Debug, Clone)]
struct Gen {
    /// Given priors (summing to one), or none for 1/k each.
    priors: Option<Vec<f64>>,
    items: Vec<Item>,
}

impl Gen {
    fn k(&self) -> usize {
        self.items.first().map_or_else(
            || self.priors.as_ref().map_or(2, Vec::len),
            |i| i.likelihood.len(),
        )
    }
}

/// A probability on a grid of 0.01, in [0.01, 0.99].
fn probability() -> impl Strategy<Value = f64> {
    (1u32..=99).prop_map(|n| f64::from(n) / 100.0)
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        probability().prop_map(Value::Number),
        (probability(), probability()).prop_map(|(a, b)| Value::Interval(a.min(b), a.max(b))),
        (0..TERMS.len()).prop_map(Value::Term),
    ]
}

fn item(k: usize) -> impl Strategy<Value = Item> {
    (
        proptest::collection::vec(value(), k),
        prop_oneof![
            Just(1.0),
            Just(0.0),
            (0u32..=100).prop_map(|n| f64::from(n) / 100.0)
        ],
        any::<bool>(),
    )
        .prop_map(|(likelihood, reliability, observed)| Item {
            likelihood,
            reliability,
            observed,
        })
}

fn priors(k: usize) -> impl Strategy<Value = Option<Vec<f64>>> {
    prop_oneof![
        Just(None),
        proptest::collection::vec(1u32..=20, k).prop_map(|w| {
            let total: u32 = w.iter().sum();
            Some(w.iter().map(|&x| f64::from(x) / f64::from(total)).collect())
        }),
    ]
}

fn study(max_items: usize) -> impl Strategy<Value = Gen> {
    (2usize..=6).prop_flat_map(move |k| {
        (priors(k), proptest::collection::vec(item(k), 0..=max_items))
            .prop_map(|(priors, items)| Gen { priors, items })
    })
}

/// Writes a generated study as a study file.
fn text(g: &Gen) -> String {
    let k = g.k();
    let mut s = String::from("[study]\ntitle = \"generated\"\n");
    for i in 0..k {
        let _ = write!(s, "\n[[hypothesis]]\nid = \"h{i}\"\ntitle = \"H{i}\"\n");
        if let Some(p) = &g.priors {
            let _ = writeln!(s, "prior = {}", p[i]);
        }
    }
    for (n, item) in g.items.iter().enumerate() {
        let _ = write!(
            s,
            "\n[[evidence]]\nid = \"e{n}\"\nclaim = \"item {n}\"\nobserved = {}\nsearch = \"everywhere\"\nreliability = {}\nlikelihood = {{ ",
            item.observed, item.reliability
        );
        for (i, v) in item.likelihood.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            let _ = write!(s, "h{i} = ");
            v.write(&mut s);
        }
        s.push_str(" }\n");
    }
    s
}

fn analyse(g: &Gen) -> Analysis {
    let text = text(g);
    let checked = probative::check(text.as_bytes(), &mut |_: &str| {
        Err("no bibliography".to_owned())
    });
    assert!(!checked.has_errors(), "{text}\n{:#?}", checked.diagnostics);
    checked.analysis.unwrap()
}

fn priors_of(g: &Gen) -> Vec<f64> {
    let k = g.k();
    g.priors.clone().unwrap_or_else(|| vec![1.0 / k as f64; k])
}

fn db(x: f64, y: f64) -> f64 {
    10.0 * (x / y).log10()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn posteriors_sum_to_one(g in study(30)) {
        let a = analyse(&g);
        let total: f64 = a.posterior.iter().sum();
        prop_assert!((total - 1.0).abs() < 1e-9, "{total}");
        for &p in &a.posterior {
            prop_assert!((0.0..=1.0).contains(&p));
        }
    }

    #[test]
    fn evidence_order_does_not_matter(
        (g, order) in study(30).prop_flat_map(|g| {
            let n = g.items.len();
            (Just(g), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let a = analyse(&g);
        let shuffled = Gen { priors: g.priors.clone(), items: order.iter().map(|&e| g.items[e].clone()).collect() };
        let b = analyse(&shuffled);
        for (x, y) in a.posterior.iter().zip(&b.posterior) {
            prop_assert!((x - y).abs() <= 1e-9, "{x} vs {y}");
        }
        for (x, y) in a.bounds.iter().zip(&b.bounds) {
            prop_assert!((x[0] - y[0]).abs() <= 1e-9 && (x[1] - y[1]).abs() <= 1e-9, "{x:?} vs {y:?}");
        }
        prop_assert_eq!(a.leader.leader, b.leader.leader);
    }

    /// The weights of the items add up, in decibels, to the change from the
    /// prior odds to the posterior odds, for every pair of hypotheses.
    #[test]
    fn weights_add_in_decibels(g in study(30)) {
        let a = analyse(&g);
        let priors = priors_of(&g);
        let k = g.k();
        for i in 0..k {
            for j in 0..k {
                let total: f64 = a.items.iter().map(|item| item.weight_db(i, j)).sum();
                let change = db(a.posterior[i], a.posterior[j]) - db(priors[i], priors[j]);
                prop_assert!((total - change).abs() < 1e-6, "w({i}:{j}) sum {total} vs odds change {change}");
            }
        }
    }

    /// The bounds contain the point value, and the posterior at any other
    /// choice of likelihoods within the intervals (here: each at its lower
    /// or upper end, or at its middle).
    #[test]
    fn bounds_contain_every_reachable_posterior(
        (g, picks) in study(12).prop_flat_map(|g| {
            let n: usize = g.items.iter().map(|i| i.likelihood.len()).sum();
            (Just(g), proptest::collection::vec(0u8..3, n))
        })
    ) {
        let a = analyse(&g);
        for (i, (&p, b)) in a.posterior.iter().zip(&a.bounds).enumerate() {
            prop_assert!(b[0] <= p && p <= b[1], "H{i}: {p} outside {b:?}");
        }
        let mut pick = picks.iter();
        let moved = Gen {
            priors: g.priors.clone(),
            items: g.items.iter().map(|item| Item {
                likelihood: item.likelihood.iter().map(|v| {
                    let (lo, hi) = v.ends();
                    Value::Number(match pick.next() {
                        Some(0) => lo,
                        Some(1) => hi,
                        _ => (f64::midpoint(lo, hi) * 1000.0).round() / 1000.0,
                    })
                }).collect(),
                ..item.clone()
            }).collect(),
        };
        let m = analyse(&moved);
        for (i, (&p, b)) in m.posterior.iter().zip(&a.bounds).enumerate() {
            let slack = 1e-9 * p.max(1e-300) + 1e-12;
            prop_assert!(b[0] - slack <= p && p <= b[1] + slack, "H{i}: reachable {p} outside {b:?}");
        }
    }

    /// An item of reliability 0 carries no information: adding it anywhere
    /// leaves every posterior as it was.
    #[test]
    fn reliability_zero_is_inert(
        (g, extra, at) in study(30).prop_flat_map(|g| {
            let (k, n) = (g.k(), g.items.len());
            (Just(g), item(k), 0..=n)
        })
    ) {
        let a = analyse(&g);
        let mut with = g.clone();
        with.items.insert(at, Item { reliability: 0.0, ..extra });
        let b = analyse(&with);
        for (x, y) in a.posterior.iter().zip(&b.posterior) {
            prop_assert!((x - y).abs() <= 1e-12, "{x} vs {y}");
        }
        for (x, y) in a.bounds.iter().zip(&b.bounds) {
            prop_assert!((x[0] - y[0]).abs() <= 1e-12 && (x[1] - y[1]).abs() <= 1e-12, "{x:?} vs {y:?}");
        }
    }
}
