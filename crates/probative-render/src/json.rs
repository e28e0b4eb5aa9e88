//! The JSON report (`probative-report/1`) and the check report
//! (`probative-check/1`), exactly as `report-json.md` defines them.
//!
//! The report is serialised straight from the analysis through borrowing
//! wrappers, without building an intermediate tree: a study of 20,000 items
//! and 20 hypotheses has eight million weights, and copying them into maps
//! of owned strings would cost more than computing them.

mod analysts;
mod causal;

use std::io::Write as _;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct, Serializer};

use probative::analysis::{Analysis, ItemAnalysis};
use probative::diagnostic::{Diagnostic, LineIndex, Location};
use probative::model::{Evidence, Study, Written};

use crate::Report;

/// The report schema name.
pub const REPORT_SCHEMA: &str = "probative-report/1";
/// The check schema name.
pub const CHECK_SCHEMA: &str = "probative-check/1";

/// Reports of up to this many evidence items are indented for people;
/// larger ones are written compact, since indentation would double the size
/// of a report whose weight matrices already hold millions of numbers.
pub const PRETTY_UP_TO: usize = 2_000;

/// Studies of up to this many hypotheses get the pairwise blocks
/// (`hypotheses[].posterior_odds_db`, `hypotheses[].evidence_db`,
/// `evidence[].weight_db`): k × k numbers per item, which for 10,000
/// hypotheses made a report of gigabytes from a study of 448 KB. Above it
/// they are left out, the report says so (`pairwise_omitted`), and its size
/// grows linearly with the number of hypotheses.
pub const PAIRWISE_UP_TO: usize = 100;

/// Whether the report carries the pairwise blocks.
fn pairwise(study: &Study) -> bool {
    study.hypotheses.len() <= PAIRWISE_UP_TO
}

/// The full report as JSON: indented up to [`PRETTY_UP_TO`] items,
/// compact above.
pub fn report(report: &Report<'_>) -> String {
    if report.study.evidence.len() <= PRETTY_UP_TO {
        pretty(report)
    } else {
        compact(report)
    }
}

/// Writes the same report as [`report`] to `out`, without first joining a
/// large report into one string (its shares go out as they are).
pub fn write(report: &Report<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if report.study.evidence.len() <= PRETTY_UP_TO {
        // Straight to `out`: even an indented report can reach hundreds of
        // megabytes (2,000 items of 100 hypotheses), never held whole.
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
        let mut buffered = std::io::BufWriter::new(&mut *out);
        ReportJson {
            report,
            evidence: true,
        }
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut buffered,
            formatter,
        ))?;
        buffered.write_all(b"\n")?;
        return buffered.flush();
    }
    write_compact(report, out)
}

/// What closes a compact report after its evidence.
const COMPACT_TAIL: &str = "]}\n";

/// Bytes to reserve so that the buffer is never copied while it grows: a
/// weight takes up to about 30 bytes (48 indented), an item's other fields
/// about 1 kB plus 100 bytes a hypothesis.
fn capacity(report: &Report<'_>, per_weight: usize) -> usize {
    let (k, n) = (report.study.hypotheses.len(), report.study.evidence.len());
    let pairs = if pairwise(report.study) { k * k } else { 0 };
    4096 + n * (1024 + k * 100 + pairs * per_weight)
}

