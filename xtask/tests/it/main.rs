//! xtask's one integration-test binary: the command lines from the outside (`cli`) and the
//! architecture invariants of the whole workspace (`tidy`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod tidy;
