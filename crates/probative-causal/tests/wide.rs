//! Nodes with five and six parents, built from restrictions of one parent
//! at a time without enumerating their 2^32 or 2^64 functions.

use probative_causal::data::parse_csv;
use probative_causal::model::Using;
use probative_causal::{Options, analyse, parse_study};
use std::fmt::Write as _;

const FIVE: &str = r#"
[model]
dag = "A -> Y <- B; C -> Y; D -> Y; E -> Y"
monotone = ["Y"]
[[query]]
name = "PC of A"
query = "Y[A=1] > Y[A=0]"
given = "A==1 & Y==1"
using = ["parameters", "priors", "posteriors"]
case_level = true
"#;

/// Y monotone in five parents has the 7,581 monotone Boolean functions of
/// five variables (a Dedekind number) as its nodal types; the model updates
/// on 100 cases and answers a case-level query.
#[test]
fn five_parents_monotone_update_and_case_level_query() {
    let study = parse_study(FIVE).unwrap_or_else(|e| panic!("{e}"));
    let model = &study.model;
    let y = &model.sets[model.nodes[5].sets[0]];
    assert_eq!(y.types.len(), 7581);
    assert_eq!(model.n_params(), 5 * 2 + 7581);
    assert_eq!(model.causal_type_count(), 32 * 7581);
    // Every type is monotone: no digit flips from 1 to 0 when a parent goes to 1.
    for &t in &y.types {
        for i in 0..32u32 {
            for p in 0..5 {
                if i >> p & 1 == 0 {
                    assert!(t >> i & 1 <= t >> (i | 1 << p) & 1, "type {t:032b}");
                }
            }
        }
    }
    // 30 cases: Y is 1 when A or B is 1 (the bench updates on 100).
    let mut csv = String::from("A,B,C,D,E,Y\n");
    for i in 0..30u32 {
        let bits: Vec<u32> = (0..5).map(|p| (i * 7 + p * 3) >> p & 1).collect();
        let y = u32::from(bits[0] == 1 || bits[1] == 1);
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{y}",
            bits[0], bits[1], bits[2], bits[3], bits[4]
        );
    }
    let data = parse_csv(&csv, model).unwrap_or_else(|e| panic!("{e}"));
    let options = Options {
        draws: 8,
        seed: 5,
        clues: None,
    };
    let a = analyse(&study, Some(&data), &options).unwrap_or_else(|e| panic!("{e}"));
    let at = |using: Using| {
        a.results
            .iter()
            .find(|r| r.using == using)
            .and_then(|r| r.mean)
            .unwrap_or(f64::NAN)
    };
    let (point, prior, posterior) = (
        at(Using::Parameters),
        at(Using::Priors),
        at(Using::Posteriors),
    );
    // Flat parameters and the uniform prior's mean agree exactly.
    assert!((point - prior).abs() < 1e-12, "{point} {prior}");
    assert!(point > 0.0 && point < 1.0, "{point}");
    assert!(posterior > 0.0 && posterior <= 1.0, "{posterior}");
}

/// Six parents: counted (the 7,828,354 monotone functions of six
/// variables) and refused at once, with the memory they would take.
#[test]
fn six_parents_are_refused_with_the_count_and_memory() {
    let text = FIVE.replace("E -> Y\"", "E -> Y; F -> Y\"");
    let e = parse_study(&text).expect_err("refused").to_string();
    assert!(e.contains("7,828,354 nodal types"), "{e}");
    assert!(e.contains("150 MB"), "{e}");
    assert!(e.contains("line 3"), "{e}");
}

/// Without restrictions, five parents are refused with what to do.
#[test]
fn five_unrestricted_parents_are_refused_with_help() {
    let text = FIVE.replace("monotone = [\"Y\"]\n", "");
    let e = parse_study(&text).expect_err("refused");
    assert!(e.message.contains("more than 16,777,216"), "{e}");
    assert!(
        e.help.as_deref().is_some_and(|h| h.contains("monotone")),
        "{e}"
    );
}
