//! The order builder: POST 201 + Location → PUT 204 → visible in the admin state; unknown
//! order, product, service 404; the PUT page's rules 1–5; the POST page's billing-cycle range
//! (0, 121, "x" → 400 badRequest) and unsupported cycles (computeFault); the relation rules.

use serde_json::{Value, json};

use crate::common::{Ctx, Resp, SPEC, UPDATE, add_fresh, h, json_ct, location_path, start};

fn bad_request_details(r: &Resp) -> Value {
    assert_eq!(r.status, 400, "{}", r.text());
    let v = r.json();
    assert_eq!(v["badRequest"]["message"], "POST data error", "{v}");
    assert_eq!(v["badRequest"]["code"], 400);
    v["badRequest"]["details"].clone()
}

fn assert_invalid_cycle(r: &Resp) {
    assert_eq!(r.status, 400, "{}", r.text());
    let v = r.json();
    assert_eq!(v["computeFault"]["message"], "Unable to change service: invalid cycle", "{v}");
    assert_eq!(v["computeFault"]["code"], 400);
}

#[tokio::test]
async fn add_then_update_then_state_then_unknown() {
    let ctx = start().await;
    let r = ctx.add(&json!({ "name": "first", "serviceSpecification": SPEC, "billingCycle": 3 })).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(r.body.is_empty());
    let path = location_path(&ctx, &r);
    let id = path.rsplit('/').next().expect("id").to_string();
    assert!(id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-'), "{id}");
    let svc = ctx.resource(&path).await;
    assert_eq!((svc["name"].clone(), svc["billingCycle"].clone()), (json!("first"), json!(3)), "{svc}");
    assert_eq!(svc["serviceSpecification"], SPEC);

    let r = ctx
        .send("PUT", &path, &[ctx.owner(), json_ct()], Some(br#"{"name":"renamed","billingCycle":24}"#.to_vec()))
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
    let svc = ctx.resource(&path).await;
    assert_eq!((svc["name"].clone(), svc["billingCycle"].clone()), (json!("renamed"), json!(24)));

    let unknown = "11111111-1111-4111-8111-111111111111";
    let r = ctx.update(unknown, &json!({ "name": "x", "billingCycle": 12 })).await;
    ctx.assert_example(UPDATE, "not-found", &r, &ctx.update_path(unknown), None);
}

#[tokio::test]
async fn unknown_order_or_product_is_404() {
    let ctx = start().await;
    let (order, product) = (ctx.value("hostway-orders.order_id"), ctx.value("hostway-orders.product_id"));
    let body = json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": 1 }).to_string().into_bytes();
    for (o, p) in [("no-such-order", product.as_str()), (order.as_str(), "no-such-product")] {
        let path = ctx.path(crate::common::ADD, &[("orderId", o), ("productId", p)]);
        let r = ctx.send("POST", &path, &[ctx.owner(), json_ct()], Some(body.clone())).await;
        assert_eq!(r.status, 404, "{}", r.text());
        assert_eq!(r.json()["itemNotFound"]["message"], "Resource not found");
        let put = format!("{path}/{}", ctx.seeded_service());
        let r =
            ctx.send("PUT", &put, &[ctx.owner(), json_ct()], Some(br#"{"name":"n","billingCycle":12}"#.to_vec())).await;
        ctx.assert_example(UPDATE, "not-found", &r, &put, None);
    }
}

#[tokio::test]
async fn post_billing_cycle_range_and_support() {
    let ctx = start().await;
    for bad in [json!(0), json!(121), json!("x"), json!(-1), json!(1.5), json!(null)] {
        let r = ctx.add(&json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": bad })).await;
        assert_eq!(bad_request_details(&r), json!({ "billingCycle": "Invalid" }), "billingCycle {bad}");
    }
    let unsupported: i64 = ctx.value("hostway-orders.unsupported_billing_cycle").parse().expect("a number");
    let r = ctx.add(&json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": unsupported })).await;
    assert_invalid_cycle(&r);
    for ok in [1, 120] {
        let r = ctx.add(&json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": ok })).await;
        assert_eq!(r.status, 201, "{ok}: {}", r.text());
    }
}

#[tokio::test]
async fn post_required_members_and_relations() {
    let ctx = start().await;
    let r = ctx.add(&json!({})).await;
    let all = json!({ "name": "Required", "serviceSpecification": "Required", "billingCycle": "Required" });
    assert_eq!(bad_request_details(&r), all);
    let r = ctx.add(&json!({ "serviceSpecification": SPEC, "billingCycle": 1 })).await;
    assert_eq!(bad_request_details(&r), json!({ "name": "Required" }));
    let r = ctx.add(&json!({ "name": 5, "serviceSpecification": SPEC, "billingCycle": 1 })).await;
    assert_eq!(bad_request_details(&r), json!({ "name": "Invalid" }));
    let r = ctx.add(&json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": 1, "relatedTo": "x" })).await;
    assert_eq!(bad_request_details(&r), json!({ "relatedTo": "Invalid" }));
    // The bounds the PUT and the accounts API state for the same values: a name that is not
    // blank, a specification that is a service specification's URI.
    for blank in ["", " \t"] {
        let r = ctx.add(&json!({ "name": blank, "serviceSpecification": SPEC, "billingCycle": 1 })).await;
        assert_eq!(bad_request_details(&r), json!({ "name": "Invalid" }), "{blank:?}");
    }
    for link in ["https://api.hostway.com/products/1", "serviceSpecifications/1001", "s"] {
        let r = ctx.add(&json!({ "name": "n", "serviceSpecification": link, "billingCycle": 1 })).await;
        assert_eq!(bad_request_details(&r), json!({ "serviceSpecification": "Invalid" }), "{link}");
    }

    let url = |s: &str| format!("https://api.hostway.com{}/{s}", ctx.add_path());
    let fresh = add_fresh(&ctx).await;
    let fresh_id = fresh.rsplit('/').next().expect("id");
    for ok in [url(&ctx.seeded_service()), url(fresh_id)] {
        let r =
            ctx.add(&json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": 1, "relatedTo": [ok] })).await;
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let other_order =
        format!("https://api.hostway.com/orders/other/account/products/p/services/{}", ctx.seeded_service());
    for bad in [url("no-such-service"), other_order, "not a url".to_string()] {
        let r =
            ctx.add(&json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": 1, "relatedTo": [bad] })).await;
        let d = bad_request_details(&r);
        assert!(d["relatedTo"].as_str().is_some_and(|s| s.starts_with("Invalid")), "{d}");
    }
}

#[tokio::test]
async fn put_rules_one_to_five() {
    let ctx = start().await;
    let seeded = ctx.seeded_service();
    let seeded_path = ctx.update_path(&seeded);
    // Rule 1: the service URL must point to a service already added to the product.
    let r = ctx.update("not-added", &json!({ "name": "n", "billingCycle": 12 })).await;
    ctx.assert_example(UPDATE, "not-found", &r, &ctx.update_path("not-added"), None);
    // Rule 2: a valid billing cycle (supported by the service) and service name; outside the
    // order builder's 1-120 (the POST page's bound of the same cycle) no service supports one.
    for cycle in [7, 5] {
        let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": cycle })).await;
        ctx.assert_example(UPDATE, "invalid-cycle", &r, &seeded_path, None);
    }
    for bad in [json!(0), json!(121), json!(-1), json!(1.5)] {
        let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": bad })).await;
        assert_eq!(bad_request_details(&r), json!({ "billingCycle": "Invalid" }), "billingCycle {bad}");
    }
    for blank in ["", "   ", "\t"] {
        let r = ctx.update(&seeded, &json!({ "name": blank, "billingCycle": 12 })).await;
        assert_eq!(bad_request_details(&r), json!({ "name": "Invalid" }), "{blank:?}");
    }
    let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": "twelve" })).await;
    assert_eq!(bad_request_details(&r), json!({ "billingCycle": "Invalid" }));
    // Rule 3: billingCycle and name are required (the documented bodies).
    for (body, example) in [
        (json!({}), "missing-both"),
        (json!({ "name": "n" }), "missing-billing-cycle"),
        (json!({ "billingCycle": 12 }), "missing-name"),
    ] {
        let r = ctx.update(&seeded, &body).await;
        ctx.assert_example(UPDATE, example, &r, &seeded_path, None);
    }
    // Rule 4: every associated order-service URL names a service added to the product.
    let order_url = |s: &str| format!("https://api.hostway.com{}/{s}", ctx.add_path());
    let fresh = add_fresh(&ctx).await;
    let fresh_id = fresh.rsplit('/').next().expect("id").to_string();
    let r =
        ctx.update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [order_url(&fresh_id)] })).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [order_url("gone")] })).await;
    assert!(bad_request_details(&r)["associatedTo"].is_string());
    // Rule 5: an associated service that exists on the account must be open.
    let (account, product) = (ctx.value("hostway.account_id"), ctx.value("hostway.product_id"));
    let acct = |s: &str| format!("https://api.hostway.com/accounts/{account}/products/{product}/services/{s}");
    let open = ctx.value("hostway.service_id");
    let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [acct(&open)] })).await;
    assert_eq!(r.status, 204, "open account service: {}", r.text());
    let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [acct("300002")] })).await;
    let d = bad_request_details(&r);
    assert!(d["associatedTo"].as_str().is_some_and(|s| s.contains("not open")), "{d}");
    let other = format!("https://api.hostway.com/accounts/999/products/{product}/services/{open}");
    let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [other] })).await;
    assert!(bad_request_details(&r)["associatedTo"].as_str().is_some_and(|s| s.contains("order's account")));
    // Seeding a closed service makes it refused too; the state shows the update.
    let closed = format!("/accounts/{account}/products/{product}/services/closed-2");
    let seed = json!({ "resources": [{ "path": closed, "attributes": { "open": false } }] });
    assert_eq!(ctx.send("POST", "/__stub/seed", &[], Some(seed.to_string().into_bytes())).await.status, 204);
    let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [acct("closed-2")] })).await;
    assert_eq!(r.status, 400, "{}", r.text());
    let r = ctx.update(&seeded, &json!({ "name": "final", "billingCycle": 36, "associatedTo": [acct(&open)] })).await;
    assert_eq!(r.status, 204);
    let svc = ctx.resource(&seeded_path).await;
    assert_eq!((svc["name"].clone(), svc["billingCycle"].clone()), (json!("final"), json!(36)));
    assert_eq!(svc["associatedTo"], json!([acct(&open)]));
}

