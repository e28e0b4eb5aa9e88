//! The causal model a study is built on (format 1.2): the model file, the
//! parameter point, each hypothesis's query and each item whose likelihoods
//! came from a clue, in the words of the text report
//! ([`crate::outline::causal`]). Shown only for such a study.

use super::escape::escape;
use super::{evidence_link, open_section};
use crate::Report;
use crate::outline::causal::{items_words, summary};

/// Writes the section, when the study is built on a causal model.
pub fn section(r: &Report<'_>, out: &mut String) {
    let study = r.study;
    let Some(link) = study.causal.as_ref() else {
        return;
    };
    open_section(out, "causal");
    w!(out, "<p>{}</p>\n<ul>\n", escape(&summary(link)));
    for (id, query) in &link.queries {
        w!(
            out,
            "<li><code>{}</code>: <code>{}</code></li>\n",
            escape(id),
            escape(query)
        );
    }
    w!(out, "</ul>\n<p>{}</p>\n", escape(&items_words(study, link)));
    if !link.likelihoods.is_empty() {
        out.push_str("<ul>\n");
        for from in &link.likelihoods {
            let Some(e) = study.evidence.iter().position(|e| e.id == from.evidence) else {
                continue;
            };
            w!(
                out,
                "<li>{} ({}): from the model, <code>{}</code></li>\n",
                evidence_link(study, e),
                if study.evidence[e].observed {
                    "found"
                } else {
                    "not found"
                },
                escape(&from.formula())
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}
