//! The documented exchanges: for every response example the fixtures hold (documented or
//! derived), and every documented bodiless success, a request that gets it, built from the
//! fixtures' request examples and the stub's profile: written here for the requests a contract
//! alone does not give, derived from the contract for every operation not written here. Shared by the example checks, the
//! freshness checks, the snapshots, the standalone checks and the mode probes.

use serde_json::{Value, json};

use crate::common::{ACTION, ADD, APIG, CPH, Ctx, UPDATE, h, json_ct};

/// One request and what answers it.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// Unique, used as the snapshot name.
    pub name: String,
    /// Contract id.
    pub op: &'static str,
    /// The response example that answers, or `None` for a documented status without a body.
    pub example: Option<&'static str>,
    /// The status when `example` is `None`.
    pub status: u16,
    pub method: &'static str,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Exchange {
    pub fn raw_body(&self) -> Option<Vec<u8>> {
        self.body.as_ref().map(|b| b.to_string().into_bytes())
    }

    /// The status it must get.
    pub fn want(&self, ctx: &Ctx) -> u16 {
        self.example.map_or(self.status, |n| ctx.example(self.op, n).status.unwrap_or(0))
    }
}

fn ex(
    name: &str,
    op: &'static str,
    example: Option<&'static str>,
    status: u16,
    method: &'static str,
    path: String,
) -> Exchange {
    Exchange { name: name.into(), op, example, status, method, path, headers: Vec::new(), body: None }
}

impl Exchange {
    fn with(mut self, headers: Vec<(String, String)>, body: Value) -> Exchange {
        self.headers = headers;
        self.body = Some(body);
        self
    }
}

/// Every documented exchange: the hand-written ones, and those derived from the contract of
/// every operation they do not cover (`derived.rs`).
pub fn documented(ctx: &Ctx) -> Vec<Exchange> {
    let hand = hand_written(ctx);
    let derived = crate::derived::derived(ctx, &hand);
    [hand, derived].concat()
}

/// The exchanges written by hand: the requests a contract alone does not give (a 400 whose
/// body depends on the rule it breaks, a resource created first, the Hostway actions).
fn hand_written(ctx: &Ctx) -> Vec<Exchange> {
    let ct = h("Content-Type", "application/json");
    let token = h("X-Auth-Token", ctx.value("huawei.token"));
    let forbidden = h("X-Auth-Token", ctx.value("huawei.forbidden_token"));
    let apig_body = ctx.body(APIG, "resize-to-professional");
    let apig = |name: &str, example, headers: Vec<(String, String)>| {
        ex(name, APIG, Some(example), 0, "POST", ctx.path(APIG, &[])).with(headers, apig_body.clone())
    };
    let cph_body = ctx.body(CPH, "change-flavor");
    let cph = |name: &str, example, headers: Vec<(String, String)>| {
        ex(name, CPH, Some(example), 0, "POST", ctx.path(CPH, &[])).with(headers, cph_body.clone())
    };
    let action = |name: &str, example, status, request: &str| {
        let headers = vec![ctx.hostway_auth(), ct.clone()];
        ex(name, ACTION, example, status, "POST", ctx.action_path()).with(headers, ctx.body(ACTION, request))
    };
    let seeded = ctx.update_path(&ctx.seeded_service());
    let update = |name: &str, example, status, path: &str, headers: Vec<(String, String)>, body: Value| {
        ex(name, UPDATE, example, status, "PUT", path.to_string()).with(headers, body)
    };
    let cookie = || vec![ctx.owner(), json_ct()];
    let valid = json!({ "billingCycle": 12, "name": "Service Name" });
    let unsupported = ctx.value("hostway-orders.unsupported_billing_cycle").parse::<i64>().expect("a number");
    vec![
        apig("apig-accepted", "accepted", vec![ct.clone(), token.clone()]),
        apig("apig-unauthorized", "unauthorized", vec![ct.clone(), h("X-Auth-Token", "not-a-token")]),
        apig("apig-forbidden", "forbidden", vec![ct.clone(), forbidden.clone()]),
        apig("apig-internal-error", "internal-error", vec![ct.clone(), token.clone(), h("X-Stub-Fault", "500")]),
        cph("cph-ok", "ok", vec![ct.clone(), token.clone()]),
        cph("cph-unauthorized", "unauthorized", vec![ct.clone()]),
        cph("cph-forbidden", "forbidden", vec![ct.clone(), forbidden]),
        action("action-cost-fees", Some("cost-fees"), 0, "cost"),
        action("action-validate-allowed", Some("validate-allowed"), 0, "validate"),
        action("action-change", None, 204, "change"),
        ex("add-service", ADD, None, 201, "POST", ctx.add_path()).with(cookie(), ctx.body(ADD, "add-service")),
        update("update-service", None, 204, &seeded, cookie(), ctx.body(UPDATE, "update-name-and-cycle")),
        update("update-missing-both", Some("missing-both"), 0, &seeded, cookie(), json!({})),
        update(
            "update-missing-billing-cycle",
            Some("missing-billing-cycle"),
            0,
            &seeded,
            cookie(),
            json!({ "name": "x" }),
        ),
        update("update-missing-name", Some("missing-name"), 0, &seeded, cookie(), json!({ "billingCycle": 12 })),
        update(
            "update-invalid-cycle",
            Some("invalid-cycle"),
            0,
            &seeded,
            cookie(),
            json!({ "billingCycle": unsupported, "name": "x" }),
        ),
        update("update-unauthorized", Some("unauthorized"), 0, &seeded, vec![json_ct()], valid.clone()),
        update(
            "update-not-found",
            Some("not-found"),
            0,
            &ctx.update_path("00000000-0000-4000-8000-000000000000"),
            cookie(),
            valid.clone(),
        ),
        update(
            "update-bad-gateway",
            Some("bad-gateway"),
            0,
            &seeded,
            [cookie(), vec![h("X-Stub-Fault", "502")]].concat(),
            valid,
        ),
    ]
}
