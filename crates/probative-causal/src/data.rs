//! Data: CSV text → counts of events by observation strategy.
//!
//! This module owns CausalQueries' `collapse_data`: a row is an event (the
//! observed node values) of its strategy (the set of observed nodes); rows
//! with every node missing, and rows no causal type can produce, are dropped
//! with a warning. It reads text, never files.

use crate::engine::{MassCache, Target, support_parameters};
use crate::error::{CausalError, Result};
use crate::model::CausalModel;
use std::collections::BTreeMap;

/// Cases that showed the same values on the same nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Observed (node, value) pairs in node order.
    pub observed: Vec<(usize, bool)>,
    /// How many cases.
    pub count: u64,
}

/// Collapsed data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Data {
    /// Events with a positive count, by strategy then values.
    pub events: Vec<Event>,
    /// Rows kept.
    pub cases: u64,
    /// Warnings about dropped rows or ignored columns.
    pub warnings: Vec<String>,
}

impl Data {
    /// The event label as CausalQueries writes it, e.g. `X1M0Y1`.
    pub fn label(model: &CausalModel, event: &Event) -> String {
        let mut label = String::new();
        for &(n, v) in &event.observed {
            label.push_str(&model.nodes[n].name);
            label.push(if v { '1' } else { '0' });
        }
        label
    }
}

/// Longest part of a cell quoted in an error: a 10 MB value is not
/// echoed whole.
const QUOTED_CHARS: usize = 40;

/// `s` in quotes, cut to [`QUOTED_CHARS`] characters.
fn quoted(s: &str) -> String {
    if s.chars().count() > QUOTED_CHARS {
        let cut: String = s.chars().take(QUOTED_CHARS).collect();
        format!("{cut:?}…")
    } else {
        format!("{s:?}")
    }
}

/// The header's node columns. Every column must name a node exactly:
/// a column that does not would be dropped, and the answer would change
/// without a word (a byte-order mark glued to the first name, a first line
/// of data, `x` for `X`, `;` between names all did so once).
fn header_columns(header: &str, model: &CausalModel) -> Result<Vec<usize>> {
    let nodes: Vec<&str> = model.nodes.iter().map(|n| n.name.as_str()).collect();
    let expected = nodes.join(",");
    if header.contains(';') && !header.contains(',') && nodes.len() > 1 {
        return Err(CausalError::data(format!(
            "the header {} separates its columns with `;`",
            quoted(header)
        ))
        .help(format!(
            "the data file is comma-separated; write the header as {expected}"
        )));
    }
    let mut columns: Vec<usize> = Vec::new();
    for name in header.split(',') {
        let name = name.trim().trim_matches('"');
        if let Some(j) = nodes.iter().position(|n| *n == name) {
            if columns.contains(&j) {
                return Err(CausalError::data(format!("column {name} appears twice")));
            }
            columns.push(j);
            continue;
        }
        let error = CausalError::data(format!(
            "column {} is not a node of the model (its nodes: {})",
            quoted(name),
            nodes.join(", ")
        ));
        return Err(
            if let Some(node) = nodes.iter().find(|n| n.eq_ignore_ascii_case(name)) {
                error.help(format!(
                    "did you mean {node}? node names are case-sensitive"
                ))
            } else if matches!(name, "0" | "1" | "" | "NA" | "na" | ".") {
                error.help(format!(
                    "the first line must be a header naming the nodes, e.g. {expected}"
                ))
            } else {
                error.help(format!(
                    "every column must be a node ({expected}); remove the others"
                ))
            },
        );
    }
    Ok(columns)
}

