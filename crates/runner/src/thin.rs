//! Thin and misrouted runs: a green that proves little is said so. `--min-ran N` or
//! `--min-ran P%` ([`MinRan`]) fails a run in which fewer scenarios ran (exit 4, as when none
//! ran); a run that skipped more than half of its scenarios ends with a warning naming the
//! largest skip reasons ([`thin_warning`]); a base URL every answer from which was a 404, or
//! the same error, gets a hint naming the URL joined ([`misrouted`]).

use std::collections::BTreeMap;

pub use crate::exit::MinRan;
use crate::report::Report;

/// How many skip reasons the thin-run warning names.
const REASONS_NAMED: usize = 3;

/// When more than half of the selected scenarios were skipped (a dry run aside), a warning
/// naming the largest skip reasons, with how many each skipped.
pub(crate) fn thin_warning(report: &Report) -> Option<String> {
    let summary = report.summary();
    let (skipped, selected) = (summary.total.skipped, report.scenarios.len());
    if report.dry_run || selected == 0 || skipped * 2 <= selected {
        return None;
    }
    let mut reasons: Vec<(&String, usize)> = summary.skip_reasons.iter().map(|(r, ids)| (r, ids.len())).collect();
    reasons.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let named: Vec<String> = reasons.iter().take(REASONS_NAMED).map(|(r, n)| format!("{n} × {r}")).collect();
    Some(format!(
        "warning: {skipped} of {selected} scenarios were skipped, so this result proves little; the largest reasons: \
         {}; require more with --min-ran N or --min-ran P%",
        named.join("; ")
    ))
}

/// The least answers from one base URL a hint is drawn from.
const MISROUTED_AFTER: usize = 3;

/// For each of `bases` (the URLs the run sends to) whose every answer (at least a few) was a
/// 404, or the same error: a hint naming it and a URL as joined. `answers` are the URLs sent
/// to, each with its status, or `None` for a request that could not complete.
pub(crate) fn misrouted(bases: &[String], answers: &[(String, Option<u16>)]) -> Vec<String> {
    let mut by_base: BTreeMap<&str, Vec<(&str, Option<u16>)>> = BTreeMap::new();
    for (url, status) in answers {
        // The longest base that prefixes the URL: a vendor's own base URL before the run's.
        let base = bases.iter().filter(|b| url.starts_with(b.as_str())).max_by_key(|b| b.len());
        if let Some(b) = base {
            by_base.entry(b.as_str()).or_default().push((url.as_str(), *status));
        }
    }
    let mut out = Vec::new();
    for (base, got) in by_base {
        let Some(&(example, first)) = got.first() else { continue };
        if got.len() < MISROUTED_AFTER || got.iter().any(|(_, s)| *s != first) {
            continue;
        }
        let n = got.len();
        let line = match first {
            Some(404) => format!(
                "hint: every answer from {base} was 404 Not Found ({n} requests), e.g. to {example}: the base URL joined \
                 with the documented path names nothing there; check the base URL (does it repeat a path segment the \
                 documented paths start with, such as /v2?)"
            ),
            Some(s) if s >= 400 => format!(
                "hint: every answer from {base} was {s} ({n} requests), e.g. to {example}: the target answered every \
                 request the same way; check the base URL and the credentials"
            ),
            None => format!(
                "hint: no request to {base} could complete ({n} requests), e.g. to {example}; see the errors above"
            ),
            Some(_) => continue,
        };
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_ran_reads_a_count_or_a_percentage() {
        assert_eq!("10".parse::<MinRan>(), Ok(MinRan::Count(10)));
        assert_eq!("50%".parse::<MinRan>(), Ok(MinRan::Percent(50)));
        assert!("101%".parse::<MinRan>().is_err() && "half".parse::<MinRan>().is_err());
        assert_eq!(MinRan::Percent(50).required(113), 57);
        assert_eq!(MinRan::Count(3).required(113), 3);
    }

    #[test]
    fn every_404_from_one_base_url_is_a_hint_naming_it() {
        let bases = vec!["http://h/v2".to_string(), "http://other".to_string()];
        let answers: Vec<(String, Option<u16>)> = (0..4)
            .map(|i| (format!("http://h/v2/v2/p/apigw/instances/{i}/postpaid-resize"), Some(404)))
            .chain([("http://other/x".to_string(), Some(404)), ("http://other/y".to_string(), Some(400))])
            .collect();
        let hints = misrouted(&bases, &answers);
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert!(hints[0].contains("every answer from http://h/v2 was 404"), "{}", hints[0]);
        assert!(hints[0].contains("e.g. to http://h/v2/v2/p/apigw/instances/0/postpaid-resize"), "{}", hints[0]);
    }
}
