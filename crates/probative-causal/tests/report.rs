//! What a user sees: the JSON and text reports of a small exact model, in full.

use probative_causal::report::{Report, to_text};
use probative_causal::{Options, analyse, parse_study};

const MODEL: &str = r#"
[model]
dag = "X -> M -> Y"
restrict = ["decreasing(X, M)", "decreasing(M, Y)"]

[[query]]
name = "PC"
query = "Y[X=1] > Y[X=0]"
given = ["X==1 & Y==1", "X==1 & Y==1 & M==0"]
using = ["parameters", "priors"]
case_level = true

[[query]]
name = "never"
query = "Y == 1"
given = "X==1 & X==0"
"#;

#[test]
fn json_report_in_full() {
    let study = parse_study(MODEL).expect("valid");
    let options = Options {
        clues: Some("X==1 & Y==1".to_string()),
        ..Options::default()
    };
    let analysis = analyse(&study, None, &options).expect("runs");
    let json = Report::new(&study, &analysis).to_json();
    let expected = r#"{
  "schema": "probative-causal/1",
  "model": {
    "nodes": [
      "X",
      "M",
      "Y"
    ],
    "edges": [
      [
        "X",
        "M"
      ],
      [
        "M",
        "Y"
      ]
    ],
    "parameters": 8,
    "causal_types": 18
  },
  "results": [
    {
      "query": "PC",
      "expression": "Y[X=1] > Y[X=0]",
      "given": "X==1 & Y==1",
      "using": "parameters",
      "case_level": true,
      "mean": 0.2,
      "sd": null,
      "interval": null,
      "mc_se": null
    },
    {
      "query": "PC",
      "expression": "Y[X=1] > Y[X=0]",
      "given": "X==1 & Y==1",
      "using": "priors",
      "case_level": true,
      "mean": 0.2,
      "sd": null,
      "interval": null,
      "mc_se": null
    },
    {
      "query": "PC",
      "expression": "Y[X=1] > Y[X=0]",
      "given": "X==1 & Y==1 & M==0",
      "using": "parameters",
      "case_level": true,
      "mean": 0.0,
      "sd": null,
      "interval": null,
      "mc_se": null
    },
    {
      "query": "PC",
      "expression": "Y[X=1] > Y[X=0]",
      "given": "X==1 & Y==1 & M==0",
      "using": "priors",
      "case_level": true,
      "mean": 0.0,
      "sd": null,
      "interval": null,
      "mc_se": null
    },
    {
      "query": "never",
      "expression": "Y == 1",
      "given": "X==1 & X==0",
      "using": "parameters",
      "case_level": false,
      "mean": null,
      "sd": null,
      "interval": null,
      "mc_se": null,
      "message": "no causal type satisfies the given"
    }
  ],
  "clues": [
    {
      "query": "PC",
      "expression": "Y[X=1] > Y[X=0]",
      "case": "X==1 & Y==1",
      "using": "parameters",
      "prior": 0.2,
      "prior_variance": 0.16,
      "prior_mc_se": null,
      "clues": [
        {
          "node": "M",
          "p_clue": 0.8,
          "p_clue_given_query": 1.0,
          "p_clue_given_not_query": 0.75,
          "posterior_if_clue_1": 0.25,
          "posterior_if_clue_0": 0.0,
          "expected_posterior_variance": 0.15,
          "mc_se": null
        }
      ]
    },
    {
      "query": "PC",
      "expression": "Y[X=1] > Y[X=0]",
      "case": "X==1 & Y==1",
      "using": "priors",
      "prior": 0.2,
      "prior_variance": 0.16,
      "prior_mc_se": null,
      "clues": [
        {
          "node": "M",
          "p_clue": 0.8,
          "p_clue_given_query": 1.0,
          "p_clue_given_not_query": 0.75,
          "posterior_if_clue_1": 0.25,
          "posterior_if_clue_0": 0.0,
          "expected_posterior_variance": 0.15,
          "mc_se": null
        }
      ]
    },
    {
      "query": "never",
      "expression": "Y == 1",
      "case": "X==1 & Y==1",
      "using": "parameters",
      "prior": 1.0,
      "prior_variance": 0.0,
      "prior_mc_se": null,
      "clues": [
        {
          "node": "M",
          "p_clue": 0.8,
          "p_clue_given_query": 0.8,
          "p_clue_given_not_query": null,
          "posterior_if_clue_1": 1.0,
          "posterior_if_clue_0": 1.0,
          "expected_posterior_variance": 0.0,
          "mc_se": null
        }
      ]
    }
  ]
}"#;
    assert_eq!(json, expected, "\n{json}");
}

#[test]
fn text_report_shows_model_results_and_clues() {
    let study = parse_study(MODEL).expect("valid");
    let options = Options {
        clues: Some("X==1 & Y==1".to_string()),
        ..Options::default()
    };
    let analysis = analyse(&study, None, &options).expect("runs");
    let text = to_text(&study, &analysis, None);
    for line in [
        "Causal model  X -> M -> Y",
        "  edges    X -> M, M -> Y",
        "  M        <- X",
        "  8 parameters in 3 sets, 18 causal types",
        "    M            00 01 11",
        "    decreasing(X, M): removes M.10",
        "    (no causal type satisfies the given)",
        "  (values without mc_se are exact)",
        "  before any clue: 0.2000 (variance 0.1600)",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(
        !text.contains("Sampler"),
        "no posteriors, no sampler:\n{text}"
    );
}
