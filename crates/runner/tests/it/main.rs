//! The runner's integration tests, one binary with one module per area: docs check against a fictional page, the outputs a CI reads (SARIF, summary, annotations), the suite, could-not-run errors, coverage, deviations, the gate, HTML, misbehaving servers, notes, the README's claims, real targets, record and replay, reports a CI can trust, shards, judgements that run only under --strict.

mod account;
mod ci_outputs;
mod common;
mod could_not_run;
mod coverage;
mod deviations;
mod docs;
mod gate;
mod html;
mod misbehave;
mod misbehaving;
mod notes;
mod preflight;
mod readme;
mod real_target;
mod record_replay;
mod reports;
mod shard;
mod strict;
mod suite;
