//! The reference cases of CausalQueries 1.4.3 (section 4 of the reference):
//! exact values to 1e-6, sampled ones within their Monte Carlo error.

use probative_causal::data::parse_csv;
use probative_causal::engine::{MassCache, Target};
use probative_causal::estimate::Estimate;
use probative_causal::model::Using;
use probative_causal::{Analysis, Options, Study, analyse, parse_study};

fn study(text: &str) -> Study {
    parse_study(text).unwrap_or_else(|e| panic!("{e}"))
}

fn run(study: &Study, csv: Option<&str>, draws: usize) -> Analysis {
    let data = csv.map(|c| parse_csv(c, &study.model).unwrap_or_else(|e| panic!("{e}")));
    let options = Options {
        draws,
        seed: 1,
        clues: None,
    };
    analyse(study, data.as_ref(), &options).unwrap_or_else(|e| panic!("{e}"))
}

fn find<'a>(a: &'a Analysis, query: &str, given: &str, using: Using, case: bool) -> &'a Estimate {
    a.results
        .iter()
        .find(|r| r.query == query && r.given == given && r.using == using && r.case_level == case)
        .unwrap_or_else(|| panic!("no result for {query} | {given}"))
}

fn exact(a: &Analysis, query: &str, given: &str, using: Using, case: bool, expected: f64) {
    let r = find(a, query, given, using, case);
    let mean = r.mean.unwrap_or(f64::NAN);
    assert!(
        (mean - expected).abs() < 1e-6,
        "{query} | {given} ({using:?}): {mean} != {expected}"
    );
    assert!(r.mc_se.is_none() && r.sd.is_none() && r.interval.is_none());
}

/// A sampled value agrees with a reference within four combined standard errors
/// (ours, and the reference's own Monte Carlo error `reference_se`).
fn sampled(r: &Estimate, expected: f64, reference_se: f64) {
    let mean = r.mean.unwrap_or(f64::NAN);
    let se = r.mc_se.unwrap_or(0.0);
    let tolerance = 4.0 * (se * se + reference_se * reference_se).sqrt() + 1e-9;
    assert!(
        (mean - expected).abs() < tolerance,
        "{} | {}: {mean} vs {expected} (tolerance {tolerance})",
        r.query,
        r.given
    );
}

const CASE_1: &str = r#"
[model]
dag = "X -> M -> Y"
restrict = ["decreasing(X, M)", "decreasing(M, Y)"]

[[query]]
name = "PC"
query = "Y[X=1] > Y[X=0]"
given = ["X==1 & Y==1", "X==1 & Y==1 & M==0", "X==1 & Y==1 & M==1"]
using = ["parameters", "priors"]

[[query]]
name = "PC case"
query = "Y[X=1] > Y[X=0]"
given = ["X==1 & Y==1", "X==1 & Y==1 & M==0", "X==1 & Y==1 & M==1"]
using = ["priors"]
case_level = true
"#;

#[test]
fn case_1_monotone_chain() {
    let s = study(CASE_1);
    assert_eq!(s.model.n_params(), 8);
    assert_eq!(s.model.causal_type_count(), 18);
    let a = run(&s, None, 4000);
    let g = ["X==1 & Y==1", "X==1 & Y==1 & M==0", "X==1 & Y==1 & M==1"];
    for (given, value) in g.iter().zip([0.2, 0.0, 0.25]) {
        exact(&a, "PC", given, Using::Parameters, false, value);
        // Case level over the prior is the parameters value at the prior mean, exactly.
        exact(&a, "PC case", given, Using::Priors, true, value);
    }
    let r = find(&a, "PC", g[0], Using::Priors, false);
    sampled(r, 0.211_862, 0.2083 / 4000f64.sqrt());
    assert!((r.sd.unwrap_or(0.0) - 0.2083).abs() < 0.02);
    let r = find(&a, "PC", g[1], Using::Priors, false);
    assert_eq!(r.mean, Some(0.0));
    let r = find(&a, "PC", g[2], Using::Priors, false);
    sampled(r, 0.251_131, 0.2209 / 4000f64.sqrt());
}

