//! The command line of the user-facing commands, `run`, `restore`, `stub`, `compat`, `openapi`,
//! `scaffold`, `import`, `steps`, `docs check` and `profile`: their
//! flags, value checks and exit codes, once. Two front ends call it: the installed `conformance`
//! binary (`src/main.rs`, with the suite it carries) and `cargo xtask` (with the workspace's
//! folders, read at run time). The caller says where the suite is ([`Folders`]); nothing here
//! finds a folder from where it was built.
//!
//! Exit codes, the runner's named constants: [`EXIT_OK`] success, [`EXIT_FAILED`] scenarios
//! failed (or a gate failed), [`EXIT_USAGE`] the command line is wrong (clap's own, or a value
//! that does not check), [`EXIT_COULD_NOT_RUN`] the command could not run (bad profile,
//! unreachable target, unreadable or unwritable files), [`EXIT_NOTHING_RAN`] no scenario ran
//! (every selected one was skipped, or fewer than `--min-ran` asks), [`EXIT_INTERRUPTED`] /
//! [`EXIT_TERMINATED`] a run stopped by SIGINT / SIGTERM (after setting back what it changed).

pub mod compat;
pub mod docs;
pub mod flags;
pub mod import;
pub mod openapi;
pub mod profile;
pub mod restore;
pub mod run;
pub mod scaffold;
pub mod steps;
pub mod stub;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use conformance_runner::{
    EXIT_COULD_NOT_RUN, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_NOTHING_RAN, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE,
};

/// The exit codes, as `--help` lists them after the options (a test keeps the numbers equal to
/// the named constants).
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success: every scenario that ran passed (skipped ones do not count), or a --dry-run
  1  one or more scenarios failed (a check) or errored (a request that could not complete);
     a gate or check failed
  2  usage error: the command line or a value in it is wrong
  3  could not run: bad profile, unreadable features or fixtures, unreachable target,
     unwritable output
  4  no scenario ran: every selected one was skipped";

/// Where the commands find the suite, and where they write when not told: the caller's choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    /// The `features/` folder (`--features` overrides it).
    pub features: PathBuf,
    /// The `fixtures/` folder (`--fixtures` overrides it); the embedded stub, `stub`, `compat`
    /// and `openapi` read the contracts from it too.
    pub fixtures: PathBuf,
    /// Default outputs go under it: `compat/`, `openapi/openapi.json`.
    pub out: PathBuf,
}

impl Folders {
    /// A checkout's folders: `features/` and `fixtures/` under `root`, outputs under
    /// `root/target`.
    pub fn workspace(root: &Path) -> Self {
        Folders { features: root.join("features"), fixtures: root.join("fixtures"), out: root.join("target") }
    }
}

/// The user-facing commands, as the `conformance` binary names them.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Run the conformance suite against a target (default: the bundled stub, in-process).
    Run(Box<run::Args>),
    /// Serve the bundled stub standalone (loopback by default) and print its target profile.
    Stub(stub::Args),
    /// Run the suite against several targets and write a compatibility matrix (Markdown + HTML).
    Compat(compat::Args),
    /// Write the contracts as one OpenAPI 3.1 document (for Schemathesis, Prism, Redoc, …).
    Openapi(openapi::Args),
    /// Set back what an unfinished run (killed, its machine lost) left changed, from its journal.
    Restore(restore::Args),
    /// Write the skeleton fixture and feature of a new operation (a method, a path, a scheme).
    Scaffold(scaffold::Args),
    /// Read a vendor page (the Huawei API-reference layout) into a draft fixture and feature.
    Import(import::Args),
    /// List the step vocabulary features are written in, with an example each.
    Steps(steps::Args),
    /// Check the fixtures against the vendor pages (`docs check --pages DIR`): drift, notes.
    Docs(docs::Args),
    /// Print the complete example target profile (`--example`), made from the fixtures' keys.
    Profile(profile::Args),
}

impl Command {
    /// Runs the command with `folders` as the defaults; its exit code.
    pub fn run(self, folders: &Folders) -> ExitCode {
        exit_code(match self {
            Command::Run(args) => run::run(*args, folders),
            Command::Stub(args) => stub::run(args, folders),
            Command::Compat(args) => compat::run(args, folders),
            Command::Openapi(args) => openapi::run(args, folders),
            Command::Restore(args) => restore::run(args, folders),
            Command::Scaffold(args) => scaffold::run(args, folders),
            Command::Import(args) => import::run(args, folders),
            Command::Steps(args) => steps::run(&args),
            Command::Docs(args) => docs::run(args, folders),
            Command::Profile(args) => profile::run(&args, folders),
        })
    }
}