#[tokio::test]
async fn a_service_supports_its_own_cycles() {
    let ctx = start().await;
    let seeded_path = ctx.update_path(&ctx.seeded_service());
    let seed = json!({ "resources": [{ "path": seeded_path, "attributes": { "supportedBillingCycles": [5] } }] });
    assert_eq!(ctx.send("POST", "/__stub/seed", &[], Some(seed.to_string().into_bytes())).await.status, 204);
    assert_eq!(ctx.update(&ctx.seeded_service(), &json!({ "name": "n", "billingCycle": 5 })).await.status, 204);
    let r = ctx.update(&ctx.seeded_service(), &json!({ "name": "n", "billingCycle": 12 })).await;
    ctx.assert_example(UPDATE, "invalid-cycle", &r, &seeded_path, None);
}

#[tokio::test]
async fn put_empty_or_invalid_body_is_the_documented_missing_both() {
    let ctx = start().await;
    let seeded = ctx.update_path(&ctx.seeded_service());
    for body in [&b""[..], b"{not json", b"[]", b"null", b"\"text\""] {
        let r = ctx.send("PUT", &seeded, &[ctx.owner(), json_ct()], Some(body.to_vec())).await;
        ctx.assert_example(UPDATE, "missing-both", &r, &seeded, None);
    }
    let r = ctx.send("PUT", &seeded, &[ctx.owner(), h("Content-Type", "text/plain")], None).await;
    ctx.assert_example(UPDATE, "missing-both", &r, &seeded, None);
}

#[tokio::test]
async fn created_services_are_capped_per_product() {
    let config =
        conformance_stub::StubConfig { max_services_per_product: 2, ..conformance_stub::StubConfig::deterministic() };
    let ctx: Ctx = crate::common::start_with(config).await;
    let first = add_fresh(&ctx).await;
    let (second, third) = (add_fresh(&ctx).await, add_fresh(&ctx).await);
    let state = ctx.state().await;
    assert!(state["resources"].get(&first).is_none(), "the oldest is dropped");
    assert!(state["resources"].get(&second).is_some() && state["resources"].get(&third).is_some());
    assert!(state["resources"].get(ctx.update_path(&ctx.seeded_service())).is_some(), "seeded ones are kept");
}
