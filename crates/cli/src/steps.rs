//! `conformance steps` (and `cargo xtask steps`): the step vocabulary features are written in,
//! one line each with its keyword, what it does and an example (`conformance_runner::steps`).

use std::process::ExitCode;

use crate::EXIT_OK;

/// Options of `conformance steps`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also print each step's regular expression.
    #[arg(long)]
    pub patterns: bool,
}

/// The vocabulary as text.
pub fn listing(patterns: bool) -> String {
    let mut out = String::new();
    for (step, _) in conformance_runner::steps::vocabulary() {
        out.push_str(&format!("{} {}\n    {}\n", step.keyword.word(), step.example, step.describe));
        if patterns {
            out.push_str(&format!("    pattern: {}\n", step.pattern));
        }
    }
    out
}

/// Prints the vocabulary.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    print!("{}", listing(args.patterns));
    Ok(ExitCode::from(EXIT_OK))
}
