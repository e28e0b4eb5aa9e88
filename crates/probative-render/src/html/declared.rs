//! Section 3, declared against derived tests: every Van Evera label the
//! study gives beside the test its own likelihoods imply.
//!
//! A label ("hoop", "smoking gun") is a claim about how likely the evidence
//! is under the rivals, so it must follow from the numbers; where it does
//! not, the study says one thing in words and computes another. The verdict
//! quotes the count; this table shows each case of it.

use probative::model::TestType;

use super::escape::escape;
use super::{evidence_link, hypothesis_link, open_section};
use crate::Report;
use crate::outline::test_words;
use crate::words::signed_db;

/// How many declared tests the likelihoods bear out, and how many there
/// are; `None` when the study declares none.
pub fn agreement(r: &Report<'_>) -> Option<(usize, usize)> {
    let declared = declared(r);
    (!declared.is_empty()).then(|| {
        (
            declared.iter().filter(|&&e| agrees(r, e)).count(),
            declared.len(),
        )
    })
}

/// Writes the section, when the study declares any test.
pub fn section(r: &Report<'_>, out: &mut String) {
    let Some((agree, of)) = agreement(r) else {
        return;
    };
    let study = r.study;
    open_section(out, "declared");
    w!(
        out,
        "<p>The study labels {of} test{}; its likelihoods bear out <strong>{agree}</strong> of them. \
         The derived test is the one the likelihoods imply for the hypothesis the label is declared for, \
         against its prior-weighted rivals; the weights are what finding the evidence, or not finding it, \
         does to that hypothesis.</p>\n",
        if of == 1 { "" } else { "s" }
    );
    out.push_str(
        "<div class=\"table-wrap\" tabindex=\"0\"><table class=\"declared\">\n<caption>Declared and derived Van Evera tests</caption>\n\
         <thead><tr><th scope=\"col\">item</th><th scope=\"col\">for</th><th scope=\"col\">declared</th>\
         <th scope=\"col\">derived from the likelihoods</th><th scope=\"col\" class=\"num\">dB if found</th>\
         <th scope=\"col\" class=\"num\">dB if absent</th><th scope=\"col\">verdict</th></tr></thead>\n<tbody>\n",
    );
    for e in declared(r) {
        let ev = &study.evidence[e];
        let test = &r.analysis.items[e].tests[ev.declared_for];
        w!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            evidence_link(study, e),
            hypothesis_link(study, ev.declared_for),
            ev.declared_test.map_or("", TestType::as_str),
            escape(&test_words(test)),
            signed_db(test.pass_db).replace('-', "−"),
            signed_db(test.fail_db).replace('-', "−"),
            if agrees(r, e) {
                "<span class=\"badge ok\">agrees</span>"
            } else {
                "<span class=\"badge mismatch\">mismatch</span>"
            }
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// The items with a declared test, in file order.
fn declared(r: &Report<'_>) -> Vec<usize> {
    (0..r.study.evidence.len())
        .filter(|&e| r.study.evidence[e].declared_test.is_some())
        .collect()
}

/// Whether item `e`'s declared test is the one its likelihoods imply.
fn agrees(r: &Report<'_>, e: usize) -> bool {
    let ev = &r.study.evidence[e];
    ev.declared_test
        .is_some_and(|d| r.analysis.items[e].tests[ev.declared_for].confirms(d))
}
