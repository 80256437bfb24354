//! xtask's one integration-test binary: the command lines from the outside (`cli`), a copied
//! clone that reads and writes only itself (`moved`), the
//! architecture invariants of the whole workspace (`tidy`, with `cycles`: no import circle
//! inside a crate), and the whole harness on a sixth and a seventh
//! operation added as data only (`sixth`, `seventh`, what both are shown to do in `added`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod added;
mod cli;
mod cycles;
mod import;
mod moved;
mod seventh;
mod sixth;
mod tidy;
