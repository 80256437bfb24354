//! The suite's strength, on two sides: does it notice when the target is wrong, and does it
//! leave a correct target alone?
//!
//! The suite runs against the bundled stub once as documented (the baseline, which must pass,
//! or nothing can be judged), then once per deliberately wrong mode (a mutation) and once per
//! legitimate variation, as the stub's modes are for the fixtures (`conformance_stub::modes`:
//! the shape mutations of every operation, the rule ones of its hooks, the variations). A mutation is caught when at least one scenario fails
//! or errors against it; a variation passes when no scenario fails or errors against it. Every
//! run uses the stub's standalone hyper adapter, started in-process on a random loopback port,
//! since only it can show the transport-level variations (see `run`). The [`StrengthReport`]
//! holds both tables, as Markdown and as a terminal summary; its
//! [`StrengthReport::exit_code`] is 0 when every mutation was caught and every variation passed.
//!
//! With a peer ([`peer::Schemathesis`], `cargo xtask strength --peer schemathesis`), the peer
//! runs against the stub in the same modes too, and both tables get its column: a mutation
//! caught or not, a variation passed or failed, each with its first finding. The peer's
//! findings are information; the exit code stays the suite's.

pub mod peer;
mod render;
mod run;

use std::time::Duration;

use conformance_contract::Contracts;
use conformance_runner::{EXIT_COULD_NOT_RUN, EXIT_FAILED, EXIT_OK};
use conformance_stub::ModeInfo;

pub use peer::{PeerVerdict, Schemathesis};
pub use run::{run_strength, run_strength_blocking, run_strength_with};

/// One mode of the stub the strength check runs the suite against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A deliberate deviation: must be caught.
    Mutation(ModeInfo),
    /// A legitimate variation: must pass.
    Variation(ModeInfo),
}

impl Subject {
    /// Every mutation, then every variation, of the stub serving `contracts`.
    pub fn all(contracts: &Contracts) -> Result<Vec<Subject>, String> {
        let modes = conformance_stub::modes(contracts).map_err(|e| e.to_string())?;
        let m = modes.mutations.into_iter().map(Subject::Mutation);
        Ok(m.chain(modes.variations.into_iter().map(Subject::Variation)).collect())
    }

    /// The subjects named (`only`; every one when empty), or which name is none.
    pub fn chosen(contracts: &Contracts, only: &[String]) -> Result<Vec<Subject>, String> {
        let all = Subject::all(contracts)?;
        if only.is_empty() {
            return Ok(all);
        }
        let modes = conformance_stub::modes(contracts).map_err(|e| e.to_string())?;
        only.iter()
            .map(|name| {
                let name = modes.canonical(name).unwrap_or(name);
                all.iter().find(|s| s.name() == name).cloned().ok_or_else(|| {
                    format!("no mutation or variation is named `{name}` (`cargo xtask strength --list` lists them)")
                })
            })
            .collect()
    }

    /// Its name (mutation and variation names never clash).
    pub fn name(&self) -> &str {
        &self.info().name
    }

    /// What it does, in one sentence.
    pub fn describe(&self) -> &str {
        &self.info().description
    }

    /// Its mode.
    pub fn info(&self) -> &ModeInfo {
        match self {
            Subject::Mutation(m) | Subject::Variation(m) => m,
        }
    }
}

/// What the suite made of each mutation and each variation.
#[derive(Debug, Clone)]
pub struct StrengthReport {
    /// The run against the correct stub.
    pub baseline: Baseline,
    /// One per mutation run, in order (none when the baseline did not pass).
    pub mutants: Vec<MutantResult>,
    /// One per variation run, in order (none when the baseline did not pass).
    pub variations: Vec<VariationResult>,
    /// Wall time of all runs.
    pub duration: Duration,
    /// The day it ran (UTC, `2026-12-02`).
    pub date: String,
    /// The peer beside the suite, when one ran.
    pub peer: Option<PeerRun>,
}

/// The peer that ran beside the suite, and what it made of the correct stub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerRun {
    /// Its name and version (`Schemathesis 4.32.5`).
    pub name: String,
    /// Against the correct stub: it must find nothing there, or its findings elsewhere mean
    /// little.
    pub baseline: PeerVerdict,
}

/// The run against the correct stub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    /// Every scenario that ran passed.
    Passed {
        /// Scenarios that ran.
        ran: usize,
        /// Scenarios skipped.
        skipped: usize,
    },
    /// Scenarios failed against the correct stub: nothing can be judged.
    Failed {
        /// `(scenario id, its failure's one-line reason)`, redacted.
        failures: Vec<(String, String)>,
    },
    /// The suite could not run.
    CouldNotRun {
        /// What went wrong, in words.
        reason: String,
    },
}

/// One mutation's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MutantResult {
    /// The mutation.
    pub mutation: ModeInfo,
    /// Caught or not.
    pub verdict: Verdict,
    /// How long its run took.
    pub duration: Duration,
    /// What the peer made of it, when one ran: caught when it found something.
    pub peer: Option<PeerVerdict>,
}

