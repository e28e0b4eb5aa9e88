//! Several analysts: the spec's worked example, located errors in analysts'
//! files, and the invariants of the pool over generated studies.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;

use proptest::prelude::*;

use probative::Checked;
use probative::analysis::analysts::{Panel, Pool};
use probative::diagnostic::{LineIndex, Location, Severity};

fn run(study: &str, analysts: &[(&str, &str)], pool: Pool) -> Checked {
    let files: Vec<(&str, &[u8])> = analysts.iter().map(|(id, t)| (*id, t.as_bytes())).collect();
    probative::check_with_analysts(study.as_bytes(), &files, pool, &mut |_: &str| {
        Err("no bibliography".to_owned())
    })
}

fn panel(checked: &Checked) -> &Panel {
    checked
        .analysis
        .as_ref()
        .unwrap_or_else(|| panic!("no analysis: {:#?}", checked.diagnostics))
        .analysts
        .as_deref()
        .unwrap()
}

const TWO: &str = r#"
[study]
title = "The worked example"

[[hypothesis]]
id = "h1"
title = "H1"

[[hypothesis]]
id = "h2"
title = "H2"

[[evidence]]
id = "e"
claim = "E"
source_kind = "official"
likelihood = { h1 = 0.5, h2 = 0.5 }
"#;

const A: &str = r#"
[analyst]
name = "A"
[priors]
h1 = 0.2
h2 = 0.8
[[judgment]]
evidence = "e"
likelihood = { h1 = 0.8, h2 = 0.2 }
"#;

const B: &str = r#"
[analyst]
name = "B"
[priors]
h1 = 0.6
h2 = 0.4
[[judgment]]
evidence = "e"
likelihood = { h1 = 0.5, h2 = 0.25 }
"#;

fn close(x: f64, y: f64, tolerance: f64) -> bool {
    (x - y).abs() <= tolerance
}

/// The worked example of the analysts' format, every number of it.
#[test]
fn worked_example() {
    let checked = run(TWO, &[("a", A), ("b", B)], Pool::Linear);
    let panel = panel(&checked);
    let (a, b) = (&panel.members[0], &panel.members[1]);
    assert!(close(a.posterior[0], 0.5, 1e-12), "{}", a.posterior[0]);
    assert!(close(b.posterior[0], 0.75, 1e-12), "{}", b.posterior[0]);
    assert!(close(a.weight, 0.5, 0.0) && close(b.weight, 0.5, 0.0));

    let analysis = checked.analysis.as_ref().unwrap();
    let sqrt3 = 3f64.sqrt();
    assert!(close(analysis.posterior[0], sqrt3 / (1.0 + sqrt3), 1e-12));
    assert!(close(analysis.posterior[0], 0.633_975, 5e-7));
    // The same from the pooled prior and factors.
    let study = checked.study.as_ref().unwrap();
    assert!(close(panel.pooled_priors[0], 0.379_796, 5e-7));
    assert!(close(study.hypotheses[0].prior, 0.379_796, 5e-7));
    let factors = &analysis.items[0].factor;
    assert!(close(factors[0], 0.632_456, 5e-7), "{factors:?}");
    assert!(close(factors[1], 0.223_607, 5e-7), "{factors:?}");
    let p = panel.pooled_priors[0] * factors[0];
    let q = (1.0 - panel.pooled_priors[0]) * factors[1];
    assert!(close(p / (p + q), analysis.posterior[0], 1e-12));

    assert!(close(panel.linear[0], 0.625, 1e-12));

    let c = panel
        .contention
        .iter()
        .find(|c| (c.i, c.j) == (0, 1))
        .unwrap();
    assert_eq!((c.a, c.b), (0, 1));
    assert!(close(c.total_db, 4.7712, 5e-5), "{}", c.total_db);
    assert!(close(c.prior_db, 7.7815, 5e-5), "{}", c.prior_db);
    assert_eq!(c.items.len(), 1);
    assert!(close(c.items[0].1, -3.0103, 5e-5), "{}", c.items[0].1);
    // And the total is the gap of the two posteriors' log-odds.
    assert!(close(
        c.total_db,
        b.posterior_db(0, 1) - a.posterior_db(0, 1),
        1e-9
    ));
    // Both lead with h1 (a tie counts for the first), so no lint divides them.
    assert_eq!(panel.without, vec![Some(0), Some(0)]);
}