#[test]
fn case_2_ambiguity_table() {
    let s = study(
        r#"
[model]
dag = "X -> M -> Y"
[parameters]
X = [0.5, 0.5]
M = [0.2, 0.2, 0.4, 0.2]
Y = [0.2, 0.2, 0.4, 0.2]
[[query]]
name = "PE"
query = "Y[X=1] > Y[X=0]"
given = ["TRUE", "X==1 & Y==1", "X==1 & M==1 & Y==1", "X==1 & M==0 & Y==1"]
"#,
    );
    let m = &s.model;
    // Event probabilities in CausalQueries' order X0M0Y0, X1M0Y0, ...
    let expected = [0.18, 0.12, 0.08, 0.12, 0.12, 0.08, 0.12, 0.18];
    for (k, e) in expected.iter().enumerate() {
        let observed = [(0, k & 1 == 1), (1, k & 2 == 2), (2, k & 4 == 4)];
        let p = Target::event(m, &observed)
            .evaluate(m, &m.values, &mut MassCache::default())
            .denominator;
        assert!((p - e).abs() < 1e-12, "event {k}: {p}");
    }
    let a = run(&s, None, 10);
    let g = [
        "TRUE",
        "X==1 & Y==1",
        "X==1 & M==1 & Y==1",
        "X==1 & M==0 & Y==1",
    ];
    for (given, value) in g.iter().zip([0.2, 0.2 / 0.52, 0.16 / 0.36, 0.25]) {
        exact(&a, "PE", given, Using::Parameters, false, value);
    }
    assert_eq!(a.causal_types, 32);
}

#[test]
fn case_4_x_to_y() {
    let text = r#"
[model]
dag = "X -> Y"
[[query]]
name = "ATE"
query = "Y[X=1] - Y[X=0]"
using = ["parameters", "priors"]
[[query]]
name = "PE"
query = "Y[X=1] > Y[X=0]"
using = ["parameters", "priors"]
[[query]]
name = "PC"
query = "Y[X=1] > Y[X=0] :|: X==1 & Y==1"
using = ["parameters", "priors"]
"#;
    let s = study(text);
    let a = run(&s, None, 4000);
    exact(&a, "ATE", "TRUE", Using::Parameters, false, 0.0);
    exact(&a, "PE", "TRUE", Using::Parameters, false, 0.25);
    exact(&a, "PC", "TRUE", Using::Parameters, false, 0.5);
    // Priors: exact means 0 and 0.25, sds sqrt(0.1) and 0.1936; PC as CausalQueries.
    let r = find(&a, "ATE", "TRUE", Using::Priors, false);
    sampled(r, 0.0, 0.0);
    assert!((r.sd.unwrap_or(0.0) - 0.1f64.sqrt()).abs() < 0.015);
    let r = find(&a, "PE", "TRUE", Using::Priors, false);
    sampled(r, 0.25, 0.0);
    assert!((r.sd.unwrap_or(0.0) - 0.1936).abs() < 0.01);
    let r = find(&a, "PC", "TRUE", Using::Priors, false);
    sampled(r, 0.4942, 0.2923 / 4000f64.sqrt());

    let b = study(&text.replace(
        "dag = \"X -> Y\"",
        "dag = \"X -> Y\"\n[parameters]\nX = [0.5, 0.5]\nY = [0.1, 0.2, 0.3, 0.4]",
    ));
    let a = run(&b, None, 10);
    exact(&a, "ATE", "TRUE", Using::Parameters, false, 0.1);
    exact(&a, "PC", "TRUE", Using::Parameters, false, 0.3 / 0.7);
    let model = &b.model;
    let mut cache = MassCache::default();
    let joint = Target::compile(model, "X==1 & Y==1", None).expect("valid");
    let sums = joint.evaluate(model, &model.values, &mut cache);
    assert!((sums.numerator - 0.35).abs() < 1e-12);
    let pe = Target::compile(model, "(Y[X=1] > Y[X=0]) & X==1 & Y==1", None).expect("valid");
    assert!((pe.evaluate(model, &model.values, &mut cache).numerator - 0.15).abs() < 1e-12);
}

