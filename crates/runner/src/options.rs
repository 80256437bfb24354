//! What a run is asked to do ([`RunOptions`]): against what, which scenarios, how fast, what
//! it may change, and where it reports. The CLI fills it from its flags; a library caller or a
//! test fills what it needs over [`RunOptions::default`], whose folders are the current
//! directory's workspace's, found at run time.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::target::DEFAULT_TIMEOUT;
use crate::transport::throttle::Retry;
use crate::{Interrupt, ci, output, thin};

/// Default for [`RunOptions::concurrency`].
pub const DEFAULT_CONCURRENCY: usize = 8;

/// What to run, against what, and where to report.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The target; `None`: the profile's `base_url`, else the embedded stub.
    pub base_url: Option<String>,
    /// The target profile (TOML); `None` with a base URL: an empty profile.
    pub profile: Option<PathBuf>,
    /// A cucumber tag expression selecting scenarios.
    pub tags: Option<String>,
    /// The `features/` folder, read at run time.
    pub features_dir: PathBuf,
    /// How failure locations and reports name the features folder; `None`: `features_dir` as
    /// given. The default folder is `features`.
    pub features_label: Option<String>,
    /// The `fixtures/` folder, read at run time.
    pub fixtures_dir: PathBuf,
    /// At most this many scenarios at once (`@serial` ones run alone).
    pub concurrency: usize,
    /// Timeout of every request.
    pub timeout: Duration,
    /// Accept invalid TLS certificates.
    pub insecure: bool,
    /// Also trust the certificate authorities in this PEM file (`--cacert`).
    pub cacert: Option<PathBuf>,
    /// Write JUnit XML here.
    pub junit: Option<PathBuf>,
    /// Write cucumber JSON here.
    pub json: Option<PathBuf>,
    /// Write a self-contained HTML page of the run here.
    pub html: Option<PathBuf>,
    /// Write SARIF 2.1.0 here (`--sarif`): one result per failed or errored scenario.
    pub sarif: Option<PathBuf>,
    /// Write the run's Markdown summary here (`--summary`), as a GitHub job summary shows it.
    pub summary: Option<PathBuf>,
    /// What the CI environment asks (GitHub's job summary and `::error` annotations), as the
    /// caller read it: [`output::github::CiEnv::from_env`]; the default asks nothing.
    pub ci: output::github::CiEnv,
    /// No progress lines (the final summary is still printed).
    pub quiet: bool,
    /// The embedded stub's config when there is no base URL (default: random secrets, the
    /// fixtures folder above). Only with the `embedded-stub` feature (on by default).
    #[cfg(feature = "embedded-stub")]
    pub stub_config: Option<conformance_stub::StubConfig>,
    /// Capture terminal output here instead of printing it.
    pub capture: Option<Arc<Mutex<String>>>,
    /// Run only this shard of the scenarios (`--shard K/N`); the rest are deselected.
    pub shard: Option<ci::shard::Shard>,
    /// Save every exchange under this folder (`--record DIR`).
    pub record: Option<PathBuf>,
    /// Answer every request from the recording in this folder (`--replay DIR`): no stub, no
    /// network.
    pub replay: Option<PathBuf>,
    /// Requests per second across the run (`--rate`; 0: no limit); `None`: no limit against
    /// the embedded stub or a loopback target, 5 against any other.
    pub rate: Option<u32>,
    /// How throttled answers (429, 503, APIG.0308) are retried (`--retries`).
    pub retry: Retry,
    /// Send nothing, open no connection: print each request as it would be sent (`--dry-run`).
    pub dry_run: bool,
    /// Fewer scenarios that ran than this fail the run, exit 4 (`--min-ran N` or `P%`).
    pub min_ran: Option<thin::MinRan>,
    /// Members the documentation does not show fail the check that finds them
    /// (`--strict-members`); by default they are notes.
    pub strict_members: bool,
    /// Also check the fixtures' judgements (`--strict`): the scenarios that rest only on an
    /// inference run, and the strict schemas (`x-strict`) are checked; by default those
    /// scenarios are skipped with the erratum that makes them a judgement.
    pub strict: bool,
    /// The vendor pages (`--pages DIR`): a failure's quote is shown with its line on the page.
    pub pages: Option<PathBuf>,
    /// Effect classes allowed beyond the profile's `[safety] allow` (`--allow changes,billable`).
    pub allow: Vec<conformance_contract::Effect>,
    /// Billable requests per resource of a real target's account, the restore included
    /// (`--max-billable`; `None`: the profile's `[safety] max_billable`, else 2: one change up
    /// and one back).
    pub max_billable: Option<usize>,
    /// Resources a run creates per parent (`--max-created`; `None`: the profile's `[safety]
    /// max_created`, else 3).
    pub max_created: Option<usize>,
    /// What stops the run gracefully (a first SIGINT or SIGTERM) or at once (a second):
    /// [`Interrupt::on_signals`] from the command line; `None`: nothing does.
    pub interrupt: Option<Interrupt>,
    /// Write each change of the account here before it is sent (`--journal`), and stop before
    /// the first request when it holds an unfinished run's (see [`restore_journal`]); `None`:
    /// no journal.
    pub journal: Option<PathBuf>,
}

/// The `features/` folder of the current directory's checkout
/// (`conformance_contract::current_workspace`), found and read at run time.
pub fn default_features_dir() -> PathBuf {
    conformance_contract::current_workspace().join("features")
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            base_url: None,
            profile: None,
            tags: None,
            features_dir: default_features_dir(),
            features_label: Some("features".into()),
            fixtures_dir: conformance_contract::default_fixtures_dir(),
            concurrency: DEFAULT_CONCURRENCY,
            timeout: DEFAULT_TIMEOUT,
            insecure: false,
            cacert: None,
            junit: None,
            json: None,
            html: None,
            sarif: None,
            summary: None,
            ci: output::github::CiEnv::default(),
            quiet: false,
            #[cfg(feature = "embedded-stub")]
            stub_config: None,
            capture: None,
            shard: None,
            record: None,
            replay: None,
            rate: None,
            retry: Retry::default(),
            dry_run: false,
            min_ran: None,
            strict_members: false,
            strict: false,
            pages: None,
            allow: Vec::new(),
            max_billable: None,
            max_created: None,
            interrupt: None,
            journal: None,
        }
    }
}
