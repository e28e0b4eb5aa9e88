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
                let last = days_in_month(number(parts[0]), m);
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

    /// The first day the date can stand for: `1995` is 1995-01-01,
    /// `1995-03` is 1995-03-01. Days as (year, month, day), which order as
    /// dates do.
    pub fn start(&self) -> (u32, u32, u32) {
        let (y, m, d) = self.parts();
        (y, m.unwrap_or(1), d.unwrap_or(1))
    }

    /// The last day the date can stand for: `1995` is 1995-12-31,
    /// `1995-02` is 1995-02-28.
    pub fn end(&self) -> (u32, u32, u32) {
        let (y, m, d) = self.parts();
        let m_end = m.unwrap_or(12);
        (y, m_end, d.unwrap_or_else(|| days_in_month(y, m_end)))
    }

    /// Whether the date is known to the day.
    pub fn is_day(&self) -> bool {
        self.parts().2.is_some()
    }

    /// Whether two dates cannot be put in order: their intervals overlap,
    /// unless both are single days (two events of one day are taken in the
    /// order the study gives).
    pub fn order_unknown_with(&self, other: &Self) -> bool {
        !(self.is_day() && other.is_day())
            && self.start() <= other.end()
            && other.start() <= self.end()
    }

    /// Year, month and day as written (validated by [`PartialDate::parse`]).
    fn parts(&self) -> (u32, Option<u32>, Option<u32>) {
        let mut parts = self.0.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
        let year = parts.next().unwrap_or(0);
        (year, parts.next(), parts.next())
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

/// The number of days of a month of the Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
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
    fn partial_dates_are_intervals() {
        let d = |t: &str| PartialDate::parse(t).unwrap();
        assert_eq!(
            (d("1995").start(), d("1995").end()),
            ((1995, 1, 1), (1995, 12, 31))
        );
        assert_eq!(d("1996-02").end(), (1996, 2, 29));
        assert_eq!(d("1995-03-15").start(), d("1995-03-15").end());
        // A month within the year, and a day within the month, overlap it.
        assert!(d("1995").order_unknown_with(&d("1995-03-15")));
        assert!(d("1995-03").order_unknown_with(&d("1995-03-15")));
        assert!(!d("1995-03").order_unknown_with(&d("1995-04-01")));
        // Two single days are in the order the study gives.
        assert!(!d("1995-03-15").order_unknown_with(&d("1995-03-15")));
        assert!(!d("1994").order_unknown_with(&d("1995")));
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
