//! Entries of a BibTeX file that parse but will not show what their author
//! meant: checks on what the parser accepts and hayagriva then drops or
//! keeps silently.
//!
//! - A `date` the parser cannot read as a date (`2001-02-30`,
//!   `2001-02-30/1999-13`) is kept as text that hayagriva cannot use: the
//!   reference is shown undated, "(n.d.)", and any `year` beside it is
//!   ignored.
//! - Keys that differ only in case (`k1`, `K1`): BibTeX and biber treat
//!   keys case-insensitively, so in a LaTeX paper one of the two entries
//!   hides the other, while probative would tell them apart.
//!
//! - A date field the parser's number reading would abort on (a `year`
//!   whose sign is followed by a space, `- 13`; digits outside ASCII, as
//!   `２００１`): the field is set aside before anything reads it, and the
//!   reference is shown without it.
//!
//! Each is a warning of code `bibliography-entry`, placed at the field or
//! naming the entry; none stops the study from being read.

use std::collections::HashMap;

use biblatex::{ChunksExt as _, PermissiveType};

use crate::diagnostic::{Diagnostic, Location, Severity};

/// The code of every warning here.
pub const CODE: &str = "bibliography-entry";

/// The date fields biblatex reads as dates: `date` and its prefixed kin.
const DATE_FIELDS: [(&str, &str); 4] = [
    ("date", ""),
    ("eventdate", "event"),
    ("origdate", "orig"),
    ("urldate", "url"),
];

/// The fields biblatex reads as numbers when it makes a date: `year`,
/// `month` and `day`, and the date fields.
const NUMBER_FIELDS: [&str; 7] = [
    "year",
    "month",
    "day",
    "date",
    "eventdate",
    "origdate",
    "urldate",
];

/// Removes the date fields that biblatex 0.12 would panic on when asked for
/// a date (it `unwrap`s `parse` on what it scanned as digits), with a
/// located warning for each: a `year` with a space after its sign, and any
/// date field holding a numeric character outside ASCII. Runs before
/// hayagriva or [`check`] read a date.
pub fn set_aside_unreadable(bibliography: &mut biblatex::Bibliography) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for entry in bibliography.iter_mut() {
        for field in NUMBER_FIELDS {
            let Some(chunks) = entry.fields.get(field) else {
                continue;
            };
            let written = chunks.format_verbatim();
            let signed_space = field == "year"
                && written
                    .chars()
                    .zip(written.chars().skip(1))
                    .any(|(a, b)| matches!(a, '+' | '-') && b.is_whitespace());
            let foreign_digit = written.chars().any(|c| !c.is_ascii() && c.is_numeric());
            if !signed_space && !foreign_digit {
                continue;
            }
            let span = match (chunks.first(), chunks.last()) {
                (Some(first), Some(last)) => Some(first.span.start..last.span.end),
                _ => None,
            };
            let mut d = Diagnostic::new(
                CODE,
                Severity::Warning,
                format!(
                    "the `{field}` of entry `{}`, `{written}`, cannot be read as a date; \
                     it is left out, and the reference is shown without it",
                    entry.key
                ),
            )
            .for_source(&entry.key)
            .with_help(if foreign_digit {
                "write the date with the digits 0-9 (`2001`, `2001-02-28`)"
            } else {
                "write a year before the common era with no space after the sign (`-13`)"
            });
            if let Some(span) = span {
                d = d.in_bibliography(span);
            } else {
                d.location = Location::BibliographyEntry(entry.key.clone());
            }
            out.push(d);
            entry.fields.remove(field);
        }
    }
    out
}

