//! What-if: a study without some of its evidence.
//!
//! `--without` drops evidence before the analysis, by item id, by source
//! (`source:KEY`, which also matches items that reached their source
//! through KEY, `via`), by case (`case:ID`) or by tag (`tag:NAME`). Every
//! item that depends on a dropped item goes too, directly or through
//! others: its likelihoods were judged conditional on what is gone
//! (Fairfield & Charman 2017 on dependent evidence). The same closure
//! serves every counterfactual removal, `single-source-conclusion`
//! included.

use std::fmt;

use super::study::Study;

/// One `--without` selection, as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// An evidence item by id.
    Item(String),
    /// Every item citing a source key, as `source` or through `via`.
    Source(String),
    /// Every item of a case.
    Case(String),
    /// Every item carrying a tag.
    Tag(String),
}

impl Selection {
    /// Reads `ID`, `source:KEY`, `case:ID` or `tag:NAME`.
    ///
    /// # Errors
    /// An empty name, or a prefix other than those three.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (kind, name) = match text.split_once(':') {
            Some((kind, name)) => (Some(kind), name),
            None => (None, text),
        };
        if name.trim().is_empty() {
            return Err(format!(
                "`--without {text}` names nothing; write an evidence id, `source:KEY`, `case:ID` or `tag:NAME`"
            ));
        }
        let name = name.to_owned();
        match kind {
            None => Ok(Self::Item(name)),
            Some("source") => Ok(Self::Source(name)),
            Some("case") => Ok(Self::Case(name)),
            Some("tag") => Ok(Self::Tag(name)),
            Some(other) => {
                let hint = crate::syntax_closest(other, &["source", "case", "tag"])
                    .map_or_else(String::new, |best| format!(" (did you mean `{best}:`?)"));
                Err(format!(
                    "`--without {text}`: unknown kind `{other}:`{hint}; write an evidence id, `source:KEY`, `case:ID` or `tag:NAME`"
                ))
            }
        }
    }
}

impl fmt::Display for Selection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selection::Item(id) => write!(f, "{id}"),
            Selection::Source(key) => write!(f, "source:{key}"),
            Selection::Case(id) => write!(f, "case:{id}"),
            Selection::Tag(name) => write!(f, "tag:{name}"),
        }
    }
}

/// Marks every item that depends on a marked one, directly or through
/// others, and returns how many it marked. Linear in the number of items
/// and dependencies; `depends_on` has no cycle in a valid study, and a
/// visited item is never visited again in any case.
pub fn with_dependents(study: &Study, marked: &mut [bool]) -> usize {
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); study.evidence.len()];
    for (e, item) in study.evidence.iter().enumerate() {
        for &d in &item.depends_on {
            dependents[d].push(e);
        }
    }
    let mut stack: Vec<usize> = (0..marked.len()).filter(|&e| marked[e]).collect();
    let mut added = 0;
    while let Some(e) = stack.pop() {
        for &d in &dependents[e] {
            if !marked[d] {
                marked[d] = true;
                added += 1;
                stack.push(d);
            }
        }
    }
    added
}

/// The items (in file order) a selection names, before dependents.
///
/// # Errors
/// A selection that names nothing in the study, with the closest name that
/// would.
fn select(study: &Study, selection: &Selection) -> Result<Vec<usize>, String> {
    let items = &study.evidence;
    let (found, names, what): (Vec<usize>, Vec<&str>, &str) = match selection {
        Selection::Item(id) => (
            items.iter().position(|e| &e.id == id).into_iter().collect(),
            items.iter().map(|e| e.id.as_str()).collect(),
            "evidence item",
        ),
        Selection::Source(key) => (
            (0..items.len())
                .filter(|&e| items[e].source.as_ref() == Some(key) || items[e].via.contains(key))
                .collect(),
            distinct(
                items
                    .iter()
                    .flat_map(|e| e.source.iter().chain(&e.via))
                    .map(String::as_str),
            ),
            "source",
        ),
        Selection::Case(id) => {
            let Some(c) = study.cases.iter().position(|c| &c.id == id) else {
                let names: Vec<&str> = study.cases.iter().map(|c| c.id.as_str()).collect();
                return Err(unknown(selection, "case", id, &names));
            };
            (
                (0..items.len())
                    .filter(|&e| items[e].case == Some(c))
                    .collect(),
                Vec::new(),
                "case",
            )
        }
        Selection::Tag(name) => (
            (0..items.len())
                .filter(|&e| items[e].tags.contains(name))
                .collect(),
            distinct(items.iter().flat_map(|e| &e.tags).map(String::as_str)),
            "tag",
        ),
    };
    if found.is_empty() {
        let name = match selection {
            Selection::Item(n) | Selection::Source(n) | Selection::Case(n) | Selection::Tag(n) => n,
        };
        if let Selection::Case(_) = selection {
            return Err(format!(
                "`--without {selection}`: the case `{name}` has no evidence items"
            ));
        }
        return Err(unknown(selection, what, name, &names));
    }
    Ok(found)
}

fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