/// The report indented for people, through serde.
pub fn pretty(report: &Report<'_>) -> String {
    let mut out = Vec::with_capacity(capacity(report, 48));
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    // Serialising into memory cannot fail: every number is finite or
    // written as a string.
    let _ = ReportJson {
        report,
        evidence: true,
    }
    .serialize(&mut serde_json::Serializer::with_formatter(
        &mut out, formatter,
    ));
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

/// The report on one line. The same objects as [`pretty`], in the same
/// order, but the weight matrices (k² numbers per item, most of a large
/// report) are written directly, with serde_json's own float formatting,
/// instead of through the serializer entry by entry, which costs twice as
/// much. The rest goes through serde: each object is serialised, its closing
/// brace dropped, and the last field appended.
pub fn compact(report: &Report<'_>) -> String {
    let mut out = Vec::with_capacity(capacity(report, 32));
    // Writing into memory cannot fail.
    let _ = write_compact(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Items each core writes per round of [`write_compact`].
const BATCH: usize = 256;

/// Writes the compact report. The items are independent: in each round,
/// every core writes the next batch of items into its own buffer, and the
/// buffers go out in order, so the bytes are the same whatever the number
/// of cores, and the buffers, reused from round to round, stay small (a
/// large report never sits whole in memory).
fn write_compact(report: &Report<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (study, analysis) = (report.study, report.analysis);
    let mut head = serde_json::to_vec(&ReportJson {
        report,
        evidence: false,
    })
    .unwrap_or_default();
    head.pop();
    head.extend_from_slice(b",\"evidence\":[");
    out.write_all(&head)?;
    let keys: Vec<Vec<u8>> = study
        .hypotheses
        .iter()
        .map(|h| {
            let mut key = serde_json::to_vec(&h.id).unwrap_or_default();
            key.push(b':');
            key
        })
        .collect();
    let n = study.evidence.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); threads];
    let mut first = 0;
    while first < n {
        let round = first;
        std::thread::scope(|scope| {
            for (t, buffer) in buffers.iter_mut().enumerate() {
                let keys = &keys;
                scope.spawn(move || {
                    buffer.clear();
                    let start = (round + t * BATCH).min(n);
                    for e in start..(start + BATCH).min(n) {
                        if e > 0 {
                            buffer.push(b',');
                        }
                        write_item(buffer, study, &study.evidence[e], &analysis.items[e], keys);
                    }
                });
            }
        });
        for buffer in &buffers {
            out.write_all(buffer)?;
        }
        first += threads * BATCH;
    }
    out.write_all(COMPACT_TAIL.as_bytes())
}

/// One evidence item of the compact report, its weight matrix written by
/// hand with pre-escaped keys.
fn write_item(
    out: &mut Vec<u8>,
    study: &Study,
    evidence: &Evidence,
    item: &ItemAnalysis,
    keys: &[Vec<u8>],
) {
    let _ = serde_json::to_writer(&mut *out, &EvidenceJson(study, evidence, item, false));
    if !pairwise(study) {
        return;
    }
    out.pop();
    out.extend_from_slice(b",\"weight_db\":{");
    let mut buffer = zmij::Buffer::new();
    for (i, row_key) in keys.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(row_key);
        out.push(b'{');
        for (j, key) in keys.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            out.extend_from_slice(key);
            let w = item.weight_db(i, j);
            if w == f64::INFINITY {
                out.extend_from_slice(b"\"inf\"");
            } else if w == f64::NEG_INFINITY {
                out.extend_from_slice(b"\"-inf\"");
            } else {
                out.extend_from_slice(buffer.format_finite(w).as_bytes());
            }
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"}}");
}

