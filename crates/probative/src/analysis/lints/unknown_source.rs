use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Reports an evidence item whose `source` key, or a key of its `via`
    /// (the sources the report passed through), is not in the study's
    /// bibliography, and suggests the closest key that is. A key that only
    /// looks the same (Cyrillic `к1` for `k1`: the same Unicode TR39
    /// confusable skeleton) is named with the characters that differ.
    ///
    /// ## Why is this bad?
    /// A citation that leads nowhere cannot be checked. Transparency in
    /// qualitative research means that a reader can go from a claim to the
    /// passage it rests on; a dangling key breaks that chain, and is usually
    /// a typo that also hides which work the item really comes from.
    ///
    /// ## Example
    /// ```toml
    /// [[evidence]]
    /// id = "e1"
    /// source = "parsi2007"   # the bibliography has `parsi2007treacherous`
    /// ```
    ///
    /// ## References
    /// - Moravcsik, A. (2014). Transparency: The revolution in qualitative
    ///   research. *PS: Political Science & Politics*, 47(1), 48–53.
    /// - Qualitative Data Repository, Annotation for Transparent Inquiry (ATI).
    UNKNOWN_SOURCE, "unknown-source", Severity::Error,
    "an evidence `source` key is not in the bibliography",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(bibliography) = cx.bibliography else {
        return;
    };
    let keys = bibliography.keys();
    for evidence in &cx.study.evidence {
        let source = evidence
            .source
            .as_ref()
            .map(|key| (key, evidence.spans.source.as_ref(), false));
        let via = evidence
            .via
            .iter()
            .enumerate()
            .map(|(n, key)| (key, evidence.spans.via.get(n), true));
        for (source, span, through) in source.into_iter().chain(via) {
            if bibliography.contains(source) {
                continue;
            }
            let role = if through {
                "the source (`via`)"
            } else {
                "the source"
            };
            let mut d = UNKNOWN_SOURCE
                .diagnostic(format!(
                    "{role} `{source}` of `{}` is not in the bibliography `{}`",
                    evidence.id, bibliography.name
                ))
                .for_evidence(&evidence.id)
                .for_source(source);
            if let Some(span) = span {
                d = d.at(span.clone());
            }
            d = hint(d, source, &keys, &bibliography.name);
            out.push(d);
        }
    }
}

/// Adds the key that only looks like this one, the closest key, or where to
/// add the missing one.
fn hint(d: Diagnostic, source: &str, keys: &[&str], bibliography: &str) -> Diagnostic {
    if let Some(twin) = look_alike(source, keys) {
        return d.with_help(format!(
            "`{bibliography}` has `{twin}`, which looks the same but is another key: {}; \
             retype one of them so that both use the same characters",
            differences(source, twin)
        ));
    }
    match crate::syntax_closest(source, keys) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(format!("add an entry `{source}` to `{bibliography}`")),
    }
}

/// A key that a reader cannot tell from `source` (the same Unicode TR39
/// confusable skeleton: Greek `ο` for Latin `o`, Cyrillic `а` for `a`),
/// if any.
fn look_alike<'k>(source: &str, keys: &[&'k str]) -> Option<&'k str> {
    let wanted: String = skeleton(source).collect();
    keys.iter()
        .copied()
        .find(|key| *key != source && skeleton(key).eq(wanted.chars()))
}

/// The TR39 skeleton, with kra (`ĸ`) read as `k`: TR39 maps Cyrillic `к`
/// and Greek `κ` to kra, but in a key they stand beside Latin letters and
/// digits, where every common font draws them as a Latin `k`.
fn skeleton(s: &str) -> impl Iterator<Item = char> + '_ {
    unicode_security::confusable_detection::skeleton(s)
        .map(|c| if c == '\u{138}' { 'k' } else { c })
}

/// The characters where two look-alike keys differ, with their code points:
/// "`к` (U+043A) where the study has `k` (U+006B)".
fn differences(source: &str, key: &str) -> String {
    let found: Vec<String> = source
        .chars()
        .zip(key.chars())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| {
            format!(
                "`{b}` (U+{:04X}) where the study has `{a}` (U+{:04X})",
                u32::from(b),
                u32::from(a)
            )
        })
        .collect();
    if found.is_empty() || source.chars().count() != key.chars().count() {
        "their characters differ".to_owned()
    } else {
        found.join(", ")
    }
}
