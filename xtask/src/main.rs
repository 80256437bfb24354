//! `cargo xtask`: placeholder until the runner lands.

fn main() {
    println!("cargo xtask conformance: not yet available");
}
