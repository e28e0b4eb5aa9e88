//! The study being served: its files, and what one reading of them gives.
//!
//! [`Workspace::read`] reads the study, its bibliography and the analysts'
//! files (`analysts/*.toml`, pooled as `probative report` pools them) from
//! disk and [`analyse`] turns those bytes into everything the server hands
//! out (the page, the report and check JSON, the lines of items, the
//! diagnostics for the overlay). A version names the bytes read: the same
//! bytes always give the same version, so a page's base can be compared
//! with the disk, and an edit to an analyst's file is a new version.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use probative::analysis::analysts::Pool;
use probative::model::{FormattedReference, Selection};

pub use crate::analysts::AnalystFile;
use crate::analysts::Choice;

use probative::diagnostic::{Diagnostic, Severity};
use probative_render::{Report, SourceFile};

/// Where the study lives.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The study file.
    pub study: PathBuf,
    /// Its folder, where the bibliography and `analysts/` are.
    pub dir: PathBuf,
    /// The name shown in diagnostics.
    pub name: String,
    /// The bibliography as last formatted, by (bibliography text, style):
    /// CSL formatting costs more than the whole analysis of the bundled
    /// study, and the bibliography rarely changes between edits.
    references: Arc<Mutex<Option<FormattedBibliography>>>,
    /// Which analysts' files are pooled (`--analyst`, `--analysts none`).
    pub analysts: Choice,
    /// How they are pooled (`--pool`): the log pool is always the result;
    /// `linear` adds the linear pool for comparison.
    pub pool: Pool,
    /// A URL template opening a line in the user's editor (`{path}`,
    /// `{line}`); the page offers it beside each line link.
    pub editor: Option<String>,
}

/// A bibliography's formatted references, by a hash of its text and style.
type FormattedBibliography = (u64, Vec<FormattedReference>);

/// The study's bytes and the files read with them.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The study file's bytes.
    pub bytes: Vec<u8>,
    /// The analysts' files, in id order (none without an `analysts/`
    /// folder).
    pub analysts: Vec<AnalystFile>,
    /// The version of these bytes and of the bibliography they name.
    pub version: String,
}

/// What one reading of the study gives.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The version of the bytes analysed.
    pub version: String,
    /// The study's bytes.
    pub bytes: Vec<u8>,
    /// The analysts' files analysed with them.
    pub analysts: Vec<AnalystFile>,
    /// The `probative-check` JSON, always.
    pub check_json: String,
    /// Present when the study reads without errors.
    pub good: Option<Good>,
    /// The errors rendered as the terminal shows them (file, line, column,
    /// the line itself, help), for the overlay; empty when there are none.
    pub errors_text: String,
    /// How many errors there are.
    pub error_count: usize,
}

impl Snapshot {
    /// The snapshot of files that could not be read (the study deleted, an
    /// analyst's file named by `--analyst` gone, a device put in its
    /// place): one error, `message`, for the overlay, and the bytes of
    /// `last` kept, so the page keeps its last good report and says why it
    /// no longer follows the disk.
    #[must_use]
    pub fn unreadable(last: &Snapshot, message: &str) -> Self {
        let mut hasher = std::hash::DefaultHasher::new();
        message.hash(&mut hasher);
        let diagnostic = Diagnostic::error("io", message.to_owned())
            .with_help("restore the file, or restart probative serve on the study as it is now");
        Self {
            version: format!("unreadable-{:016x}", hasher.finish()),
            bytes: last.bytes.clone(),
            analysts: last.analysts.clone(),
            check_json: probative_render::json::check(std::slice::from_ref(&diagnostic), "", None),
            good: None,
            errors_text: format!("error[io]: {message}\n"),
            error_count: 1,
        }
    }
}

/// The outputs of a study that reads.
#[derive(Debug, Clone)]
pub struct Good {
    /// The `probative-report` JSON.
    pub report_json: String,
    /// The live HTML page, cut into blocks (empty for a preview).
    pub page: crate::blocks::Page,
    /// `{"evidence": {id: line}, "hypothesis": {id: line}}`.
    pub lines_json: String,
    /// The study's text these lines are lines of.
    pub text: String,
}

