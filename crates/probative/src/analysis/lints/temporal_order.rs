use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns about two kinds of impossible order:
    ///
    /// - an item documents an event (the event's `evidence` lists it), but
    ///   the item's source is dated before the event: the whole date interval
    ///   of the source (its year, month or day in the bibliography) ends
    ///   before the event's interval starts;
    /// - an event says it came `after` another event whose date interval
    ///   starts after this event's interval ends.
    ///
    /// Partial dates are intervals: `1995` is the whole year, `1995-07` the
    /// whole month, so only an order that holds for every reading of the
    /// dates is reported.
    ///
    /// ## Why is this bad?
    /// Process tracing rests on sequence: a cause comes before its effect,
    /// and a source can only report what had happened when it was written.
    /// A source cited for an event it predates is miscited (or cited for a
    /// prediction, which is not the same evidence), and an "after" that the
    /// dates contradict breaks the chain the study claims to trace.
    ///
    /// ## Example
    /// ```toml
    /// [[event]]
    /// id = "ilsa-bill"
    /// date = "1995-09-08"
    /// evidence = ["ilsa-effects"]   # whose source is dated 1995-07-15
    /// ```
    ///
    /// ## References
    /// - Collier, D. (2011). Understanding process tracing. *PS: Political
    ///   Science & Politics*, 44(4), 823–830 (the emphasis on temporal
    ///   sequence).
    /// - Mahoney, J. (2012). The logic of process tracing tests in the social
    ///   sciences. *Sociological Methods & Research*, 41(4), 570–597.
    /// - Trachtenberg, M. (2006). *The Craft of International History*.
    ///   Princeton University Press.
    TEMPORAL_ORDER, "temporal-order", Severity::Warning,
    "a source predates what it documents, or an event precedes what it follows",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let study = cx.study;
    if let Some(bibliography) = cx.bibliography {
        for event in &study.events {
            let event_start = event.date.start();
            for &e in &event.evidence {
                let evidence = &study.evidence[e];
                let Some(key) = evidence.source.as_deref() else {
                    continue;
                };
                let Some(date) = bibliography.date(key) else {
                    continue;
                };
                if date.end() < event_start {
                    out.push(
                        TEMPORAL_ORDER
                            .diagnostic(format!(
                                "`{}` documents the event `{}` ({}), but its source `{key}` is dated {}, before the event",
                                evidence.id,
                                event.id,
                                event.date,
                                date
                            ))
                            .at(evidence.spans.source.clone().unwrap_or(evidence.spans.item.clone()))
                            .with_label(event.span.clone(), "the event")
                            .for_evidence(&evidence.id)
                            .for_source(key)
                            .with_help("check the citation: a source can only report what had happened when it was written"),
                    );
                }
            }
        }
    }
    for event in &study.events {
        let end = event.date.end();
        for (&before, span) in event.after.iter().zip(&event.after_spans) {
            let earlier = &study.events[before];
            let start = earlier.date.start();
            if start > end {
                out.push(
                    TEMPORAL_ORDER
                        .diagnostic(format!(
                            "the event `{}` ({}) is said to come after `{}`, but `{}` is dated {}, later",
                            event.id, event.date, earlier.id, earlier.id, earlier.date
                        ))
                        .at(span.clone())
                        .with_label(earlier.span.clone(), "the later event")
                        .with_help("correct one of the dates, or the order the study asserts"),
                );
            }
        }
    }
}
