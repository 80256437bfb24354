//! `X-Sdk-Date` timestamps (`YYYYMMDDTHHMMSSZ`, UTC) to and from seconds
//! since the Unix epoch, using Howard Hinnant's civil-date algorithms.

use crate::error::{SignError, echo};

const SECS_PER_DAY: u64 = 86_400;

/// Formats seconds since the Unix epoch as `YYYYMMDDTHHMMSSZ` (UTC).
///
/// Years beyond 9999 are printed with more digits (and will not parse back).
pub fn format_sdk_date(unix_secs: u64) -> String {
    let days = unix_secs / SECS_PER_DAY;
    let rem = unix_secs % SECS_PER_DAY;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", rem / 3600, (rem % 3600) / 60, rem % 60)
}

/// Parses a `YYYYMMDDTHHMMSSZ` (UTC) timestamp into seconds since the Unix
/// epoch. Rejects dates before 1970, impossible calendar dates (e.g.
/// `20230229`) and leap seconds.
pub fn parse_sdk_date(s: &str) -> Result<u64, SignError> {
    let bad = || SignError::MalformedDate(echo(s));
    let b = s.as_bytes();
    if b.len() != 16 || b.get(8) != Some(&b'T') || b.get(15) != Some(&b'Z') {
        return Err(bad());
    }
    let num = |from: usize, to: usize| -> Option<u64> {
        let digits = b.get(from..to)?;
        digits.iter().try_fold(0u64, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u64::from(c - b'0')))
    };
    let field = |from, to| num(from, to).ok_or_else(bad);
    let (year, month, day) = (field(0, 4)?, field(4, 6)?, field(6, 8)?);
    let (hour, min, sec) = (field(9, 11)?, field(11, 13)?, field(13, 15)?);
    if year < 1970
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || min > 59
        || sec > 59
    {
        return Err(bad());
    }
    let days = days_from_civil(year, month, day);
    Ok(days * SECS_PER_DAY + hour * 3600 + min * 60 + sec)
}

fn is_leap(y: u64) -> bool {
    y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400))
}

fn days_in_month(y: u64, m: u64) -> u64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a civil date with `year >= 1970`.
fn days_from_civil(y: u64, m: u64, d: u64) -> u64 {
    // Shift so the year starts in March; y >= 1970 keeps everything unsigned.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y / 400;
    let yoe = y % 400;
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date `(year, month, day)` for days since 1970-01-01.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_instants() {
        assert_eq!(format_sdk_date(0), "19700101T000000Z");
        assert_eq!(format_sdk_date(951_782_400), "20000229T000000Z");
        assert_eq!(format_sdk_date(1_709_251_199), "20240229T235959Z");
        assert_eq!(format_sdk_date(1_709_251_200), "20240301T000000Z");
        assert_eq!(format_sdk_date(4_107_542_399), "21000228T235959Z");
        assert_eq!(format_sdk_date(4_107_542_400), "21000301T000000Z");
        assert_eq!(parse_sdk_date("20240229T235959Z"), Ok(1_709_251_199));
        assert_eq!(parse_sdk_date("19700101T000000Z"), Ok(0));
        assert_eq!(parse_sdk_date("99991231T235959Z"), Ok(253_402_300_799));
    }

    #[test]
    fn round_trip_over_many_days() {
        // Every day boundary +/- a second from 1970 to ~2300, stepping 13 days.
        let mut t = 0u64;
        while t < 10_500_000_000 {
            for s in [t, t + 86_399, t + 3_723] {
                let text = format_sdk_date(s);
                assert_eq!(parse_sdk_date(&text), Ok(s), "{text}");
            }
            t += 13 * SECS_PER_DAY;
        }
    }

    #[test]
    fn rejects_impossible_and_garbage() {
        for s in [
            "",
            "20240229T235959",
            "20230229T000000Z",
            "21000229T000000Z",
            "19691231T235959Z",
            "20241301T000000Z",
            "20240001T000000Z",
            "20240100T000000Z",
            "20240431T000000Z",
            "20240101T240000Z",
            "20240101T006000Z",
            "20240101T000060Z",
            "20240101 000000Z",
            "2024-1-01T00000Z",
            "+0240101T000000Z",
            "2024010lT000000Z",
            "20240101T000000z",
            "20240101T000000Zx",
            "ééééééééZ",
        ] {
            assert!(matches!(parse_sdk_date(s), Err(SignError::MalformedDate(_))), "{s:?}");
        }
        assert_eq!(parse_sdk_date("20230229T000000Z"), Err(SignError::MalformedDate("20230229T000000Z".into())));
    }

    #[test]
    fn huge_timestamps_do_not_panic() {
        let s = format_sdk_date(u64::MAX);
        assert!(s.ends_with('Z'));
        assert!(parse_sdk_date(&s).is_err());
    }
}
