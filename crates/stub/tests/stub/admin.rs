//! Items 4 and 5: documented faults only on request (header or admin), and the admin API:
//! reset restores the seeded state, seed adds credentials and resources, profile is the TOML.

use conformance_contract::Profile;
use serde_json::json;

use crate::common::{h, json_ct, params, start};
use crate::exchanges::{APIG, CPH, UPDATE};

#[tokio::test]
async fn faults_happen_only_when_asked() {
    let ctx = start().await;
    let hw = ctx.seed().huawei.clone();
    let apig = ctx.apig_path();
    let ap = params(&[("project_id", &hw.project_id), ("instance_id", &hw.apig_instance_id)]);
    let body = ctx.expanded(APIG, "resize-to-professional").to_string().into_bytes();
    // Without the control: never a 5xx.
    for _ in 0..20 {
        let r = ctx.huawei(&apig, &ctx.token(), &body, &[]).await;
        assert_eq!(r.status, 202);
    }
    let r = ctx.huawei(&apig, &ctx.token(), &body, &[h("X-Stub-Fault", "500")]).await;
    ctx.assert_example(APIG, "internal-error", &r, &apig, &ap, None);
    // Other values, and the header on an operation with no documented fault: 400 that explains.
    for v in ["502", "oops", ""] {
        let r = ctx.huawei(&apig, &ctx.token(), &body, &[h("X-Stub-Fault", v)]).await;
        assert_eq!(r.status, 400, "{v}: {}", r.text());
        assert!(r.json()["error_msg"].as_str().is_some_and(|m| m.contains("X-Stub-Fault")));
    }
    let cph_body = ctx.expanded(CPH, "change-flavor").to_string().into_bytes();
    let r = ctx.huawei(&ctx.cph_path(), &ctx.token(), &cph_body, &[h("X-Stub-Fault", "500")]).await;
    assert_eq!(r.status, 400, "{}", r.text());
    let r = ctx.add(&json!({})).await;
    assert_eq!(r.status, 400);
    // PUT 502 by header.
    let seeded = ctx.update_path(&ctx.seed().orders.service_id);
    let valid = json!({ "name": "n", "billingCycle": 12 }).to_string().into_bytes();
    let r = ctx.send("PUT", &seeded, &[ctx.owner(), json_ct(), h("X-Stub-Fault", "502")], Some(valid.clone())).await;
    ctx.assert_example(UPDATE, "bad-gateway", &r, &seeded, &params(&[]), None);
    // Faults come after auth: no credentials is still 401.
    let r = ctx.huawei(&apig, &crate::common::HwAuth::None, &body, &[h("X-Stub-Fault", "500")]).await;
    assert_eq!(r.status, 401);

    // Armed through the admin API: once, then back to normal.
    let arm = json!({ "operation": UPDATE, "status": 502, "times": 1 }).to_string().into_bytes();
    assert_eq!(ctx.send("POST", "/__stub/faults", &[], Some(arm)).await.status, 204);
    let r = ctx.send("PUT", &seeded, &[ctx.owner(), json_ct()], Some(valid.clone())).await;
    assert_eq!(r.status, 502);
    let r = ctx.send("PUT", &seeded, &[ctx.owner(), json_ct()], Some(valid.clone())).await;
    assert_eq!(r.status, 204);
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
    // Undocumented faults cannot be armed.
    for bad in [
        json!({ "operation": CPH, "status": 500 }),
        json!({ "operation": APIG, "status": 503 }),
        json!({ "operation": "x/y", "status": 500 }),
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
    let target = ctx.seed().hostway.target_service_specification.clone();
    let r = ctx.action(&json!({ "action": "change", "actionData": { "targetServiceSpecification": target } })).await;
    assert_eq!(r.status, 204);
    let seed =
        json!({ "tokens": { "extra-token": "permitted" }, "apig_instances": ["00000000000000000000000000000abc"] });
    assert_eq!(ctx.send("POST", "/__stub/seed", &[], Some(seed.to_string().into_bytes())).await.status, 204);
    let arm = json!({ "operation": APIG, "status": 500 }).to_string().into_bytes();
    assert_eq!(ctx.send("POST", "/__stub/faults", &[], Some(arm)).await.status, 204);
    assert_ne!(ctx.state().await, initial);

    assert_eq!(ctx.send("POST", "/__stub/reset", &[], None).await.status, 204);
    assert_eq!(ctx.state().await, initial, "reset gives the seeded state back");
    let r =
        ctx.send("PUT", &fresh, &[ctx.owner(), json_ct()], Some(br#"{"name":"n","billingCycle":12}"#.to_vec())).await;
    assert_eq!(r.status, 404, "services added before the reset are gone");
    let body = ctx.expanded(APIG, "resize-to-professional").to_string().into_bytes();
    let r = ctx.huawei(&ctx.apig_path(), &crate::common::HwAuth::Token("extra-token".into()), &body, &[]).await;
    assert_eq!(r.status, 401, "seeded tokens are gone");
    assert_eq!(ctx.huawei(&ctx.apig_path(), &ctx.token(), &body, &[]).await.status, 202, "armed faults are gone");
}

#[tokio::test]
async fn seed_adds_credentials_and_resources() {
    let ctx = start().await;
    let seed = json!({
        "tokens": { "tok-a": "permitted", "tok-b": "forbidden" },
        "access_keys": [{ "ak": "AK2", "sk": "SK2", "permission": "permitted" }],
        "hostway_authorizations": ["Bearer xyz"],
        "owners": { "owner-2": "permitted" },
        "project_ids": ["proj2"],
        "apig_instances": ["11111111111111111111111111111111"],
        "cph_servers": ["22222222222222222222222222222222"],
        "account_services": [{ "account_id": "A2", "product_id": "P2", "service_id": "S2", "specification": "https://api.hostway.com/serviceSpecifications/9" }],
        "orders": [{ "order_id": "O2", "owner_id": "owner-2", "account_id": "A2", "products": ["P2"] }],
        "order_services": [{ "order_id": "O2", "product_id": "P2", "service_id": "S9", "name": "nine", "billing_cycle": 12 }]
    });
    let r = ctx.send("POST", "/__stub/seed", &[], Some(seed.to_string().into_bytes())).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let body = ctx.expanded(APIG, "resize-to-professional").to_string().into_bytes();
    let path = "/v2/proj2/apigw/instances/11111111111111111111111111111111/postpaid-resize";
    let r = ctx.huawei(path, &crate::common::HwAuth::Token("tok-a".into()), &body, &[]).await;
    assert_eq!(r.status, 202, "{}", r.text());
    assert_eq!(r.json()["instance_id"], "11111111111111111111111111111111", "instance id echoes the path");
    let signed = crate::common::HwAuth::Signed { ak: "AK2".into(), sk: "SK2".into(), skew: 0 };
    assert_eq!(ctx.huawei(path, &signed, &body, &[]).await.status, 202);
    assert_eq!(ctx.huawei(path, &crate::common::HwAuth::Token("tok-b".into()), &body, &[]).await.status, 403);
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
    // A bad seed is refused whole, with a reason.
    for bad in [
        json!({ "nope": 1 }),
        json!({ "order_services": [{ "order_id": "missing", "product_id": "p", "service_id": "s", "name": "n", "billing_cycle": 1 }] }),
        json!([1]),
    ] {
        let r = ctx.send("POST", "/__stub/seed", &[], Some(bad.to_string().into_bytes())).await;
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.json()["error"].is_string());
    }
}

#[tokio::test]
async fn profile_endpoint_and_admin_errors() {
    let ctx = start().await;
    let r = ctx.send("GET", "/__stub/profile", &[], None).await;
    assert_eq!(r.status, 200);
    let text = r.text();
    assert!(
        text.starts_with("# target profile for: cargo xtask conformance (or conformance run) --base-url "),
        "{text}"
    );
    let parsed = Profile::parse(&text, "stub", |_| None).expect("the profile parses");
    assert_eq!(parsed.base_url.as_deref(), Some(ctx.base()));
    assert_eq!(parsed.to_toml(), ctx.profile.to_toml());
    assert_eq!(parsed.faults.as_ref().map(|f| f.header.as_str()), Some("X-Stub-Fault"));
    for need in conformance_contract::Need::ALL {
        assert_eq!(parsed.need(need, &mut Vec::new()), Ok(()), "the stub meets @needs-{need}");
    }
    let idx = ctx.send("GET", "/__stub/", &[], None).await;
    assert_eq!(idx.status, 200);
    assert!(idx.json()["endpoints"].as_array().is_some_and(|e| e.len() >= 6));
    assert_eq!(ctx.send("GET", "/__stub/nope", &[], None).await.status, 404);
    let r = ctx.send("GET", "/__stub/reset", &[], None).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow").as_deref(), Some("POST"));
}
