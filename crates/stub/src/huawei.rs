//! Huawei Cloud: APIG `postpaid-resize` and CPH `change-server-model`. Authentication first
//! (401/403 with the fixture's examples), then the documented fault (APIG 500, only when asked),
//! then the resource and the body (400/404 in Huawei's common shape: undocumented, assumed
//! codes), then the documented success example with fresh volatile values.

use conformance_contract::Violations;
use serde_json::Value;

use crate::auth::{self, Verdict};
use crate::core::Call;
use crate::errors::{StubResponse, huawei_error};
use crate::mutation::Mutation;

/// The authentication verdict for a Huawei call, mutations applied.
fn authenticate(call: &Call<'_>, ignore: Mutation) -> Verdict {
    if call.mutated(ignore) {
        return Verdict::Permitted;
    }
    let skew = call.core.config().max_clock_skew_secs;
    let project = call.param("project_id");
    auth::huawei(call.core, call.req, project, conformance_signing::unix_now, skew)
}

/// The request body checked against the contract, or the 400 to answer. The code is an
/// assumption (the pages document no 400): `APIG.2012` is APIG's "invalid parameter" code and
/// `CPH.0001` stands for CPH's; the harness never asserts undocumented bodies.
fn body(call: &Call<'_>, code: &str, tolerate: impl Fn(&str) -> bool) -> Result<Value, StubResponse> {
    let body = call.json().map_err(|why| huawei_error(400, code, format!("Invalid request body: {why}")))?;
    match call.op().validate_request(&body) {
        Ok(()) => Ok(body),
        Err(Violations(v)) => {
            let left: Vec<String> = v.iter().filter(|v| !tolerate(&v.pointer)).map(ToString::to_string).collect();
            if left.is_empty() {
                Ok(body)
            } else {
                Err(huawei_error(400, code, format!("Invalid request body: {}", left.join("; "))))
            }
        }
    }
}

/// `POST /v2/{project_id}/apigw/instances/{instance_id}/postpaid-resize`.
pub(crate) fn apig_resize(call: &Call<'_>) -> StubResponse {
    match authenticate(call, Mutation::ApigIgnoresAuth) {
        Verdict::Permitted => {}
        Verdict::Unauthorized(_) => {
            let mut r = call.example("unauthorized", None).response();
            if call.mutated(Mutation::ApigUnauthorizedWrongCode) {
                r = huawei_error(401, "APIC.7101", "Incorrect token or token resolution failed");
            }
            return r;
        }
        Verdict::Forbidden(_) if call.mutated(Mutation::ApigForbiddenAs401) => {
            return call.example("unauthorized", None).response();
        }
        Verdict::Forbidden(_) => return call.example("forbidden", None).response(),
    }
    if let Some(status) = call.fault() {
        return call.first_example(status).unwrap_or_else(|| huawei_error(status, "APIC.9000", "Injected fault"));
    }
    let instance = call.param("instance_id");
    if !call.core.with_state(|s| s.apig_instances.contains_key(instance)) {
        // APIG.3030 is APIG's "instance does not exist" (assumed: the page documents no 404).
        return huawei_error(404, "APIG.3030", format!("The instance {instance} does not exist"));
    }
    let body = match body(call, "APIG.2012", |_| false) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (documented_status, mut out) = call.example("accepted", Some(&body)).json();
    if call.mutated(Mutation::ApigJobIdWrongFormat)
        && let Some(o) = out.as_object_mut()
    {
        let id = uuid::Uuid::new_v4().to_string();
        let msg = format!("JOB_ASSIGNED_FOR_RESIZE_0086I:The job {id} is assigned to resize instance.");
        o.insert("message".into(), Value::String(msg));
        o.insert("job_id".into(), Value::String(id));
    }
    if call.mutated(Mutation::ApigDropsJobId)
        && let Some(o) = out.as_object_mut()
    {
        o.remove("job_id");
    }
    let status = if call.mutated(Mutation::ApigAcceptedAs200) { 200 } else { documented_status };
    let job = out.get("job_id").and_then(Value::as_str).map(String::from);
    let spec = body.get("spec_id").and_then(Value::as_str);
    call.core.with_state(|s| {
        if let Some(i) = s.apig_instances.get_mut(instance) {
            // The same spec again (the usual case) keeps the stored one: no allocation.
            if let Some(spec) = spec.filter(|new| i.spec_id.as_deref() != Some(*new)) {
                i.spec_id = Some(spec.to_string());
            }
            i.last_job_id = job;
        }
    });
    StubResponse::json(status, &out)
}

/// `POST /v1/{project_id}/cloud-phone/servers/change-server-model`.
pub(crate) fn cph_change(call: &Call<'_>) -> StubResponse {
    match authenticate(call, Mutation::CphIgnoresAuth) {
        Verdict::Permitted => {}
        Verdict::Unauthorized(_) => return call.example("unauthorized", None).response(),
        Verdict::Forbidden(_) => return call.example("forbidden", None).response(),
    }
    // No fault step: the CPH page documents no server fault, so the stub refuses its fault
    // header for this operation and the admin API arms none.
    let long_ok = call.mutated(Mutation::CphAcceptsLongModelName);
    let body = match body(call, "CPH.0001", |p| long_ok && p == "/server_model_name") {
        Ok(b) => b,
        Err(r) => return r,
    };
    let server = body.get("server_id").and_then(Value::as_str).unwrap_or_default().to_string();
    if !call.core.with_state(|s| s.cph_servers.contains_key(&server)) {
        // Assumed code and status: the page documents only 200.
        return huawei_error(404, "CPH.0002", format!("The cloud phone server {server} does not exist"));
    }
    let (status, mut out) = call.example("ok", Some(&body)).json();
    if call.mutated(Mutation::CphDropsOrderId)
        && let Some(o) = out.as_object_mut()
    {
        o.remove("order_id");
    }
    if call.mutated(Mutation::CphRequestIdNumber)
        && let Some(o) = out.as_object_mut()
    {
        o.insert("request_id".into(), Value::from(1_564_567_u64));
    }
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(String::from);
    let (model, phone) = (text("server_model_name"), text("phone_model_name"));
    call.core.with_state(|s| {
        if let Some(srv) = s.cph_servers.get_mut(&server) {
            srv.server_model_name = model;
            srv.phone_model_name = phone;
        }
    });
    StubResponse::json(status, &out)
}