impl Workspace {
    /// The study at `path`: a `study.toml` or a folder holding one.
    pub fn find(path: &Path) -> Result<Self, String> {
        let study = if path.is_dir() {
            path.join("study.toml")
        } else {
            path.to_path_buf()
        };
        if std::fs::metadata(&study).is_ok_and(|m| !m.is_file()) {
            return Err(format!(
                "cannot serve `{}`: it is not a regular file (serve follows a study file as it is saved; give the study's file or its folder)",
                study.display()
            ));
        }
        if !study.is_file() {
            return Err(if path.is_dir() {
                format!("`{}` holds no study.toml", path.display())
            } else {
                format!("no such file: `{}`", path.display())
            });
        }
        let study = std::path::absolute(&study).unwrap_or(study);
        let dir = study.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Self {
            name: study.file_name().map_or_else(
                || "study.toml".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            ),
            study,
            dir,
            references: Arc::default(),
            analysts: Choice::default(),
            pool: Pool::Log,
            editor: None,
        })
    }

    /// The same study read with the analysts `choice` names, pooled by
    /// `pool`, as `probative report` reads it with the same flags.
    ///
    /// # Errors
    /// An analyst asked for and not found, or a file that cannot be read.
    pub fn with_analysts(mut self, choice: Choice, pool: Pool) -> Result<Self, String> {
        choice.read(&self.dir)?;
        self.analysts = choice;
        self.pool = pool;
        Ok(self)
    }

    /// The same study with an editor's URL template (`--editor`): its
    /// `{path}` is filled with the study's absolute path now, URL-encoded;
    /// the page fills `{line}`.
    #[must_use]
    pub fn with_editor(mut self, template: Option<&str>) -> Self {
        self.editor = template.map(|t| t.replace("{path}", &url_path(&self.study)));
        self
    }

    /// Reads the study and the analysts' files, for their version with the
    /// bibliography the study names.
    pub fn read(&self) -> Result<Reading, String> {
        let bytes =
            probative_files::read_bytes(&self.study, probative::syntax::MAX_STUDY_BYTES as u64)?;
        let analysts = self.analysts.read(&self.dir)?;
        let version = self.version(&bytes, &analysts);
        Ok(Reading {
            bytes,
            analysts,
            version,
        })
    }

    /// The version of the study `bytes` and the `analysts`' files with the
    /// bibliography and causal model now on disk.
    pub fn version(&self, bytes: &[u8], analysts: &[AnalystFile]) -> String {
        let mut hasher = std::hash::DefaultHasher::new();
        bytes.hash(&mut hasher);
        // The bibliography, and the causal model a study may name (1.2).
        for path in named_files(bytes) {
            let file = self.dir.join(path);
            let read = probative_files::read_bytes(&file, NAMED_FILE_LIMIT).ok();
            // A causal model's data move its numbers as much as the model.
            if let Some(data) = read.as_deref().and_then(data_file) {
                let data = file.parent().unwrap_or(&self.dir).join(data);
                probative_files::read_bytes(&data, probative_causal::cli::MAX_DATA_BYTES)
                    .ok()
                    .hash(&mut hasher);
            }
            read.hash(&mut hasher);
        }
        for analyst in analysts {
            analyst.id.hash(&mut hasher);
            analyst.bytes.hash(&mut hasher);
        }
        format!("{:016x}", hasher.finish())
    }

    /// Runs the pipeline on `bytes` as if they were the study file, with
    /// the `analysts`' files pooled (the log pool, as `probative report`)
    /// and the evidence `without` selects removed first, exactly as
    /// `probative report --without` removes it.
    ///
    /// # Errors
    /// The core's messages for selections that name nothing in the study.
    pub fn check(
        &self,
        bytes: &[u8],
        analysts: &[AnalystFile],
        without: &[Selection],
    ) -> Result<probative::Checked, Vec<String>> {
        let dir = self.dir.clone();
        let files: Vec<probative::AnalystFile<'_>> = analysts
            .iter()
            .map(|a| (a.id.as_str(), a.bytes.as_slice()))
            .collect();
        let model_dir = dir.clone();
        let mut load_model = |path: &str| {
            let file = model_dir.join(path);
            // A model outside the study's folder may be any file: its
            // errors never quote it.
            let inside = match (model_dir.canonicalize(), file.canonicalize()) {
                (Ok(dir), Ok(file)) => file.starts_with(dir),
                _ => false,
            };
            probative_causal::in_study::load(&file, &probative_files::read_text, inside)
                .map(|m| Box::new(m) as Box<dyn probative::model::causal::CausalSource>)
        };
        probative::check_inputs(
            bytes,
            probative::Inputs {
                analysts: &files,
                pool: self.pool,
                selections: without,
                load_bibliography: &mut |path: &str| {
                    probative_files::read_text(
                        &dir.join(path),
                        probative_files::MAX_BIBLIOGRAPHY_BYTES,
                    )
                },
                load_model: Some(&mut load_model),
            },
        )
    }
}

