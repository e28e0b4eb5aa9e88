//! Every number of the JSON report against the study format's arithmetic,
//! computed here the plain way.
//!
//! The engine works in log space, sums in one pass and reads bounds off
//! extreme scores; this oracle multiplies probabilities directly, as the
//! format writes them, on generated studies small enough that nothing
//! underflows. Any disagreement beyond 1e-9 relative (1e-12 absolute near
//! zero) is a bug in one of them.

// The arithmetic is written as the format writes it, `(lo + hi) / 2` included.
#![allow(clippy::unwrap_used, clippy::float_cmp, clippy::manual_midpoint)]

use std::fmt::Write as _;

use proptest::prelude::*;
use serde_json::Value;

use probative_render::{Report, SourceFile};

const TERMS: &[(&str, f64, f64)] = &[
    ("remote", 0.01, 0.05),
    ("very unlikely", 0.05, 0.20),
    ("improbable", 0.20, 0.45),
    ("roughly even odds", 0.45, 0.55),
    ("likely", 0.55, 0.80),
    ("highly probable", 0.80, 0.95),
    ("nearly certain", 0.95, 0.99),
];

#[derive(Debug, Clone, Copy)]
enum Lik {
    Number(f64),
    Interval(f64, f64),
    Term(usize),
}

impl Lik {
    fn ends(self) -> (f64, f64) {
        match self {
            Lik::Number(x) => (x, x),
            Lik::Interval(lo, hi) => (lo, hi),
            Lik::Term(t) => (TERMS[t].1, TERMS[t].2),
        }
    }
    fn point(self) -> f64 {
        match self {
            Lik::Term(t) => [0.03, 0.125, 0.325, 0.5, 0.675, 0.875, 0.97][t],
            other => {
                let (lo, hi) = other.ends();
                (lo + hi) / 2.0
            }
        }
    }
}

#[derive(Debug, Clone)]
struct Item {
    lik: Vec<Lik>,
    reliability: f64,
    observed: bool,
    /// `search_sensitivity`, when the study states one.
    sensitivity: Option<f64>,
    case: Option<usize>,
}

impl Item {
    fn s(&self) -> f64 {
        self.sensitivity.unwrap_or(1.0)
    }
}

#[derive(Debug, Clone)]
struct Study {
    priors: Vec<f64>,
    cases: usize,
    strong_db: f64,
    items: Vec<Item>,
}

fn lik() -> impl Strategy<Value = Lik> {
    prop_oneof![
        4 => (0u32..=1000).prop_map(|n| Lik::Number(f64::from(n) / 1000.0)),
        3 => (0u32..=1000, 0u32..=1000).prop_map(|(a, b)| {
            let (lo, hi) = (a.min(b), a.max(b));
            Lik::Interval(f64::from(lo) / 1000.0, f64::from(hi) / 1000.0)
        }),
        3 => (0..TERMS.len()).prop_map(Lik::Term),
    ]
}

fn study() -> impl Strategy<Value = Study> {
    (2usize..=5, 0usize..=3, prop_oneof![Just(5.0), 1.0f64..12.0]).prop_flat_map(
        |(k, cases, strong_db)| {
            let priors = prop::collection::vec(1u32..=100, k).prop_map(|w| {
                let total: u32 = w.iter().sum();
                w.iter()
                    .map(|&x| f64::from(x) / f64::from(total))
                    .collect::<Vec<f64>>()
            });
            let item = (
                prop::collection::vec(lik(), k),
                prop_oneof![3 => Just(1.0), 1 => (0u32..=100).prop_map(|r| f64::from(r) / 100.0)],
                prop::bool::weighted(0.8),
                prop::option::of((0u32..=100).prop_map(|s| f64::from(s) / 100.0)),
                prop::option::of(0..cases.max(1)),
            )
                .prop_map(
                    move |(lik, reliability, observed, sensitivity, case)| Item {
                        lik,
                        reliability,
                        observed,
                        sensitivity,
                        case: if cases == 0 { None } else { case },
                    },
                );
            (priors, prop::collection::vec(item, 0..20)).prop_map(move |(priors, items)| Study {
                priors,
                cases,
                strong_db,
                items,
            })
        },
    )
}

