//! The step vocabulary, by domain concept as the cucumber-rs book advises, not by keyword:
//! `credentials` (tokens, AK/SK, Hostway `Authorization`, `OwnerId` cookies), `bodies` (a
//! documented example request, then edits), `requests` (sending, faults, resizes, actions,
//! ids that do not exist), `services` (adding one, its `Location`, following it) and `checks`
//! (what came back against the contract). Every failure message carries the exchange (secrets
//! redacted). Example bodies are always read from the fixtures by name: feature files never
//! repeat them. Steps ask for every profile need they use (`bind`), so a run knows the needs
//! each scenario really used.

mod bind;
mod bodies;
mod checks;
mod credentials;
mod requests;
mod services;

pub(crate) use bind::RunLog;
pub use bind::Used;