/// The most read of a file the study names (its bibliography, its causal
/// model) to tell whether it changed: both are limited to 16 MB when read.
const NAMED_FILE_LIMIT: u64 = probative_files::MAX_BIBLIOGRAPHY_BYTES;

impl Workspace {
    /// `report` with its references formatted once per bibliography,
    /// style and set of cited keys.
    fn with_references<'r>(&self, report: Report<'r>) -> Report<'r> {
        let Some(bibliography) = report.bibliography else {
            return report;
        };
        let mut hasher = std::hash::DefaultHasher::new();
        bibliography.text.hash(&mut hasher);
        report.study.settings.citation_style.hash(&mut hasher);
        // Only cited entries are formatted, so the cited keys are part of
        // what the cache holds.
        let mut cited: Vec<&str> = report.cited_keys().into_iter().collect();
        cited.sort_unstable();
        cited.hash(&mut hasher);
        let key = hasher.finish();
        let Ok(mut cache) = self.references.lock() else {
            return report;
        };
        if let Some((cached, references)) = cache.as_ref()
            && *cached == key
        {
            return report.with_references(references.clone());
        }
        let references = report.references().to_vec();
        *cache = Some((key, references));
        report
    }
}

/// A path as it goes in a URL: `/`, letters, digits and `-._~:` as they
/// are, every other byte percent-encoded (spaces, `#`, `?`, non-ASCII).
fn url_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(char::from(b));
        } else {
            use std::fmt::Write as _;
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The files a study names, its bibliography and its causal model, found
/// cheaply (a version must not cost a full reading).
fn named_files(bytes: &[u8]) -> Vec<String> {
    let Some(doc) = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| text.parse::<toml_edit::DocumentMut>().ok())
    else {
        return Vec::new();
    };
    ["bibliography", "model"]
        .iter()
        .filter_map(|key| doc.get("study")?.get(key)?.as_str().map(str::to_owned))
        .collect()
}

/// The data file a causal model names (`[data] file`), if `bytes` are a
/// model that names one.
fn data_file(bytes: &[u8]) -> Option<String> {
    let doc: toml_edit::DocumentMut = std::str::from_utf8(bytes).ok()?.parse().ok()?;
    doc.get("data")?.get("file")?.as_str().map(str::to_owned)
}

/// Everything the server hands out for `bytes` of the study and the
/// `analysts`' files, with the page carrying `token`. `script` is where
/// the page loads its script.
pub fn analyse(
    ws: &Workspace,
    bytes: Vec<u8>,
    analysts: Vec<AnalystFile>,
    version: String,
    token: &str,
    script: &str,
) -> Snapshot {
    let live = probative_render::html::Live { token, script };
    match analyse_without(ws, bytes, analysts, version, Some(live), &[]) {
        Ok(snapshot) => snapshot,
        Err(_) => unreachable!("with no selections nothing is refused"),
    }
}

/// [`analyse`] with the evidence `without` selects removed first (the
/// what-if); the page is rendered only when `live` is given (a preview
/// needs only the report JSON).
///
/// # Errors
/// The core's messages for selections that name nothing in the study.
pub fn analyse_without(
    ws: &Workspace,
    bytes: Vec<u8>,
    analysts: Vec<AnalystFile>,
    version: String,
    live: Option<probative_render::html::Live<'_>>,
    without: &[Selection],
) -> Result<Snapshot, Vec<String>> {
    let checked = ws.check(&bytes, &analysts, without)?;
    let text = std::str::from_utf8(&bytes).unwrap_or("");
    let file = SourceFile {
        name: &ws.name,
        text,
    };
    // A bibliography outside the served folder may be any file: its lines
    // are never shown, as in `probative check`.
    let foreign_text = checked
        .bibliography
        .as_ref()
        .filter(|b| !probative_files::is_inside(&ws.dir, &ws.dir.join(&b.name)))
        .map(|b| probative_files::blank_lines(&b.text));
    let bib_file = checked.bibliography.as_ref().map(|b| SourceFile {
        name: &b.name,
        text: foreign_text.as_deref().unwrap_or(&b.text),
    });
    let analyst_files: Vec<(&str, SourceFile<'_>)> = analysts
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                SourceFile {
                    name: &a.name,
                    text: a.text(),
                },
            )
        })
        .collect();
    let check_json = probative_render::json::check_with_analysts(
        &checked.diagnostics,
        text,
        checked.bibliography.as_ref().map(|b| b.name.as_str()),
        &analyst_files
            .iter()
            .map(|(id, f)| (*id, f.text))
            .collect::<Vec<_>>(),
    );
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let errors_text = if errors.is_empty() {
        String::new()
    } else {
        probative_render::diagnostics::render_with_analysts(
            &errors,
            file,
            bib_file,
            &analyst_files,
            false,
        )
    };
    let good = match (&checked.study, &checked.analysis) {
        (Some(study), Some(analysis)) if errors.is_empty() => {
            let report = ws.with_references(Report::new(
                file,
                study,
                analysis,
                checked.bibliography.as_ref(),
            ));
            let lines = serde_json::json!({
                "evidence": study.evidence.iter()
                    .map(|e| (e.id.clone(), serde_json::Value::from(report.line(e.spans.item.start))))
                    .collect::<serde_json::Map<_, _>>(),
                "hypothesis": study.hypotheses.iter()
                    .map(|h| (h.id.clone(), serde_json::Value::from(report.line(h.span.start))))
                    .collect::<serde_json::Map<_, _>>(),
                "file": ws.name,
                "editor": ws.editor,
            });
            Some(Good {
                report_json: probative_render::json::report(&report),
                page: live.map_or_else(crate::blocks::Page::default, |live| {
                    crate::blocks::cut(&probative_render::html::report_with(&report, Some(live)))
                }),
                lines_json: lines.to_string(),
                text: text.to_owned(),
            })
        }
        _ => None,
    };
    let error_count = errors.len();
    drop(analyst_files);
    Ok(Snapshot {
        version,
        bytes,
        analysts,
        check_json,
        good,
        errors_text,
        error_count,
    })
}

