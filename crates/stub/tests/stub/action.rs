//! The Hostway service action: cost (the documented fees), validate (`allowed`), change (204,
//! the new specification in the admin state); an unknown action and a missing or malformed
//! target → 400 with details; an unknown account, product or service → 404 naming them.

use serde_json::json;

use crate::common::{ACTION, h, start};

#[tokio::test]
async fn cost_validate_change() {
    let ctx = start().await;
    let path = ctx.action_path();
    let r = ctx.action(&json!({ "action": "cost" })).await;
    ctx.assert_example(ACTION, "cost-fees", &r, &path, None);
    assert_eq!(r.json()["links"][0]["href"], format!("{}{path}", ctx.base()), "the self link names the call");
    let target = ctx.value("hostway.target_service_specification");
    let r = ctx.action(&json!({ "action": "validate", "actionData": { "targetServiceSpecification": target } })).await;
    ctx.assert_example(ACTION, "validate-allowed", &r, &path, None);
    assert_eq!(r.json()["allowed"], 1);

    let service = path.trim_end_matches("/action").to_string();
    assert_eq!(ctx.resource(&service).await["specification"], "https://api.hostway.com/serviceSpecifications/1001");
    let r = ctx.action(&json!({ "action": "change", "actionData": { "targetServiceSpecification": target } })).await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
    assert_eq!(
        ctx.resource(&service).await["specification"],
        json!(target),
        "the change is visible through the admin API"
    );
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
        assert_eq!(v["badRequest"]["message"], "Request body is invalid.", "{v}");
        assert!(v["badRequest"]["details"].as_object().is_some_and(|d| !d.is_empty()), "{v}");
    }
    let r = ctx.action(&json!({ "actionData": {} })).await;
    assert_eq!(r.json()["badRequest"]["details"], json!({ "action": "Required" }));
    let r = ctx.action(&json!({ "action": "change" })).await;
    assert_eq!(r.json()["badRequest"]["details"], json!({ "actionData": "Required" }), "the conditional requirement");
    let r = ctx.send("POST", &ctx.action_path(), &[ctx.hostway_auth()], Some(b"{oops".to_vec())).await;
    assert_eq!(r.status, 400, "{}", r.text());
    let service = ctx.action_path().trim_end_matches("/action").to_string();
    assert_eq!(
        ctx.resource(&service).await["specification"],
        "https://api.hostway.com/serviceSpecifications/1001",
        "nothing changed"
    );
}

#[tokio::test]
async fn unknown_ids_are_404() {
    let ctx = start().await;
    let body = json!({ "action": "cost" }).to_string().into_bytes();
    for param in ["accountId", "productId", "serviceId"] {
        let path = ctx.path(ACTION, &[(param, "nope")]);
        let r = ctx
            .send("POST", &path, &[ctx.hostway_auth(), h("Content-Type", "application/json")], Some(body.clone()))
            .await;
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        let v = r.json();
        assert_eq!(v["itemNotFound"]["code"], 404);
        assert_eq!(v["itemNotFound"]["details"][param], "nope", "{v}");
    }
}
