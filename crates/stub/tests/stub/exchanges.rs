//! The documented exchanges: for every example the fixtures hold (documented or derived), a
//! request that gets it, with the status and body it must get. Shared by the example checks,
//! the freshness checks, the snapshots and the mutation loop.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::common::{Ctx, h, json_ct, params};

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
    pub params: BTreeMap<String, String>,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Exchange {
    pub fn raw_body(&self) -> Option<Vec<u8>> {
        self.body.as_ref().map(|b| b.to_string().into_bytes())
    }
}

#[allow(clippy::too_many_arguments)]
fn ex(
    name: &str,
    op: &'static str,
    example: Option<&'static str>,
    status: u16,
    method: &'static str,
    path: String,
    params: BTreeMap<String, String>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
) -> Exchange {
    Exchange { name: name.into(), op, example, status, method, path, params, headers, body }
}

pub const APIG: &str = "huawei-apig/postpaid-resize";
pub const CPH: &str = "huawei-cph/change-server-model";
pub const ACTION: &str = "hostway/service-action";
pub const ADD: &str = "hostway-orders/add-service";
pub const UPDATE: &str = "hostway-orders/update-service";

/// Every documented exchange of the five operations.
pub fn documented(ctx: &Ctx) -> Vec<Exchange> {
    let s = ctx.seed();
    let hw = &s.huawei;
    let ct = h("Content-Type", "application/json");
    let token = h("X-Auth-Token", hw.token.0.clone());
    let apig_params = params(&[("project_id", &hw.project_id), ("instance_id", &hw.apig_instance_id)]);
    let apig_body = ctx.expanded(APIG, "resize-to-professional");
    let apig = |name: &str, example, headers: Vec<(String, String)>| {
        let (path, p, b) = (ctx.apig_path(), apig_params.clone(), Some(apig_body.clone()));
        ex(name, APIG, Some(example), 0, "POST", path, p, headers, b)
    };
    let cph_params = params(&[("project_id", &hw.project_id)]);
    let cph_body = ctx.expanded(CPH, "change-flavor");
    let cph = |name: &str, example, headers: Vec<(String, String)>| {
        ex(name, CPH, Some(example), 0, "POST", ctx.cph_path(), cph_params.clone(), headers, Some(cph_body.clone()))
    };
    let w = &s.hostway;
    let action_params =
        params(&[("accountId", &w.account_id), ("productId", &w.product_id), ("serviceId", &w.service_id)]);
    let action = |name: &str, example, status, request: &str| {
        let headers = vec![ctx.hostway_auth(), ct.clone()];
        let body = Some(ctx.expanded(ACTION, request));
        ex(name, ACTION, example, status, "POST", ctx.action_path(), action_params.clone(), headers, body)
    };
    let o = &s.orders;
    let add_params = params(&[("orderId", &o.order_id), ("productId", &o.product_id)]);
    let mut update_params = add_params.clone();
    update_params.insert("serviceId".into(), o.service_id.clone());
    let seeded = ctx.update_path(&o.service_id);
    let update = |name: &str, example, status, path: &str, headers: Vec<(String, String)>, body: Value| {
        let mut p = update_params.clone();
        p.insert("serviceId".into(), path.rsplit('/').next().unwrap_or_default().to_string());
        ex(name, UPDATE, example, status, "PUT", path.to_string(), p, headers, Some(body))
    };
    let cookie = || vec![ctx.owner(), json_ct()];
    let valid = json!({ "billingCycle": 12, "name": "Service Name" });
    vec![
        apig("apig-accepted", "accepted", vec![ct.clone(), token.clone()]),
        apig("apig-unauthorized", "unauthorized", vec![ct.clone(), h("X-Auth-Token", "not-a-token")]),
        apig("apig-forbidden", "forbidden", vec![ct.clone(), h("X-Auth-Token", hw.forbidden_token.0.clone())]),
        apig("apig-internal-error", "internal-error", vec![ct.clone(), token.clone(), h("X-Stub-Fault", "500")]),
        cph("cph-ok", "ok", vec![ct.clone(), token.clone()]),
        cph("cph-unauthorized", "unauthorized", vec![ct.clone()]),
        cph("cph-forbidden", "forbidden", vec![ct.clone(), h("X-Auth-Token", hw.forbidden_token.0.clone())]),
        action("action-cost-fees", Some("cost-fees"), 0, "cost"),
        action("action-validate-allowed", Some("validate-allowed"), 0, "validate"),
        action("action-change", None, 204, "change"),
        ex(
            "add-service",
            ADD,
            None,
            201,
            "POST",
            ctx.add_path(),
            add_params.clone(),
            cookie(),
            Some(ctx.expanded(ADD, "add-service")),
        ),
        update("update-service", None, 204, &seeded, cookie(), ctx.expanded(UPDATE, "update-name-and-cycle")),
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
            json!({ "billingCycle": 7, "name": "x" }),
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
