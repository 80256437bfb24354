//! Item 3, order builder: POST 201 + Location → PUT 204 → visible in the admin state; unknown
//! order, product, service 404; the PUT page's rules 1–5; the POST page's billing-cycle range
//! (0, 121, "x" → 400 badRequest) and unsupported cycles (computeFault); relation rules.

use serde_json::{Value, json};

use crate::common::{Ctx, add_fresh, h, json_ct, location_path, params, start};
use crate::exchanges::UPDATE;

const SPEC: &str = "https://api.hostway.com/serviceSpecifications/1001";

fn bad_request_details(r: &crate::common::Resp) -> Value {
    assert_eq!(r.status, 400, "{}", r.text());
    let v = r.json();
    assert_eq!(v["badRequest"]["message"], "POST data error", "{v}");
    assert_eq!(v["badRequest"]["code"], 400);
    v["badRequest"]["details"].clone()
}

fn assert_invalid_cycle(ctx: &Ctx, r: &crate::common::Resp, path: &str) {
    ctx.assert_example(UPDATE, "invalid-cycle", r, path, &params(&[]), None);
}

fn assert_not_found(ctx: &Ctx, r: &crate::common::Resp, path: &str) {
    ctx.assert_example(UPDATE, "not-found", r, path, &params(&[]), None);
}

fn service_in_state<'a>(ctx: &Ctx, state: &'a Value, id: &str) -> &'a Value {
    let o = &ctx.seed().orders;
    &state["orders"][&o.order_id]["products"][&o.product_id]["services"][id]
}

