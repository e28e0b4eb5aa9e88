//! The bibliography, read and formatted by hayagriva.
//!
//! BibTeX/BibLaTeX (`.bib`) goes through the `biblatex` parser that hayagriva
//! uses; Hayagriva's own YAML (`.yml`, `.yaml`) through serde. Formatting in
//! a citation style (APA by default) is CSL, from hayagriva's archive of
//! styles.

use hayagriva::archive::{ArchivedStyle, locales};
use hayagriva::citationberg::Style;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest, Library,
};

use crate::diagnostic::Diagnostic;

/// The two bibliography formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BibliographyFormat {
    /// BibTeX or BibLaTeX.
    BibLaTeX,
    /// Hayagriva YAML.
    Hayagriva,
}

impl BibliographyFormat {
    /// The format a file name implies, if any.
    pub fn from_path(path: &str) -> Option<Self> {
        let extension = std::path::Path::new(path)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        match extension.as_str() {
            "bib" => Some(Self::BibLaTeX),
            "yml" | "yaml" => Some(Self::Hayagriva),
            _ => None,
        }
    }
}

/// A parsed bibliography.
#[derive(Debug, Clone)]
pub struct Bibliography {
    /// The file name as the study gives it.
    pub name: String,
    /// The file's text, for diagnostics.
    pub text: String,
    /// The entries.
    pub library: Library,
    /// What reading found suspect but not wrong (an impossible date, keys
    /// that differ only in case), for the study's diagnostics.
    pub warnings: Vec<Diagnostic>,
}

/// One reference, formatted as plain text. (hayagriva's HTML output does
/// not escape the entry's own text, so an HTML page escapes this instead.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormattedReference {
    /// The citation key.
    pub key: String,
    /// Plain text.
    pub text: String,
}

impl Bibliography {
    /// Parses a bibliography file's text; errors point into the file.
    pub fn parse(name: &str, text: String) -> Result<Self, Vec<Diagnostic>> {
        let format = BibliographyFormat::from_path(name).unwrap_or(BibliographyFormat::BibLaTeX);
        let mut warnings = Vec::new();
        let library = match format {
            BibliographyFormat::BibLaTeX => {
                // Loops and bombs that would abort the parser are refused
                // before it sees them.
                if let Some(problem) = super::bibliography_guard::check(&text) {
                    return Err(vec![problem]);
                }
                // Parsed here rather than by hayagriva's `from_biblatex_str`
                // (the same two steps) to check what hayagriva would drop
                // silently.
                let mut parsed = biblatex::Bibliography::parse(&text).map_err(|e| {
                    vec![
                        Diagnostic::error(
                            "bibliography",
                            format!("the bibliography is not valid BibTeX: {}", e.kind),
                        )
                        .in_bibliography(e.span)
                        .with_help("check braces, commas and the `@type{key,` line of this entry"),
                    ]
                })?;
                let set_aside = super::bibliography_entries::set_aside_unreadable(&mut parsed);
                let library = hayagriva::io::from_biblatex(&parsed).map_err(|errors| {
                    errors
                        .into_iter()
                        .map(|e| {
                            Diagnostic::error(
                                "bibliography",
                                format!("a bibliography field is malformed: {}", e.kind),
                            )
                            .in_bibliography(e.span)
                            .with_help("dates are `2007` or `2007-05-12`; names `Last, First and Last, First`")
                        })
                        .collect::<Vec<_>>()
                })?;
                warnings = set_aside;
                warnings.extend(super::bibliography_entries::check(&parsed));
                library
            }
            BibliographyFormat::Hayagriva => {
                if let Some(problem) = super::bibliography_guard::check_yaml(&text) {
                    return Err(vec![problem]);
                }
                hayagriva::io::from_yaml_str(&text).map_err(|e| {
                    let at = e.location().map_or(0, |l| l.index());
                    vec![
                        Diagnostic::error(
                            "bibliography",
                            format!("the bibliography is not valid Hayagriva YAML: {e}"),
                        )
                        .in_bibliography(at..at)
                        .with_help("see hayagriva's file format; each entry needs a `type`"),
                    ]
                })?
            }
        };
        Ok(Self {
            name: name.to_owned(),
            text,
            library,
            warnings,
        })
    }

    /// Whether an entry with this key exists.
    pub fn contains(&self, key: &str) -> bool {
        self.library.get(key).is_some()
    }

    /// Every key, in file order.
    pub fn keys(&self) -> Vec<&str> {
        self.library.iter().map(hayagriva::Entry::key).collect()
    }