/// The warnings for a parsed BibTeX file, in file order.
pub fn check(bibliography: &biblatex::Bibliography) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for entry in bibliography.iter() {
        for (field, _) in DATE_FIELDS {
            let Some(chunks) = entry.get(field) else {
                continue;
            };
            let date = match field {
                "date" => entry.date(),
                "eventdate" => entry.event_date(),
                "origdate" => entry.orig_date(),
                _ => entry.url_date(),
            };
            if let Ok(PermissiveType::Typed(_)) = date {
                continue;
            }
            let (Some(first), Some(last)) = (chunks.first(), chunks.last()) else {
                continue;
            };
            let written = chunks.format_verbatim();
            out.push(
                Diagnostic::new(
                    CODE,
                    Severity::Warning,
                    format!(
                        "the `{field}` of entry `{}`, `{written}`, is not a valid date; \
                         the reference is shown undated, (n.d.)",
                        entry.key
                    ),
                )
                .in_bibliography(first.span.start..last.span.end)
                .for_source(&entry.key)
                .with_help(
                    "write an ISO 8601 date that exists (`2001-02-28`, `2001-02`, `2001`), \
                     or a range of two (`1999/2001`)",
                ),
            );
        }
    }
    let mut seen: HashMap<String, &str> = HashMap::new();
    for entry in bibliography.iter() {
        let folded = entry.key.to_lowercase();
        match seen.get(&folded) {
            Some(first) if *first != entry.key => {
                let mut d = Diagnostic::new(
                    CODE,
                    Severity::Warning,
                    format!(
                        "the keys `{first}` and `{}` differ only in case; BibTeX and biber \
                         treat them as one key",
                        entry.key
                    ),
                )
                .for_source(&entry.key)
                .with_help(
                    "rename one of them, so that a LaTeX paper citing both finds both entries",
                );
                d.location = Location::BibliographyEntry(entry.key.clone());
                out.push(d);
            }
            Some(_) => {}
            None => {
                seen.insert(folded, &entry.key);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(bib: &str) -> Vec<Diagnostic> {
        check(&biblatex::Bibliography::parse(bib).unwrap())
    }

    #[test]
    fn dates_the_parser_would_abort_on_are_set_aside() {
        let text = "@book{k1, title = {A}, year = {-\t13}}\n\
                    @book{k2, title = {B}, date = {\u{ff12}\u{ff10}\u{ff10}\u{ff11}}}\n\
                    @book{k3, title = {C}, year = {-13}, date = {2001-02-28}}\n";
        let mut bib = biblatex::Bibliography::parse(text).unwrap();
        let set_aside = set_aside_unreadable(&mut bib);
        let messages: Vec<&str> = set_aside.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(set_aside.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("the `year` of entry `k1`"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("the `date` of entry `k2`"),
            "{messages:?}"
        );
        assert!(bib.get("k1").unwrap().get("year").is_none());
        assert!(bib.get("k3").unwrap().get("year").is_some());
        // What is left no longer aborts the reading of dates.
        let _ = hayagriva::io::from_biblatex(&bib);
        let _ = check(&bib);
    }

    #[test]
    fn impossible_dates_are_located_warnings() {
        let bib = "@book{k1, title = {A}, date = {2001-02-30}}\n\
                   @book{k2, title = {B}, date = {2001-02-30/1999-13}}\n\
                   @book{k3, title = {C}, date = {2001-02-28}, year = {-99999999999}}\n\
                   @book{k4, title = {D}, date = {1999/2001}}\n";
        let found = warnings(bib);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].message.contains("entry `k1`, `2001-02-30`"));
        let Location::BibliographySpan(span) = &found[0].location else {
            panic!("{:?}", found[0].location)
        };
        assert_eq!(&bib[span.clone()], "2001-02-30");
        assert!(found[1].message.contains("`k2`"));
        assert!(found.iter().all(|d| d.severity == Severity::Warning));
    }

    #[test]
    fn keys_that_differ_only_in_case_are_warned() {
        let found = warnings(
            "@book{k1, title = {A}, year = 2001}\n@book{K1, title = {B}, year = 2002}\n\
             @book{k2, title = {C}, year = 2003}\n",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].message.contains("`k1` and `K1`"));
        assert_eq!(found[0].location, Location::BibliographyEntry("K1".into()));
    }
}
