//! A causal model inside a study: the numbers a study built on a model
//! (`[study] model`, format 1.2) asks of it.
//!
//! This module implements the core's [`CausalSource`]: it checks the
//! study's queries, givens and clues against the model, says whether a
//! statement is possible at all (over the causal types the model allows),
//! and gives P(event | given) at one parameter point, with the same engine
//! and the same compiled targets as `probative causal`, so that a study's
//! posterior is `probative causal`'s case-level posterior. It reads files
//! only through the reader the caller passes, as [`crate::cli`] does.
//!
//! The parameter point: the posterior mean when the model names data and
//! its posterior is exact (a finite Dirichlet mixture, [`crate::exact`]);
//! else the model's `[parameters]` when it gives them; else the prior mean.
//! A posterior that only sampling reaches is refused: a study's likelihoods
//! are exact numbers, never Monte Carlo estimates.

use std::path::Path;

use probative::model::causal::{CausalProblem, CausalSource, Statement};

use crate::cli::{MAX_DATA_BYTES, MAX_MODEL_BYTES, ReadText};
use crate::engine::{MassCache, Sums, Target, support_parameters};
use crate::error::CausalError;
use crate::model::{CausalModel, Using};
use crate::{data, exact, model, syntax};

/// A causal model at one parameter point, as a study sees it.
#[derive(Debug, Clone)]
pub struct ModelSource {
    model: CausalModel,
    /// The parameter point.
    lambda: Vec<f64>,
    /// Parameters under which every allowed type has positive probability.
    support: Vec<f64>,
    using: Using,
    point: String,
}

/// Reads the model file at `path` (and its data file, relative to it) with
/// `read`, and chooses the parameter point. `show_text` says whether an
/// error may quote the file: not for a file outside the study's folder,
/// which may be any file (a CI secret), whose errors give only the line
/// and column.
///
/// # Errors
/// A file that cannot be read, a model or data file with errors (the first,
/// with its line, and how many more), or data whose posterior is not exact.
pub fn load(path: &Path, read: ReadText<'_>, show_text: bool) -> Result<ModelSource, String> {
    let text = read(path, MAX_MODEL_BYTES)?;
    let study = model::parse_study_all(&text).map_err(|errors| summary(&errors, show_text))?;
    let data = match &study.data_file {
        None => None,
        Some(file) => {
            let csv_path = path
                .parent()
                .map_or_else(|| Path::new(file).to_path_buf(), |dir| dir.join(file));
            let csv = read(&csv_path, MAX_DATA_BYTES)
                .map_err(|e| format!("the model's data file: {e}"))?;
            Some(data::parse_csv(&csv, &study.model).map_err(|e| {
                format!(
                    "the model's data file: {}",
                    summary(std::slice::from_ref(&e), show_text)
                )
            })?)
        }
    };
    let has_parameters = text
        .parse::<toml::Table>()
        .is_ok_and(|t| t.contains_key("parameters"));
    ModelSource::new(study.model, data.as_ref(), has_parameters)
}

impl ModelSource {
    /// The model at the posterior mean given `data`, at its point
    /// parameters when `parameters` (the file gives `[parameters]`), or at
    /// its prior mean.
    ///
    /// # Errors
    /// Data whose posterior is not an exact mixture.
    pub fn new(
        model: CausalModel,
        data: Option<&data::Data>,
        parameters: bool,
    ) -> Result<Self, String> {
        let (lambda, using, point) = match data {
            Some(data) => {
                let posterior = exact::posterior(&model, data).ok_or_else(|| {
                    "its posterior given its data is not exact (some event comes about in more than one way, or the mixture is too large), and a study takes exact likelihoods only; remove `[data]` to use the prior mean, or give `[parameters]` without data".to_owned()
                })?;
                (
                    posterior.mean(&model),
                    Using::Posteriors,
                    format!(
                        "the posterior mean given the model's data ({} case{})",
                        data.cases,
                        if data.cases == 1 { "" } else { "s" }
                    ),
                )
            }
            None if parameters => (
                model.values.clone(),
                Using::Parameters,
                "the model's parameters".to_owned(),
            ),
            None => (
                model.prior_mean(),
                Using::Priors,
                "the prior mean".to_owned(),
            ),
        };
        let support = support_parameters(&model);
        Ok(Self {
            model,
            lambda,
            support,
            using,
            point,
        })
    }

