//! The admin API under `/__stub/` (no vendor path starts with it): provider states for
//! repeatable runs. `POST reset`, `GET state`, `POST seed`, `GET profile`, `GET|POST|DELETE
//! faults`, and `GET|POST|DELETE mode` (the mutation or variation shown); `GET /__stub/` lists
//! them. Answers are plain JSON (`{"error": …}` on failure) and are never varied. It has no
//! authentication: bind the stub to loopback.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use crate::config::{ADMIN_PREFIX, FAULT_HEADER, STUB_SERVICE};
use crate::core::StubCore;
use crate::request::{Req, StubResponse};
use crate::seed;
use crate::state::ArmedFault;

const ENDPOINTS: &[(&str, &str, &str)] = &[
    ("POST", "reset", "back to the seeded state (resources, credentials, no armed faults)"),
    (
        "GET",
        "state",
        "the state as JSON: resources by path with their attributes, credentials and armed faults, secrets left out",
    ),
    (
        "POST",
        "seed",
        "add resources and credentials: {\"resources\": [{\"path\": \"/…\", \"attributes\": {…}}], \"credentials\": [{\"scheme\": \"<auth scheme>\", \"kind\": \"<its kind>\", \"value\": \"…\", \"paired\": \"<secret key, for an access key>\", \"grant\": \"permitted|forbidden\", \"secret\": true}]}; all or nothing",
    ),
    ("GET", "profile", "this stub's target profile (TOML) for cargo xtask conformance --profile"),
    ("GET", "faults", "the armed faults"),
    (
        "POST",
        "faults",
        "arm a documented fault: {\"operation\": \"<vendor>/<operation>\", \"status\": <a documented fault: 5xx, or provoked by fault>, \"times\": 1}",
    ),
    ("DELETE", "faults", "disarm every fault"),
    ("GET", "mode", "the mutation and variation shown now, and every one there is"),
    ("POST", "mode", "show a mutation or a variation: {\"mutation\": \"<name>\"} or {\"variation\": \"<name>\"}"),
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

fn parse<T: serde::de::DeserializeOwned>(req: &Req<'_>) -> Result<T, StubResponse> {
    serde_json::from_slice(req.body).map_err(|e| error(400, format!("invalid JSON for this endpoint: {e}")))
}

/// Answers an admin request.
pub(crate) fn handle(core: &StubCore, req: &Req<'_>) -> StubResponse {
    let name = req.path.strip_prefix(ADMIN_PREFIX).unwrap_or_default().trim_end_matches('/');
    let known = name.is_empty() || ENDPOINTS.iter().any(|(_, n, _)| *n == name);
    match (req.method, name) {
        ("GET", "") => index(core),
        ("POST", "reset") => {
            core.reset();
            StubResponse::empty(204)
        }
        ("GET", "state") => StubResponse::json(200, &core.state()),
        ("POST", "seed") => match parse::<seed::SeedRequest>(req) {
            Ok(s) => match core.state.with(|st| s.apply(st)) {
                Ok(()) => StubResponse::empty(204),
                Err(e) => error(400, e),
            },
            Err(r) => r,
        },
        ("GET", "profile") => {
            let text = crate::profile::profile_file(&core.profile(&req.origin()));
            StubResponse::text(200, &text).with_content_type("application/toml")
        }
        ("GET", "faults") => {
            let faults = core.state.with(|s| s.faults.clone());
            StubResponse::json(200, &json!({ "header": FAULT_HEADER, "armed": faults }))
        }
        ("POST", "faults") => match parse::<ArmedFault>(req) {
            Ok(f) => arm(core, f),
            Err(r) => r,
        },
        ("DELETE", "faults") => {
            core.state.with(|s| s.faults.clear());
            core.armed.store(0, Ordering::Relaxed);
            StubResponse::empty(204)
        }
        ("GET", "mode") => mode(core),
        ("POST", "mode") => match parse::<ModeRequest>(req) {
            Ok(m) => match core.set_mode(m.mutation.as_deref(), m.variation.as_deref()) {
                Ok(()) => StubResponse::empty(204),
                Err(e) => error(400, format!("{e}; GET {ADMIN_PREFIX}mode lists them")),
            },
            Err(r) => r,
        },
        ("DELETE", "mode") => match core.set_mode(None, None) {
            Ok(()) => StubResponse::empty(204),
            Err(e) => error(400, e.to_string()),
        },
        _ if known => {
            let allow: Vec<&str> = ENDPOINTS.iter().filter(|(_, n, _)| *n == name).map(|(m, _, _)| *m).collect();
            let allow = if allow.is_empty() { "GET".to_string() } else { allow.join(", ") };
            error(405, format!("{} is not allowed on {}", req.method, req.path)).with_header("Allow", allow)
        }
        _ => error(404, format!("no admin endpoint {}; GET {ADMIN_PREFIX} lists them", req.path)),
    }
}

/// The listing, and this stub's `instance` (what a run checks a profile's `[stub] instance`
/// against) and `service`.
fn index(core: &StubCore) -> StubResponse {
    let list: Vec<Value> = ENDPOINTS
        .iter()
        .map(|(m, n, d)| json!({ "method": m, "path": format!("{ADMIN_PREFIX}{n}"), "does": d }))
        .collect();
    let fault = format!("send `{FAULT_HEADER}: <status>` on a request to get that documented fault");
    let body =
        json!({ "service": STUB_SERVICE, "instance": core.instance(), "endpoints": list, "fault_header": fault });
    StubResponse::json(200, &body)
}

fn mode(core: &StubCore) -> StubResponse {
    StubResponse::json(
        200,
        &json!({
            "mutation": core.mutation(),
            "variation": core.variation(),
            "mutations": core.modes().mutations,
            "variations": core.modes().variations,
        }),
    )
}

fn arm(core: &StubCore, f: ArmedFault) -> StubResponse {
    let Some(plan) = core.plans.iter().find(|p| p.id == f.operation) else {
        let ids: Vec<&str> = core.plans.iter().map(|p| p.id.as_str()).collect();
        return error(400, format!("unknown operation {:?}; known: {}", f.operation, ids.join(", ")));
    };
    if !plan.faults.contains(&f.status) {
        return error(400, format!("{} documents no fault {} (documented: {:?})", f.operation, f.status, plan.faults));
    }
    if f.times == Some(0) {
        return error(400, "times must be at least 1 (leave it out to arm until reset)");
    }
    core.state.with(|s| {
        s.faults.push(f);
        core.armed.store(s.faults.len(), Ordering::Relaxed);
    });
    StubResponse::empty(204)
}