/// The check report: `{ "schema": "probative-check/1", "lints": [...] }`.
/// `bibliography` is the name of the bibliography file that was read, if
/// any, which lints about it name.
pub fn check(diagnostics: &[Diagnostic], study_text: &str, bibliography: Option<&str>) -> String {
    let lines = LineIndex::new(study_text);
    let value = serde_json::json!({
        "schema": CHECK_SCHEMA,
        "lints": diagnostics.iter().map(|d| lint_value(d, &lines, bibliography)).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// Like [`check`], with the analysts' files as (analyst id, text), so that
/// a diagnostic in one of them gives its line.
pub fn check_with_analysts(
    diagnostics: &[Diagnostic],
    study_text: &str,
    bibliography: Option<&str>,
    analysts: &[(&str, &str)],
) -> String {
    let lines = LineIndex::new(study_text);
    let analyst_lines: Vec<(&str, LineIndex)> = analysts
        .iter()
        .map(|(id, text)| (*id, LineIndex::new(text)))
        .collect();
    let lints: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut value = lint_value(d, &lines, bibliography);
            if let Location::AnalystSpan(analyst, span) = &d.location
                && let Some((_, index)) = analyst_lines.iter().find(|(id, _)| id == analyst)
            {
                value["line"] = index.line(span.start).into();
            }
            value
        })
        .collect();
    let value = serde_json::json!({ "schema": CHECK_SCHEMA, "lints": lints });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// One lint object; a lint about the bibliography names its file
/// (`bibliography`, as the study gives it) instead of a line.
pub fn lint_value(
    d: &Diagnostic,
    lines: &LineIndex,
    bibliography: Option<&str>,
) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    map.insert("code".into(), d.code.into());
    map.insert("severity".into(), d.severity.as_str().into());
    for (key, value) in [
        ("evidence", &d.subject.evidence),
        ("case", &d.subject.case),
        ("hypothesis", &d.subject.hypothesis),
        ("source", &d.subject.source),
    ] {
        if let Some(v) = value {
            map.insert(key.into(), v.clone().into());
        }
    }
    match &d.location {
        Location::StudySpan(span) => {
            map.insert("line".into(), lines.line(span.start).into());
        }
        Location::BibliographySpan(_) | Location::BibliographyEntry(_) => {
            map.insert("file".into(), bibliography.unwrap_or("bibliography").into());
        }
        Location::Study => {}
        Location::AnalystSpan(analyst, _) => {
            map.insert("analyst".into(), analyst.clone().into());
        }
    }
    map.insert("message".into(), d.message.clone().into());
    if let Some(help) = &d.help {
        map.insert("help".into(), help.clone().into());
    }
    serde_json::Value::Object(map)
}

/// A decibel value: a number, or "inf" / "-inf".
struct Db(f64);

impl Serialize for Db {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 == f64::INFINITY {
            s.serialize_str("inf")
        } else if self.0 == f64::NEG_INFINITY {
            s.serialize_str("-inf")
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// The report object; `evidence: false` leaves the evidence out for
/// [`compact`] to append.
struct ReportJson<'r, 'a> {
    report: &'r Report<'a>,
    evidence: bool,
}

impl Serialize for ReportJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        let (study, analysis) = (r.study, r.analysis);
        let mut m = s.serialize_struct("Report", 8)?;
        m.serialize_field("schema", REPORT_SCHEMA)?;
        m.serialize_field("study", &StudyJson(study, analysis))?;
        if let Some(model) = causal::value(study) {
            m.serialize_field("causal_model", &model)?;
        }
        m.serialize_field("hypotheses", &HypothesesJson(study, analysis))?;
        let leader = analysis.leader;
        m.serialize_field(
            "leader",
            &serde_json::json!({
                "id": study.hypotheses[leader.leader].id,
                "runner_up": study.hypotheses[leader.runner_up].id,
                "margin_db": DbValue(leader.margin_db),
                "evidence_db": DbValue(analysis.evidence_db(study, leader.leader, leader.runner_up)),
                "evidence_words": probative::analysis::decibel::jeffreys_words(
                    analysis.evidence_db(study, leader.leader, leader.runner_up)
                ),
                "reversal": analysis.reversal.as_ref().map(|r| serde_json::json!({
                    "rival": study.hypotheses[r.rival].id,
                    "items": r.items(),
                    "evidence": r.evidence.iter().map(|&e| study.evidence[e].id.as_str()).collect::<Vec<_>>(),
                })),
            }),
        )?;
        m.serialize_field("cases", &CasesJson(study, analysis))?;
        m.serialize_field("events", &EventsJson(study, analysis))?;
        let lints: Vec<serde_json::Value> = analysis
            .lints
            .iter()
            .map(|d| lint_value(d, &r.lines, r.bibliography.map(|b| b.name.as_str())))
            .collect();
        m.serialize_field("lints", &lints)?;
        if let Some(panel) = analysis.analysts.as_deref() {
            m.serialize_field("analysts", &analysts::value(study, analysis, panel))?;
        }
        if !pairwise(study) {
            m.serialize_field("pairwise_omitted", &true)?;
        }
        // Last, so that the head of a large report reads first.
        if self.evidence {
            m.serialize_field("evidence", &EvidenceListJson(study, analysis))?;
        }
        m.end()
    }
}

/// A decibel value as a JSON value (for `json!`).
struct DbValue(f64);

impl From<DbValue> for serde_json::Value {
    fn from(v: DbValue) -> Self {
        if v.0 == f64::INFINITY {
            "inf".into()
        } else if v.0 == f64::NEG_INFINITY {
            "-inf".into()
        } else {
            v.0.into()
        }
    }
}

impl Serialize for DbValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Db(self.0).serialize(s)
    }
}

