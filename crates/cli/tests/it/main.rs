//! `conformance-cli`'s integration tests, one binary: the installed `conformance` command used
//! as a user would, from a folder with no checkout, the checks of its values, and the CI environment it reads.

mod base_url;
mod ci;
mod exit_codes;
mod install;
mod interrupt;
