//! The transport-agnostic stub: [`StubRequest`] in, [`StubResponse`] out. Owns the loaded
//! contracts, the config and the state (behind a mutex held only for the few microseconds a
//! call reads or writes it, never across I/O), and dispatches to the admin API or to the
//! operation modules. Both adapters (wiremock and hyper) call [`StubCore::handle`]. The mode
//! (a [`Mutation`], a [`Variation`], both or neither) starts as the config says and can be
//! changed at run time ([`StubCore::set_mode`], the admin API's `mode`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use conformance_contract::{Contracts, Example, Format, Operation, RequestContext, instantiate};
use serde_json::Value;

use crate::config::{FAULT_HEADER, StubConfig};
use crate::errors::{ErrorShape, JSON, StubResponse};
use crate::mutation::Mutation;
use crate::router::{OpKind, Routed, Router};
use crate::state::State;
use crate::variation::Variation;
use crate::{StubError, admin, hostway_action, huawei, orders, vary};

/// A request as the core sees it, independent of any HTTP crate.
#[derive(Debug, Clone, Default)]
pub struct StubRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// The path as sent (percent-encoded, no query).
    pub path: String,
    /// The raw query string without `?` (may be empty).
    pub query: String,
    /// Headers as received, names in any case.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Bytes,
}

impl StubRequest {
    /// Built by the two adapters (wiremock in-process, hyper standalone) from their `http` parts.
    pub(crate) fn from_http(
        method: &http::Method,
        path: &str,
        query: Option<&str>,
        headers: &http::HeaderMap,
        body: Bytes,
    ) -> Self {
        StubRequest {
            method: method.as_str().to_ascii_uppercase(),
            path: path.to_string(),
            query: query.unwrap_or_default().to_string(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
            body,
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        conformance_signing::header_value(&self.headers, name)
    }

    /// `http://<Host>`, the origin the client used: for self-links, `Location` and the
    /// profile's base URL. `localhost` stands in for a `Host` that is absent, empty or not
    /// ASCII.
    pub fn origin(&self) -> String {
        let host = self.header("Host").filter(|h| !h.is_empty() && h.is_ascii()).unwrap_or("localhost");
        format!("http://{host}")
    }
}

/// The stub's behaviour: contracts, config and state.
pub struct StubCore {
    contracts: Arc<Contracts>,
    config: StubConfig,
    router: Router,
    /// Where each operation is in `contracts.operations()`, in [`OpKind`] order.
    ops: [usize; OpKind::ALL.len()],
    state: Mutex<State>,
    /// The mode: mutation index + 1 in the low 16 bits, variation index + 1 in the high 16
    /// (0: none), read with one relaxed load per check.
    mode: AtomicU32,
}

impl std::fmt::Debug for StubCore {
    /// Names the fixtures and the mutation; never the state's credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StubCore")
            .field("fixtures", &self.contracts.root())
            .field("mutation", &self.mutation())
            .field("variation", &self.variation())
            .finish_non_exhaustive()
    }
}

impl StubCore {
    /// Loads the fixtures and checks that every example the stub answers with is there.
    pub fn new(config: StubConfig) -> Result<StubCore, StubError> {
        let contracts = Arc::new(Contracts::load(&config.fixtures_dir)?);
        Self::with_contracts(contracts, config)
    }

    /// A core over contracts already loaded.
    pub fn with_contracts(contracts: Arc<Contracts>, config: StubConfig) -> Result<StubCore, StubError> {
        let router = Router::new(&contracts)?;
        for (kind, names) in REQUIRED_EXAMPLES {
            let op = contracts.operation(kind.id()).ok_or_else(|| StubError::MissingOperation(kind.id().into()))?;
            if let Some(name) = names.iter().find(|n| op.example(n).is_none()) {
                return Err(StubError::MissingExample { operation: kind.id().into(), name: (*name).into() });
            }
        }
        let mut ops = [0; OpKind::ALL.len()];
        for (slot, kind) in ops.iter_mut().zip(OpKind::ALL) {
            let found = contracts.operations().iter().position(|o| o.id() == kind.id());
            *slot = found.ok_or_else(|| StubError::MissingOperation(kind.id().into()))?;
        }
        let state = Mutex::new(State::seeded(&config.seed));
        let mode = AtomicU32::new(pack(config.mutation, config.variation));
        Ok(StubCore { contracts, config, router, ops, state, mode })
    }

    /// The contracts it serves.
    pub fn contracts(&self) -> &Arc<Contracts> {
        &self.contracts
    }

    /// Its config.
    pub fn config(&self) -> &StubConfig {
        &self.config
    }

    /// Runs `f` on the state under the lock (never held across an await or I/O).
    pub fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }

    /// Back to the seeded state: resources, credentials, no armed faults.
    pub fn reset(&self) {
        let fresh = State::seeded(&self.config.seed);
        self.with_state(|s| *s = fresh);
    }