/// Whether the suite noticed a mutation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// At least one scenario failed or errored.
    Caught {
        /// The ids of the scenarios that failed or errored.
        by: Vec<String>,
    },
    /// Every scenario that ran passed, and only a run with `--strict` has one fail: the
    /// deviation breaks a judgement of the fixtures, not words of a page.
    CaughtUnderStrict {
        /// The ids of the scenarios that failed or errored under `--strict`.
        by: Vec<String>,
    },
    /// Every scenario that ran passed: the suite does not notice this deviation.
    NotCaught,
    /// The suite could not run against the mutated stub.
    CouldNotRun {
        /// What went wrong, in words.
        reason: String,
    },
}

/// One variation's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariationResult {
    /// The variation.
    pub variation: ModeInfo,
    /// Passed or not.
    pub verdict: VariationVerdict,
    /// How long its run took.
    pub duration: Duration,
    /// What the peer made of it, when one ran: failed when it found something.
    pub peer: Option<PeerVerdict>,
}

/// Whether the suite left a legitimate variation alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariationVerdict {
    /// No scenario failed or errored.
    Passed {
        /// Scenarios that ran.
        ran: usize,
    },
    /// Scenarios failed or errored against a correct answer: a false failure of the suite.
    Failed {
        /// `(scenario id, its failure's one-line reason)`, redacted, in run order.
        failures: Vec<(String, String)>,
    },
    /// The suite could not run against the varied stub.
    CouldNotRun {
        /// What went wrong, in words.
        reason: String,
    },
}

impl StrengthReport {
    /// True when the baseline passed, so the mutations and variations could be judged.
    pub fn judged(&self) -> bool {
        matches!(self.baseline, Baseline::Passed { .. })
    }

    /// The mutations the suite did not catch.
    pub fn not_caught(&self) -> Vec<&ModeInfo> {
        self.mutants.iter().filter(|m| m.verdict == Verdict::NotCaught).map(|m| &m.mutation).collect()
    }

    /// How many mutations were caught (by a default run, or only under `--strict`).
    pub fn caught(&self) -> usize {
        let caught =
            |m: &&MutantResult| matches!(m.verdict, Verdict::Caught { .. } | Verdict::CaughtUnderStrict { .. });
        self.mutants.iter().filter(caught).count()
    }

    /// The mutations only a run with `--strict` catches.
    pub fn caught_under_strict(&self) -> Vec<&ModeInfo> {
        let strict = |m: &&MutantResult| matches!(m.verdict, Verdict::CaughtUnderStrict { .. });
        self.mutants.iter().filter(strict).map(|m| &m.mutation).collect()
    }

    /// The variations the suite failed (false failures).
    pub fn falsely_failed(&self) -> Vec<&ModeInfo> {
        let failed = |v: &&VariationResult| matches!(v.verdict, VariationVerdict::Failed { .. });
        self.variations.iter().filter(failed).map(|v| &v.variation).collect()
    }

    /// How many variations passed.
    pub fn passed_variations(&self) -> usize {
        self.variations.iter().filter(|v| matches!(v.verdict, VariationVerdict::Passed { .. })).count()
    }

    /// How many mutations the peer caught.
    pub fn peer_caught(&self) -> usize {
        self.mutants.iter().filter(|m| m.peer.as_ref().is_some_and(PeerVerdict::found)).count()
    }

    /// The variations the peer failed.
    pub fn peer_failed(&self) -> Vec<&ModeInfo> {
        let failed = |v: &&VariationResult| v.peer.as_ref().is_some_and(PeerVerdict::found);
        self.variations.iter().filter(failed).map(|v| &v.variation).collect()
    }

    /// 3 when the baseline did not pass or a run could not happen; 1 when a mutation was not
    /// caught or a variation failed; else 0.
    pub fn exit_code(&self) -> u8 {
        let could_not_run = self.mutants.iter().any(|m| matches!(m.verdict, Verdict::CouldNotRun { .. }))
            || self.variations.iter().any(|v| matches!(v.verdict, VariationVerdict::CouldNotRun { .. }));
        if !self.judged() || could_not_run {
            EXIT_COULD_NOT_RUN
        } else if !self.not_caught().is_empty() || !self.falsely_failed().is_empty() {
            EXIT_FAILED
        } else {
            EXIT_OK
        }
    }

    /// The report as Markdown: the baseline, a table of mutations, a table of variations.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// The suite beside the peer, compact, for the README (the date and versions, the counts
    /// side by side, a row per mode with both verdicts); empty when no peer ran.
    pub fn side_by_side(&self) -> String {
        render::side_by_side_markdown(self)
    }

    /// A few lines for the terminal: the counts of both sides, each mutation not caught and
    /// each variation failed with its first failure.
    pub fn summary(&self) -> String {
        render::summary(self)
    }
}