#[tokio::test]
async fn add_then_update_then_state_then_unknown() {
    let ctx = start().await;
    let r = ctx.add(&json!({ "name": "first", "serviceSpecification": SPEC, "billingCycle": 3 })).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(r.body.is_empty());
    let path = location_path(&ctx, &r);
    let id = path.rsplit('/').next().expect("id").to_string();
    assert!(uuid_like(&id), "{id}");
    let state = ctx.state().await;
    assert_eq!(service_in_state(&ctx, &state, &id)["name"], "first");
    assert_eq!(service_in_state(&ctx, &state, &id)["billing_cycle"], 3);

    let r = ctx
        .send("PUT", &path, &[ctx.owner(), json_ct()], Some(br#"{"name":"renamed","billingCycle":24}"#.to_vec()))
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
    let state = ctx.state().await;
    assert_eq!(service_in_state(&ctx, &state, &id)["name"], "renamed");
    assert_eq!(service_in_state(&ctx, &state, &id)["billing_cycle"], 24);

    let unknown = ctx.update_path("11111111-1111-4111-8111-111111111111");
    let r = ctx.update("11111111-1111-4111-8111-111111111111", &json!({ "name": "x", "billingCycle": 12 })).await;
    assert_not_found(&ctx, &r, &unknown);
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

#[tokio::test]
async fn unknown_order_product_or_missing_account_is_404() {
    let ctx = start().await;
    let o = ctx.seed().orders.clone();
    let body = json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": 1 }).to_string().into_bytes();
    let paths = [
        format!("/orders/no-such-order/account/products/{}/services", o.product_id),
        format!("/orders/{}/account/products/no-such-product/services", o.order_id),
        format!("/orders/{}/account/products/{}/services", o.order_without_account_id, o.product_id),
    ];
    for p in &paths {
        let r = ctx.send("POST", p, &[ctx.owner(), json_ct()], Some(body.clone())).await;
        assert_not_found(&ctx, &r, p);
        let put = format!("{p}/{}", o.service_id);
        let r =
            ctx.send("PUT", &put, &[ctx.owner(), json_ct()], Some(br#"{"name":"n","billingCycle":12}"#.to_vec())).await;
        assert_not_found(&ctx, &r, &put);
    }
}

#[tokio::test]
async fn post_billing_cycle_range_and_support() {
    let ctx = start().await;
    for bad in [json!(0), json!(121), json!("x"), json!(-1), json!(1.5), json!(null)] {
        let r = ctx.add(&json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": bad })).await;
        assert_eq!(bad_request_details(&r), json!({ "billingCycle": "Invalid" }), "billingCycle {bad}");
    }
    let unsupported = ctx.profile.hostway_orders.as_ref().and_then(|o| o.unsupported_billing_cycle).expect("profile");
    let r = ctx.add(&json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": unsupported })).await;
    assert_invalid_cycle(&ctx, &r, &ctx.add_path());
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

    let o = ctx.seed().orders.clone();
    let url = |s: &str| {
        format!("https://api.hostway.com/orders/{}/account/products/{}/services/{s}", o.order_id, o.product_id)
    };
    // A service added to this product: fine; one that is not, or not a service URL: 400 naming the field.
    let fresh = add_fresh(&ctx).await;
    let fresh_id = fresh.rsplit('/').next().expect("id");
    for ok in [url(&o.service_id), url(fresh_id)] {
        let r =
            ctx.add(&json!({ "name": "n", "serviceSpecification": SPEC, "billingCycle": 1, "relatedTo": [ok] })).await;
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let other_order =
        format!("https://api.hostway.com/orders/other/account/products/{}/services/{}", o.product_id, o.service_id);
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
    let o = ctx.seed().orders.clone();
    let seeded = o.service_id.clone();
    let seeded_path = ctx.update_path(&seeded);
    // Rule 1: the service URL must point to a service already added to the product.
    let r = ctx.update("not-added", &json!({ "name": "n", "billingCycle": 12 })).await;
    assert_not_found(&ctx, &r, &ctx.update_path("not-added"));
    // Rule 2: valid billing cycle (supported by the service) and service name.
    for cycle in [7, 0, 121, 5] {
        let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": cycle })).await;
        assert_invalid_cycle(&ctx, &r, &seeded_path);
    }
    let r = ctx.update(&seeded, &json!({ "name": "", "billingCycle": 12 })).await;
    assert_eq!(bad_request_details(&r), json!({ "name": "Invalid" }));
    let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": "twelve" })).await;
    assert_eq!(bad_request_details(&r), json!({ "billingCycle": "Invalid" }));
    // Rule 3: billingCycle and name are required (the documented bodies).
    let p = params(&[]);
    for (body, example) in [
        (json!({}), "missing-both"),
        (json!({ "name": "n" }), "missing-billing-cycle"),
        (json!({ "billingCycle": 12 }), "missing-name"),
    ] {
        let r = ctx.update(&seeded, &body).await;
        ctx.assert_example(UPDATE, example, &r, &seeded_path, &p, None);
    }
    // Rule 4: every associated order-service URL points to a service added to the product.
    let order_url = |s: &str| {
        format!("https://api.hostway.com/orders/{}/account/products/{}/services/{s}", o.order_id, o.product_id)
    };
    let fresh = add_fresh(&ctx).await;
    let fresh_id = fresh.rsplit('/').next().expect("id").to_string();
    let r =
        ctx.update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [order_url(&fresh_id)] })).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [order_url("gone")] })).await;
    assert!(bad_request_details(&r)["associatedTo"].is_string());
    // Rule 5: an associated service that exists on the account must be open.
    let w = ctx.seed().hostway.clone();
    let acct =
        |s: &str| format!("https://api.hostway.com/accounts/{}/products/{}/services/{s}", w.account_id, w.product_id);
    let r =
        ctx.update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [acct(&w.service_id)] })).await;
    assert_eq!(r.status, 204, "open account service: {}", r.text());
    let r = ctx
        .update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [acct(&w.closed_service_id)] }))
        .await;
    let d = bad_request_details(&r);
    assert!(d["associatedTo"].as_str().is_some_and(|s| s.contains("not open")), "{d}");
    // Seeding a closed service makes it refused too; the state shows the update.
    let seed = json!({ "account_services": [{ "account_id": w.account_id, "product_id": w.product_id, "service_id": "closed-2", "open": false }] });
    let s = ctx.send("POST", "/__stub/seed", &[], Some(seed.to_string().into_bytes())).await;
    assert_eq!(s.status, 204);
    let r = ctx.update(&seeded, &json!({ "name": "n", "billingCycle": 12, "associatedTo": [acct("closed-2")] })).await;
    assert_eq!(r.status, 400, "{}", r.text());
    let r = ctx
        .update(&seeded, &json!({ "name": "final", "billingCycle": 36, "associatedTo": [acct(&w.service_id)] }))
        .await;
    assert_eq!(r.status, 204);
    let state = ctx.state().await;
    let svc = service_in_state(&ctx, &state, &seeded);
    assert_eq!((svc["name"].clone(), svc["billing_cycle"].clone()), (json!("final"), json!(36)));
    assert_eq!(svc["associated_to"], json!([acct(&w.service_id)]));
}

#[tokio::test]
async fn put_empty_or_invalid_body_is_the_documented_missing_both() {
    let ctx = start().await;
    let seeded = ctx.update_path(&ctx.seed().orders.service_id);
    for body in [&b""[..], b"{not json", b"[]", b"null", b"\"text\""] {
        let r = ctx.send("PUT", &seeded, &[ctx.owner(), json_ct()], Some(body.to_vec())).await;
        ctx.assert_example(UPDATE, "missing-both", &r, &seeded, &params(&[]), None);
    }
    let r = ctx.send("PUT", &seeded, &[ctx.owner(), h("Content-Type", "text/plain")], None).await;
    ctx.assert_example(UPDATE, "missing-both", &r, &seeded, &params(&[]), None);
}