    pub(crate) fn mutated(&self, m: Mutation) -> bool {
        self.mutation() == Some(m)
    }

    pub(crate) fn varied(&self, v: Variation) -> bool {
        self.variation() == Some(v)
    }

    /// The mutation it shows now, if any.
    pub fn mutation(&self) -> Option<Mutation> {
        let i = self.mode.load(Ordering::Relaxed) & 0xFFFF;
        (i as usize).checked_sub(1).and_then(|i| Mutation::all().get(i)).copied()
    }

    /// The variation it shows now, if any.
    pub fn variation(&self) -> Option<Variation> {
        let i = self.mode.load(Ordering::Relaxed) >> 16;
        (i as usize).checked_sub(1).and_then(|i| Variation::all().get(i)).copied()
    }

    /// Shows `mutation` and `variation` from now on (`None`, `None`: the documented behaviour).
    /// `Err` for a variation that must be chosen at start ([`Variation::at_start_only`]) and
    /// was not. Transport-level variations apply to connections opened after the change.
    pub fn set_mode(&self, mutation: Option<Mutation>, variation: Option<Variation>) -> Result<(), String> {
        if let Some(v) = variation.filter(|v| v.at_start_only() && self.config.variation != Some(*v)) {
            return Err(format!("variation `{v}` changes the seeded resources and the profile: choose it at start"));
        }
        self.mode.store(pack(mutation, variation), Ordering::Relaxed);
        Ok(())
    }

    /// Answers one request. Never panics on input; 5xx only for a fault that was asked for.
    pub fn handle(&self, req: &StubRequest) -> StubResponse {
        let mut resp = self.dispatch(req);
        if let Some(v) = self.variation().filter(|_| !is_admin(&req.path)) {
            resp = vary::apply(v, &req.path, resp);
        }
        if self.mutated(Mutation::JsonAsTextPlain) {
            for (k, v) in &mut resp.headers {
                if k.eq_ignore_ascii_case("content-type") && v == JSON {
                    *v = "text/plain".into();
                }
            }
        }
        resp
    }

    fn dispatch(&self, req: &StubRequest) -> StubResponse {
        let shape = ErrorShape::for_path(&req.path);
        if req.body.len() > self.config.max_body_bytes {
            return shape.too_large(self.config.max_body_bytes);
        }
        if is_admin(&req.path) {
            return admin::handle(self, req);
        }
        let (kind, params) = match self.router.route(&req.method, &req.path) {
            Routed::Op(kind, params) => (kind, params),
            Routed::WrongMethod(allow) => return shape.wrong_method(&req.method, &allow),
            Routed::NotFound => return shape.no_route(&req.path),
        };
        let fault_asked = match self.fault_header(kind, req) {
            Ok(f) => f,
            Err(msg) => return shape.bad_fault_header(&msg),
        };
        let call = Call { core: self, req, kind, params, fault_asked };
        match kind {
            OpKind::ApigResize => huawei::apig_resize(&call),
            OpKind::CphChange => huawei::cph_change(&call),
            OpKind::ServiceAction => hostway_action::handle(&call),
            OpKind::AddService => orders::add_service(&call),
            OpKind::UpdateService => orders::update_service(&call),
        }
    }

    /// The documented server faults of an operation: the statuses ≥ 500 its contract lists.
    pub fn documented_faults(&self, kind: OpKind) -> Vec<u16> {
        self.op(kind).contract().responses.iter().map(|r| r.status).filter(|s| *s >= 500).collect()
    }

    fn fault_header(&self, kind: OpKind, req: &StubRequest) -> Result<Option<u16>, String> {
        let Some(v) = req.header(FAULT_HEADER) else { return Ok(None) };
        let faults = self.documented_faults(kind);
        let asked = v.trim().parse::<u16>().ok();
        match asked {
            Some(s) if faults.contains(&s) => Ok(Some(s)),
            _ if faults.is_empty() => Err(format!(
                "{FAULT_HEADER}: {kind} documents no server fault, so the header is not accepted here",
                kind = kind.id()
            )),
            _ => Err(format!(
                "{FAULT_HEADER}: {v:?} is not a documented fault of {}; documented: {}",
                kind.id(),
                faults.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            )),
        }
    }

    pub(crate) fn op(&self, kind: OpKind) -> &Operation {
        // Found at construction (Router::new checked that every OpKind has its contract).
        let found = self.ops.get(kind as usize).and_then(|&i| self.contracts.operations().get(i));
        found.unwrap_or_else(|| unreachable!("operation {} checked at construction", kind.id()))
    }
}

fn is_admin(path: &str) -> bool {
    path.starts_with(crate::config::ADMIN_PREFIX) || path == "/__stub"
}

fn pack(mutation: Option<Mutation>, variation: Option<Variation>) -> u32 {
    let index = |found: Option<usize>| found.map_or(0, |i| u32::try_from(i + 1).unwrap_or(0) & 0xFFFF);
    let m = index(mutation.and_then(|m| Mutation::all().iter().position(|x| *x == m)));
    let v = index(variation.and_then(|v| Variation::all().iter().position(|x| *x == v)));
    m | (v << 16)
}

