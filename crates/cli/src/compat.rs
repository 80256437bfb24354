//! `cargo xtask compat`: runs the suite against several targets and writes the compatibility
//! matrix (scenario × target, each cell pass/fail/error/skip with the reason, a score per
//! target) as `compat.md` and `compat.html` (one self-contained page). Argument parsing and
//! wiring only; the behaviour is `conformance_matrix::compat`.
//!
//! Exit codes: 0 every target ran (the matrix is informational), 1 `--min-score` given and a
//! target below it, 2 usage error, 3 a target could not run at all (the matrix is still
//! written, that target marked "could not run") or the files could not be written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use conformance_matrix::EXIT_USAGE;
use conformance_matrix::compat::{Matrix, TargetSpec, check_unique_names, run_targets_blocking};
use conformance_runner::{RunOptions, plan::parse_tags};

/// Options of `cargo xtask compat`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A target: `NAME=URL[,profile=FILE]`; the URL `stub` (or `embedded`) is the bundled stub
    /// with its own profile, a reference column. Repeat for each target; names must differ.
    #[arg(long = "target", value_name = "NAME=URL[,profile=FILE]", required = true, value_parser = target)]
    pub targets: Vec<TargetSpec>,
    /// Write `compat.md` and `compat.html` here (default: the workspace's `target/compat`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Cucumber tag expression selecting scenarios, e.g. `@huawei-apig or @huawei-cph`.
    #[arg(long, value_name = "EXPR", value_parser = tag_expression)]
    pub tags: Option<String>,
    /// Timeout of every request, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = conformance_runner::DEFAULT_TIMEOUT.as_secs_f64(),
          value_parser = seconds)]
    pub timeout: f64,
    /// Exit 1 when a target's score (percent of applicable behaviours met) is below this.
    #[arg(long, value_name = "PCT", value_parser = percent)]
    pub min_score: Option<f64>,
    /// Accept invalid TLS certificates.
    #[arg(long)]
    pub insecure: bool,
}

fn target(s: &str) -> Result<TargetSpec, String> {
    s.parse()
}

fn tag_expression(s: &str) -> Result<String, String> {
    parse_tags(s).map(|_| s.to_string()).map_err(|e| e.to_string())
}

fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("{s:?} is not a positive number of seconds")),
    }
}

fn percent(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('%').parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?} is not a percentage from 0 to 100")),
    }
}

/// The workspace's `target/<name>` folder.
fn default_out(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
    root.join("target").join(name)
}

/// Runs the suite against every target and writes the matrix; `Err` (exit 3) when nothing
/// could be written.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Err(e) = check_unique_names(&args.targets) {
        eprintln!("error: {e}");
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let template = RunOptions {
        tags: args.tags,
        timeout: Duration::from_secs_f64(args.timeout),
        insecure: args.insecure,
        ..RunOptions::default()
    };
    eprintln!("compat: the suite against {} targets, one after another", args.targets.len());
    let runs = run_targets_blocking(&args.targets, &template, &mut |line: &str| eprintln!("{line}"))
        .map_err(|e| anyhow::anyhow!("could not run: {e}"))?;
    let matrix = Matrix::from_runs(runs);

    let out = args.out.unwrap_or_else(|| default_out("compat"));
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let (md, html) = (out.join("compat.md"), out.join("compat.html"));
    std::fs::write(&md, matrix.to_markdown()).with_context(|| format!("cannot write {}", md.display()))?;
    std::fs::write(&html, matrix.to_html()).with_context(|| format!("cannot write {}", html.display()))?;

    println!("compatibility ({} scenarios):", matrix.rows.len());
    print!("{}", matrix.summary());
    println!("wrote {} and {}", md.display(), html.display());

    let (code, why) = matrix.exit_code(args.min_score);
    if let Some(why) = why {
        eprintln!("compat: {why}");
    }
    Ok(ExitCode::from(code))
}