    /// The entry's date as a partial date (year, or year-month(-day) where
    /// given), which stands for an interval like an event's date: a work
    /// dated `1995` appeared somewhere in 1995-01-01..1995-12-31. `None`
    /// without an entry, a date, or a year in 0..=9999.
    pub fn date(&self, key: &str) -> Option<super::PartialDate> {
        let date = self.library.get(key)?.date_any()?;
        if !(0..=9999).contains(&date.year) {
            return None;
        }
        // hayagriva counts months and days from zero.
        let text = match (date.month, date.day) {
            (None, _) => format!("{:04}", date.year),
            (Some(m), None) => format!("{:04}-{:02}", date.year, u32::from(m) + 1),
            (Some(m), Some(d)) => format!(
                "{:04}-{:02}-{:02}",
                date.year,
                u32::from(m) + 1,
                u32::from(d) + 1
            ),
        };
        super::PartialDate::parse(&text).ok()
    }

    /// Formats every entry in the named citation style, in the order the
    /// style sorts its bibliography.
    pub fn format(&self, style: &str) -> Result<Vec<FormattedReference>, String> {
        self.format_only(style, &|_| true)
    }

    /// Formats the entries whose keys `cited` holds, as [`Self::format`]
    /// would if the file held only those: a report lists the works it
    /// cites, and CSL formatting (hayagriva's) is the cost of a report on a
    /// large bibliography, so entries no item cites are never formatted.
    pub fn format_cited(
        &self,
        style: &str,
        cited: &std::collections::HashSet<&str>,
    ) -> Result<Vec<FormattedReference>, String> {
        self.format_only(style, &|key| cited.contains(key))
    }

    fn format_only(
        &self,
        style: &str,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<FormattedReference>, String> {
        let Some(archived) = ArchivedStyle::by_name(style) else {
            return Err(format!("unknown citation style `{style}`"));
        };
        let Style::Independent(style) = archived.get() else {
            return Err(format!(
                "the citation style `{style}` depends on another style"
            ));
        };
        let locales = locales();
        let mut driver = BibliographyDriver::new();
        let items: Vec<_> = self
            .library
            .iter()
            .filter(|entry| keep(entry.key()))
            .map(CitationItem::with_entry)
            .collect();
        if !items.is_empty() {
            driver.citation(CitationRequest::from_items(items, &style, &locales));
        }
        let rendered = driver.finish(BibliographyRequest::new(&style, None, &locales));
        let Some(bibliography) = rendered.bibliography else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for item in bibliography.items {
            let mut text = String::new();
            if let Some(first) = &item.first_field {
                let _ = first.write_buf(&mut text, BufWriteFormat::Plain);
                text.push(' ');
            }
            let _ = item.content.write_buf(&mut text, BufWriteFormat::Plain);
            out.push(FormattedReference {
                key: item.key,
                text,
            });
        }
        Ok(out)
    }
}

impl Bibliography {
    /// The in-text citation of every entry in the named style, by key: what
    /// a paper prints where it cites the work ("(Parsi, 2007)" in APA),
    /// so that reports cite author and date rather than BibTeX keys. Each
    /// entry is cited on its own, in one run of the style, so that works
    /// by the same authors in the same year are told apart ("2007a").
    pub fn in_text(&self, style: &str) -> Result<Vec<(String, String)>, String> {
        self.in_text_only(style, &|_| true)
    }

    /// [`Self::in_text`] for the entries whose keys `cited` holds, as if
    /// the file held only those (see [`Self::format_cited`]).
    pub fn in_text_cited(
        &self,
        style: &str,
        cited: &std::collections::HashSet<&str>,
    ) -> Result<Vec<(String, String)>, String> {
        self.in_text_only(style, &|key| cited.contains(key))
    }

