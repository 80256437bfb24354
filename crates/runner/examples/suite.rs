//! Runs the whole suite against the embedded stub and prints the summary: the quickest way
//! to time the suite (`cargo run --release -p conformance-runner --example suite`).

fn main() -> std::process::ExitCode {
    match conformance_runner::run_blocking(conformance_runner::RunOptions::default()) {
        Ok(report) => std::process::ExitCode::from(report.exit_code()),
        Err(e) => {
            eprintln!("error: could not run: {e}");
            std::process::ExitCode::from(conformance_runner::EXIT_COULD_NOT_RUN)
        }
    }
}
