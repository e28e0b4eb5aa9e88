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
        let library = match format {
            BibliographyFormat::BibLaTeX => {
                // Loops and bombs that would abort the parser are refused
                // before it sees them.
                if let Some(problem) = super::bibliography_guard::check(&text) {
                    return Err(vec![problem]);
                }
                hayagriva::io::from_biblatex_str(&text).map_err(|errors| {
                    errors
                        .into_iter()
                        .map(|error| match error {
                            hayagriva::io::BibLaTeXError::Parse(e) => Diagnostic::error(
                                "bibliography",
                                format!("the bibliography is not valid BibTeX: {}", e.kind),
                            )
                            .in_bibliography(e.span)
                            .with_help("check braces, commas and the `@type{key,` line of this entry"),
                            hayagriva::io::BibLaTeXError::Type(e) => Diagnostic::error(
                                "bibliography",
                                format!("a bibliography field is malformed: {}", e.kind),
                            )
                            .in_bibliography(e.span)
                            .with_help("dates are `2007` or `2007-05-12`; names `Last, First and Last, First`"),
                        })
                        .collect::<Vec<_>>()
                })?
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

    /// Formats every entry in the named citation style, in the order the
    /// style sorts its bibliography.
    pub fn format(&self, style: &str) -> Result<Vec<FormattedReference>, String> {
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
        let items: Vec<_> = self.library.iter().map(CitationItem::with_entry).collect();
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
    fn bad_bibtex_points_into_the_file() {
        let errors =
            Bibliography::parse("refs.bib", "@book{x, title = {unclosed".to_owned()).unwrap_err();
        assert_eq!(errors[0].code, "bibliography");
    }
}
