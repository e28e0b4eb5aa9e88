//! Partial ISO 8601 dates (`1995`, `1995-03`, `1995-03-15`) and periods.

use std::fmt;

/// A date known to the year, month or day. Ordered as its text, so that
/// `1995` < `1995-03` < `1995-03-15`, as the study format requires.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate(String);

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking month and day.
    pub fn parse(text: &str) -> Result<Self, String> {
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let ok_shape = match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2),
            [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
            _ => false,
        };
        if !ok_shape {
            return Err(format!(
                "`{text}` is not a partial ISO 8601 date; write `1995`, `1995-03` or `1995-03-15`"
            ));
        }
        let number = |s: &str| s.parse::<u32>().unwrap_or(0);
        if let Some(m) = parts.get(1).map(|m| number(m)) {
            if !(1..=12).contains(&m) {
                return Err(format!("`{text}` has month {m}; months run from 01 to 12"));
            }
            if let Some(d) = parts.get(2).map(|d| number(d)) {
                let year = number(parts[0]);
                let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                let last = match m {
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                if !(1..=last).contains(&d) {
                    return Err(format!("`{text}` has day {d}; that month has {last} days"));
                }
            }
        }
        Ok(Self(text.to_owned()))
    }

    /// The date as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.0[..4].parse().unwrap_or(0)
    }

    /// A fractional year for drawing timelines: the middle of the month or
    /// year when the day or month is unknown.
    pub fn fractional_year(&self) -> f64 {
        let parts: Vec<f64> = self.0.split('-').filter_map(|p| p.parse().ok()).collect();
        match parts.as_slice() {
            [y] => y + 0.5,
            [y, m] => y + (m - 0.5) / 12.0,
            [y, m, d] => y + (m - 1.0) / 12.0 + (d - 0.5) / 365.25,
            _ => 0.0,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks an ISO 8601 interval of partial dates, `1989-01/1992-06`, whose
/// end does not come before its start.
pub fn check_period(text: &str) -> Result<(PartialDate, PartialDate), String> {
    let Some((start, end)) = text.split_once('/') else {
        return Err(format!(
            "`{text}` is not a period; write it as `1989-01/1992-06`"
        ));
    };
    let start = PartialDate::parse(start)?;
    let end = PartialDate::parse(end)?;
    if end.as_str() < start.as_str() && !start.as_str().starts_with(end.as_str()) {
        return Err(format!("the period `{text}` ends before it starts"));
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_sort_as_the_format_says() {
        let a = PartialDate::parse("1995").unwrap();
        let b = PartialDate::parse("1995-03").unwrap();
        let c = PartialDate::parse("1995-03-15").unwrap();
        assert!(a < b && b < c);
    }

    #[test]
    fn bad_dates_are_refused_with_a_reason() {
        assert!(
            PartialDate::parse("1995-13")
                .unwrap_err()
                .contains("month 13")
        );
        assert!(
            PartialDate::parse("1995-02-29")
                .unwrap_err()
                .contains("28 days")
        );
        assert!(PartialDate::parse("1996-02-29").is_ok());
        assert!(PartialDate::parse("95").is_err());
        assert!(check_period("1992/1989").is_err());
        assert!(check_period("1989-01/1992-06").is_ok());
    }
}