    fn sums(&self, target: &Target, lambda: &[f64]) -> Sums {
        target.evaluate(&self.model, lambda, &mut MassCache::default())
    }

    fn compile(&self, event: &str, given: Option<&str>) -> Result<Target, CausalProblem> {
        let target = Target::compile(&self.model, event, given).map_err(|e| problem(&e, event))?;
        if target.logical {
            Ok(target)
        } else {
            Err(CausalProblem {
                message: "this is a number, not a statement that is true or false of a case"
                    .to_owned(),
                position: None,
                help: Some(
                    "write a comparison or an event, such as Y[X=1] > Y[X=0] or M==1".to_owned(),
                ),
            })
        }
    }
}

/// The first of a file's errors on one line, without the line's text (a
/// study's diagnostic shows the study, not the model), and without its
/// message when the file may not be quoted; then how many more there are.
fn summary(errors: &[CausalError], show_text: bool) -> String {
    let Some(first) = errors.first() else {
        return "it has errors".to_owned();
    };
    let mut shown = first.clone();
    shown.source = None;
    shown.help = None;
    let out = if show_text {
        shown.to_string()
    } else {
        // "model error at line 3, column 5": where, never what.
        shown.message = String::new();
        shown.to_string().trim_end_matches([':', ' ']).to_owned()
    };
    match errors.len() {
        1 => out,
        n => format!("{out} (and {} more)", n - 1),
    }
}

/// The core's problem for an error in `statement`: the position only when
/// it points into that statement.
fn problem(error: &CausalError, statement: &str) -> CausalProblem {
    let inside = error.source.as_deref().is_none_or(|s| s == statement);
    CausalProblem {
        message: error.message.clone(),
        position: error.position.filter(|_| inside),
        help: error.help.clone(),
    }
}