/// Every bad analyst file is an error located in that file, never a panic,
/// and no report is made from the study alone.
#[test]
fn bad_analyst_files_are_located() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "unknown-reference",
            "[[judgment]]\nevidence = \"f\"\n",
            "the study's evidence item ids are `e`",
        ),
        (
            "unknown-reference",
            "[[judgment]]\nevidence = \"e\"\nlikelihood = { h11 = 0.5 }\n",
            "did you mean `h1`?",
        ),
        (
            "duplicate-id",
            "[[judgment]]\nevidence = \"e\"\n[[judgment]]\nevidence = \"e\"\n",
            "judged twice",
        ),
        ("priors", "[priors]\nh1 = 0.5\nh2 = 0.6\n", "sum to 1.1"),
        ("priors", "[priors]\nh1 = 0.5\n", "no prior for `h2`"),
        ("invalid-value", "[analyst]\nweight = 0\n", "not positive"),
        ("invalid-value", "[analyst]\nweight = -1\n", "not positive"),
        (
            "unknown-field",
            "[analyst]\nwieght = 2\n",
            "did you mean `weight`?",
        ),
        (
            "unknown-term",
            "[[judgment]]\nevidence = \"e\"\nlikelihood = { h1 = \"likley\" }\n",
            "did you mean \"likely\"?",
        ),
        ("syntax", "[analyst\n", "not valid TOML"),
        (
            "invalid-value",
            "[[judgment]]\nevidence = \"e\"\nreliability = 2\n",
            "not in [0, 1]",
        ),
    ];
    for (code, text, says) in cases {
        let checked = run(TWO, &[("ok", ""), ("bad", text)], Pool::Log);
        assert!(checked.analysis.is_none(), "{text}");
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let found = errors.iter().find(|d| d.code == *code).unwrap_or_else(|| {
            panic!("{text}: no {code} among {errors:#?}");
        });
        let said = format!("{} {}", found.message, found.help.as_deref().unwrap_or(""));
        assert!(said.contains(says), "{text}: {said}");
        let Location::AnalystSpan(id, span) = &found.location else {
            panic!("{text}: not in the analyst's file: {:?}", found.location);
        };
        assert_eq!(id, "bad");
        assert!(span.end <= text.len(), "{text}: {span:?}");
        // The error points at the offending line: the last line that is not
        // a table header, or the header itself for a table-wide problem.
        let line = LineIndex::new(text).line(span.start);
        assert!(
            line >= 1 && line <= text.lines().count().max(1),
            "{text}: line {line}"
        );
    }
    // A repeated judgment points at the second one.
    let text = "[[judgment]]\nevidence = \"e\"\n[[judgment]]\nevidence = \"e\"\n";
    let checked = run(TWO, &[("bad", text)], Pool::Log);
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "duplicate-id")
        .unwrap();
    let Location::AnalystSpan(_, span) = &d.location else {
        panic!("{:?}", d.location);
    };
    assert_eq!(LineIndex::new(text).line(span.start), 4);
    // A file name that is not an id.
    let checked = run(TWO, &[("2nd", "")], Pool::Log);
    assert!(checked.diagnostics.iter().any(|d| d.code == "invalid-value"
        && d.location == Location::AnalystSpan("2nd".to_owned(), 0..0)));
    // Bytes that are not text.
    let files: Vec<(&str, &[u8])> = vec![("bin", &[0xff, 0xfe, 0x00])];
    let checked =
        probative::check_with_analysts(TWO.as_bytes(), &files, Pool::Log, &mut |_: &str| {
            Err(String::new())
        });
    assert!(checked.diagnostics.iter().any(|d| d.code == "not-text"));
}