/// A command's result as the process's exit code: an error is printed (with its causes) and
/// is [`EXIT_COULD_NOT_RUN`].
pub fn exit_code(result: anyhow::Result<ExitCode>) -> ExitCode {
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::from(EXIT_COULD_NOT_RUN)
    })
}

#[cfg(test)]
mod tests {
    //! Every command reads the folders it is given (the embedded stub's, `stub`'s, `compat`'s
    //! and `openapi`'s fixtures included), never a path baked in at build time.

    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    #[command(after_help = EXIT_CODES_HELP)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    fn parse(args: &[&str]) -> Command {
        Cli::try_parse_from(std::iter::once("conformance").chain(args.iter().copied())).expect("parses").command
    }

    fn folders() -> Folders {
        Folders { features: "/f/features".into(), fixtures: "/f/fixtures".into(), out: "/f/out".into() }
    }

    #[test]
    fn help_lists_each_named_exit_code() {
        let codes = [EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_COULD_NOT_RUN, EXIT_NOTHING_RAN];
        let listed: Vec<u8> = EXIT_CODES_HELP
            .lines()
            .filter_map(|l| l.strip_prefix("  ")?.split_whitespace().next()?.parse().ok())
            .collect();
        assert_eq!(listed, codes);
        let help = <Cli as clap::CommandFactory>::command().render_long_help().to_string();
        assert!(help.contains("Exit codes:") && help.contains("4  no scenario ran"), "{help}");
        let mut cmd = <Cli as clap::CommandFactory>::command();
        let run = cmd.find_subcommand_mut("run").expect("run").render_long_help().to_string();
        assert!(run.contains("Exit codes:"), "{run}");
    }

    #[test]
    fn run_and_compat_read_the_given_folders_and_the_flags_override_them() {
        let Command::Run(args) = parse(&["run", "--tags", "@hostway", "--timeout", "2.5"]) else { panic!() };
        let opts = args.options(&folders());
        assert_eq!(
            (opts.features_dir.to_str(), opts.fixtures_dir.to_str()),
            (Some("/f/features"), Some("/f/fixtures"))
        );
        assert_eq!((opts.tags.as_deref(), opts.timeout.as_secs_f64()), (Some("@hostway"), 2.5));
        assert!(opts.stub_config.is_none(), "the embedded stub takes the run's fixtures folder");
        let Command::Run(args) = parse(&["run", "--features", "/x", "--fixtures", "/y"]) else { panic!() };
        let opts = args.options(&folders());
        assert_eq!((opts.features_dir.to_str(), opts.fixtures_dir.to_str()), (Some("/x"), Some("/y")));

        let Command::Compat(args) = parse(&["compat", "--target", "ref=stub", "--fixtures", "/y"]) else { panic!() };
        let template = args.template(&folders());
        assert_eq!((template.features_dir.to_str(), template.fixtures_dir.to_str()), (Some("/f/features"), Some("/y")));
        assert!(template.stub_config.is_none(), "the stub column takes the template's fixtures folder");
        assert_eq!(args.out_dir(&folders()), Path::new("/f/out/compat"));
    }

    #[test]
    fn stub_and_openapi_read_the_given_fixtures() {
        let Command::Stub(args) = parse(&["stub", "--deterministic"]) else { panic!() };
        assert_eq!(args.config(&folders()).fixtures_dir, Path::new("/f/fixtures"));
        assert_eq!((args.port, args.bind.to_string().as_str()), (stub::DEFAULT_PORT, "127.0.0.1"));
        let Command::Stub(args) = parse(&["stub", "--fixtures", "/y"]) else { panic!() };
        assert_eq!(args.config(&folders()).fixtures_dir, Path::new("/y"));

        let Command::Openapi(args) = parse(&["openapi"]) else { panic!() };
        assert_eq!(args.paths(&folders()), ("/f/fixtures".into(), "/f/out/openapi/openapi.json".into()));
        let Command::Openapi(args) = parse(&["openapi", "--out", "o.json", "--fixtures", "/y"]) else { panic!() };
        assert_eq!(args.paths(&folders()), ("/y".into(), "o.json".into()));
    }

    #[test]
    fn values_that_do_not_check_are_usage_errors() {
        for bad in [
            &["run", "--timeout", "0"][..],
            &["run", "--tags", "@a and"],
            &["run", "--shard", "3/2"],
            &["run", "--update-baseline"],
            &["compat"],
            &["compat", "--target", "a=stub", "--min-score", "120"],
        ] {
            let e = Cli::try_parse_from(std::iter::once("conformance").chain(bad.iter().copied()))
                .expect_err("a usage error");
            assert_eq!(e.exit_code(), i32::from(EXIT_USAGE), "{bad:?}: {e}");
        }
    }
}
