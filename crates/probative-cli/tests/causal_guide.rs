//! The process-tracing example of the CausalQueries guide (ch. 8), shipped
//! as `examples/causal/democratization`: the published case-level values
//! come out, and the clue ranking says where to look first.

#![allow(clippy::unwrap_used)]

use std::process::Command;

use serde_json::Value;

fn run(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_probative"))
        .args([
            "causal",
            "../../examples/causal/democratization/model.toml",
            "--format",
            "json",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_guides_published_values_come_out() {
    let report = run(&[]);
    // (given, published value, published precision)
    let published = [
        ("I==0 & D==1", 0.4384, 1e-4),
        ("I==0 & D==1 & M==0", 0.4750, 1e-4),
        ("I==0 & D==1 & M==1", 0.3939, 1e-4),
        ("I==0 & D==1 & P==0", 0.615, 1e-3),
        ("I==0 & D==1 & P==1", 0.340, 1e-3),
        ("I==0 & D==1 & M==0 & P==0", 0.667, 1e-3),
        ("I==0 & D==1 & M==1 & P==0", 0.571, 1e-3),
    ];
    let results = report["results"].as_array().unwrap();
    for (given, value, precision) in published {
        let result = results.iter().find(|r| r["given"] == given).unwrap();
        let mean = result["mean"].as_f64().unwrap();
        assert!(
            (mean - value).abs() <= precision / 2.0,
            "{given}: {mean}, published {value}"
        );
        assert!(result["mc_se"].is_null(), "{given} is exact, not sampled");
    }
}

#[test]
fn pressure_is_the_clue_to_look_for_first() {
    let report = run(&["--clues", "I==0 & D==1"]);
    let ranking = &report["clues"][0]["clues"];
    let nodes: Vec<&str> = ranking
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["node"].as_str().unwrap())
        .collect();
    assert_eq!(nodes, ["P", "M"]);
    // Observing P is expected to leave less variance than observing M, and
    // either leaves less than not looking at all.
    let variance = |i: usize| ranking[i]["expected_posterior_variance"].as_f64().unwrap();
    let prior = report["clues"][0]["prior_variance"].as_f64().unwrap();
    assert!(variance(0) < variance(1) && variance(1) < prior);
    assert!((ranking[0]["posterior_if_clue_0"].as_f64().unwrap() - 0.615).abs() < 5e-4);
}
