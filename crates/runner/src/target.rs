//! The target of a run: a base URL and its profile (`--base-url`, `--profile`, or the
//! profile's own `base_url`), or — with neither — the bundled stub started in-process with
//! the stub's own profile. A profile may give each vendor its own base URL (Huawei's endpoints
//! are regional and per service); each distinct URL is probed once before any scenario (not in a dry run),
//! so an unreachable one gives one clear error instead of a page of identical failures; the
//! error says "cannot reach" only when nothing answered, and otherwise what did.

use std::sync::Arc;
use std::time::Duration;

use conformance_contract::{Contracts, KeySchema, Profile, Redactor};

use crate::RunOptions;
use crate::error::RunError;
use crate::transport::Network;

/// A target ready to run against.
pub(crate) struct Target {
    /// Base URL without a trailing `/`.
    pub base: String,
    pub profile: Profile,
    pub redactor: Redactor,
    /// The client, probed; `None` in a dry run (it opens no connection).
    pub network: Option<Network>,
    /// The embedded stub, kept alive for the run.
    pub stub: Option<EmbeddedStub>,
    /// The base URLs the profile gives operation tables.
    sections: Vec<String>,
}

impl Target {
    /// A target at `base` (a trailing `/` dropped) with `profile`, its redactor knowing the
    /// profile's secrets and `extra_secrets`; no client yet.
    fn new(
        base: &str,
        profile: Profile,
        extra_secrets: Vec<String>,
        stub: Option<EmbeddedStub>,
        schema: &KeySchema,
    ) -> Target {
        let redactor = Redactor::new(profile.secrets().into_iter().chain(extra_secrets));
        let sections = profile.section_base_urls(schema).into_iter().filter_map(|(_, u)| u.map(String::from)).collect();
        Target { base: base.trim_end_matches('/').to_string(), profile, redactor, network: None, stub, sections }
    }

    /// Resolves, starts (the embedded stub) and probes the target.
    pub(crate) async fn open(opts: &RunOptions, contracts: &Arc<Contracts>) -> Result<Target, RunError> {
        let schema = contracts.keys();
        let file_profile = opts.profile.as_deref().map(|p| Profile::load(p, schema)).transpose()?;
        let (base, profile, stub, extra_secrets) = match (&opts.base_url, file_profile) {
            (Some(url), p) => (url.clone(), p.unwrap_or_default(), None, Vec::new()),
            (None, Some(p)) => {
                // With no top-level base URL, the first vendor's stands for the run's own; every
                // vendor section must then give its own (checked below).
                let first = p.section_base_urls(schema).into_iter().find_map(|(_, u)| u.map(String::from));
                let url = p.base_url().map(String::from).or(first).ok_or_else(|| {
                    RunError::Config(
                        "the profile gives no base_url (top-level or per vendor) and no --base-url was given".into(),
                    )
                })?;
                let without: Vec<String> = p
                    .section_base_urls(schema)
                    .into_iter()
                    .filter(|(_, u)| u.is_none())
                    .map(|(v, _)| format!("[{v}]"))
                    .collect();
                if p.base_url().is_none() && !without.is_empty() {
                    return Err(RunError::Config(format!(
                        "no base URL for {}: give it a base_url of its own, or a top-level base_url or --base-url",
                        without.join(", ")
                    )));
                }
                (url, p, None, Vec::new())
            }
            (None, None) => embedded_stub(opts, contracts).await?,
        };
        let mut target = Target::new(&base, profile, extra_secrets, stub, schema);
        for url in target.urls() {
            match reqwest::Url::parse(url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {}
                _ => return Err(RunError::Config(format!("the base URL {url:?} is not an http(s) URL"))),
            }
        }
        if opts.dry_run {
            return Ok(target);
        }
        let network = Network::new(opts.timeout, opts.insecure).map_err(RunError::Setup)?;
        for url in target.urls() {
            if let Err(error) = network.probe(&format!("{url}/")).await {
                let url = url.to_string();
                return Err(if error.class.something_answered() {
                    RunError::Answered { url, error }
                } else {
                    RunError::Unreachable { url, error }
                });
            }
        }
        target.network = Some(network);
        Ok(target)
    }

    /// Every base URL the run may send to, each once: the run's own, then each vendor's.
    pub(crate) fn urls(&self) -> Vec<&str> {
        let mut out = vec![self.base.as_str()];
        for u in &self.sections {
            if !out.contains(&u.as_str()) {
                out.push(u);
            }
        }
        out
    }

    /// The target of a replay: the recorded base URL, the recording's profile (or
    /// `--profile`), no stub, no client, no probe.
    pub(crate) fn replayed(
        r: &crate::ci::replay::Recordings,
        profile: Option<&std::path::Path>,
        contracts: &Contracts,
    ) -> Result<Target, RunError> {
        let schema = contracts.keys();
        Ok(Target::new(r.base(), r.profile(profile, schema)?, Vec::new(), None, schema))
    }
}

/// The stub the runner starts in-process when no target is named.
#[cfg(feature = "embedded-stub")]
pub(crate) type EmbeddedStub = conformance_stub::Stub;

/// Without the `embedded-stub` feature there is no embedded stub: no value of this type exists.
#[cfg(not(feature = "embedded-stub"))]
#[derive(Debug)]
pub(crate) enum EmbeddedStub {}

/// What a target resolves to: base URL, profile, the stub kept alive, extra secrets to redact.
type Resolved = (String, Profile, Option<EmbeddedStub>, Vec<String>);

/// The bundled stub, started in-process with the stub's own profile (the target when no base
/// URL is given anywhere).
#[cfg(feature = "embedded-stub")]
async fn embedded_stub(opts: &RunOptions, contracts: &Arc<Contracts>) -> Result<Resolved, RunError> {
    use conformance_stub::{Stub, StubConfig, StubCore};
    let mut config = opts
        .stub_config
        .clone()
        .unwrap_or_else(|| StubConfig { fixtures_dir: opts.fixtures_dir.clone(), ..StubConfig::default() });
    if config.fixtures_dir.as_os_str().is_empty() {
        config.fixtures_dir.clone_from(&opts.fixtures_dir);
    }
    let stub_err = |e: conformance_stub::StubError| RunError::Stub(e.to_string());
    let core = if config.fixtures_dir == contracts.root() {
        StubCore::with_contracts(Arc::clone(contracts), config)
    } else {
        StubCore::new(config)
    };
    let stub = Stub::start_with_core(Arc::new(core.map_err(stub_err)?)).await.map_err(stub_err)?;
    stub.core().reset();
    let secrets = stub.secrets();
    Ok((stub.base_url().to_string(), stub.profile(), Some(stub), secrets))
}

/// Built without the `embedded-stub` feature: a target must be named.
#[cfg(not(feature = "embedded-stub"))]
async fn embedded_stub(_: &RunOptions, _: &Arc<Contracts>) -> Result<Resolved, RunError> {
    Err(RunError::Config(
        "no target: give --base-url or a profile with a base_url (this runner is built without the \
         embedded stub, feature `embedded-stub`)"
            .into(),
    ))
}

/// The default per-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// True when `base` names this machine (`localhost`, 127.0.0.0/8, `::1`).
pub(crate) fn is_loopback(base: &str) -> bool {
    let url = reqwest::Url::parse(base).ok();
    let host = url.as_ref().and_then(|u| u.host_str()).unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
