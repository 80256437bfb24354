//! `conformance-cli`'s integration tests, one binary: the installed `conformance` command used
//! as a user would, from a folder with no checkout, and the checks of its values.

mod base_url;
mod exit_codes;
mod install;