fn toml(s: &Study) -> String {
    let mut t = String::from("[study]\ntitle = \"Generated\"\n");
    let _ = writeln!(t, "[settings]\nstrong_db = {:?}", s.strong_db);
    for (i, p) in s.priors.iter().enumerate() {
        let _ = writeln!(
            t,
            "[[hypothesis]]\nid = \"h{i}\"\ntitle = \"H{i}\"\nprior = {p:?}"
        );
    }
    for c in 0..s.cases {
        let _ = writeln!(t, "[[case]]\nid = \"c{c}\"\ntitle = \"C{c}\"");
    }
    for (e, item) in s.items.iter().enumerate() {
        let _ = write!(
            t,
            "[[evidence]]\nid = \"e{e}\"\nclaim = \"E{e}\"\nobserved = {}\nsearch = \"s\"\nreliability = {:?}\n",
            item.observed, item.reliability
        );
        if let Some(c) = item.case {
            let _ = writeln!(t, "case = \"c{c}\"");
        }
        if let Some(sensitivity) = item.sensitivity {
            let _ = writeln!(t, "search_sensitivity = {sensitivity:?}");
        }
        t.push_str("likelihood = { ");
        for (i, l) in item.lik.iter().enumerate() {
            let _ = match l {
                Lik::Number(x) => write!(t, "h{i} = {x:?}, "),
                Lik::Interval(lo, hi) => write!(t, "h{i} = [{lo:?}, {hi:?}], "),
                Lik::Term(n) => write!(t, "h{i} = \"{}\", ", TERMS[*n].0),
            };
        }
        t.truncate(t.len() - 2);
        t.push_str(" }\n");
    }
    t
}

/// f = p if observed, 1 - s p if not, with p = r c + (1 - r) / 2.
fn factor(c: f64, r: f64, s: f64, observed: bool) -> f64 {
    let p = r * c + (1.0 - r) / 2.0;
    if observed { p } else { 1.0 - s * p }
}

fn db(x: f64, y: f64) -> f64 {
    match (x == 0.0, y == 0.0) {
        (true, true) => 0.0,
        (false, true) => f64::INFINITY,
        (true, false) => f64::NEG_INFINITY,
        _ => 10.0 * (x / y).log10(),
    }
}

fn number(v: &Value) -> f64 {
    match v {
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        other => other.as_f64().unwrap(),
    }
}

fn close(got: f64, want: f64, what: &str) {
    if got.is_infinite() || want.is_infinite() {
        assert_eq!(got, want, "{what}");
        return;
    }
    let ok = (got - want).abs() <= 1e-12 || (got - want).abs() <= 1e-9 * want.abs().max(got.abs());
    assert!(
        ok,
        "{what}: got {got}, the format's arithmetic gives {want}"
    );
}

/// The products of factors per hypothesis, with each factor chosen by `pick`.
fn products(s: &Study, items: &[usize], pick: &dyn Fn(usize, usize) -> f64) -> Vec<f64> {
    (0..s.priors.len())
        .map(|i| items.iter().map(|&e| pick(e, i)).product())
        .collect()
}

