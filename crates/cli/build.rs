//! The `conformance` binary carries `features/` and `fixtures/` (`include_dir!` in
//! `src/embedded.rs`); a stable proc macro cannot tell cargo which files it read, so this says
//! it: a changed feature or fixture rebuilds the binary.

fn main() {
    println!("cargo::rerun-if-changed=../../features");
    println!("cargo::rerun-if-changed=../../fixtures");
}
