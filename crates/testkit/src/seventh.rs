//! The seventh operation: a second fictional vendor (Oceanic Cloud, `data/seventh/`: its page,
//! fixture and feature), added as data only like the sixth, with what the five do not use: a
//! bearer token, a body in one of two shapes chosen by `type`, a dry-run flag that chooses 202,
//! a documented 429 with rate-limit headers (provoked by the fault header), volatile integers
//! and RFC 3339 date-times. `Suite::with(&["seventh"])` adds it.

/// The seventh operation's contract id.
pub const ID: &str = "oceanic-cloud/machine-action";

/// Its bearer token's profile key: no output of a run may show its value.
pub const SECRET_KEY: &str = "oceanic.token";

/// The seventh operation's vendor page.
pub fn page() -> String {
    let path = crate::sixth::workspace().join("crates/testkit/data/seventh/pages/oceanic-cloud-machine-action.txt");
    std::fs::read_to_string(path).unwrap()
}