#[test]
fn case_7_posterior() {
    let s = study(
        r#"
[model]
dag = "X -> Y"
[[query]]
name = "ATE"
query = "Y[X=1] - Y[X=0]"
using = "posteriors"
[[query]]
name = "PE"
query = "Y[X=1] > Y[X=0]"
using = "posteriors"
[[query]]
name = "PC"
query = "Y[X=1] > Y[X=0] :|: X==1 & Y==1"
using = "posteriors"
[[query]]
name = "PC case"
query = "Y[X=1] > Y[X=0] :|: X==1 & Y==1"
using = "posteriors"
case_level = true
[[query]]
name = "Y00"
query = "Y[X=0]==0 & Y[X=1]==0"
using = "posteriors"
[[query]]
name = "Y10"
query = "Y[X=0]==1 & Y[X=1]==0"
using = "posteriors"
[[query]]
name = "Y11"
query = "Y[X=0]==1 & Y[X=1]==1"
using = "posteriors"
"#,
    );
    let csv = format!("X,Y\n{}", "0,0\n1,1\n".repeat(10));
    let a = run(&s, Some(&csv), 4000);
    let p = |name: &str, case: bool| find(&a, name, "TRUE", Using::Posteriors, case);
    sampled(p("ATE", false), 0.756_946, 0.0);
    sampled(p("PE", false), 0.798_612, 0.0);
    sampled(p("PC", false), 0.908_335, 0.0);
    // The data show every path, so the posterior is an exact mixture of
    // Dirichlets: case-level values and posterior means are exact.
    exact(&a, "PC case", "TRUE", Using::Posteriors, true, 0.909_092);
    let data = parse_csv(&csv, &s.model).expect("valid");
    let posterior = probative_causal::exact::posterior(&s.model, &data).expect("small");
    let mean = posterior.mean(&s.model);
    for (k, e) in [0.079_861, 0.041_667, 0.798_612, 0.079_861]
        .iter()
        .enumerate()
    {
        assert!(
            (mean[2 + k] - e).abs() < 1e-6,
            "E[lambda_Y] {k}: {}",
            mean[2 + k]
        );
    }
    assert!((mean[2 + 2] - mean[2 + 1] - 0.756_946).abs() < 1e-6, "ATE");
    sampled(p("Y00", false), 0.079_861, 0.0);
    sampled(p("Y10", false), 0.041_667, 0.0);
    sampled(p("Y11", false), 0.079_861, 0.0);
    assert!((p("PE", false).sd.unwrap_or(0.0) - 0.1097).abs() < 0.01);
    let sampler = a.sampler.as_ref().expect("posteriors were computed");
    assert_eq!(sampler.draws, 4000);
    assert_eq!(sampler.method, "exact-dirichlet-mixture");
    assert!(sampler.rhat_max < 1.01, "{sampler:?}");
    assert!(sampler.effective_sample_size_min > 1000.0, "{sampler:?}");
}

#[test]
fn case_11_probative_value_of_m() {
    let s = study(CASE_1);
    let data = None;
    let options = Options {
        draws: 10,
        seed: 0,
        clues: Some("X==1 & Y==1".to_string()),
    };
    let a = analyse(&s, data, &options).expect("valid");
    let ranking = a
        .clues
        .iter()
        .find(|c| c.query == "PC" && c.using == Using::Parameters)
        .expect("ranking");
    assert!((ranking.prior.unwrap_or(0.0) - 0.2).abs() < 1e-12);
    assert!((ranking.prior_variance.unwrap_or(0.0) - 0.16).abs() < 1e-12);
    assert_eq!(ranking.clues.len(), 1);
    let m = &ranking.clues[0];
    assert_eq!(m.node, "M");
    let close = |x: Option<f64>, y: f64| (x.unwrap_or(f64::NAN) - y).abs() < 1e-9;
    assert!(close(m.given_query, 1.0));
    assert!(close(m.given_not_query, 0.75));
    assert!(close(Some(m.probability), 0.8));
    assert!(close(m.posterior_if_1, 0.25));
    assert!(close(m.posterior_if_0, 0.0));
    assert!(close(Some(m.expected_posterior_variance), 0.15));
}