/// Parses CSV text with a header of node names; values 0, 1, or empty/NA.
/// A byte-order mark is skipped; a header column that is not a node, and
/// line ends of a lone carriage return, are errors.
pub fn parse_csv(text: &str, model: &CausalModel) -> Result<Data> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(at) = text.find('\r')
        && text.as_bytes().get(at + 1) != Some(&b'\n')
    {
        let line = text[..at].matches('\n').count() + 1;
        return Err(
            CausalError::data(format!("line {line} ends with a lone carriage return"))
                .help("save the file with LF or CRLF line ends"),
        );
    }
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(CausalError::data("the data file is empty"));
    };
    let mut warnings = Vec::new();
    let columns = header_columns(header, model)?;
    let mut counts: BTreeMap<(u64, u64), u64> = BTreeMap::new();
    let mut all_missing = 0u64;
    for (line_number, line) in lines {
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != columns.len() {
            return Err(CausalError::data(format!(
                "line {} has {} fields but the header has {}",
                line_number + 1,
                cells.len(),
                columns.len()
            )));
        }
        let (mut seen, mut ones) = (0u64, 0u64);
        for (cell, &j) in cells.iter().zip(&columns) {
            match cell.trim().trim_matches('"') {
                "" | "NA" | "na" | "." => {}
                "0" => seen |= 1 << j,
                "1" => {
                    seen |= 1 << j;
                    ones |= 1 << j;
                }
                other => {
                    return Err(CausalError::data(format!(
                        "line {}, column {}: {} is not 0, 1 or empty",
                        line_number + 1,
                        model.nodes[j].name,
                        quoted(other)
                    ))
                    .help("nodes are binary; write missing values as an empty field or NA"));
                }
            }
        }
        if seen == 0 {
            all_missing += 1;
        } else {
            *counts.entry((seen, ones)).or_insert(0) += 1;
        }
    }
    if all_missing > 0 {
        warnings.push(format!(
            "dropped {all_missing} row{} with every node missing",
            if all_missing == 1 { "" } else { "s" }
        ));
    }
    let support = support_parameters(model);
    let mut events = Vec::new();
    let mut impossible = 0u64;
    let mut cases = 0u64;
    for ((seen, ones), count) in counts {
        let observed: Vec<(usize, bool)> = (0..model.nodes.len())
            .filter(|&j| seen >> j & 1 == 1)
            .map(|j| (j, ones >> j & 1 == 1))
            .collect();
        let probability = Target::event(model, &observed)
            .evaluate(model, &support, &mut MassCache::default())
            .denominator;
        if probability <= 0.0 {
            impossible += count;
            continue;
        }
        cases += count;
        events.push(Event { observed, count });
    }
    if impossible > 0 {
        warnings.push(format!(
            "dropped {impossible} row{} that the model cannot produce",
            if impossible == 1 { "" } else { "s" }
        ));
    }
    Ok(Data {
        events,
        cases,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build_model;
    use crate::nodal::Restriction;
    use crate::syntax::Join;

    #[test]
    fn collapses_and_drops_with_warnings() {
        let r = Restriction {
            text: "decreasing(X, Y)".into(),
            join: Join::Any,
            keep: false,
            given: None,
        };
        let m = build_model("X -> Y", &[r]).expect("valid");
        let csv = "X,Y\n0,0\n0,0\n1,\n,\nNA,NA\n1,1\n";
        let d = parse_csv(csv, &m).expect("valid");
        assert_eq!(d.cases, 4);
        assert_eq!(d.events.len(), 3);
        let labels: Vec<String> = d.events.iter().map(|e| Data::label(&m, e)).collect();
        assert_eq!(labels, ["X1", "X0Y0", "X1Y1"]);
        assert!(
            d.warnings
                .iter()
                .any(|w| w.contains("dropped 2 rows with every node missing"))
        );
    }

    #[test]
    fn impossible_rows_are_dropped() {
        let m = build_model("X -> Y", &[]).expect("valid");
        let mut m2 = m.clone();
        // Remove every type with Y=1 when X=1 except through a label restriction.
        m2.sets[1].types.retain(|&t| t & 2 == 0);
        let mut offset = 0;
        for set in &mut m2.sets {
            set.offset = offset;
            offset += set.types.len();
        }
        m2.alpha.truncate(offset);
        m2.values.truncate(offset);
        let d = parse_csv("X,Y\n1,1\n0,1\n", &m2).expect("valid");
        assert_eq!(d.cases, 1);
        assert!(d.warnings.iter().any(|w| w.contains("dropped 1 row that")));
        let e = parse_csv("X,Y\n2,1\n", &m).expect_err("bad value");
        assert!(e.message.contains("line 2"));
    }

    /// Each of these once lost its columns in silence: exit 0 and another
    /// answer. Each is now an error that says what to write.
    #[test]
    fn columns_that_are_not_nodes_are_errors() {
        let m = build_model("X -> Y", &[]).expect("valid");
        let good = parse_csv("X,Y\n1,1\n0,0\n", &m).expect("valid");
        let bom = parse_csv("\u{feff}X,Y\n1,1\n0,0\n", &m).expect("a BOM is skipped");
        assert_eq!(bom, good);
        let crlf = parse_csv("X,Y\r\n1,1\r\n0,0\r\n", &m).expect("CRLF");
        assert_eq!(crlf, good);
        let cases: [(&str, &str, &str); 5] = [
            ("x,y\n1,1\n", "\"x\" is not a node", "did you mean X?"),
            ("1,1\n0,0\n", "\"1\" is not a node", "must be a header"),
            (
                "X;Y\n1;1\n",
                "separates its columns with `;`",
                "write the header as X,Y",
            ),
            (
                "X,Y,comment\n1,1,a\n",
                "\"comment\" is not a node",
                "remove the others",
            ),
            (
                "X,Y\r1,1\r",
                "line 1 ends with a lone carriage return",
                "LF or CRLF",
            ),
        ];
        for (csv, message, help) in cases {
            let e = parse_csv(csv, &m).expect_err(csv);
            assert!(e.message.contains(message), "{csv:?}: {}", e.message);
            assert!(
                e.help.as_deref().is_some_and(|h| h.contains(help)),
                "{csv:?}: {:?}",
                e.help
            );
        }
    }

    #[test]
    fn a_huge_value_is_not_echoed_whole() {
        let m = build_model("X -> Y", &[]).expect("valid");
        let csv = format!("X,Y\n{},1\n", "9".repeat(1_000_000));
        let e = parse_csv(&csv, &m).expect_err("bad value");
        assert!(e.message.len() < 200, "{}", e.message.len());
    }
}
