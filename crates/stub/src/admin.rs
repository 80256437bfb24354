//! The admin API under `/__stub/` (no vendor path starts with it): provider states for
//! repeatable runs. `POST reset`, `GET state`, `POST seed`, `GET profile`, `GET|POST|DELETE
//! faults`, and `GET|POST|DELETE mode` (the mutation or variation shown); `GET /__stub/` lists
//! them. Answers are plain JSON (`{"error": …}` on failure).

use serde_json::{Value, json};

use crate::config::{ADMIN_PREFIX, FAULT_HEADER};
use crate::core::{StubCore, StubRequest};
use crate::errors::StubResponse;
use crate::mutation::Mutation;
use crate::router::OpKind;
use crate::seed::SeedRequest;
use crate::state::ArmedFault;
use crate::variation::Variation;

const ENDPOINTS: &[(&str, &str, &str)] = &[
    ("POST", "reset", "back to the seeded state (credentials, resources, no armed faults)"),
    ("GET", "state", "the state as JSON: gateways, servers, accounts and their services, orders, faults"),
    ("POST", "seed", "add tokens, access keys, owners, gateways, servers, account services, orders, services"),
    ("GET", "profile", "this stub's target profile (TOML) for cargo xtask conformance --profile"),
    ("GET", "faults", "the armed faults"),
    (
        "POST",
        "faults",
        "arm a documented fault: {\"operation\": \"huawei-apig/postpaid-resize\", \"status\": 500, \"times\": 1}",
    ),
    ("DELETE", "faults", "disarm every fault"),
    ("GET", "mode", "the mutation and variation shown now, and every one there is"),
    (
        "POST",
        "mode",
        "show a mutation or a variation: {\"mutation\": \"apig-202-as-200\"} or {\"variation\": \"pretty-json\"}",
    ),
    ("DELETE", "mode", "back to the documented behaviour (no mutation, no variation)"),
];

/// The body of `POST /__stub/mode`: names, `null` or absent for none.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ModeRequest {
    #[serde(default)]
    mutation: Option<String>,
    #[serde(default)]
    variation: Option<String>,
}

fn error(status: u16, msg: impl Into<String>) -> StubResponse {
    StubResponse::json(status, &json!({ "error": msg.into() }))
}

fn parse<T: serde::de::DeserializeOwned>(req: &StubRequest) -> Result<T, StubResponse> {
    serde_json::from_slice(&req.body).map_err(|e| error(400, format!("invalid JSON for this endpoint: {e}")))
}

/// Answers an admin request.
pub(crate) fn handle(core: &StubCore, req: &StubRequest) -> StubResponse {
    let name = req.path.strip_prefix(ADMIN_PREFIX).unwrap_or_default().trim_end_matches('/');
    let known = name.is_empty() || ENDPOINTS.iter().any(|(_, n, _)| *n == name);
    match (req.method.as_str(), name) {
        ("GET", "") => index(),
        ("POST", "reset") => {
            core.reset();
            StubResponse::empty(204)
        }
        ("GET", "state") => {
            let state = core.with_state(|s| serde_json::to_value(&*s).unwrap_or(Value::Null));
            StubResponse::json(200, &state)
        }
        ("POST", "seed") => match parse::<SeedRequest>(req) {
            Ok(seed) => {
                let cap = core.config().max_services_per_product;
                match core.with_state(|s| seed.apply(s, cap)) {
                    Ok(()) => StubResponse::empty(204),
                    Err(e) => error(400, e),
                }
            }
            Err(r) => r,
        },
        ("GET", "profile") => {
            let p = crate::profile::profile(core.config(), &req.origin());
            let r = StubResponse::text(200, &crate::profile::profile_file(&p));
            StubResponse { headers: vec![("Content-Type".into(), "application/toml".into())], ..r }
        }
        ("GET", "faults") => {
            let faults = core.with_state(|s| s.faults.clone());
            StubResponse::json(200, &json!({ "header": FAULT_HEADER, "armed": faults }))
        }
        ("POST", "faults") => match parse::<ArmedFault>(req) {
            Ok(f) => arm(core, f),
            Err(r) => r,
        },
        ("DELETE", "faults") => {
            core.with_state(|s| s.faults.clear());
            StubResponse::empty(204)
        }
        ("GET", "mode") => mode(core),
        ("POST", "mode") => match parse::<ModeRequest>(req) {
            Ok(m) => set_mode(core, &m),
            Err(r) => r,
        },
        ("DELETE", "mode") => match core.set_mode(None, None) {
            Ok(()) => StubResponse::empty(204),
            Err(e) => error(400, e),
        },
        _ if known => {
            let allow: Vec<&str> = ENDPOINTS.iter().filter(|(_, n, _)| *n == name).map(|(m, _, _)| *m).collect();
            let allow = if allow.is_empty() { "GET".to_string() } else { allow.join(", ") };
            error(405, format!("{} is not allowed on {}", req.method, req.path)).with_header("Allow", allow)
        }
        _ => error(404, format!("no admin endpoint {}; GET {ADMIN_PREFIX} lists them", req.path)),
    }
}

fn index() -> StubResponse {
    let list: Vec<Value> = ENDPOINTS
        .iter()
        .map(|(m, n, d)| json!({ "method": m, "path": format!("{ADMIN_PREFIX}{n}"), "does": d }))
        .collect();
    let fault = format!("send `{FAULT_HEADER}: <status>` on a request to get that documented fault");
    StubResponse::json(200, &json!({ "endpoints": list, "fault_header": fault }))
}

fn mode(core: &StubCore) -> StubResponse {
    let mutations: Vec<Value> =
        Mutation::all().iter().map(|m| json!({ "name": m.name(), "does": m.describe() })).collect();
    let variations: Vec<Value> = Variation::all()
        .iter()
        .map(|v| json!({ "name": v.name(), "does": v.describe(), "at_start_only": v.at_start_only() }))
        .collect();
    StubResponse::json(
        200,
        &json!({
            "mutation": core.mutation().map(Mutation::name),
            "variation": core.variation().map(Variation::name),
            "mutations": mutations,
            "variations": variations,
        }),
    )
}

fn set_mode(core: &StubCore, m: &ModeRequest) -> StubResponse {
    let mutation = match m.mutation.as_deref().map(str::parse::<Mutation>).transpose() {
        Ok(x) => x,
        Err(e) => return error(400, format!("{e}; GET {ADMIN_PREFIX}mode lists them")),
    };
    let variation = match m.variation.as_deref().map(str::parse::<Variation>).transpose() {
        Ok(x) => x,
        Err(e) => return error(400, format!("{e}; GET {ADMIN_PREFIX}mode lists them")),
    };
    match core.set_mode(mutation, variation) {
        Ok(()) => StubResponse::empty(204),
        Err(e) => error(400, e),
    }
}

fn arm(core: &StubCore, f: ArmedFault) -> StubResponse {
    let Some(kind) = OpKind::from_id(&f.operation) else {
        let ids: Vec<&str> = OpKind::ALL.iter().map(|k| k.id()).collect();
        return error(400, format!("unknown operation {:?}; known: {}", f.operation, ids.join(", ")));
    };
    let documented = core.documented_faults(kind);
    if !documented.contains(&f.status) {
        return error(400, format!("{} documents no fault {} (documented: {documented:?})", f.operation, f.status));
    }
    if f.times == Some(0) {
        return error(400, "times must be at least 1 (leave it out to arm until reset)");
    }
    core.with_state(|s| s.faults.push(f));
    StubResponse::empty(204)
}