/// The Gibbs sampler (used whenever the exact mixture is not) agrees with
/// the exact posterior of Case 7, and with importance sampling when some
/// cases miss a node so that paths are ambiguous.
#[test]
fn gibbs_agrees_with_exact_and_with_importance_sampling() {
    use probative_causal::random::Rng;
    use probative_causal::update::{SamplerOptions, sample_posterior};
    let s = study("[model]\ndag = \"X -> Y\"\n");
    let m = &s.model;
    let pe = Target::compile(m, "Y[X=1] > Y[X=0]", None).expect("valid");
    let pc = Target::compile(m, "Y[X=1] > Y[X=0]", Some("X==1 & Y==1")).expect("valid");
    let targets = [pe, pc];
    let options = SamplerOptions {
        draws: 4000,
        seed: 3,
        chains: 4,
    };
    let posterior_mean = |csv: &str| -> Vec<(f64, f64)> {
        let data = parse_csv(csv, m).expect("valid");
        let draws = sample_posterior(m, &data, &targets, options);
        draws
            .sums
            .iter()
            .map(|chains| {
                let traces: Vec<Vec<f64>> = chains
                    .iter()
                    .map(|c| c.iter().map(|s| s.numerator / s.denominator).collect())
                    .collect();
                let all: Vec<f64> = traces.iter().flatten().copied().collect();
                let ess = probative_causal::convergence::effective_sample_size(&traces);
                let se = probative_causal::convergence::sd(&all) / ess.sqrt();
                (probative_causal::convergence::mean(&all), se)
            })
            .collect()
    };
    let case_7 = format!("X,Y\n{}", "0,0\n1,1\n".repeat(10));
    let gibbs = posterior_mean(&case_7);
    assert!(
        (gibbs[0].0 - 0.798_612).abs() < 4.0 * gibbs[0].1,
        "{gibbs:?}"
    );
    assert!(
        (gibbs[1].0 - 0.908_335).abs() < 4.0 * gibbs[1].1,
        "{gibbs:?}"
    );

    // Some cases miss X or Y: compare with importance sampling from the prior.
    let csv = format!(
        "X,Y\n{}{}{}",
        "0,0\n1,1\n".repeat(5),
        ",1\n".repeat(3),
        "1,\n".repeat(2)
    );
    let gibbs = posterior_mean(&csv);
    let data = parse_csv(&csv, m).expect("valid");
    let mut rng = Rng::new(11, 0);
    let mut lambda = vec![0.0; m.n_params()];
    let (mut w_sum, mut w2_sum) = (0.0, 0.0);
    let mut weighted = [0.0f64; 2];
    let mut weighted2 = [0.0f64; 2];
    let mut cache = MassCache::default();
    for _ in 0..100_000 {
        for set in &m.sets {
            let range = set.offset..set.offset + set.types.len();
            rng.dirichlet(&m.alpha[range.clone()], &mut lambda[range]);
        }
        cache.clear();
        let mut w = 1.0;
        for event in &data.events {
            let p = Target::event(m, &event.observed)
                .evaluate(m, &lambda, &mut cache)
                .denominator;
            w *= p.powi(event.count as i32);
        }
        w_sum += w;
        w2_sum += w * w;
        for (k, t) in targets.iter().enumerate() {
            let sums = t.evaluate(m, &lambda, &mut cache);
            let q = sums.numerator / sums.denominator;
            weighted[k] += w * q;
            weighted2[k] += w * q * q;
        }
    }
    let ess = w_sum * w_sum / w2_sum;
    for k in 0..2 {
        let mean = weighted[k] / w_sum;
        let var = weighted2[k] / w_sum - mean * mean;
        let is_se = (var / ess).sqrt();
        let tolerance = 4.0 * (is_se * is_se + gibbs[k].1 * gibbs[k].1).sqrt();
        assert!(
            (gibbs[k].0 - mean).abs() < tolerance,
            "target {k}: Gibbs {:?}, importance sampling {mean} ± {is_se}",
            gibbs[k]
        );
    }
}

