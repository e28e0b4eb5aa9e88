//! Every number of the JSON report's `analysts` block against the
//! arithmetic of `docs/analysts.md`, computed here the plain way: products
//! of probabilities, powers for the pool, Krippendorff's alpha from its
//! pairwise definition. Generated studies are small enough that nothing
//! underflows.

#![allow(clippy::unwrap_used, clippy::float_cmp)]

use std::fmt::Write as _;

use proptest::prelude::*;
use serde_json::Value;

use probative::analysis::analysts::Pool;
use probative_render::{Report, SourceFile};

#[derive(Debug, Clone)]
struct Item {
    lik: Vec<f64>,
    reliability: f64,
    observed: bool,
}

/// An analyst's judgment of one item: likelihoods for some hypotheses, and
/// a reliability if they give one.
type Judgment = (Vec<Option<f64>>, Option<f64>);

#[derive(Debug, Clone)]
struct Analyst {
    weight: f64,
    priors: Option<Vec<f64>>,
    /// Per item: likelihoods for some hypotheses, and a reliability.
    judgments: Vec<Option<Judgment>>,
}

#[derive(Debug, Clone)]
struct Panel {
    k: usize,
    items: Vec<Item>,
    analysts: Vec<Analyst>,
}

fn probability() -> impl Strategy<Value = f64> {
    (1u32..=99).prop_map(|n| f64::from(n) / 100.0)
}

fn panel() -> impl Strategy<Value = Panel> {
    (2usize..=4, 1usize..=6, 2usize..=3).prop_flat_map(|(k, n, m)| {
        let item = (
            proptest::collection::vec(probability(), k),
            prop_oneof![Just(1.0), (50u32..=100).prop_map(|r| f64::from(r) / 100.0)],
            any::<bool>(),
        )
            .prop_map(|(lik, reliability, observed)| Item {
                lik,
                reliability,
                observed,
            });
        let priors = proptest::collection::vec(1u32..=9, k).prop_map(|w| {
            let total: u32 = w.iter().sum();
            w.iter().map(|&x| f64::from(x) / f64::from(total)).collect()
        });
        let judgment = (
            proptest::collection::vec(proptest::option::of(probability()), k),
            proptest::option::of((50u32..=100).prop_map(|r| f64::from(r) / 100.0)),
        );
        let analyst = (
            (1u32..=3).prop_map(f64::from),
            proptest::option::of(priors),
            proptest::collection::vec(proptest::option::of(judgment), n),
        )
            .prop_map(|(weight, priors, judgments)| Analyst {
                weight,
                priors,
                judgments,
            });
        (
            proptest::collection::vec(item, n),
            proptest::collection::vec(analyst, m),
        )
            .prop_map(move |(items, analysts)| Panel { k, items, analysts })
    })
}

fn study_toml(p: &Panel) -> String {
    let mut s = String::from("[study]\ntitle = \"t\"\n");
    for i in 0..p.k {
        let _ = write!(s, "[[hypothesis]]\nid = \"h{i}\"\ntitle = \"H{i}\"\n");
    }
    for (e, it) in p.items.iter().enumerate() {
        let cells: Vec<String> = it
            .lik
            .iter()
            .enumerate()
            .map(|(i, x)| format!("h{i} = {x}"))
            .collect();
        let _ = write!(
            s,
            "[[evidence]]\nid = \"e{e}\"\nclaim = \"c\"\nsearch = \"s\"\nobserved = {}\nreliability = {}\nlikelihood = {{ {} }}\n",
            it.observed,
            it.reliability,
            cells.join(", ")
        );
    }
    s
}

fn analyst_toml(a: &Analyst) -> String {
    let mut s = format!("[analyst]\nweight = {}\n", a.weight);
    if let Some(p) = &a.priors {
        s.push_str("[priors]\n");
        for (i, x) in p.iter().enumerate() {
            let _ = writeln!(s, "h{i} = {x}");
        }
    }
    for (e, j) in a.judgments.iter().enumerate() {
        let Some((lik, r)) = j else { continue };
        let _ = write!(s, "[[judgment]]\nevidence = \"e{e}\"\n");
        let cells: Vec<String> = lik
            .iter()
            .enumerate()
            .filter_map(|(i, x)| x.map(|x| format!("h{i} = {x}")))
            .collect();
        if !cells.is_empty() {
            let _ = writeln!(s, "likelihood = {{ {} }}", cells.join(", "));
        }
        if let Some(r) = r {
            let _ = writeln!(s, "reliability = {r}");
        }
    }
    s
}