/// An analyst whose judgments rule out every hypothesis has no posterior:
/// an error in their file.
#[test]
fn an_analyst_ruling_out_everything_is_an_error() {
    let text = "[[judgment]]\nevidence = \"e\"\nlikelihood = { h1 = 0, h2 = 0 }\n";
    let checked = run(TWO, &[("z", text), ("ok", "")], Pool::Log);
    assert!(checked.analysis.is_none());
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "impossible-evidence")
        .unwrap();
    assert!(matches!(&d.location, Location::AnalystSpan(id, _) if id == "z"));
}

/// A veto the analyst wrote is located at their judgment, in their file.
#[test]
fn a_written_veto_points_at_the_judgment() {
    let text =
        "[analyst]\nname = \"Z\"\n\n[[judgment]]\nevidence = \"e\"\nlikelihood = { h2 = 0 }\n";
    let checked = run(TWO, &[("z", text), ("ok", "")], Pool::Log);
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "analyst-veto")
        .unwrap();
    let Location::AnalystSpan(id, span) = &d.location else {
        panic!("{:?}", d.location);
    };
    assert_eq!(id, "z");
    assert_eq!(LineIndex::new(text).line(span.start), 4);
    assert_eq!(checked.analysis.as_ref().unwrap().posterior[1], 0.0);
}

/// The item `nearest_adoption` finds is the fewest, by brute force over
/// every subset of a small study's items.
#[test]
fn adoption_is_the_fewest_items() {
    let study = |n: usize| {
        let mut s = String::from(
            "[study]\ntitle = \"t\"\n[[hypothesis]]\nid = \"a\"\ntitle = \"A\"\n[[hypothesis]]\nid = \"b\"\ntitle = \"B\"\n[[hypothesis]]\nid = \"c\"\ntitle = \"C\"\n",
        );
        for e in 0..n {
            let _ = write!(
                s,
                "[[evidence]]\nid = \"e{e}\"\nclaim = \"c\"\nsource_kind = \"official\"\nlikelihood = {{ a = 0.{}, b = 0.{}, c = 0.5 }}\n",
                7 + e % 3,
                2 + e % 4
            );
        }
        s
    };
    let n = 6;
    let text = study(n);
    let mut dissent = String::new();
    for e in 0..n {
        let _ = write!(
            dissent,
            "[[judgment]]\nevidence = \"e{e}\"\nlikelihood = {{ a = 0.{}, b = 0.{}, c = 0.{} }}\n",
            2 + e % 5,
            6 + e % 3,
            3 + e % 4
        );
    }
    let checked = run(&text, &[("x", ""), ("y", ""), ("z", &dissent)], Pool::Log);
    let panel = panel(&checked);
    let analysis = checked.analysis.as_ref().unwrap();
    let leader = analysis.leader.leader;
    let z = &panel.members[2];
    // Brute force: the log posterior scores with z's factors on a subset.
    let mut fewest: Option<usize> = None;
    for mask in 0u32..(1 << n) {
        let score = |h: usize| {
            let mut s = analysis.scores[h].ln;
            for e in 0..n {
                if mask & (1 << e) != 0 {
                    s += z.factor(e, h).ln() - analysis.items[e].factor[h].ln();
                }
            }
            s
        };
        let reached = (0..3).any(|r| r != leader && score(r) >= score(leader) - 1e-9);
        if reached {
            let size = mask.count_ones() as usize;
            fewest = Some(fewest.map_or(size, |f| f.min(size)));
        }
    }
    let found = panel.adoption[2].as_ref().map(|a| a.evidence.len());
    assert_eq!(found, fewest);
    assert!(found.is_some(), "the fixture should let z reverse the pool");
}

// ---- invariants over generated studies ----

#[derive(Debug, Clone)]
struct GenAnalyst {
    weight: f64,
    priors: Option<Vec<f64>>,
    /// Per item: the likelihoods, or none to keep the study's.
    judgments: Vec<Option<Vec<f64>>>,
}

#[derive(Debug, Clone)]
struct GenPanel {
    k: usize,
    /// Per item: likelihoods, reliability, observed.
    items: Vec<(Vec<f64>, f64, bool)>,
    analysts: Vec<GenAnalyst>,
}

