//! The account's current values: each resource a `change` binding changes starts with the
//! stub's values of its `current` keys (read through the admin API), a success sets them, a
//! success whose documented effect is `none` sets nothing; under `refuses-no-op-change` a
//! change to the values a resource has now is refused with 400 and a real change accepted;
//! under `<vendor>/<operation>:refuses-change-back` a change to the values it had at the start is.

use serde_json::{Value, json};

use crate::common::{APIG, CPH, Ctx, h, json_ct, start, start_with};

fn token(ctx: &Ctx) -> Vec<(String, String)> {
    vec![json_ct(), h("X-Auth-Token", ctx.value("huawei.token"))]
}

async fn resize(ctx: &Ctx, spec: &str) -> u16 {
    let body = json!({ "spec_id": spec }).to_string().into_bytes();
    let r = ctx.send("POST", &ctx.path(APIG, &[]), &token(ctx), Some(body)).await;
    r.status
}

fn gateway(ctx: &Ctx) -> String {
    format!("/v2/{}/apigw/instances/{}", ctx.value("huawei.project_id"), ctx.value("huawei.apig.instance_id"))
}

#[tokio::test]
async fn each_changed_resource_starts_at_its_current_values_and_a_success_sets_them() {
    let ctx = start().await;
    assert_eq!(ctx.resource(&gateway(&ctx)).await["spec_id"], json!(ctx.value("huawei.apig.current_spec_id")));
    let server =
        format!("/v1/{}/cloud-phone/servers/{}", ctx.value("huawei.project_id"), ctx.value("huawei.cph.server_id"));
    let attrs = ctx.resource(&server).await;
    assert_eq!(attrs["server_model_name"], json!(ctx.value("huawei.cph.current_server_model_name")), "{attrs}");
    assert_eq!(attrs["phone_model_name"], json!(ctx.value("huawei.cph.current_phone_model_name")), "{attrs}");
    let service = ctx.path(crate::common::ACTION, &[]).trim_end_matches("/action").to_string();
    let spec = ctx.resource(&service).await["specification"].clone();
    assert_eq!(spec, json!(ctx.value("hostway.current_service_specification")));

    assert_eq!(resize(&ctx, &ctx.value("huawei.apig.target_spec_id")).await, 202);
    assert_eq!(ctx.resource(&gateway(&ctx)).await["spec_id"], json!(ctx.value("huawei.apig.target_spec_id")));
    // The plain stub accepts a change to the value the resource has, as the pages do not forbid.
    assert_eq!(resize(&ctx, &ctx.value("huawei.apig.target_spec_id")).await, 202);
    let body = ctx.body(CPH, "change-flavor");
    let r = ctx.send("POST", &ctx.path(CPH, &[]), &token(&ctx), Some(body.to_string().into_bytes())).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let attrs = ctx.resource(&server).await;
    assert_eq!(attrs["server_model_name"], json!(ctx.value("huawei.cph.server_model_name")), "{attrs}");
    ctx.send("POST", "/__stub/reset", &[], None).await;
    assert_eq!(ctx.resource(&gateway(&ctx)).await["spec_id"], json!(ctx.value("huawei.apig.current_spec_id")));
}

#[tokio::test]
async fn under_refuses_no_op_change_a_change_to_the_value_a_resource_has_is_refused() {
    let ctx =
        start_with(conformance_stub::StubConfig::deterministic().with_variation(Some("refuses-no-op-change".into())))
            .await;
    let (current, target) = (ctx.value("huawei.apig.current_spec_id"), ctx.value("huawei.apig.target_spec_id"));
    let body = json!({ "spec_id": current }).to_string().into_bytes();
    let r = ctx.send("POST", &ctx.path(APIG, &[]), &token(&ctx), Some(body)).await;
    assert_eq!(r.status, 400, "{}", r.text());
    let msg = r.json()["error_msg"].as_str().unwrap_or_default().to_string();
    assert!(msg.contains("already has this spec_id"), "{msg}");
    assert_eq!(resize(&ctx, &target).await, 202, "a real change is accepted");
    assert_eq!(resize(&ctx, &target).await, 400, "and the same one again refused");
    assert_eq!(resize(&ctx, &current).await, 202, "the change back is a change");
    assert_eq!(ctx.resource(&gateway(&ctx)).await["spec_id"], json!(current));
    // A refusal or a read never counts: the Hostway cost of the specification the service has.
    let cost = ctx.body(crate::common::ACTION, "cost");
    let mut cost = cost.clone();
    cost["actionData"]["targetServiceSpecification"] = Value::from(ctx.value("hostway.current_service_specification"));
    let r = ctx
        .send("POST", &ctx.action_path(), &[ctx.hostway_auth(), json_ct()], Some(cost.to_string().into_bytes()))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
}

#[tokio::test]
async fn under_refuses_change_back_the_change_to_the_start_value_is_refused() {
    let ctx = start_with(
        conformance_stub::StubConfig::deterministic().with_mutation(Some("postpaid-resize:refuses-change-back".into())),
    )
    .await;
    let (current, target) = (ctx.value("huawei.apig.current_spec_id"), ctx.value("huawei.apig.target_spec_id"));
    assert_eq!(resize(&ctx, &target).await, 202);
    assert_eq!(resize(&ctx, &current).await, 400, "the way back is refused");
    assert_eq!(ctx.resource(&gateway(&ctx)).await["spec_id"], json!(target), "the gateway stays changed");
    assert_eq!(resize(&ctx, "ENTERPRISE").await, 202, "any other change is accepted");
}
