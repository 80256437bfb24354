//! Item 3, Hostway action: cost (documented fees), validate (`allowed`), change (204, the new
//! specification in the admin state); unknown action and missing or malformed target → 400;
//! unknown account, product or service → 404.

use serde_json::json;

use crate::common::{h, params, start};
use crate::exchanges::ACTION;

#[tokio::test]
async fn cost_validate_change() {
    let ctx = start().await;
    let w = ctx.seed().hostway.clone();
    let path = ctx.action_path();
    let p = params(&[("accountId", &w.account_id), ("productId", &w.product_id), ("serviceId", &w.service_id)]);
    let r = ctx.action(&json!({ "action": "cost" })).await;
    ctx.assert_example(ACTION, "cost-fees", &r, &path, &p, None);
    assert_eq!(r.json()["links"][0]["href"], format!("{}{path}", ctx.base()), "self link names the call");
    let target = w.target_service_specification.clone();
    let r = ctx.action(&json!({ "action": "validate", "actionData": { "targetServiceSpecification": target } })).await;
    ctx.assert_example(ACTION, "validate-allowed", &r, &path, &p, None);
    assert_eq!(r.json()["allowed"], 1);

    let before = ctx.state().await;
    let spec = &before["accounts"][&w.account_id]["products"][&w.product_id][&w.service_id]["specification"];
    assert_eq!(spec, &json!(w.service_specification));
    let r = ctx.action(&json!({ "action": "change", "actionData": { "targetServiceSpecification": target } })).await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
    let after = ctx.state().await;
    let spec = &after["accounts"][&w.account_id]["products"][&w.product_id][&w.service_id]["specification"];
    assert_eq!(spec, &json!(target), "change is visible through the admin API");
}

#[tokio::test]
async fn bad_actions_are_400() {
    let ctx = start().await;
    let bodies = [
        json!({ "action": "upgrade", "actionData": { "targetServiceSpecification": "https://api.hostway.com/serviceSpecifications/1" } }),
        json!({ "action": 3 }),
        json!({ "actionData": {} }),
        json!({ "action": "change" }),
        json!({ "action": "validate", "actionData": {} }),
        json!({ "action": "change", "actionData": "x" }),
        json!({ "action": "change", "actionData": { "targetServiceSpecification": 7 } }),
        json!({ "action": "change", "actionData": { "targetServiceSpecification": "not a uri" } }),
        json!({ "action": "validate", "actionData": { "targetServiceSpecification": "https://api.hostway.com/products/1" } }),
        json!({ "action": "cost", "actionData": { "targetServiceSpecification": "ftp://x/serviceSpecifications/1" } }),
        json!([1, 2]),
    ];
    for b in &bodies {
        let r = ctx.action(b).await;
        assert_eq!(r.status, 400, "{b}: {}", r.text());
        let v = r.json();
        assert_eq!(v["badRequest"]["code"], 400, "{v}");
        assert!(v["badRequest"]["details"].is_object(), "{v}");
    }
    let r = ctx.send("POST", &ctx.action_path(), &[ctx.hostway_auth()], Some(b"{oops".to_vec())).await;
    assert_eq!(r.status, 400, "{}", r.text());
    // Nothing changed.
    let w = ctx.seed().hostway.clone();
    let st = ctx.state().await;
    assert_eq!(
        st["accounts"][&w.account_id]["products"][&w.product_id][&w.service_id]["specification"],
        json!(w.service_specification)
    );
}

#[tokio::test]
async fn unknown_ids_are_404() {
    let ctx = start().await;
    let w = ctx.seed().hostway.clone();
    let body = json!({ "action": "cost" }).to_string().into_bytes();
    for path in [
        format!("/accounts/nope/products/{}/services/{}/action", w.product_id, w.service_id),
        format!("/accounts/{}/products/nope/services/{}/action", w.account_id, w.service_id),
        format!("/accounts/{}/products/{}/services/nope/action", w.account_id, w.product_id),
    ] {
        let r = ctx
            .send("POST", &path, &[ctx.hostway_auth(), h("Content-Type", "application/json")], Some(body.clone()))
            .await;
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert_eq!(r.json()["itemNotFound"]["code"], 404);
    }
}