struct StudyJson<'a>(&'a Study, &'a Analysis);

impl Serialize for StudyJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (study, analysis) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("title", &study.title)?;
        if let Some(q) = &study.question {
            m.serialize_entry("question", q)?;
        }
        if !study.authors.is_empty() {
            m.serialize_entry("authors", &study.authors)?;
        }
        if let Some(summary) = &study.summary {
            m.serialize_entry("summary", summary)?;
        }
        m.serialize_entry("focus", &study.hypotheses[study.focus].id)?;
        m.serialize_entry("strong_db", &study.settings.strong_db)?;
        m.serialize_entry("citation_style", &study.settings.citation_style)?;
        if let Some(b) = &study.bibliography {
            m.serialize_entry("bibliography", b)?;
        }
        m.serialize_entry("scope", study.scope.as_str())?;
        if let Some(who) = &study.encoded_by {
            m.serialize_entry("encoded_by", who)?;
        }
        m.serialize_entry("reference", &study.hypotheses[analysis.reference(study)].id)?;
        if let Some(without) = &study.without {
            m.serialize_entry(
                "without",
                &serde_json::json!({
                    "specs": without.selections,
                    "removed": without.removed,
                    "dependents": without.dependents,
                }),
            )?;
        }
        m.end()
    }
}

struct HypothesesJson<'a>(&'a Study, &'a Analysis);

impl Serialize for HypothesesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (study, analysis) = (self.0, self.1);
        let mut seq = s.serialize_seq(Some(study.hypotheses.len()))?;
        for (i, h) in study.hypotheses.iter().enumerate() {
            let mut value = serde_json::json!({
                "id": h.id,
                "title": h.title,
                "prior": h.prior,
                "posterior": analysis.posterior[i],
                "posterior_interval": analysis.bounds[i],
                "posterior_uniform": analysis.posterior_uniform[i],
            });
            if h.catch_all {
                value["catch_all"] = true.into();
            }
            if let Some(statement) = &h.statement {
                value["statement"] = statement.clone().into();
            }
            let against = |f: &dyn Fn(usize) -> f64| -> serde_json::Value {
                study
                    .hypotheses
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(j, other)| (other.id.clone(), serde_json::Value::from(DbValue(f(j)))))
                    .collect::<serde_json::Map<_, _>>()
                    .into()
            };
            if pairwise(study) {
                value["posterior_odds_db"] = against(&|j| analysis.posterior_odds_db(i, j));
                value["evidence_db"] = against(&|j| analysis.evidence_db(study, i, j));
            }
            seq.serialize_element(&value)?;
        }
        seq.end()
    }
}

/// A map keyed by hypothesis id, in study order.
struct PerHypothesis<'a, T, F: Fn(usize) -> T>(&'a Study, F);

impl<T: Serialize, F: Fn(usize) -> T> Serialize for PerHypothesis<'_, T, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.hypotheses.len()))?;
        for (i, h) in self.0.hypotheses.iter().enumerate() {
            m.serialize_entry(&h.id, &(self.1)(i))?;
        }
        m.end()
    }
}

