//! The contract crate's integration tests, one binary: fixtures, bad fixtures, mutations, policy, query parameters, judgements, volatile values.

mod bad_fixtures;
mod common;
mod fixtures;
mod judged;
mod mutations;
mod policy;
mod query;
mod volatile;
