//! `--dry-run`: nothing is sent and no connection is opened. Each request is emitted as it
//! would be sent (AK/SK signatures computed; `crate::events`, which the terminal prints with
//! secrets redacted), and answered by a stand-in
//! marked synthetic: the operation's documented success status (the one the request's values
//! choose, `when`) and, when that success creates a
//! resource, the header that names it (`Location`) with a placeholder id, so later steps that
//! depend on it print their requests with the placeholder. Checks of answers are not run (they
//! pass over a stand-in), so every request of a scenario is printed, headed "would send"; the
//! scenario is reported skipped ("dry run"), never passed nor failed, and no progress line says
//! PASS or FAIL. Planning a run uses the same stand-ins, emitting to no one.

use std::sync::Arc;

use conformance_contract::Contracts;

use crate::report::{Outcome, Report};
use crate::wire::{Received, Sent};

/// The skip reason of every scenario a dry run went through.
pub const DRY_RUN: &str = "dry run";

/// How a dry run heads each request it prints, where a run prints "request sent:".
pub const WOULD_SEND: &str = "would send:";

/// The id a dry run's stand-in `Location` gives a created resource, followed by `-<n>`, the
/// number of the request that created it (URL-safe as it is, so it prints as it would be sent).
pub const PLACEHOLDER: &str = "CREATED-ID";

/// Answers requests with stand-ins.
#[derive(Debug)]
pub(crate) struct DryRun {
    pub contracts: Arc<Contracts>,
}

impl DryRun {
    /// The stand-in answer to request `n` of a scenario, `sent` to operation `op`.
    pub(crate) fn send(&self, n: usize, op: &str, sent: &Sent) -> Received {
        let body = serde_json::from_slice::<serde_json::Value>(&sent.body).ok();
        let success = self.contracts.operation(op).and_then(|o| o.success_for(body.as_ref()));
        let mut headers = Vec::new();
        if let Some(creates) = success.and_then(|r| r.state.as_ref()?.creates.as_ref()) {
            let path = reqwest::Url::parse(&sent.url).map(|u| u.path().to_string()).unwrap_or_default();
            let value = format!("{}/{PLACEHOLDER}-{n}", path.trim_end_matches('/'));
            headers.push((creates.header.to_ascii_lowercase(), value));
        }
        let status = success.map_or(200, |r| r.status);
        Received { status, reason: "(dry run)".into(), headers, synthetic: true, ..Received::default() }
    }
}

/// Reports every scenario the dry run went through as skipped ("dry run"), never passed nor
/// failed: a check over a stand-in answer proves nothing either way. One whose steps stopped
/// over a stand-in keeps why in its reason (`dry run (over a stand-in answer: …)`), so a dry run
/// that could plan exits 0.
pub(crate) fn mark_skipped(report: &mut Report) {
    for s in &mut report.scenarios {
        let reason = match &s.outcome {
            Outcome::Passed => DRY_RUN.to_string(),
            Outcome::Failed(f) | Outcome::Errored(f) => format!("{DRY_RUN} (over a stand-in answer: {})", f.reason),
            Outcome::Skipped { .. } => continue,
        };
        s.outcome = Outcome::Skipped { reason };
    }
}