struct CasesJson<'a>(&'a Study, &'a Analysis);

impl Serialize for CasesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (study, analysis) = (self.0, self.1);
        let mut seq = s.serialize_seq(Some(study.cases.len()))?;
        for (case, result) in study.cases.iter().zip(&analysis.cases) {
            seq.serialize_element(&CaseJson(study, case, result))?;
        }
        seq.end()
    }
}

struct CaseJson<'a>(
    &'a Study,
    &'a probative::model::Case,
    &'a probative::analysis::CaseAnalysis,
);

impl Serialize for CaseJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (study, case, result) = (self.0, self.1, self.2);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &case.id)?;
        m.serialize_entry("title", &case.title)?;
        if let Some(period) = &case.period {
            m.serialize_entry("period", period)?;
        }
        if let Some(summary) = &case.summary {
            m.serialize_entry("summary", summary)?;
        }
        if let Some(outcome) = &case.outcome {
            m.serialize_entry("outcome", outcome)?;
        }
        let ids: Vec<&str> = result
            .evidence
            .iter()
            .map(|&e| study.evidence[e].id.as_str())
            .collect();
        m.serialize_entry("evidence", &ids)?;
        m.serialize_entry("posterior", &PerHypothesis(study, |i| result.posterior[i]))?;
        m.end()
    }
}

struct EvidenceListJson<'a>(&'a Study, &'a Analysis);

impl Serialize for EvidenceListJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (study, analysis) = (self.0, self.1);
        let mut seq = s.serialize_seq(Some(study.evidence.len()))?;
        for (evidence, item) in study.evidence.iter().zip(&analysis.items) {
            seq.serialize_element(&EvidenceJson(study, evidence, item, true))?;
        }
        seq.end()
    }
}

/// One evidence item; the last field, `weight_db`, only when the flag is
/// set ([`compact`] appends it itself).
struct EvidenceJson<'a>(&'a Study, &'a Evidence, &'a ItemAnalysis, bool);

impl Serialize for EvidenceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (study, e, item) = (self.0, self.1, self.2);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &e.id)?;
        if let Some(case) = e.case {
            m.serialize_entry("case", &study.cases[case].id)?;
        }
        m.serialize_entry("observed", &e.observed)?;
        m.serialize_entry("reliability", &e.reliability)?;
        m.serialize_entry("claim", &e.claim)?;
        for (key, value) in [
            ("quote", &e.quote),
            ("source", &e.source),
            ("locator", &e.locator),
        ] {
            if let Some(v) = value {
                m.serialize_entry(key, v)?;
            }
        }
        if let Some(kind) = e.source_kind {
            m.serialize_entry("source_kind", kind.as_str())?;
        }
        if let Some(search) = &e.search {
            m.serialize_entry("search", search)?;
        }
        if let Some(sensitivity) = e.search_sensitivity {
            m.serialize_entry("search_sensitivity", &sensitivity)?;
        }
        if !e.via.is_empty() {
            m.serialize_entry("via", &e.via)?;
        }
        if let Some(status) = e.quote_status {
            m.serialize_entry("quote_status", status.as_str())?;
        }
        if !e.tags.is_empty() {
            m.serialize_entry("tags", &e.tags)?;
        }
        if let Some(rationale) = &e.rationale {
            m.serialize_entry("rationale", rationale)?;
        }
        let from_model = causal::item(study, &e.id);
        if let Some(from) = &from_model {
            m.serialize_entry("likelihood_from_model", from)?;
        }
        if !e.depends_on.is_empty() {
            let ids: Vec<&str> = e
                .depends_on
                .iter()
                .map(|&d| study.evidence[d].id.as_str())
                .collect();
            m.serialize_entry("depends_on", &ids)?;
        }
        m.serialize_entry(
            "likelihood",
            &PerHypothesis(study, |i| e.likelihood[i].point),
        )?;
        m.serialize_entry(
            "likelihood_interval",
            &PerHypothesis(study, |i| [e.likelihood[i].lo, e.likelihood[i].hi]),
        )?;
        m.serialize_entry(
            "likelihood_written",
            &PerHypothesis(study, |i| match &e.likelihood[i].written {
                _ if from_model.is_some() => serde_json::Value::from("model"),
                Written::Term(word) => serde_json::Value::from(word.as_str()),
                Written::Number => serde_json::Value::from("number"),
                Written::Interval => serde_json::Value::from("interval"),
            }),
        )?;
        m.serialize_entry("factor", &PerHypothesis(study, |i| item.factor[i]))?;
        m.serialize_entry("diagnosticity_db", &Db(item.diagnosticity_db()))?;
        m.serialize_entry(
            "tests",
            &PerHypothesis(study, |i| {
                let t = &item.tests[i];
                TestJson {
                    test_type: t.test_type.as_str(),
                    direction: t.direction.as_str(),
                    outcome: t.outcome.as_str(),
                    pass_db: t.pass_db,
                    fail_db: t.fail_db,
                    expects: t
                        .expects()
                        .map(|found| if found { "found" } else { "not found" }),
                    h_type: t.h_type().map_or("none", |h| h.as_str()),
                }
            }),
        )?;
        if let Some(declared) = e.declared_test {
            m.serialize_entry("declared_test", declared.as_str())?;
            m.serialize_entry("declared_for", &study.hypotheses[e.declared_for].id)?;
        }
        if self.3 && pairwise(study) {
            m.serialize_entry("weight_db", &WeightMatrix(study, item))?;
        }
        m.end()
    }
}

