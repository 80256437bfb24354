//! The exit codes of a run (the table is in the crate doc) and `--min-ran` ([`MinRan`]), which
//! turns a thin run into [`EXIT_NOTHING_RAN`]: plain data below the report and the errors.

/// Exit code: every scenario that ran passed (skipped ones do not count).
pub const EXIT_OK: u8 = 0;
/// Exit code: one or more scenarios failed or errored.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: the command line was wrong (clap's own).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the suite could not run (bad profile, unreadable features or fixtures,
/// unreachable target).
pub const EXIT_COULD_NOT_RUN: u8 = 3;
/// Exit code: no scenario ran (every selected one was skipped), as nextest's `NO_TESTS_RUN`:
/// a green that proves nothing is not a pass; also fewer than `--min-ran` ran.
pub const EXIT_NOTHING_RAN: u8 = 4;

/// How many scenarios must run (`--min-ran`): a number, or a share of the selected ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinRan {
    /// At least this many.
    Count(usize),
    /// At least this percentage of the selected scenarios (rounded up).
    Percent(u8),
}

impl MinRan {
    /// The scenarios that must run of `selected`.
    pub fn required(self, selected: usize) -> usize {
        match self {
            MinRan::Count(n) => n,
            MinRan::Percent(p) => (selected * usize::from(p)).div_ceil(100),
        }
    }
}

impl std::str::FromStr for MinRan {
    type Err = String;

    fn from_str(s: &str) -> Result<MinRan, String> {
        let bad = || format!("{s:?} is not a number of scenarios (N) or a percentage of them (P%, 0 to 100)");
        match s.strip_suffix('%') {
            Some(p) => p.trim().parse::<u8>().ok().filter(|p| *p <= 100).map(MinRan::Percent).ok_or_else(bad),
            None => s.trim().parse::<usize>().map(MinRan::Count).map_err(|_| bad()),
        }
    }
}

impl std::fmt::Display for MinRan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MinRan::Count(n) => write!(f, "{n}"),
            MinRan::Percent(p) => write!(f, "{p}%"),
        }
    }
}