/// Reference §4.12, confounded case: with `X <-> Y` each Y|X=x set is
/// informed through one binomial split, so the ATE has a closed form.
#[test]
fn confounded_ate_has_the_closed_form() {
    let s = study(
        r#"
[model]
dag = "X -> Y; X <-> Y"
[[query]]
name = "ATE"
query = "Y[X=1] - Y[X=0]"
using = "posteriors"
case_level = true
"#,
    );
    assert_eq!(s.model.n_params(), 10);
    let (n00, n01, n10, n11) = (3.0, 5.0, 2.0, 7.0);
    let csv = format!(
        "X,Y\n{}{}{}{}",
        "0,0\n".repeat(3),
        "0,1\n".repeat(5),
        "1,0\n".repeat(2),
        "1,1\n".repeat(7)
    );
    let a = run(&s, Some(&csv), 100);
    let n = n00 + n01 + n10 + n11;
    let x0 = (1.0 + n00 + n01) / (2.0 + n);
    let effect0 = 0.5 * ((2.0 + n00) - (2.0 + n01)) / (4.0 + n00 + n01);
    let effect1 = 0.5 * ((2.0 + n11) - (2.0 + n10)) / (4.0 + n10 + n11);
    let expected = x0 * effect0 + (1.0 - x0) * effect1;
    exact(&a, "ATE", "TRUE", Using::Posteriors, true, expected);
}

/// With confounding and X sometimes missing, the Gibbs sampler branches on
/// X's type; it agrees with importance sampling from the prior.
#[test]
fn gibbs_with_confounding_and_missing_data_agrees_with_importance_sampling() {
    use probative_causal::random::Rng;
    use probative_causal::update::{SamplerOptions, sample_posterior};
    let s = study("[model]\ndag = \"X -> Y; X <-> Y\"\n");
    let m = &s.model;
    let targets = [
        Target::compile(m, "Y[X=1] - Y[X=0]", None).expect("valid"),
        Target::compile(m, "Y[X=1] > Y[X=0]", Some("X==1 & Y==1")).expect("valid"),
    ];
    let csv = format!(
        "X,Y\n{}{}{}{}",
        "0,0\n".repeat(4),
        "1,1\n".repeat(6),
        ",1\n".repeat(4),
        "1,0\n".repeat(2)
    );
    let data = parse_csv(&csv, m).expect("valid");
    assert!(probative_causal::exact::posterior(m, &data).is_none());
    let options = SamplerOptions {
        draws: 4000,
        seed: 9,
        chains: 4,
    };
    let draws = sample_posterior(m, &data, &targets, options);
    let mut rng = Rng::new(12, 0);
    let mut lambda = vec![0.0; m.n_params()];
    let mut cache = MassCache::default();
    let (mut w_sum, mut w2_sum) = (0.0, 0.0);
    let mut moments = [[0.0f64; 2]; 2];
    for _ in 0..100_000 {
        for set in &m.sets {
            let range = set.offset..set.offset + set.types.len();
            rng.dirichlet(&m.alpha[range.clone()], &mut lambda[range]);
        }
        cache.clear();
        let mut w = 1.0;
        for event in &data.events {
            let p = Target::event(m, &event.observed)
                .evaluate(m, &lambda, &mut cache)
                .denominator;
            w *= p.powi(event.count as i32);
        }
        w_sum += w;
        w2_sum += w * w;
        for (k, t) in targets.iter().enumerate() {
            let sums = t.evaluate(m, &lambda, &mut cache);
            let q = sums.numerator / sums.denominator;
            moments[k][0] += w * q;
            moments[k][1] += w * q * q;
        }
    }
    let ess = w_sum * w_sum / w2_sum;
    for (k, chains) in draws.sums.iter().enumerate() {
        let traces: Vec<Vec<f64>> = chains
            .iter()
            .map(|c| c.iter().map(|s| s.numerator / s.denominator).collect())
            .collect();
        let all: Vec<f64> = traces.iter().flatten().copied().collect();
        let gibbs = probative_causal::convergence::mean(&all);
        let gibbs_se = probative_causal::convergence::sd(&all)
            / probative_causal::convergence::effective_sample_size(&traces).sqrt();
        let mean = moments[k][0] / w_sum;
        let is_se = ((moments[k][1] / w_sum - mean * mean) / ess).sqrt();
        let tolerance = 4.0 * (is_se * is_se + gibbs_se * gibbs_se).sqrt();
        assert!(
            (gibbs - mean).abs() < tolerance,
            "target {k}: Gibbs {gibbs} ± {gibbs_se}, importance sampling {mean} ± {is_se}"
        );
    }
}