fn probability() -> impl Strategy<Value = f64> {
    (1u32..=99).prop_map(|n| f64::from(n) / 100.0)
}

fn priors(k: usize) -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec(1u32..=20, k).prop_map(|w| {
        let total: u32 = w.iter().sum();
        w.iter().map(|&x| f64::from(x) / f64::from(total)).collect()
    })
}

fn generated(max_analysts: usize) -> impl Strategy<Value = GenPanel> {
    (2usize..=4, 0usize..=8, 1usize..=max_analysts).prop_flat_map(|(k, n, m)| {
        let item = (
            proptest::collection::vec(probability(), k),
            prop_oneof![Just(1.0), (0u32..=100).prop_map(|r| f64::from(r) / 100.0)],
            any::<bool>(),
        );
        let analyst = (
            (1u32..=5).prop_map(f64::from),
            proptest::option::of(priors(k)),
            proptest::collection::vec(
                proptest::option::of(proptest::collection::vec(probability(), k)),
                n,
            ),
        )
            .prop_map(|(weight, priors, judgments)| GenAnalyst {
                weight,
                priors,
                judgments,
            });
        (
            proptest::collection::vec(item, n),
            proptest::collection::vec(analyst, m),
        )
            .prop_map(move |(items, analysts)| GenPanel { k, items, analysts })
    })
}

fn study_text(g: &GenPanel) -> String {
    let mut s = String::from("[study]\ntitle = \"generated\"\n");
    for i in 0..g.k {
        let _ = write!(s, "[[hypothesis]]\nid = \"h{i}\"\ntitle = \"H{i}\"\n");
    }
    for (e, (l, r, observed)) in g.items.iter().enumerate() {
        let _ = write!(
            s,
            "[[evidence]]\nid = \"e{e}\"\nclaim = \"c\"\nsearch = \"s\"\nsource_kind = \"official\"\nobserved = {observed}\nreliability = {r}\nlikelihood = {{ {} }}\n",
            cells(l)
        );
    }
    s
}