    fn in_text_only(
        &self,
        style: &str,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<(String, String)>, String> {
        let Some(archived) = ArchivedStyle::by_name(style) else {
            return Err(format!("unknown citation style `{style}`"));
        };
        let Style::Independent(style) = archived.get() else {
            return Err(format!(
                "the citation style `{style}` depends on another style"
            ));
        };
        let locales = locales();
        let mut driver = BibliographyDriver::new();
        let entries: Vec<_> = self.library.iter().filter(|e| keep(e.key())).collect();
        let keys: Vec<&str> = entries.iter().map(|e| e.key()).collect();
        for entry in entries {
            driver.citation(CitationRequest::from_items(
                vec![CitationItem::with_entry(entry)],
                &style,
                &locales,
            ));
        }
        let rendered = driver.finish(BibliographyRequest::new(&style, None, &locales));
        Ok(keys
            .into_iter()
            .zip(rendered.citations)
            .map(|(key, citation)| {
                let mut text = String::new();
                let _ = citation
                    .citation
                    .write_buf(&mut text, BufWriteFormat::Plain);
                (key.to_owned(), text)
            })
            .collect())
    }
}

/// An in-text citation with a locator placed inside its parentheses:
/// "(Parsi, 2007)" and "p. 134" give "(Parsi, 2007, p. 134)"; a citation
/// without a closing parenthesis ("[3]") gets the locator after it.
pub fn with_locator(citation: &str, locator: Option<&str>) -> String {
    match locator.map(str::trim).filter(|l| !l.is_empty()) {
        None => citation.to_owned(),
        Some(l) => match citation.strip_suffix(')') {
            Some(open) => format!("{open}, {l})"),
            None => match citation.strip_suffix(']') {
                Some(open) => format!("{open}, {l}]"),
                None => format!("{citation}, {l}"),
            },
        },
    }
}

/// The names of the citation styles probative knows, for error messages.
pub fn citation_styles() -> Vec<&'static str> {
    ArchivedStyle::all()
        .iter()
        .filter(|s| matches!(s.get(), Style::Independent(_)))
        .filter_map(|s| s.names().first().copied())
        .collect()
}

/// Whether a style name is one probative can format.
pub(crate) fn is_known_style(name: &str) -> bool {
    ArchivedStyle::by_name(name).is_some_and(|s| matches!(s.get(), Style::Independent(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_apa() {
        let bib = "@book{waltz1979, author = {Waltz, Kenneth N.}, title = {Theory of International Politics}, publisher = {Addison-Wesley}, year = {1979}, address = {Reading, MA}}";
        let b = Bibliography::parse("refs.bib", bib.to_owned()).unwrap();
        assert_eq!(b.keys(), vec!["waltz1979"]);
        let refs = b.format("apa").unwrap();
        assert_eq!(refs.len(), 1);
        assert!(
            refs[0].text.starts_with("Waltz, K. N. (1979)."),
            "{}",
            refs[0].text
        );
    }

    #[test]
    fn entry_dates_are_partial_dates() {
        let bib = "@article{a, title = {A}, date = {1995-03-15}}\n@book{b, title = {B}, year = {1995}}\n@misc{c, title = {C}, year = {1995}, month = {mar}}\n@misc{d, title = {D}}";
        let b = Bibliography::parse("refs.bib", bib.to_owned()).unwrap();
        let date = |k: &str| b.date(k).map(|d| d.as_str().to_owned());
        assert_eq!(date("a").as_deref(), Some("1995-03-15"));
        assert_eq!(date("b").as_deref(), Some("1995"));
        assert_eq!(date("c").as_deref(), Some("1995-03"));
        assert_eq!(date("d"), None);
        assert_eq!(date("missing"), None);
    }

    #[test]
    fn cites_author_and_date_with_the_locator_inside() {
        let bib = "@book{waltz1979, author = {Waltz, Kenneth N.}, title = {Theory}, publisher = {A}, year = {1979}}\n@article{fn1997, author = {Fursenko, Aleksandr and Naftali, Timothy}, title = {T}, journal = {J}, year = {1997}}";
        let b = Bibliography::parse("refs.bib", bib.to_owned()).unwrap();
        let cites = b.in_text("apa").unwrap();
        assert_eq!(
            cites[0],
            ("waltz1979".to_owned(), "(Waltz, 1979)".to_owned())
        );
        assert_eq!(cites[1].1, "(Fursenko & Naftali, 1997)");
        assert_eq!(
            with_locator(&cites[1].1, Some("p. 182")),
            "(Fursenko & Naftali, 1997, p. 182)"
        );
        assert_eq!(with_locator("[3]", Some("p. 2")), "[3, p. 2]");
        assert_eq!(with_locator("(A, 1)", None), "(A, 1)");
    }

    #[test]
    fn only_cited_entries_are_formatted() {
        let bib = "@book{a, author = {Aa, A.}, title = {First}, year = {2001}}\n\
                   @book{b, author = {Bb, B.}, title = {Second}, year = {2002}}\n\
                   @book{c, author = {Cc, C.}, title = {Third}, year = {2003}}";
        let b = Bibliography::parse("refs.bib", bib.to_owned()).unwrap();
        let cited = std::collections::HashSet::from(["c", "a", "not-there"]);
        let refs = b.format_cited("apa", &cited).unwrap();
        let keys: Vec<&str> = refs.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["a", "c"]);
        assert_eq!(b.format("apa").unwrap().len(), 3);
        let cites = b.in_text_cited("apa", &cited).unwrap();
        assert_eq!(
            cites,
            [
                ("a".to_owned(), "(Aa, 2001)".to_owned()),
                ("c".to_owned(), "(Cc, 2003)".to_owned())
            ]
        );
    }

    #[test]
    fn bad_bibtex_points_into_the_file() {
        let errors =
            Bibliography::parse("refs.bib", "@book{x, title = {unclosed".to_owned()).unwrap_err();
        assert_eq!(errors[0].code, "bibliography");
    }
}