/// With Jeffreys priors (alpha 0.5) the slice moves along the likelihood's
/// flat directions target a non-uniform density; Gibbs still matches the
/// exact posterior.
#[test]
fn gibbs_with_jeffreys_priors_matches_the_exact_posterior() {
    use probative_causal::update::{SamplerOptions, sample_posterior};
    let s = study("[model]\ndag = \"X -> Y\"\n[priors]\ndistribution = \"jeffreys\"\n");
    let m = &s.model;
    let csv = format!("X,Y\n{}{}", "0,0\n1,1\n".repeat(8), "0,1\n1,0\n".repeat(2));
    let data = parse_csv(&csv, m).expect("valid");
    let exact_mean = probative_causal::exact::posterior(m, &data)
        .expect("small")
        .mean(m);
    let targets = [Target::compile(m, "Y[X=1] > Y[X=0]", None).expect("valid")];
    let options = SamplerOptions {
        draws: 4000,
        seed: 4,
        chains: 4,
    };
    let draws = sample_posterior(m, &data, &targets, options);
    let traces: Vec<Vec<f64>> = draws.sums[0]
        .iter()
        .map(|c| c.iter().map(|s| s.numerator).collect())
        .collect();
    let all: Vec<f64> = traces.iter().flatten().copied().collect();
    let gibbs = probative_causal::convergence::mean(&all);
    let se = probative_causal::convergence::sd(&all)
        / probative_causal::convergence::effective_sample_size(&traces).sqrt();
    // Y.01 is parameter 4, counting from 0: X.0, X.1, Y.00, Y.10, Y.01, Y.11.
    assert!(
        (gibbs - exact_mean[4]).abs() < 4.0 * se,
        "Gibbs {gibbs} ± {se}, exact {}",
        exact_mean[4]
    );
}

/// A node with three parents has 256 types, so cases get their latent types
/// by uniform proposals within their class. With 20 cases in one parent
/// combination, the posterior of that digit's probability is exactly
/// Beta(128 + 20, 128) by Dirichlet aggregation.
#[test]
fn gibbs_on_a_large_set_matches_dirichlet_aggregation() {
    use probative_causal::update::{SamplerOptions, sample_posterior};
    let s = study("[model]\ndag = \"A -> Y <- B; C -> Y\"\n");
    let m = &s.model;
    let data = parse_csv(&format!("A,B,C,Y\n{}", "1,1,1,1\n".repeat(20)), m).expect("valid");
    let targets = [Target::compile(m, "Y[A=1, B=1, C=1] == 1", None).expect("valid")];
    let draws = sample_posterior(
        m,
        &data,
        &targets,
        SamplerOptions {
            draws: 2000,
            seed: 2,
            chains: 4,
        },
    );
    let traces: Vec<Vec<f64>> = draws.sums[0]
        .iter()
        .map(|c| c.iter().map(|s| s.numerator).collect())
        .collect();
    let all: Vec<f64> = traces.iter().flatten().copied().collect();
    let mean = probative_causal::convergence::mean(&all);
    let se = probative_causal::convergence::sd(&all)
        / probative_causal::convergence::effective_sample_size(&traces).sqrt();
    let expected = 148.0 / 276.0;
    assert!(
        (mean - expected).abs() < 4.0 * se,
        "{mean} ± {se} vs {expected}"
    );
    let sd = probative_causal::convergence::sd(&all);
    let expected_sd = (148.0 * 128.0 / (276.0 * 276.0 * 277.0f64)).sqrt();
    assert!(
        (sd - expected_sd).abs() < 0.15 * expected_sd,
        "{sd} vs {expected_sd}"
    );
}
