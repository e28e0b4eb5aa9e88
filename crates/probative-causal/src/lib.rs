//! Process tracing with causal models, as CausalQueries does it, exactly where
//! it can be and fast where it cannot.
//!
//! # Steps
//!
//! - [`syntax`]: query, given and restriction strings → expression trees.
//! - [`dag`]: the DAG string → nodes in causal order with ordered parents.
//! - [`nodal`]: nodal types, labels, and which types a restriction removes.
//! - [`schema`]: the model file's shape (keys, kinds of value), all problems placed.
//! - [`model`]: the TOML model file → a validated [`model::CausalModel`].
//! - [`data`]: CSV text → event counts by observation strategy.
//! - [`engine`]: a query and a given → exact sums at one parameter vector.
//! - [`random`], [`update`], [`convergence`]: seeded draws from the prior and
//!   the posterior (Gibbs sampling with data augmentation), R-hat and ESS.
//! - [`exact`]: the posterior as a finite mixture of Dirichlets, where the
//!   data show every causal path and the mixture is small.
//! - [`estimate`]: every `[[query]]` for every given and estimand → results.
//! - [`clues`]: which unobserved node is most worth observing in a case.
//! - [`report`]: results → the JSON report and the text report.
//! - [`html`]: results → a self-contained HTML page with the DAG in SVG.
//! - [`in_study`]: the model inside a study (`[study] model`): the core's
//!   `CausalSource`, at one parameter point.
//! - [`cli`]: the `probative causal` command, the only place that does I/O.

pub mod cli;
pub mod clues;
pub mod convergence;
pub mod dag;
pub mod data;
pub mod engine;
pub mod error;
pub mod estimate;
pub mod exact;
pub mod html;
pub mod in_study;
pub mod model;
pub mod nodal;
pub mod random;
pub mod report;
pub mod schema;
pub mod syntax;
pub mod update;

pub use error::{CausalError, ErrorKind};
pub use estimate::{Analysis, Options, analyse};

pub use model::{CausalModel, Study, parse_study};
