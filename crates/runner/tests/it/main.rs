//! The runner's integration tests, one binary with one module per area: the outputs a CI reads (SARIF, summary, annotations), the suite, could-not-run errors, coverage, deviations, the gate, HTML, misbehaving servers, notes, the README's claims, real targets, record and replay, reports a CI can trust, shards.

mod account;
mod ci_outputs;
mod common;
mod could_not_run;
mod coverage;
mod deployment;
mod deviations;
mod disposable;
mod dry_run;
mod gate;
mod html;
mod misbehave;
mod misbehaving;
mod notes;
mod plan_risks;
mod preflight;
mod readme;
mod real_target;
mod record_replay;
mod reports;
mod shard;
mod suite;
mod thin;
mod worst_case;
