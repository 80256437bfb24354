//! `X-Sdk-Date` timestamps (`YYYYMMDDTHHMMSSZ`, UTC) to and from seconds since the Unix epoch,
//! on the `time` crate's calendar.

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use crate::error::{SignError, echo};

const FORMAT: &[BorrowedFormatItem<'static>] = format_description!("[year][month][day]T[hour][minute][second]Z");

/// The last instant the format can hold.
const MAX_SECS: u64 = 253_402_300_799; // 9999-12-31T23:59:59Z

/// Now, in seconds since the Unix epoch (0 for a clock set before 1970): the signer's date and
/// the verifier's clock.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Formats seconds since the Unix epoch as `YYYYMMDDTHHMMSSZ` (UTC). Instants after year 9999,
/// which the format cannot hold, are clamped to `99991231T235959Z`.
pub fn format_sdk_date(unix_secs: u64) -> String {
    let secs = i64::try_from(unix_secs.min(MAX_SECS)).unwrap_or(0);
    OffsetDateTime::from_unix_timestamp(secs).ok().and_then(|t| t.format(FORMAT).ok()).unwrap_or_default()
}

/// Parses a `YYYYMMDDTHHMMSSZ` (UTC) timestamp into seconds since the Unix epoch. Rejects
/// dates before 1970, impossible calendar dates (e.g. `20230229`) and leap seconds.
pub fn parse_sdk_date(s: &str) -> Result<u64, SignError> {
    let bad = || SignError::MalformedDate(echo(s));
    // The calendar comes from `time`; the fixed width, digits only, is checked here (`time`
    // would accept a sign on the year).
    let digits = |r: std::ops::Range<usize>| s.get(r).is_some_and(|d| d.bytes().all(|c| c.is_ascii_digit()));
    if s.len() != 16 || !digits(0..8) || !digits(9..15) {
        return Err(bad());
    }
    let t = PrimitiveDateTime::parse(s, FORMAT).map_err(|_| bad())?.assume_utc();
    u64::try_from(t.unix_timestamp()).map_err(|_| bad())
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
            t += 13 * 86_400;
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
    fn huge_timestamps_are_clamped_not_panicking() {
        assert_eq!(format_sdk_date(u64::MAX), "99991231T235959Z");
        assert_eq!(parse_sdk_date(&format_sdk_date(u64::MAX)), Ok(MAX_SECS));
    }
}