fn unknown(selection: &Selection, what: &str, name: &str, names: &[&str]) -> String {
    let hint = match crate::syntax_closest(name, names) {
        Some(best) => format!("did you mean `{best}`?"),
        None if names.is_empty() => format!("the study has no {what} to drop"),
        None if names.len() <= 12 => format!(
            "the study's {what}s are {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("the study has {} {what}s; check the spelling", names.len()),
    };
    format!("`--without {selection}`: no {what} `{name}` in the study; {hint}")
}

/// The study without the selected items and their dependents, and what was
/// removed. References between the remaining items (`depends_on`, an
/// event's `evidence`) are renumbered; references to removed items are
/// dropped with them.
///
/// # Errors
/// Every selection that names nothing in the study, each with a hint.
pub fn without(study: &Study, selections: &[Selection]) -> Result<Study, Vec<String>> {
    let mut marked = vec![false; study.evidence.len()];
    let mut errors = Vec::new();
    for selection in selections {
        match select(study, selection) {
            Ok(items) => {
                for e in items {
                    marked[e] = true;
                }
            }
            Err(message) => errors.push(message),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let added = with_dependents(study, &mut marked);
    let mut index = vec![None; study.evidence.len()];
    let mut kept = 0;
    for (e, gone) in marked.iter().enumerate() {
        if !gone {
            index[e] = Some(kept);
            kept += 1;
        }
    }
    let renumber =
        |list: &[usize]| -> Vec<usize> { list.iter().filter_map(|&e| index[e]).collect() };
    let mut out = study.clone();
    out.evidence = study
        .evidence
        .iter()
        .zip(&marked)
        .filter(|(_, gone)| !**gone)
        .map(|(item, _)| {
            let mut item = item.clone();
            item.depends_on = renumber(&item.depends_on);
            item
        })
        .collect();
    for event in &mut out.events {
        event.evidence = renumber(&event.evidence);
    }
    let mut removal = study.without.clone().unwrap_or_default();
    removal
        .selections
        .extend(selections.iter().map(ToString::to_string));
    removal.removed.extend(
        study
            .evidence
            .iter()
            .zip(&marked)
            .filter(|(_, gone)| **gone)
            .map(|(item, _)| item.id.clone()),
    );
    removal.dependents += added;
    out.without = Some(removal);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn study(text: &str) -> Study {
        let checked = crate::check(text.as_bytes(), &mut |_| Err(String::new()));
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        checked.study.unwrap_or_else(|| panic!("no study"))
    }

    const STUDY: &str = r#"
[study]
title = "t"
[[hypothesis]]
id = "a"
title = "A"
[[hypothesis]]
id = "b"
title = "B"
[[case]]
id = "c1"
title = "C1"
[[event]]
id = "ev"
date = "1995"
summary = "s"
evidence = ["x", "z"]
[[evidence]]
id = "x"
case = "c1"
claim = "x"
source = "memoir"
likelihood = { a = 0.6, b = 0.3 }
[[evidence]]
id = "y"
claim = "y"
source = "press"
via = ["memoir"]
tags = ["t1"]
likelihood = { a = 0.6, b = 0.3 }
[[evidence]]
id = "z"
claim = "z"
depends_on = ["y"]
likelihood = { a = 0.6, b = 0.3 }
[[evidence]]
id = "w"
claim = "w"
depends_on = ["z"]
likelihood = { a = 0.6, b = 0.3 }
[[evidence]]
id = "v"
claim = "v"
depends_on = ["x"]
likelihood = { a = 0.6, b = 0.3 }
"#;

    fn ids(s: &Study) -> Vec<&str> {
        s.evidence.iter().map(|e| e.id.as_str()).collect()
    }

    #[test]
    fn dependents_go_with_what_they_depend_on() {
        let s = study(STUDY);
        let out = without(&s, &[Selection::Item("y".into())]).unwrap();
        assert_eq!(ids(&out), ["x", "v"]);
        let removal = out.without.as_ref().unwrap();
        assert_eq!(removal.removed, ["y", "z", "w"]);
        assert_eq!(removal.dependents, 2);
        assert_eq!(removal.selections, ["y"]);
        // `v` depended on `x`, now at index 0; the event keeps `x` only.
        assert_eq!(out.evidence[1].depends_on, [0]);
        assert_eq!(out.events[0].evidence, [0]);
    }

    #[test]
    fn a_source_covers_items_that_came_through_it() {
        let s = study(STUDY);
        let out = without(&s, &[Selection::Source("memoir".into())]).unwrap();
        assert!(out.evidence.is_empty(), "{:?}", ids(&out));
        let out = without(&s, &[Selection::Tag("t1".into())]).unwrap();
        assert_eq!(ids(&out), ["x", "v"]);
        let out = without(&s, &[Selection::Case("c1".into())]).unwrap();
        assert_eq!(ids(&out), ["y", "z", "w"]);
    }

    #[test]
    fn a_selection_that_names_nothing_is_refused_with_a_hint() {
        let s = study(STUDY);
        let errors = without(
            &s,
            &[
                Selection::Item("yy".into()),
                Selection::Source("memior".into()),
                Selection::Tag("zzzzzz".into()),
            ],
        )
        .unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("are `x`, `y`, `z`"), "{}", errors[0]);
        assert!(
            errors[1].contains("did you mean `memoir`?"),
            "{}",
            errors[1]
        );
        assert!(errors[2].contains("`t1`"), "{}", errors[2]);
        assert!(
            Selection::parse("sorce:memoir")
                .unwrap_err()
                .contains("`source:`")
        );
        assert!(Selection::parse("tag:").is_err());
        assert_eq!(
            Selection::parse("case:c1").unwrap(),
            Selection::Case("c1".into())
        );
    }
}