impl CausalSource for ModelSource {
    fn using(&self) -> &'static str {
        self.using.name()
    }

    fn point(&self) -> String {
        self.point.clone()
    }

    fn check(&self, statement: &str, kind: Statement) -> Result<(), CausalProblem> {
        self.compile(statement, None)?;
        if kind == Statement::Query {
            return Ok(());
        }
        let expr = syntax::parse_expr(statement).map_err(|e| problem(&e, statement))?;
        if let Some(term) = syntax::all_terms(&expr)
            .into_iter()
            .find(|t| !t.interventions.is_empty())
        {
            let what = if kind == Statement::Clue {
                "a clue is what is observed in the case"
            } else {
                "a given is what is known of the case"
            };
            return Err(CausalProblem {
                message: format!("{what}, and `{}[...]` is a counterfactual", term.node),
                position: Some(term.position),
                help: Some(format!(
                    "write observed node values, such as {}==1",
                    term.node
                )),
            });
        }
        Ok(())
    }

    fn possible(&self, statement: &str) -> Result<bool, CausalProblem> {
        let target = self.compile(statement, None)?;
        Ok(self.sums(&target, &self.support).numerator > 0.0)
    }

    fn probability(&self, event: &str, given: &str) -> Result<Option<f64>, CausalProblem> {
        let target = self.compile(event, Some(given))?;
        let sums = self.sums(&target, &self.lambda);
        Ok((sums.denominator > 0.0).then(|| sums.numerator / sums.denominator))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str, parameters: bool) -> ModelSource {
        let study = model::parse_study(text).unwrap();
        ModelSource::new(study.model, None, parameters).unwrap()
    }

    const XY: &str = "[model]\ndag = \"X -> Y\"\n";

    #[test]
    fn probabilities_are_exact_sums_at_the_prior_mean() {
        let s = source(XY, false);
        assert_eq!(s.using(), "priors");
        // Flat over Y's four types; X==1 & Y==1 leaves "01" (Y = X) and
        // "11" (always 1), and X caused Y only in the first.
        let p = s
            .probability("Y[X=1] > Y[X=0]", "X==1 & Y==1")
            .unwrap()
            .unwrap();
        assert!((p - 0.5).abs() < 1e-15, "{p}");
        // A clue the given settles has probability 1 under every query.
        let p = s
            .probability("Y==1", "(X==1 & Y==1) & (Y[X=1] > Y[X=0])")
            .unwrap()
            .unwrap();
        assert!((p - 1.0).abs() < 1e-15);
    }

    #[test]
    fn the_point_parameters_are_used_when_the_model_gives_them() {
        let text = format!(
            "{XY}[parameters]\nX = {{ \"0\" = 0.5, \"1\" = 0.5 }}\nY = {{ \"00\" = 0.1, \"10\" = 0.1, \"01\" = 0.6, \"11\" = 0.2 }}\n"
        );
        let s = source(&text, true);
        assert_eq!(s.using(), "parameters");
        let p = s
            .probability("Y[X=1] > Y[X=0]", "X==1 & Y==1")
            .unwrap()
            .unwrap();
        assert!((p - 0.6 / 0.8).abs() < 1e-12, "{p}");
    }

    #[test]
    fn possible_reads_the_restrictions_not_the_parameters() {
        let s = source(XY, false);
        assert_eq!(s.possible("Y[X=1] < Y[X=0]"), Ok(true));
        let monotone = source(
            "[model]\ndag = \"X -> Y\"\nrestrict = [\"decreasing(X, Y)\"]\n",
            false,
        );
        assert_eq!(monotone.possible("Y[X=1] < Y[X=0]"), Ok(false));
        // A given the model rules out has no conditional probability.
        assert_eq!(monotone.probability("Y==1", "Y[X=1] < Y[X=0]"), Ok(None));
    }

    #[test]
    fn bad_statements_are_placed_in_them() {
        let s = source(XY, false);
        let unknown = s.check("X==1 & K==1", Statement::Given).unwrap_err();
        assert_eq!(unknown.message, "K is not a node of the model");
        assert_eq!(unknown.position, Some(7));
        let numeric = s.check("Y[X=1] - Y[X=0]", Statement::Query).unwrap_err();
        assert!(numeric.message.contains("is a number"), "{numeric:?}");
        let counterfactual = s.check("Y[X=1]==1", Statement::Clue).unwrap_err();
        assert!(
            counterfactual
                .message
                .starts_with("a clue is what is observed")
        );
        assert_eq!(counterfactual.position, Some(0));
        // A query may be counterfactual; a clue of node values passes.
        assert_eq!(s.check("Y[X=1] > Y[X=0]", Statement::Query), Ok(()));
        assert_eq!(s.check("Y==1", Statement::Clue), Ok(()));
    }

    #[test]
    fn data_with_an_exact_posterior_gives_the_posterior_mean() {
        let study = model::parse_study(XY).unwrap();
        let data = data::parse_csv("X,Y\n1,1\n0,0\n1,1\n", &study.model).unwrap();
        let s = ModelSource::new(study.model.clone(), Some(&data), false).unwrap();
        assert_eq!(s.using(), "posteriors");
        assert!(s.point().contains("3 cases"), "{}", s.point());
        let prior = source(XY, false)
            .probability("Y[X=1] > Y[X=0]", "X==1 & Y==1")
            .unwrap()
            .unwrap();
        let posterior = s
            .probability("Y[X=1] > Y[X=0]", "X==1 & Y==1")
            .unwrap()
            .unwrap();
        // Cases where Y follows X make "X caused Y" more likely.
        assert!(posterior > prior, "{posterior} against {prior}");
    }
}