/// One derived test: the type against the complement as the format
/// defines it, and the same test read from the hypothesis's side.
struct TestJson {
    test_type: &'static str,
    direction: &'static str,
    outcome: &'static str,
    pass_db: f64,
    fail_db: f64,
    expects: Option<&'static str>,
    h_type: &'static str,
}

impl Serialize for TestJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Test", 7)?;
        m.serialize_field("type", self.test_type)?;
        m.serialize_field("direction", self.direction)?;
        m.serialize_field("outcome", self.outcome)?;
        m.serialize_field("pass_db", &Db(self.pass_db))?;
        m.serialize_field("fail_db", &Db(self.fail_db))?;
        m.serialize_field("expects", &self.expects)?;
        m.serialize_field("h_type", self.h_type)?;
        m.end()
    }
}

struct EventsJson<'a>(&'a Study, &'a Analysis);

impl Serialize for EventsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (study, analysis) = (self.0, self.1);
        let mut seq = s.serialize_seq(Some(analysis.timeline.len()))?;
        for &i in &analysis.timeline {
            let event = &study.events[i];
            let mut value = serde_json::json!({
                "id": event.id,
                "date": event.date.as_str(),
            });
            if let Some(case) = event.case {
                value["case"] = study.cases[case].id.clone().into();
            }
            if let Some(actor) = &event.actor {
                value["actor"] = actor.clone().into();
            }
            value["summary"] = event.summary.clone().into();
            let ids: Vec<&str> = event
                .evidence
                .iter()
                .map(|&e| study.evidence[e].id.as_str())
                .collect();
            value["evidence"] = ids.into();
            let names = |list: &[usize]| -> Vec<&str> {
                list.iter().map(|&e| study.events[e].id.as_str()).collect()
            };
            if !event.after.is_empty() {
                value["after"] = names(&event.after).into();
            }
            value["order_unknown_with"] = names(&analysis.order_unknown[i]).into();
            seq.serialize_element(&value)?;
        }
        seq.end()
    }
}

/// `weight_db`: k × k numbers per item, most of a large report, written
/// row by row straight from the factors.
struct WeightMatrix<'a>(&'a Study, &'a ItemAnalysis);

