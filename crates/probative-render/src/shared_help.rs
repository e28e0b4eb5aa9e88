//! Findings that share a help text, shown together with the help once.
//!
//! Eight `declared-test-mismatch` warnings carry the same advice; printed
//! eight times it is noise that hides the findings. `check` shows such
//! findings one after another, where the first of them stood, and gives
//! the help once, after the last.

use probative::diagnostic::Diagnostic;

/// Reorders `diagnostics` so that those sharing a help text are adjacent,
/// and keeps that help on the last of each run only, saying how many it is
/// for.
pub fn gather(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // The findings of each help text, in order: one pass, so that a study
    // with a hundred thousand findings is not a quadratic wait.
    let mut by_help: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if let Some(help) = d.help.as_deref() {
            by_help.entry(help).or_default().push(i);
        }
    }
    let mut placed = vec![false; diagnostics.len()];
    let mut order: Vec<usize> = Vec::with_capacity(diagnostics.len());
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if placed[i] {
            continue;
        }
        if let Some(same) = d
            .help
            .as_deref()
            .and_then(|h| by_help.get(h))
            .filter(|same| same.len() > 1)
        {
            let start = order.len();
            for &j in same {
                placed[j] = true;
                order.push(j);
            }
            runs.push((start, order.len()));
        } else {
            placed[i] = true;
            order.push(i);
        }
    }
    let mut slots: Vec<Option<Diagnostic>> = diagnostics.into_iter().map(Some).collect();
    let mut out: Vec<Diagnostic> = order.iter().filter_map(|&i| slots[i].take()).collect();
    for (start, end) in runs {
        let n = end - start;
        let same_code = out[start..end].iter().all(|d| d.code == out[start].code);
        let what = if same_code {
            format!("the {n} `{}` findings above", out[start].code)
        } else {
            format!("the {n} findings above")
        };
        for d in &mut out[start..end - 1] {
            d.help = None;
        }
        if let Some(help) = out[end - 1].help.take() {
            out[end - 1].help = Some(format!("{help} (for {what})"));
        }
    }
    out
}

/// Breaks `text` into lines of at most `width` characters between words
/// (a longer word keeps a line of its own).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(code: &'static str, help: Option<&str>) -> Diagnostic {
        let d = Diagnostic::new(
            code,
            probative::diagnostic::Severity::Warning,
            format!("{code} {help:?}"),
        );
        match help {
            Some(h) => d.with_help(h),
            None => d,
        }
    }

    #[test]
    fn shared_help_is_given_once_after_its_run() {
        let out = gather(vec![
            d("a", Some("revise")),
            d("b", None),
            d("a", Some("revise")),
            d("c", Some("other")),
        ]);
        let codes: Vec<&str> = out.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["a", "a", "b", "c"]);
        assert_eq!(out[0].help, None);
        assert_eq!(
            out[1].help.as_deref(),
            Some("revise (for the 2 `a` findings above)")
        );
        assert_eq!(out[3].help.as_deref(), Some("other"));
    }

    #[test]
    fn wraps_between_words() {
        assert_eq!(wrap("one two three four", 9), "one two\nthree\nfour");
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            "averyveryverylongword\nx"
        );
    }
}