/// Examples the stub answers with, checked at start so a renamed example fails loudly there.
const REQUIRED_EXAMPLES: [(OpKind, &[&str]); 4] = [
    (OpKind::ApigResize, &["accepted", "unauthorized", "forbidden", "internal-error"]),
    (OpKind::CphChange, &["ok", "unauthorized", "forbidden"]),
    (OpKind::ServiceAction, &["cost-fees", "validate-allowed"]),
    (OpKind::UpdateService, orders::UPDATE_EXAMPLES),
];

/// One routed call to an operation: what the operation modules work with.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub core: &'a StubCore,
    pub req: &'a StubRequest,
    pub kind: OpKind,
    pub params: BTreeMap<String, String>,
    fault_asked: Option<u16>,
}

impl Call<'_> {
    /// `http://<Host>`: the scheme and host of self-links and `Location`.
    pub(crate) fn origin(&self) -> String {
        self.req.origin()
    }

    pub(crate) fn op(&self) -> &Operation {
        self.core.op(self.kind)
    }

    pub(crate) fn param(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }

    pub(crate) fn mutated(&self, m: Mutation) -> bool {
        self.core.mutated(m)
    }

    pub(crate) fn varied(&self, v: Variation) -> bool {
        self.core.varied(v)
    }

    /// The request body as JSON; `Err` says why it is not.
    pub(crate) fn json(&self) -> Result<Value, String> {
        if self.req.body.iter().all(u8::is_ascii_whitespace) {
            return Err("the body is empty".into());
        }
        serde_json::from_slice(&self.req.body).map_err(|e| format!("the body is not valid JSON: {e}"))
    }

    /// The fault to answer now, after authentication: asked by header, else armed by admin.
    pub(crate) fn fault(&self) -> Option<u16> {
        let never = match self.kind {
            OpKind::ApigResize => self.mutated(Mutation::ApigFaultNotInjectable),
            OpKind::UpdateService => self.mutated(Mutation::UpdateFaultNotInjectable),
            _ => false,
        };
        if never {
            return None;
        }
        self.fault_asked.or_else(|| self.core.with_state(|s| s.take_fault(self.kind.id())))
    }

    /// The response example `name` of this call's operation with fresh volatile values
    /// (echoes of `body`), to answer with ([`Documented::response`]) or to adjust first
    /// ([`Documented::json`]).
    pub(crate) fn example(&self, name: &str, body: Option<&Value>) -> Documented<'_> {
        self.example_from(self.kind, name, body)
    }

    /// Like [`Call::example`], from the contract of `kind` (the order builder's two pages share
    /// one error vocabulary: add-service prints none, update-service prints them).
    pub(crate) fn example_from(&self, kind: OpKind, name: &str, body: Option<&Value>) -> Documented<'_> {
        let (example, value) = self.instantiated(kind, name, body);
        Documented { example, value }
    }

    fn instantiated(&self, kind: OpKind, name: &str, body: Option<&Value>) -> (&Example, Option<Value>) {
        let Some(ex) = self.core.op(kind).example(name) else {
            unreachable!("example {name} of {} checked at construction", kind.id())
        };
        let exchange = RequestContext { path: &self.req.path, path_params: &self.params, body };
        // The origin only makes self-links: not built for the examples that have none.
        let self_links = ex.volatile.iter().any(|v| v.format == Some(Format::SelfLink));
        let origin = match self_links {
            true if self.varied(Variation::SelfLinkOtherOrigin) => vary::OTHER_ORIGIN.to_string(),
            true => self.origin(),
            false => String::new(),
        };
        (ex, instantiate(ex, &exchange, &origin))
    }

    /// The first response example documented for `status`, as a response.
    pub(crate) fn first_example(&self, status: u16) -> Option<StubResponse> {
        let name = self.op().examples_for(status).next()?.name.clone();
        Some(self.example(&name, None).response())
    }
}

/// A response example instantiated for one call.
#[derive(Debug)]
pub(crate) struct Documented<'a> {
    example: &'a Example,
    /// Its JSON body, volatile values fresh; `None` for a prose or empty one.
    value: Option<Value>,
}

impl Documented<'_> {
    /// The example as the answer: its status, and its JSON, prose or no body.
    pub(crate) fn response(self) -> StubResponse {
        let status = self.example.status.unwrap_or(200);
        match (self.value, &self.example.text) {
            (Some(v), _) => StubResponse::json(status, &v),
            (None, Some(text)) => StubResponse::text(status, text),
            (None, None) => StubResponse::empty(status),
        }
    }

    /// Its status and JSON body (`null` when it has none), for handlers that adjust the body
    /// before answering (serialised once, by the caller).
    pub(crate) fn json(self) -> (u16, Value) {
        (self.example.status.unwrap_or(200), self.value.unwrap_or(Value::Null))
    }
}
