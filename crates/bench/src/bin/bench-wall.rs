//! `bench-wall`: the driver behind `cargo xtask bench run`. Runs the suite against the stub
//! behind a slow proxy in four configurations of settle times (`conformance_bench::wall`),
//! writes `run.md` to `--out` and prints it.
//!
//! Exit codes: 0 the run completed (a missed goal is reported, not an error), 1 a run failed
//! a scenario, 3 the run could not start (the stub, the proxy, files).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use conformance_bench::BenchError;
use conformance_bench::wall::{WallOptions, measure};

#[derive(Debug, Parser)]
#[command(name = "bench-wall", about = "The suite's wall time when the account's resources settle")]
struct Args {
    /// How long the target holds each answer, in milliseconds.
    #[arg(long, default_value_t = 50)]
    delay_ms: u64,
    /// A settling resource's settle time, in seconds.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..))]
    settle: u64,
    /// Folder for run.md (default: `target/bench` of the checkout, found at run time).
    #[arg(long)]
    out: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let out = args.out.clone().unwrap_or_else(|| conformance_bench::workspace().join("target/bench"));
    let options = WallOptions {
        delay: Duration::from_millis(args.delay_ms),
        settle: args.settle,
        features_dir: conformance_runner::default_features_dir(),
        fixtures_dir: conformance_contract::default_fixtures_dir(),
    };
    let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot build the runtime: {e}");
            return ExitCode::from(3);
        }
    };
    println!(
        "bench: 4 runs of the suite, each against a fresh stub (settle {} s, answers held {} ms)",
        args.settle, args.delay_ms
    );
    let wall = match rt.block_on(measure(options)) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(match e {
                BenchError::CouldNotRun(_) => 3,
                BenchError::Wrong(_) => 1,
            });
        }
    };
    let text = wall.markdown();
    print!("\n{text}");
    let path = out.join("run.md");
    let written = std::fs::create_dir_all(&out).and_then(|()| std::fs::write(&path, &text));
    if let Err(e) = written {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::from(3);
    }
    println!("\nwritten: {}", path.display());
    ExitCode::SUCCESS
}