fn cells(l: &[f64]) -> String {
    l.iter()
        .enumerate()
        .map(|(i, x)| format!("h{i} = {x}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn analyst_text(a: &GenAnalyst, weight_scale: f64) -> String {
    let mut s = format!("[analyst]\nweight = {}\n", a.weight * weight_scale);
    if let Some(p) = &a.priors {
        s.push_str("[priors]\n");
        for (i, x) in p.iter().enumerate() {
            let _ = writeln!(s, "h{i} = {x}");
        }
    }
    for (e, j) in a.judgments.iter().enumerate() {
        if let Some(l) = j {
            let _ = write!(
                s,
                "[[judgment]]\nevidence = \"e{e}\"\nlikelihood = {{ {} }}\n",
                cells(l)
            );
        }
    }
    s
}

fn run_generated(g: &GenPanel, weight_scale: f64) -> Checked {
    let texts: Vec<(String, String)> = g
        .analysts
        .iter()
        .enumerate()
        .map(|(n, a)| (format!("a{n}"), analyst_text(a, weight_scale)))
        .collect();
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(i, t)| (i.as_str(), t.as_str()))
        .collect();
    let checked = run(&study_text(g), &refs, Pool::Linear);
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    checked
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// External Bayesianity: the log pool of the analysts' posteriors equals
    /// the pooled prior updated by the pooled factors (the pooled analysis).
    #[test]
    fn the_log_pool_is_externally_bayesian(g in generated(4)) {
        let checked = run_generated(&g, 1.0);
        let panel = panel(&checked);
        let analysis = checked.analysis.as_ref().unwrap();
        let logs: Vec<f64> = (0..g.k)
            .map(|i| panel.members.iter().map(|m| m.weight * m.posterior[i].ln()).sum())
            .collect();
        let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = logs.iter().map(|l| (l - max).exp()).sum();
        for (i, l) in logs.iter().enumerate() {
            let pooled = (l - max).exp() / total;
            prop_assert!((pooled - analysis.posterior[i]).abs() < 1e-9,
                "h{}: pool of posteriors {} vs pooled analysis {}", i, pooled, analysis.posterior[i]);
        }
        // And every pooled weight of evidence is the weighted mean of the
        // analysts' weights, in dB.
        for (e, item) in analysis.items.iter().enumerate() {
            let mean: f64 = panel.members.iter().map(|m| m.weight * m.weight_db(e, 0, 1)).sum();
            prop_assert!((item.weight_db(0, 1) - mean).abs() < 1e-9);
        }
    }

    /// The decomposition sums exactly to the gap between the posteriors.
    #[test]
    fn the_decomposition_sums_to_the_posterior_gap(g in generated(4)) {
        let checked = run_generated(&g, 1.0);
        let panel = panel(&checked);
        for c in &panel.contention {
            let (a, b) = (&panel.members[c.a], &panel.members[c.b]);
            let gap = b.posterior_db(c.i, c.j) - a.posterior_db(c.i, c.j);
            let sum = c.prior_db + c.items.iter().map(|(_, d)| d).sum::<f64>();
            prop_assert!((gap - sum).abs() < 1e-9, "{} vs {}", gap, sum);
            prop_assert!((c.total_db - sum).abs() < 1e-12);
            prop_assert!(c.items.windows(2).all(|w| w[0].1.abs() >= w[1].1.abs()));
        }
    }

    /// One analyst alone is that analyst's judgment: the report is the one
    /// of the study with their priors and likelihoods written in.
    #[test]
    fn one_analyst_alone_is_the_single_analyst_report(g in generated(1)) {
        let checked = run_generated(&g, 1.0);
        let a = &g.analysts[0];
        let mut own = g.clone();
        for (item, j) in own.items.iter_mut().zip(&a.judgments) {
            if let Some(l) = j {
                item.0.clone_from(l);
            }
        }
        let mut text = study_text(&own);
        if let Some(p) = &a.priors {
            for (i, x) in p.iter().enumerate() {
                text = text.replacen(
                    &format!("id = \"h{i}\"\ntitle = \"H{i}\"\n"),
                    &format!("id = \"h{i}\"\ntitle = \"H{i}\"\nprior = {x}\n"),
                    1,
                );
            }
        }
        let single = probative::check(text.as_bytes(), &mut |_: &str| Err(String::new()));
        let (x, y) = (checked.analysis.as_ref().unwrap(), single.analysis.as_ref().unwrap());
        prop_assert_eq!(x.leader.leader, y.leader.leader);
        for i in 0..g.k {
            prop_assert!((x.posterior[i] - y.posterior[i]).abs() < 1e-12);
            prop_assert!((x.bounds[i][0] - y.bounds[i][0]).abs() < 1e-12);
            prop_assert!((x.bounds[i][1] - y.bounds[i][1]).abs() < 1e-12);
        }
        prop_assert_eq!(
            x.items.iter().map(|i| i.tests.clone()).collect::<Vec<_>>(),
            y.items.iter().map(|i| i.tests.clone()).collect::<Vec<_>>()
        );
    }

    /// Weights are relative: scaling every weight changes nothing, and an
    /// analyst of weight 2 counts as two analysts of weight 1.
    #[test]
    fn weights_scale(g in generated(3)) {
        let base = run_generated(&g, 1.0);
        let scaled = run_generated(&g, 7.0);
        let (x, y) = (base.analysis.as_ref().unwrap(), scaled.analysis.as_ref().unwrap());
        for i in 0..g.k {
            prop_assert!((x.posterior[i] - y.posterior[i]).abs() < 1e-12);
        }
        let mut doubled = g.clone();
        doubled.analysts[0].weight *= 2.0;
        let mut twice = g.clone();
        twice.analysts.push(g.analysts[0].clone());
        let (d, t) = (run_generated(&doubled, 1.0), run_generated(&twice, 1.0));
        let (d, t) = (d.analysis.as_ref().unwrap(), t.analysis.as_ref().unwrap());
        for i in 0..g.k {
            prop_assert!((d.posterior[i] - t.posterior[i]).abs() < 1e-9);
        }
    }
}
