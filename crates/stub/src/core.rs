//! The transport-agnostic stub: [`StubCore`] owns the loaded contracts, the config, the stub's
//! own values, the compiled plans, the mode catalog and the state (behind a mutex held only for
//! the few microseconds a call reads or writes it, never across I/O). Both adapters call
//! [`StubCore::handle`] (in `engine.rs`). The mode starts as the config says and can be
//! changed at run time ([`StubCore::set_mode`], the admin API's `mode`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

use conformance_contract::{Contracts, Profile};
use serde_json::Value;

use crate::StubError;
use crate::config::StubConfig;
use crate::modes::{Catalog, Modes, Mutation, Variation};
use crate::plan::Plan;
use crate::profile::StubValues;
use crate::router::Router;
use crate::state::{Keyring, Shared, State};

/// The stub's behaviour: contracts, config, plans, modes and state.
pub struct StubCore {
    contracts: Arc<Contracts>,
    instance: String,
    config: StubConfig,
    pub(crate) values: StubValues,
    pub(crate) router: Router,
    pub(crate) plans: Vec<Plan>,
    pub(crate) catalog: Catalog,
    /// The state after start and after every reset.
    seed: State,
    pub(crate) state: Shared,
    /// The mode: mutation index + 1 in the low 16 bits, variation index + 1 in the high 16
    /// (0: none), read with one relaxed load per request.
    mode: AtomicU32,
    /// How many faults are armed (so a request takes no lock when none is).
    pub(crate) armed: AtomicUsize,
    /// The variation chosen at start.
    start_variation: Option<usize>,
}

impl std::fmt::Debug for StubCore {
    /// Names the fixtures and the mode; never the state's credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StubCore")
            .field("fixtures", &self.contracts.root())
            .field("mutation", &self.mutation())
            .field("variation", &self.variation())
            .finish_non_exhaustive()
    }
}

/// The mode in force for one request.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Active<'c> {
    /// The mutation.
    pub mutation: Option<&'c Mutation>,
    /// The variation.
    pub variation: Option<Variation>,
}

impl StubCore {
    /// Loads the fixtures and compiles them.
    pub fn new(config: StubConfig) -> Result<StubCore, StubError> {
        let contracts = Arc::new(Contracts::load(&config.fixtures_dir)?);
        Self::with_contracts(contracts, config)
    }

    /// A core over contracts already loaded. Unknown mode names, unknown hooks and fixtures the
    /// engine cannot serve are errors here, never later.
    pub fn with_contracts(contracts: Arc<Contracts>, config: StubConfig) -> Result<StubCore, StubError> {
        let catalog = Catalog::build(&contracts)?;
        let mutation = config.mutation.as_deref().map(|m| catalog.mutation(m)).transpose()?;
        let variation = config.variation.as_deref().map(|v| catalog.variation(v)).transpose()?;
        let other_ids = variation.and_then(|v| catalog.variations.get(v)) == Some(&Variation::OtherResourceIds);
        let values = StubValues::new(&contracts, config.deterministic, other_ids);
        let router = Router::new(&contracts)?;
        let mut keyring = Keyring::default();
        let plans = contracts
            .operations()
            .iter()
            .map(|op| Plan::compile(op, &values, &mut keyring))
            .collect::<Result<Vec<_>, _>>()?;
        let seed = crate::seed::initial(&contracts, &plans, &values, keyring)?;
        let state = Shared::new(seed.clone());
        let mode = AtomicU32::new(pack(mutation, variation));
        Ok(StubCore {
            contracts,
            instance: uuid::Uuid::new_v4().to_string(),
            config,
            values,
            router,
            plans,
            catalog,
            seed,
            state,
            mode,
            armed: AtomicUsize::new(0),
            start_variation: variation,
        })
    }

    /// The contracts it serves.
    pub fn contracts(&self) -> &Arc<Contracts> {
        &self.contracts
    }

    /// Its config.
    pub fn config(&self) -> &StubConfig {
        &self.config
    }

    /// Every mutation and variation it can show.
    pub fn modes(&self) -> &Modes {
        &self.catalog.modes
    }

    /// Its target profile when it serves at `base_url` (`http://127.0.0.1:PORT`).
    pub fn profile(&self, base_url: &str) -> Profile {
        self.values.profile(&self.contracts, base_url, &self.instance)
    }

    /// This stub's id, fresh per start: its profile's `[stub] instance` and its admin API's
    /// `instance`, so a run can tell that a target is the stub that wrote a profile.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// The state right after start (and after every reset).
    pub(crate) fn seed_state(&self) -> &State {
        &self.seed
    }

    /// Every credential it accepts (its profile's secrets and any seeded since), for redaction.
    pub fn secrets(&self) -> Vec<String> {
        let mut out = self.values.secrets().to_vec();
        self.state.with(|s| out.extend(s.keyring.secrets().map(String::from)));
        out.sort();
        out.dedup();
        out
    }

    /// The state as JSON, every secret value left out (`GET /__stub/state`).
    pub fn state(&self) -> Value {
        let secrets = self.secrets();
        self.state.with(|s| s.dump(&secrets))
    }

    /// Back to the seeded state: resources, credentials, no armed faults.
    pub fn reset(&self) {
        let fresh = self.seed.clone();
        self.state.with(|s| *s = fresh);
        self.armed.store(0, Ordering::Relaxed);
    }

    /// The mutation it shows now, if any.
    pub fn mutation(&self) -> Option<&str> {
        let i = self.mode.load(Ordering::Relaxed) & 0xFFFF;
        (i as usize).checked_sub(1).and_then(|i| self.catalog.modes.mutations.get(i)).map(|m| m.name.as_str())
    }

    /// The variation it shows now, if any.
    pub fn variation(&self) -> Option<&str> {
        let i = self.mode.load(Ordering::Relaxed) >> 16;
        (i as usize).checked_sub(1).and_then(|i| self.catalog.modes.variations.get(i)).map(|m| m.name.as_str())
    }

    /// Shows `mutation` and `variation` (by name) from now on (`None`, `None`: the documented
    /// behaviour). An unknown name, or a variation that must be chosen at start and was not,
    /// is an error and changes nothing. Transport-level variations apply to connections opened
    /// after the change.
    pub fn set_mode(&self, mutation: Option<&str>, variation: Option<&str>) -> Result<(), StubError> {
        let m = mutation.map(|m| self.catalog.mutation(m)).transpose()?;
        let v = variation.map(|v| self.catalog.variation(v)).transpose()?;
        let at_start = |i: &usize| self.catalog.modes.variations.get(*i).is_some_and(|x| x.at_start_only);
        if let Some(i) = v.filter(at_start)
            && self.start_variation != Some(i)
        {
            return Err(StubError::AtStartOnly(variation.unwrap_or_default().to_string()));
        }
        self.mode.store(pack(m, v), Ordering::Relaxed);
        Ok(())
    }

    /// The mode in force now.
    pub(crate) fn active(&self) -> Active<'_> {
        let packed = self.mode.load(Ordering::Relaxed);
        let at = |i: u32| (i as usize).checked_sub(1);
        Active {
            mutation: at(packed & 0xFFFF).and_then(|i| self.catalog.mutations.get(i)),
            variation: at(packed >> 16).and_then(|i| self.catalog.variations.get(i)).copied(),
        }
    }
}

fn pack(mutation: Option<usize>, variation: Option<usize>) -> u32 {
    let index = |i: Option<usize>| i.map_or(0, |i| u32::try_from(i + 1).unwrap_or(0) & 0xFFFF);
    index(mutation) | (index(variation) << 16)
}