impl Serialize for WeightMatrix<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (study, item) = (self.0, self.1);
        let mut m = s.serialize_map(Some(study.hypotheses.len()))?;
        for (i, h) in study.hypotheses.iter().enumerate() {
            m.serialize_entry(&h.id, &WeightRow(study, item, i))?;
        }
        m.end()
    }
}

struct WeightRow<'a>(&'a Study, &'a ItemAnalysis, usize);

impl Serialize for WeightRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (study, item, i) = (self.0, self.1, self.2);
        let mut m = s.serialize_map(Some(study.hypotheses.len()))?;
        for (j, h) in study.hypotheses.iter().enumerate() {
            m.serialize_entry(&h.id, &Db(item.weight_db(i, j)))?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SourceFile;

    /// The two layouts must say the same thing: the compact writer builds
    /// the weight matrices by hand, so compare it with serde's on a study
    /// with infinite weights, absences and reliability.
    #[test]
    fn compact_and_pretty_layouts_hold_the_same_report() {
        let text = r#"
[study]
title = "Layouts"
[[hypothesis]]
id = "a"
title = "A \"quoted\""
[[hypothesis]]
id = "b"
title = "B"
[[hypothesis]]
id = "c"
title = "C"
[[case]]
id = "k"
title = "K"
[[evidence]]
id = "e1"
case = "k"
claim = "Found."
likelihood = { a = 0.9, b = 0, c = [0.1, 0.4] }
[[evidence]]
id = "e2"
claim = "Not found."
observed = false
search = "Archives."
reliability = 0.7
likelihood = { a = "likely", b = 0.5, c = 0.2 }
"#;
        let checked = probative::check(text.as_bytes(), &mut |_| Err("none".into()));
        let (Some(study), Some(analysis)) = (&checked.study, &checked.analysis) else {
            panic!("{:?}", checked.diagnostics)
        };
        let report = Report::new(SourceFile { name: "s", text }, study, analysis, None);
        let pretty_text = pretty(&report);
        // Streamed to a file, the indented report is the same bytes.
        let mut written = Vec::new();
        write(&report, &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), pretty_text);
        let pretty: serde_json::Value = serde_json::from_str(&pretty_text).unwrap();
        let compact_text = compact(&report);
        assert_eq!(compact_text.lines().count(), 1);
        let compact: serde_json::Value = serde_json::from_str(&compact_text).unwrap();
        assert_eq!(pretty, compact);
        assert_eq!(compact["evidence"][0]["weight_db"]["a"]["b"], "inf");
        assert_eq!(compact["evidence"][0]["weight_db"]["b"]["a"], "-inf");
    }

    /// Enough items for several rounds of batches on every core.
    #[test]
    fn compact_writes_every_item_once_in_order() {
        use std::fmt::Write as _;
        let n = 3 * 8 * BATCH + 17;
        let mut text = String::from(
            "[study]\ntitle = \"Rounds\"\n[[hypothesis]]\nid = \"a\"\ntitle = \"A\"\n[[hypothesis]]\nid = \"b\"\ntitle = \"B\"\n",
        );
        for e in 0..n {
            let _ = write!(
                text,
                "[[evidence]]\nid = \"e{e}\"\nclaim = \"c\"\nlikelihood = {{ a = 0.{}, b = 0.5 }}\n",
                e % 9 + 1
            );
        }
        let checked = probative::check(text.as_bytes(), &mut |_| Err("none".into()));
        let (Some(study), Some(analysis)) = (&checked.study, &checked.analysis) else {
            panic!("{:?}", checked.diagnostics)
        };
        let report = Report::new(
            SourceFile {
                name: "s",
                text: &text,
            },
            study,
            analysis,
            None,
        );
        let compact: serde_json::Value = serde_json::from_str(&compact(&report)).unwrap();
        let pretty: serde_json::Value = serde_json::from_str(&pretty(&report)).unwrap();
        assert_eq!(compact, pretty);
        let ids: Vec<&str> = compact["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, (0..n).map(|e| format!("e{e}")).collect::<Vec<_>>());
    }
}
