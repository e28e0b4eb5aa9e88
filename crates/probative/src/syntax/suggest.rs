//! "Did you mean": the known name nearest a misspelt one, and the words a
//! message uses for a TOML value's type. The study reader and the causal
//! model reader both use these, so that a misspelling is answered the same
//! way in either file.

use toml::de::DeValue;

/// The similarity a study key or id must reach to be suggested: keys are
/// words (`likelihood`, `search_sensitivity`), and below 0.6 a suggestion is
/// more often a different word than a misspelling.
pub const KEY_SIMILARITY: f64 = 0.6;

/// The closest known name to a misspelt one, if any is at least
/// `min_similarity` alike (normalised Damerau–Levenshtein, ignoring case:
/// `EMPIRE` is a misspelling of `empire`, and a causal node `x` of `X`).
pub fn nearest<'k>(name: &str, known: &[&'k str], min_similarity: f64) -> Option<&'k str> {
    let name = name.to_lowercase();
    known
        .iter()
        .map(|k| {
            (
                *k,
                strsim::normalized_damerau_levenshtein(&name, &k.to_lowercase()),
            )
        })
        .filter(|(_, score)| *score >= min_similarity)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

/// The closest known key or id to a misspelt one, if any is close enough to
/// be what the user meant.
pub fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    nearest(name, known, KEY_SIMILARITY)
}

/// A TOML value's type in the words of a message: "must be a number, not a
/// string".
pub fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_ignore_case_and_need_enough_likeness() {
        assert_eq!(
            closest("likelihod", &["likelihood", "observed"]),
            Some("likelihood")
        );
        assert_eq!(closest("EMPIRE", &["empire", "lobby"]), Some("empire"));
        assert_eq!(closest("zzz", &["likelihood"]), None);
        // One- and two-letter causal node names need a lower bar.
        assert_eq!(nearest("XM", &["M", "Y"], 0.5), Some("M"));
        assert_eq!(nearest("XM", &["M", "Y"], KEY_SIMILARITY), None);
    }
}
