//! The step vocabulary, in the domain's words. `given` chooses credentials, resources and the
//! request body; `when` sends requests; `then` checks what came back against the contract.
//! Every failure message carries the exchange (secrets redacted). Example bodies are always
//! read from the fixtures by name: feature files never repeat them. Steps ask for every
//! profile need they use (`bind`), so a run knows the needs each scenario really used.

mod bind;
mod given;
mod then;
mod when;

pub(crate) use bind::RunLog;
pub use bind::Used;
