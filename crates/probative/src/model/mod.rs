//! Stage 2: raw document → validated study.
//!
//! This stage owns meaning: ids are unique and resolve, priors are in range
//! and sum to one, likelihoods are numbers, intervals or known terms inside
//! [0, 1], dates are dates, and the bibliography is read by a real citation
//! library. Everything it finds is reported; what it cannot make sense of is
//! left out of the [`Study`], which is therefore always consistent.
//!
//! Architecture invariant: a [`Study`] that comes with no error diagnostic
//! is complete: every evidence item has a likelihood for every hypothesis,
//! and every reference is an index that exists.

pub mod analysts;
mod bibliography;
mod bibliography_entries;
mod bibliography_guard;
mod build;
pub mod causal;
mod date;
pub mod likelihood;
mod study;
mod without;

pub use bibliography::{
    Bibliography, BibliographyFormat, FormattedReference, citation_styles, with_locator,
};
pub use build::{BibliographyText, build};
pub use date::PartialDate;
pub use likelihood::{Likelihood, Written};
pub use study::{
    Case, Event, Evidence, EvidenceSpans, Hypothesis, QuoteStatus, Scope, Settings, SourceKind,
    Study, TestType, Without,
};
pub use without::{Selection, with_dependents, without};