fn factor(c: f64, r: f64, observed: bool) -> f64 {
    let p = r * c + (1.0 - r) / 2.0;
    if observed { p } else { 1.0 - p }
}

fn db(x: f64, y: f64) -> f64 {
    10.0 * (x / y).log10()
}

fn close(got: f64, want: f64, what: &str) {
    let ok = (got - want).abs() <= 1e-12 || (got - want).abs() <= 1e-9 * want.abs().max(got.abs());
    assert!(ok, "{what}: got {got}, the arithmetic gives {want}");
}

fn normalise(v: &[f64]) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    v.iter().map(|x| x / total).collect()
}

fn argmax(v: &[f64]) -> usize {
    (0..v.len()).fold(0, |b, i| if v[i] > v[b] * (1.0 + 1e-9) { i } else { b })
}

fn check(p: &Panel) {
    let study = study_toml(p);
    let texts: Vec<(String, String)> = p
        .analysts
        .iter()
        .enumerate()
        .map(|(n, a)| (format!("a{n}"), analyst_toml(a)))
        .collect();
    let files: Vec<(&str, &[u8])> = texts
        .iter()
        .map(|(id, t)| (id.as_str(), t.as_bytes()))
        .collect();
    let checked =
        probative::check_with_analysts(study.as_bytes(), &files, Pool::Linear, &mut |_| {
            Err("none".into())
        });
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let file = SourceFile {
        name: "study.toml",
        text: &study,
    };
    let report = Report::new(
        file,
        checked.study.as_ref().unwrap(),
        checked.analysis.as_ref().unwrap(),
        None,
    );
    let json: Value = serde_json::from_str(&probative_render::json::report(&report)).unwrap();
    let block = &json["analysts"];
    let k = p.k;
    let h = |i: usize| format!("h{i}");

    // Each analyst's priors, factors and posterior, by plain products.
    let total_weight: f64 = p.analysts.iter().map(|a| a.weight).sum();
    let uniform = vec![1.0 / k as f64; k];
    let mut priors = Vec::new();
    let mut factors = Vec::new();
    let mut posteriors = Vec::new();
    for a in &p.analysts {
        let prior = a.priors.clone().unwrap_or_else(|| uniform.clone());
        let f: Vec<Vec<f64>> = p
            .items
            .iter()
            .zip(&a.judgments)
            .map(|(it, j)| {
                let r = j.as_ref().and_then(|j| j.1).unwrap_or(it.reliability);
                (0..k)
                    .map(|i| {
                        let c = j.as_ref().and_then(|j| j.0[i]).unwrap_or(it.lik[i]);
                        factor(c, r, it.observed)
                    })
                    .collect()
            })
            .collect();
        let numerators: Vec<f64> = (0..k)
            .map(|i| prior[i] * f.iter().map(|row| row[i]).product::<f64>())
            .collect();
        posteriors.push(normalise(&numerators));
        priors.push(prior);
        factors.push(f);
    }
    let w: Vec<f64> = p.analysts.iter().map(|a| a.weight / total_weight).collect();
    for (n, member) in block["members"].as_array().unwrap().iter().enumerate() {
        close(member["weight"].as_f64().unwrap(), w[n], "weight");
        for i in 0..k {
            let got = member["posterior"][h(i)].as_f64().unwrap();
            close(got, posteriors[n][i], &format!("a{n} posterior h{i}"));
        }
        assert_eq!(member["leader"], h(argmax(&posteriors[n])));
    }

    // The pool: pooled prior times pooled factors, normalised; and it is the
    // report's own posterior.
    let pow = |values: &dyn Fn(usize) -> f64| -> f64 {
        (0..w.len()).map(|a| values(a).powf(w[a])).product()
    };
    let pooled_prior = normalise(&(0..k).map(|i| pow(&|a| priors[a][i])).collect::<Vec<_>>());
    let numerators: Vec<f64> = (0..k)
        .map(|i| {
            pooled_prior[i]
                * (0..p.items.len())
                    .map(|e| pow(&|a| factors[a][e][i]))
                    .product::<f64>()
        })
        .collect();
    let pooled = normalise(&numerators);
    for i in 0..k {
        close(
            block["pooled"]["prior"][h(i)].as_f64().unwrap(),
            pooled_prior[i],
            "pooled prior",
        );
        close(
            block["pooled"]["posterior"][h(i)].as_f64().unwrap(),
            pooled[i],
            "pooled posterior",
        );
        close(
            json["hypotheses"][i]["posterior"].as_f64().unwrap(),
            pooled[i],
            "hypotheses[].posterior",
        );
        let linear: f64 = (0..w.len()).map(|a| w[a] * posteriors[a][i]).sum();
        close(
            block["linear"]["posterior"][h(i)].as_f64().unwrap(),
            linear,
            "linear pool",
        );
    }

    // Leave one out.
    for (left, a) in texts.iter().enumerate() {
        let rest: Vec<f64> = (0..k)
            .map(|i| {
                (0..w.len())
                    .filter(|&b| b != left)
                    .map(|b| posteriors[b][i].powf(w[b]))
                    .product()
            })
            .collect();
        assert_eq!(
            block["pooled"]["without"][&a.0],
            h(argmax(&rest)),
            "without {}",
            a.0
        );
    }

    // The decomposition: every term from plain ratios.
    for c in block["contention"].as_array().unwrap() {
        let id = |v: &Value| v.as_str().unwrap()[1..].parse::<usize>().unwrap();
        let (a, b) = (id(&c["pair"][0]), id(&c["pair"][1]));
        let (i, j) = (id(&c["hypotheses"][0]), id(&c["hypotheses"][1]));
        let prior = db(priors[b][i], priors[b][j]) - db(priors[a][i], priors[a][j]);
        close(c["prior_db"].as_f64().unwrap(), prior, "prior gap");
        let total = db(posteriors[b][i], posteriors[b][j]) - db(posteriors[a][i], posteriors[a][j]);
        close(c["total_db"].as_f64().unwrap(), total, "total gap");
        let mut listed = 0;
        for (e, (fa, fb)) in factors[a].iter().zip(&factors[b]).enumerate() {
            let gap = db(fb[i], fb[j]) - db(fa[i], fa[j]);
            let got = c["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["evidence"] == format!("e{e}"));
            match got {
                Some(x) => {
                    close(x["db"].as_f64().unwrap(), gap, "item gap");
                    listed += 1;
                }
                None => assert!(
                    gap.abs() < 1e-9,
                    "e{e} differs by {gap} dB and is not listed"
                ),
            }
        }
        assert_eq!(listed, c["items"].as_array().unwrap().len());
    }

    // Krippendorff's alpha from its pairwise definition, over the cells two
    // or more analysts write.
    let mut units: Vec<Vec<f64>> = Vec::new();
    for e in 0..p.items.len() {
        for i in 0..k {
            let values: Vec<f64> = p
                .analysts
                .iter()
                .filter_map(|a| a.judgments[e].as_ref().and_then(|j| j.0[i]))
                .map(|c| db(c, 1.0 - c))
                .collect();
            if values.len() >= 2 {
                units.push(values);
            }
        }
    }
    let all: Vec<f64> = units.iter().flatten().copied().collect();
    let n = all.len() as f64;
    let mut within = 0.0;
    for u in &units {
        let mut sum = 0.0;
        for (x, a) in u.iter().enumerate() {
            for (y, b) in u.iter().enumerate() {
                if x != y {
                    sum += (a - b).powi(2);
                }
            }
        }
        within += sum / (u.len() as f64 - 1.0);
    }
    let mut between = 0.0;
    for (x, a) in all.iter().enumerate() {
        for (y, b) in all.iter().enumerate() {
            if x != y {
                between += (a - b).powi(2);
            }
        }
    }
    let expected = between / (n * (n - 1.0));
    match block["alpha"].as_f64() {
        Some(alpha) => close(alpha, 1.0 - (within / n) / expected, "alpha"),
        None => assert!(
            units.is_empty() || expected == 0.0,
            "alpha missing: {units:?}"
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_analysts_number_follows_the_arithmetic(p in panel()) {
        check(&p);
    }
}
