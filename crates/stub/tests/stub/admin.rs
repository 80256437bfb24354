//! Documented faults only on request (the fault header or the admin API), and the admin API:
//! reset restores the seeded state, seed adds resources and credentials generically, state
//! leaves secrets out, profile is the TOML the runner reads.

use conformance_contract::Profile;
use serde_json::json;

use crate::common::{ACTION, APIG, CPH, UPDATE, h, json_ct, start};
use crate::huawei::HwAuth;

#[tokio::test]
async fn faults_happen_only_when_asked() {
    let ctx = start().await;
    let apig = ctx.path(APIG, &[]);
    let body = ctx.body(APIG, "resize-to-professional").to_string().into_bytes();
    for _ in 0..20 {
        assert_eq!(ctx.huawei(&apig, &ctx.token(), &body, &[]).await.status, 202, "never a 5xx unasked");
    }
    let r = ctx.huawei(&apig, &ctx.token(), &body, &[h("X-Stub-Fault", "500")]).await;
    ctx.assert_example(APIG, "internal-error", &r, &apig, None);
    // Other values, and the header on an operation with no documented fault: 400 that explains.
    for v in ["502", "oops", ""] {
        let r = ctx.huawei(&apig, &ctx.token(), &body, &[h("X-Stub-Fault", v)]).await;
        assert_eq!(r.status, 400, "{v}: {}", r.text());
        assert!(r.json()["error_msg"].as_str().is_some_and(|m| m.contains("X-Stub-Fault")), "{}", r.text());
    }
    let cph_body = ctx.body(CPH, "change-flavor").to_string().into_bytes();
    let r = ctx.huawei(&ctx.path(CPH, &[]), &ctx.token(), &cph_body, &[h("X-Stub-Fault", "500")]).await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("documents no fault"), "{}", r.text());
    let seeded = ctx.update_path(&ctx.seeded_service());
    let valid = json!({ "name": "n", "billingCycle": 12 }).to_string().into_bytes();
    let r = ctx.send("PUT", &seeded, &[ctx.owner(), json_ct(), h("X-Stub-Fault", "502")], Some(valid.clone())).await;
    ctx.assert_example(UPDATE, "bad-gateway", &r, &seeded, None);
    let r = ctx.send("PUT", &seeded, &[ctx.owner(), json_ct(), h("X-Stub-Fault", "500")], Some(valid.clone())).await;
    assert_eq!(r.json()["badRequest"]["details"], json!({ "X-Stub-Fault": "Invalid" }), "{}", r.text());
    // Faults come after auth: no credentials is still 401.
    let r = ctx.huawei(&apig, &HwAuth::None, &body, &[h("X-Stub-Fault", "500")]).await;
    assert_eq!(r.status, 401);

    // Armed through the admin API: once, then back to normal.
    let arm = json!({ "operation": UPDATE, "status": 502, "times": 1 }).to_string().into_bytes();
    assert_eq!(ctx.send("POST", "/__stub/faults", &[], Some(arm)).await.status, 204);
    assert_eq!(ctx.send("PUT", &seeded, &[ctx.owner(), json_ct()], Some(valid.clone())).await.status, 502);
    assert_eq!(ctx.send("PUT", &seeded, &[ctx.owner(), json_ct()], Some(valid.clone())).await.status, 204);
    // Until reset when no count is given; DELETE disarms.
    let arm = json!({ "operation": APIG, "status": 500 }).to_string().into_bytes();
    assert_eq!(ctx.send("POST", "/__stub/faults", &[], Some(arm)).await.status, 204);
    for _ in 0..2 {
        assert_eq!(ctx.huawei(&apig, &ctx.token(), &body, &[]).await.status, 500);
    }
    let listed = ctx.send("GET", "/__stub/faults", &[], None).await.json();
    assert_eq!(listed["armed"][0]["operation"], APIG);
    assert_eq!(ctx.send("DELETE", "/__stub/faults", &[], None).await.status, 204);
    assert_eq!(ctx.huawei(&apig, &ctx.token(), &body, &[]).await.status, 202);
    for bad in [
        json!({ "operation": CPH, "status": 500 }),
        json!({ "operation": APIG, "status": 503 }),
        json!({ "operation": "x/y", "status": 500 }),
        json!({ "operation": APIG, "status": 500, "times": 0 }),
    ] {
        let r = ctx.send("POST", "/__stub/faults", &[], Some(bad.to_string().into_bytes())).await;
        assert_eq!(r.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn reset_restores_the_seeded_state() {
    let ctx = start().await;
    let initial = ctx.state().await;
    let fresh = crate::common::add_fresh(&ctx).await;
    let r = ctx.action(&ctx.body(ACTION, "change")).await;
    assert_eq!(r.status, 204);
    let seed = json!({
        "credentials": [{ "scheme": "huawei-sdk-hmac", "kind": "token", "value": "extra-token" }],
        "resources": [{ "path": "/v2/p/apigw/instances/abc" }]
    });
    assert_eq!(ctx.send("POST", "/__stub/seed", &[], Some(seed.to_string().into_bytes())).await.status, 204);
    let arm = json!({ "operation": APIG, "status": 500 }).to_string().into_bytes();
    assert_eq!(ctx.send("POST", "/__stub/faults", &[], Some(arm)).await.status, 204);
    assert_ne!(ctx.state().await, initial);

    assert_eq!(ctx.send("POST", "/__stub/reset", &[], None).await.status, 204);
    assert_eq!(ctx.state().await, initial, "reset gives the seeded state back");
    let r =
        ctx.send("PUT", &fresh, &[ctx.owner(), json_ct()], Some(br#"{"name":"n","billingCycle":12}"#.to_vec())).await;
    assert_eq!(r.status, 404, "services added before the reset are gone");
    let body = ctx.body(APIG, "resize-to-professional").to_string().into_bytes();
    let apig = ctx.path(APIG, &[]);
    assert_eq!(
        ctx.huawei(&apig, &HwAuth::Token("extra-token".into()), &body, &[]).await.status,
        401,
        "seeded tokens are gone"
    );
    assert_eq!(ctx.huawei(&apig, &ctx.token(), &body, &[]).await.status, 202, "armed faults are gone");
}

#[tokio::test]
async fn seed_adds_credentials_and_resources() {
    let ctx = start().await;
    let seed = json!({
        "credentials": [
            { "scheme": "huawei-sdk-hmac", "kind": "token", "value": "tok-a" },
            { "scheme": "huawei-sdk-hmac", "kind": "token", "value": "tok-b", "grant": "forbidden" },
            { "scheme": "huawei-sdk-hmac", "kind": "ak", "value": "AK2", "paired": "SK2" },
            { "scheme": "huawei-sdk-hmac", "kind": "project", "value": "proj2", "secret": false },
            { "scheme": { "kind": "api-key", "in": "header", "name": "Authorization" }, "kind": "key", "value": "Bearer xyz" },
            { "scheme": { "kind": "api-key", "in": "cookie", "name": "OwnerId" }, "kind": "key", "value": "owner-2" }
        ],
        "resources": [
            { "path": "/v2/proj2/apigw/instances/11111111111111111111111111111111" },
            { "path": "/accounts/A2/products/P2/services/S2", "attributes": { "open": true } },
            { "path": "/orders/O2/account/products/P2", "attributes": { "owner": "owner-2", "account": "A2" } },
            { "path": "/orders/O2/account/products/P2/services/S9", "attributes": { "name": "nine", "billingCycle": 12 } }
        ]
    });
    let r = ctx.send("POST", "/__stub/seed", &[], Some(seed.to_string().into_bytes())).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let body = ctx.body(APIG, "resize-to-professional").to_string().into_bytes();
    let path = "/v2/proj2/apigw/instances/11111111111111111111111111111111/postpaid-resize";
    let r = ctx.huawei(path, &HwAuth::Token("tok-a".into()), &body, &[]).await;
    assert_eq!(r.status, 202, "{}", r.text());
    assert_eq!(r.json()["instance_id"], "11111111111111111111111111111111", "instance id echoes the path");
    let signed = HwAuth::Signed { ak: "AK2".into(), sk: "SK2".into(), skew: 0 };
    assert_eq!(ctx.huawei(path, &signed, &body, &[]).await.status, 202);
    assert_eq!(ctx.huawei(path, &HwAuth::Token("tok-b".into()), &body, &[]).await.status, 403);
    let r = ctx
        .send(
            "POST",
            "/accounts/A2/products/P2/services/S2/action",
            &[h("Authorization", "Bearer xyz")],
            Some(br#"{"action":"cost"}"#.to_vec()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = ctx
        .send(
            "PUT",
            "/orders/O2/account/products/P2/services/S9",
            &[h("Cookie", "OwnerId=owner-2")],
            Some(br#"{"name":"n","billingCycle":12}"#.to_vec()),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let state = ctx.state().await.to_string();
    for secret in ["tok-a", "SK2", "Bearer xyz", "owner-2"] {
        assert!(!state.contains(secret), "{secret} is left out of the dump");
    }
    assert!(state.contains("proj2"), "a credential that is not secret is shown");
    for bad in [
        json!({ "nope": 1 }),
        json!({ "credentials": [{ "scheme": "huawei-sdk-hmac", "kind": "cookie", "value": "x" }] }),
        json!({ "credentials": [{ "scheme": "no-such-scheme", "kind": "token", "value": "x" }] }),
        json!({ "resources": [{ "path": "no-slash" }] }),
        json!([1]),
    ] {
        let r = ctx.send("POST", "/__stub/seed", &[], Some(bad.to_string().into_bytes())).await;
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.json()["error"].is_string());
    }
}

#[tokio::test]
async fn the_state_dump_leaves_every_secret_out() {
    let ctx = start().await;
    let state = ctx.state().await;
    let text = state.to_string();
    let secrets = ctx.stub.secrets();
    assert!(secrets.len() >= 6, "{} secrets", secrets.len());
    for s in &secrets {
        assert!(!text.contains(s.as_str()), "a secret in the dump");
    }
    let hw = format!(
        "/accounts/{}/products/{}/services/{}",
        ctx.value("hostway.account_id"),
        ctx.value("hostway.product_id"),
        ctx.value("hostway.service_id")
    );
    assert_eq!(state["resources"][&hw]["open"], true, "{state}");
    let order = format!(
        "/orders/{}/account/products/{}",
        ctx.value("hostway-orders.order_id"),
        ctx.value("hostway-orders.product_id")
    );
    assert_eq!(state["resources"][&order]["account"], ctx.value("hostway.account_id"), "{state}");
    assert!(state["resources"][&order].get("owner").is_none(), "the owner is a secret: {state}");
}

#[tokio::test]
async fn profile_endpoint_and_admin_errors() {
    let ctx = start().await;
    let r = ctx.send("GET", "/__stub/profile", &[], None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type").as_deref(), Some("application/toml"));
    let text = r.text();
    assert!(
        text.starts_with("# target profile for: cargo xtask conformance (or conformance run) --base-url "),
        "{text}"
    );
    let parsed = Profile::parse(&text, "stub", |_| None, ctx.contracts.keys()).expect("the profile parses");
    assert_eq!(parsed.base_url(), Some(ctx.base()));
    assert_eq!(parsed.to_toml(), ctx.profile.to_toml());
    assert_eq!(parsed.fault_header(), Some("X-Stub-Fault"));
    assert!(parsed.stub_instance().is_some() && parsed.safety.allow.is_empty(), "names its instance, allows nothing");
    for k in ctx.contracts.keys().declared().filter(|k| k.doc.stub.is_some()) {
        assert!(parsed.has(&k.doc.key), "the stub gives {}", k.doc.key);
    }
    let idx = ctx.send("GET", "/__stub/", &[], None).await;
    assert_eq!(idx.status, 200);
    assert!(idx.json()["endpoints"].as_array().is_some_and(|e| e.len() >= 6));
    assert_eq!(ctx.send("GET", "/__stub/nope", &[], None).await.status, 404);
    let r = ctx.send("GET", "/__stub/reset", &[], None).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow").as_deref(), Some("POST"));
}
