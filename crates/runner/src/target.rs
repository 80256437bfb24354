//! The target of a run: a base URL and its profile (`--base-url`, `--profile`, or the
//! profile's own `base_url`), or — with neither — the bundled stub started in-process with
//! the stub's own profile. A profile may give each vendor its own base URL (Huawei's endpoints
//! are regional and per service); each distinct URL is probed once before any scenario (not in a dry run),
//! so an unreachable one gives one clear error instead of a page of identical failures; the
//! error says "cannot reach" only when nothing answered, and otherwise what did. Every base URL
//! is checked first (no credentials in it, no query), and every credential the profile gives
//! must be set and not empty. Whether the target is the bundled stub is established from the
//! target, never from the profile: the embedded stub is, and a URL is when its admin API
//! answers the `[stub] instance` of the profile it wrote.

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
    /// Said before the run, when the profile names a stub the target is not.
    pub note: Option<String>,
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
        let named = profile.named_secrets().into_iter().map(|(k, v)| (v, Some(k)));
        let redactor = Redactor::named(named.chain(extra_secrets.into_iter().map(|s| (s, None))));
        let sections = profile.section_base_urls(schema).into_iter().filter_map(|(_, u)| u.map(String::from)).collect();
        let base = base.trim_end_matches('/').to_string();
        Target { base, profile, redactor, network: None, stub, sections, note: None }
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
        let embedded = stub.is_some();
        let mut target = Target::new(&base, profile, extra_secrets, stub, schema);
        for url in target.urls() {
            crate::base_url::check(url).map_err(|e| RunError::Config(e.to_string()))?;
        }
        if let Some(key) = target.profile.empty_secrets().first() {
            return Err(RunError::Config(format!(
                "the profile's {} is empty: a credential must be set (is its environment variable set but empty, \
                 as on a fork's pull request?)",
                conformance_contract::keys::shown(key)
            )));
        }
        target.profile.stub_target = embedded;
        if opts.dry_run {
            return Ok(target);
        }
        let trust =
            crate::transport::network::Trust::new(opts.insecure, opts.cacert.as_deref()).map_err(RunError::Config)?;
        let network = Network::new(opts.timeout, &trust).map_err(RunError::Setup)?;
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
        if !embedded && let Some(instance) = target.profile.stub_instance().map(String::from) {
            target.profile.stub_target = answers_as_stub(&network, &target.base, &instance).await;
            if !target.profile.stub_target {
                target.note = Some(format!(
                    "note: the profile was written by a bundled stub, but {} is not that stub: it is a real target \
                     (nothing changes or is charged without --allow)",
                    target.base
                ));
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
        let mut target = Target::new(r.base(), r.profile(profile, schema)?, Vec::new(), None, schema);
        // Nothing is sent: a recording of the stub replays its stub-only scenarios too.
        target.profile.stub_target = target.profile.stub_instance().is_some();
        Ok(target)
    }
}

/// Whether the target at `base` is the bundled stub `instance` (its admin API's index answers
/// that instance): anything else, or no answer, is not.
async fn answers_as_stub(network: &Network, base: &str, instance: &str) -> bool {
    let get = crate::wire::Sent {
        method: "GET".into(),
        url: format!("{base}/__stub/"),
        headers: Vec::new(),
        body: Vec::new(),
        repeatable: true,
        provoked: None,
    };
    let Ok(answer) = network.send(&get, false).await else { return false };
    let index: serde_json::Value = serde_json::from_slice(&answer.body).unwrap_or_default();
    answer.status == 200 && index["instance"].as_str() == Some(instance)
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