/// The page shown while a study has never read: the overlay alone, under
/// the same policy as the report.
pub fn broken_page(token: &str, script: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
         script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"probative-token\" content=\"{token}\">\n<title>probative serve</title>\n\
         <script src=\"{script}\" defer></script>\n</head>\n<body>\n<main><p>The study does not read yet; \
         its errors are listed here and the report appears as soon as they are fixed.</p></main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const STUDY: &str = include_str!("../../../examples/iran-us-detente/study.toml");
    const BIBLIOGRAPHY: &str = include_str!("../../../examples/iran-us-detente/references.bib");

    /// The references formatted once serve every later page unchanged.
    #[test]
    fn cached_references_give_the_same_page() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("study.toml"), STUDY).unwrap();
        std::fs::write(dir.path().join("references.bib"), BIBLIOGRAPHY).unwrap();
        let ws = Workspace::find(dir.path()).unwrap();
        let page = |ws: &Workspace| {
            analyse(
                ws,
                STUDY.as_bytes().to_vec(),
                Vec::new(),
                String::new(),
                "t",
                "/live.js",
            )
            .good
            .unwrap()
            .page
            .html
        };
        let first = page(&ws);
        assert!(ws.references.lock().unwrap().is_some());
        assert!(first.contains("Treacherous Alliance"));
        assert_eq!(page(&ws), first);
        let fresh = Workspace::find(dir.path()).unwrap();
        assert_eq!(page(&fresh), first);
    }

    /// The bundled report cuts into blocks: one card per item in the
    /// evidence section, and the page served is the report with marks.
    #[test]
    fn the_bundled_page_cuts_into_blocks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("study.toml"), STUDY).unwrap();
        std::fs::write(dir.path().join("references.bib"), BIBLIOGRAPHY).unwrap();
        let ws = Workspace::find(dir.path()).unwrap();
        let good = analyse(
            &ws,
            STUDY.as_bytes().to_vec(),
            Vec::new(),
            String::new(),
            "t",
            "/live.js",
        )
        .good
        .unwrap();
        let cards = good
            .page
            .blocks
            .iter()
            .filter(|b| b.parent == "evidence" && b.html.starts_with("<article"))
            .count();
        let items = STUDY.matches("[[evidence]]").count();
        assert_eq!(cards, items);
        assert!(good.page.blocks.iter().any(|b| b.container == Some("main")));
        assert!(
            good.page
                .html
                .contains("<main data-pb=\"main\" data-pbh=\"")
        );
    }

    /// `--editor`'s `{path}` is the study's absolute path, encoded for a
    /// URL; `{line}` is left for the page.
    #[test]
    fn the_editor_template_names_the_study() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("my study #2");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("study.toml"), STUDY).unwrap();
        let ws = Workspace::find(&folder)
            .unwrap()
            .with_editor(Some("vscode://file/{path}:{line}"));
        let editor = ws.editor.unwrap();
        assert!(editor.starts_with("vscode://file/"), "{editor}");
        assert!(
            editor.ends_with("/my%20study%20%232/study.toml:{line}"),
            "{editor}"
        );
        assert!(
            Workspace::find(&folder)
                .unwrap()
                .with_editor(None)
                .editor
                .is_none()
        );
    }
}
