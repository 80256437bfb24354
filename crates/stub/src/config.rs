//! What a stub starts with: where the fixtures are, whether its secrets are fixed or fresh per
//! start, limits, and the mode it starts in (a mutation or a variation, by name; the admin API
//! can change it later). Every id and secret the stub knows comes from the fixtures' profile
//! keys (`stub` values), so nothing here names an operation.

use std::path::PathBuf;

/// The request header that provokes a documented fault (`X-Stub-Fault: 500`).
pub const FAULT_HEADER: &str = "X-Stub-Fault";
/// The prefix of the admin API; no vendor path starts with it.
pub const ADMIN_PREFIX: &str = "/__stub/";
/// What the admin API's index names itself (`"service"`), beside the stub's `instance`.
pub const STUB_SERVICE: &str = "conformance-stub";

/// Everything a stub needs to start.
#[derive(Debug, Clone)]
pub struct StubConfig {
    /// The `fixtures/` folder the behaviour and every answer come from.
    pub fixtures_dir: PathBuf,
    /// A deliberately wrong behaviour, by name ([`crate::modes()`]); `None` (the default) is the
    /// correct stub. An unknown name is an error at start that lists the known ones.
    pub mutation: Option<String>,
    /// A legitimate variation of the documented answers, by name; `None` answers as the
    /// examples.
    pub variation: Option<String>,
    /// `{random}` in a profile key's `stub` value is a fixed string per key (`true`: tests and
    /// snapshots) or fresh per start (`false`, the default).
    pub deterministic: bool,
    /// Request bodies longer than this are refused with 413 (default 1 MiB).
    pub max_body_bytes: usize,
    /// How far a signature's date may be from the stub's clock, in seconds (default 900).
    pub max_clock_skew_secs: u64,
    /// Resources a success creates are kept at most this many per parent (per collection); the
    /// oldest is dropped beyond it, so state stays bounded under sustained load (default 10 000).
    pub max_services_per_product: usize,
}

impl Default for StubConfig {
    /// Random secrets (see [`StubConfig::random_secrets`]).
    fn default() -> Self {
        Self::random_secrets()
    }
}

impl StubConfig {
    /// Fixed secrets: for tests and snapshots.
    pub fn deterministic() -> Self {
        StubConfig { deterministic: true, ..Self::random_secrets() }
    }

    /// Fresh random secrets per start (the standalone server's default).
    pub fn random_secrets() -> Self {
        StubConfig {
            fixtures_dir: conformance_contract::default_fixtures_dir(),
            mutation: None,
            variation: None,
            deterministic: false,
            max_body_bytes: 1024 * 1024,
            max_clock_skew_secs: 900,
            max_services_per_product: 10_000,
        }
    }

    /// This config with `mutation` shown (checked when the stub starts).
    pub fn with_mutation(mut self, mutation: Option<String>) -> Self {
        self.mutation = mutation;
        self
    }

    /// This config with `variation` shown (checked when the stub starts).
    pub fn with_variation(mut self, variation: Option<String>) -> Self {
        self.variation = variation;
        self
    }
}