fn check(s: &Study) {
    let text = toml(s);
    let checked = probative::check(text.as_bytes(), &mut |_| Err("none".into()));
    let k = s.priors.len();
    let all: Vec<usize> = (0..s.items.len()).collect();
    let point = |e: usize, i: usize| {
        let it = &s.items[e];
        factor(it.lik[i].point(), it.reliability, it.s(), it.observed)
    };
    let (fmin, fmax) = (
        |e: usize, i: usize| {
            let it = &s.items[e];
            let (lo, hi) = it.lik[i].ends();
            factor(lo, it.reliability, it.s(), it.observed).min(factor(
                hi,
                it.reliability,
                it.s(),
                it.observed,
            ))
        },
        |e: usize, i: usize| {
            let it = &s.items[e];
            let (lo, hi) = it.lik[i].ends();
            factor(lo, it.reliability, it.s(), it.observed).max(factor(
                hi,
                it.reliability,
                it.s(),
                it.observed,
            ))
        },
    );
    let prod = products(s, &all, &point);
    let num: Vec<f64> = (0..k).map(|i| s.priors[i] * prod[i]).collect();
    let min_num: Vec<f64> = products(s, &all, &fmin)
        .iter()
        .zip(&s.priors)
        .map(|(p, q)| p * q)
        .collect();
    let max_num: Vec<f64> = products(s, &all, &fmax)
        .iter()
        .zip(&s.priors)
        .map(|(p, q)| p * q)
        .collect();
    let impossible = num.iter().all(|&n| n == 0.0) || min_num.iter().all(|&n| n == 0.0);
    if impossible {
        assert!(
            checked
                .diagnostics
                .iter()
                .any(|d| d.code == "impossible-evidence"),
            "the evidence rules out every hypothesis, but no impossible-evidence error:\n{text}"
        );
        return;
    }
    let (Some(study), Some(analysis)) = (&checked.study, &checked.analysis) else {
        panic!("no analysis: {:?}\n{text}", checked.diagnostics)
    };
    let report = Report::new(
        SourceFile {
            name: "s",
            text: &text,
        },
        study,
        analysis,
        None,
    );
    let json: Value = serde_json::from_str(&probative_render::json::report(&report)).unwrap();

    let total: f64 = num.iter().sum();
    let posterior: Vec<f64> = num.iter().map(|n| n / total).collect();
    for i in 0..k {
        let h = &json["hypotheses"][i];
        close(
            number(&h["posterior"]),
            posterior[i],
            &format!("posterior of h{i}"),
        );
        let others_max: f64 = (0..k).filter(|&j| j != i).map(|j| max_num[j]).sum();
        let others_min: f64 = (0..k).filter(|&j| j != i).map(|j| min_num[j]).sum();
        let lo = min_num[i] / (min_num[i] + others_max);
        let hi = if max_num[i] == 0.0 {
            0.0
        } else {
            max_num[i] / (max_num[i] + others_min)
        };
        close(
            number(&h["posterior_interval"][0]),
            lo,
            &format!("lower bound of h{i}"),
        );
        close(
            number(&h["posterior_interval"][1]),
            hi,
            &format!("upper bound of h{i}"),
        );
        for j in (0..k).filter(|&j| j != i) {
            let hj = format!("h{j}");
            close(
                number(&h["posterior_odds_db"][&hj]),
                db(num[i], num[j]),
                &format!("posterior odds h{i}:h{j}"),
            );
            close(
                number(&h["evidence_db"][&hj]),
                db(prod[i], prod[j]),
                &format!("evidence weight h{i}:h{j}"),
            );
        }
    }

    let leader = json["leader"]["id"].as_str().unwrap()[1..]
        .parse::<usize>()
        .unwrap();
    let runner = json["leader"]["runner_up"].as_str().unwrap()[1..]
        .parse::<usize>()
        .unwrap();
    for j in 0..k {
        assert!(
            posterior[j] <= posterior[leader] * (1.0 + 1e-9),
            "h{j} beats the leader h{leader}"
        );
        if j != leader {
            assert!(
                posterior[j] <= posterior[runner] * (1.0 + 1e-9),
                "h{j} beats the runner-up h{runner}"
            );
        }
    }
    close(
        number(&json["leader"]["margin_db"]),
        db(num[leader], num[runner]),
        "margin_db",
    );

    for c in 0..s.cases {
        let items: Vec<usize> = (0..s.items.len())
            .filter(|&e| s.items[e].case == Some(c))
            .collect();
        let p = products(s, &items, &point);
        let n: Vec<f64> = (0..k).map(|i| s.priors[i] * p[i]).collect();
        let t: f64 = n.iter().sum();
        for i in 0..k {
            close(
                number(&json["cases"][c]["posterior"][format!("h{i}")]),
                n[i] / t,
                &format!("case c{c}, h{i}"),
            );
        }
    }

    for (e, item) in s.items.iter().enumerate() {
        let je = &json["evidence"][e];
        let factors: Vec<f64> = (0..k).map(|i| point(e, i)).collect();
        let (most, least) = (
            factors.iter().copied().fold(0.0, f64::max),
            factors.iter().copied().fold(1.0, f64::min),
        );
        close(
            number(&je["diagnosticity_db"]),
            db(most, least),
            &format!("e{e} diagnosticity"),
        );
        // Tests read the probability of finding E: s p for an absence.
        let found = if item.observed { 1.0 } else { item.s() };
        let p: Vec<f64> = item
            .lik
            .iter()
            .map(|l| found * (item.reliability * l.point() + (1.0 - item.reliability) / 2.0))
            .collect();
        for i in 0..k {
            let hi = format!("h{i}");
            close(
                number(&je["likelihood"][&hi]),
                item.lik[i].point(),
                &format!("e{e} likelihood {hi}"),
            );
            close(
                number(&je["factor"][&hi]),
                point(e, i),
                &format!("e{e} factor {hi}"),
            );
            for j in 0..k {
                close(
                    number(&je["weight_db"][&hi][format!("h{j}")]),
                    db(point(e, i), point(e, j)),
                    &format!("e{e} w(h{i}:h{j})"),
                );
            }
            let u = p[i];
            let (mut a, mut b) = (0.0, 0.0);
            for j in (0..k).filter(|&j| j != i) {
                a += s.priors[j] * p[j];
                b += s.priors[j];
            }
            let v = a / b;
            let test = &je["tests"][&hi];
            let (pass, fail) = (db(u, v), db(1.0 - u, 1.0 - v));
            close(
                number(&test["pass_db"]),
                pass,
                &format!("e{e} pass_db {hi}"),
            );
            close(
                number(&test["fail_db"]),
                fail,
                &format!("e{e} fail_db {hi}"),
            );
            let direction = if (u - v).abs() <= 1e-12 * u.max(v) {
                "neutral"
            } else if u > v {
                "for"
            } else {
                "against"
            };
            assert_eq!(test["direction"], direction, "e{e} direction {hi}");
            let kind = match (pass.abs() >= s.strong_db, fail.abs() >= s.strong_db) {
                (true, true) => "doubly-decisive",
                (true, false) => "smoking-gun",
                (false, true) => "hoop",
                (false, false) => "straw-in-the-wind",
            };
            assert_eq!(test["type"], kind, "e{e} type {hi}");
            let outcome = match (direction, item.observed) {
                ("neutral", _) => "none",
                ("for", true) | ("against", false) => "passed",
                _ => "failed",
            };
            assert_eq!(test["outcome"], outcome, "e{e} outcome {hi}");
            // The same test from H's side: what H predicts, and its type.
            let (expects, h_type) = match (direction, kind) {
                ("neutral", _) => (Value::Null, "none"),
                ("for", kind) => (Value::from("found"), kind),
                (_, "hoop") => (Value::from("not found"), "smoking-gun"),
                (_, "smoking-gun") => (Value::from("not found"), "hoop"),
                (_, kind) => (Value::from("not found"), kind),
            };
            assert_eq!(test["expects"], expects, "e{e} expects {hi}");
            assert_eq!(test["h_type"], h_type, "e{e} h_type {hi}");
        }
    }

    // Equal priors: the products alone, normalised.
    let total_uniform: f64 = prod.iter().sum();
    for i in 0..k {
        close(
            number(&json["hypotheses"][i]["posterior_uniform"]),
            prod[i] / total_uniform,
            &format!("posterior_uniform of h{i}"),
        );
    }

    // The per-item weights of the focus (h0) against its strongest rival
    // add up to the weight of all the evidence, and prior odds plus that
    // weight are the posterior odds.
    let focus = 0;
    let reference = if leader == focus { runner } else { leader };
    assert_eq!(
        json["study"]["reference"],
        format!("h{reference}"),
        "reference"
    );
    let (f, r) = (format!("h{focus}"), format!("h{reference}"));
    let weights: Vec<f64> = (0..s.items.len())
        .map(|e| number(&json["evidence"][e]["weight_db"][&f][&r]))
        .collect();
    if weights.iter().all(|w| w.is_finite()) {
        let sum: f64 = weights.iter().sum();
        let total = number(&json["hypotheses"][focus]["evidence_db"][&r]);
        let scale = weights.iter().map(|w| w.abs()).sum::<f64>().max(1.0);
        assert!(
            (sum - total).abs() <= 1e-9 * scale,
            "per-item weights sum to {sum}, evidence_db is {total}"
        );
        let prior = db(s.priors[focus], s.priors[reference]);
        let posterior = number(&json["hypotheses"][focus]["posterior_odds_db"][&r]);
        assert!(
            (prior + sum - posterior).abs() <= 1e-9 * (scale + prior.abs()),
            "prior odds {prior} + evidence {sum} != posterior odds {posterior}"
        );
    }
    let leader_evidence = db(prod[leader], prod[runner]);
    close(
        number(&json["leader"]["evidence_db"]),
        leader_evidence,
        "leader.evidence_db",
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_number_follows_the_format(s in study()) {
        check(&s);
    }
}
