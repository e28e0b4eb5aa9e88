//! The provenance line of a report: the date it was written and a checksum
//! of its inputs, so that a page linked from a paper can be matched to the
//! exact study and bibliography it was made from.
//!
//! The renderers never read a clock or a file; this module does both for
//! them. `SOURCE_DATE_EPOCH` (the reproducible-builds convention) fixes the
//! date, so that two runs on the same inputs can give the same bytes.

use probative_render::Provenance;
use sha2::{Digest, Sha256};

use crate::io::Input;

/// The date and the checksum of a study as read, with the bibliography the
/// check read beside it, then the causal model and its data, if any.
pub fn of(input: &Input) -> Provenance {
    let mut hash = Sha256::new();
    hash.update(&input.bytes);
    if let Some((_, text)) = input.read_bibliography.get() {
        hash.update(text.as_bytes());
    }
    // A study built on a causal model (format 1.2) is made from it too.
    for (_, text) in input.model_files.borrow().iter() {
        hash.update(text.as_bytes());
    }
    let checksum = hash
        .finalize()
        .iter()
        .fold(String::with_capacity(71), |mut s, byte| {
            use std::fmt::Write as _;
            let _ = write!(s, "{byte:02x}");
            s
        });
    Provenance {
        date: date(seconds_since_epoch()),
        checksum: format!("sha256:{checksum}"),
    }
}

/// `SOURCE_DATE_EPOCH` when set to a number, else the system clock.
fn seconds_since_epoch() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        })
}

/// The UTC calendar date of a Unix time, `YYYY-MM-DD`. The civil-from-days
/// conversion of Howard Hinnant's `chrono`-compatible date algorithms: the
/// only date arithmetic the binary needs, too little for a date crate.
fn date(seconds: u64) -> String {
    let days = i64::try_from(seconds / 86_400).unwrap_or(0) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn unix_times_become_utc_dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_798_761_599), "2026-12-31");
        assert_eq!(date(1_798_761_600), "2027-01-01");
    }
}
