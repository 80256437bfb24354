//! A sixth operation that lives only in test data: a fictional vendor's volume resize, answered
//! 202 with a job id, behind an existing auth scheme. With its fixture added to a copy of
//! `fixtures/`, and no Rust changed, the engine serves it (auth, the missing resource, the
//! schema's refusal with details, the success with a fresh job id and its effect on state), its
//! secret is in the stub's secrets and out of the state dump, and its shape mutations are
//! generated and each changes one of its answers.

use std::path::{Path, PathBuf};

use conformance_stub::{StubConfig, StubCore};
use serde_json::{Value, json};

use crate::common::{Ctx, h, start_with};
use crate::exchanges::Exchange;
use crate::mutations::assert_mutations_show;
use crate::probes::generic;

pub(crate) const NIMBUS: &str = "nimbus-ocean/resize-volume";

/// An anchor: the section's name stands for the page's words (this page is never resolved).
fn provenance(section: &str) -> Value {
    json!({ "section": section, "quote": section })
}

/// Every property schema under `v` anchored, as the fixtures' loader requires.
fn anchor_properties(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Object(props)) = m.get_mut("properties") {
                for (name, sub) in props.iter_mut() {
                    if let Value::Object(s) = sub {
                        s.insert("x-provenance".into(), provenance(&format!("Parameters, {name}")));
                    }
                }
            }
            m.values_mut().for_each(anchor_properties);
        }
        Value::Array(a) => a.iter_mut().for_each(anchor_properties),
        _ => {}
    }
}

fn response(status: u16, meaning: &str, effect: &str, body: Value) -> Value {
    json!({ "status": status, "meaning": meaning, "headers": [], "body": body, "provenance": provenance("Responses"), "effect": effect })
}

/// The fixture of the fictional operation.
pub(crate) fn fixture() -> Value {
    let mut f = unanchored();
    anchor_properties(&mut f);
    f
}

fn unanchored() -> Value {
    let error = json!({ "kind": "json", "schema": { "$ref": "#/$defs/error" }, "provenance": provenance("Errors") });
    let answer = |code: &str, message: &str| json!({ "fields": { "code": code, "message": message } });
    let mut bad = response(400, "Bad Request", "none", error.clone());
    bad["answer"] = answer("InvalidRequest", "The request is invalid: {reason}");
    let mut missing = response(404, "Not Found", "none", error.clone());
    missing["answer"] = answer("NoSuchVolume", "No volume {path:volume_id} in {path:tenant}");
    let mut accepted = response(
        202,
        "Accepted",
        "billable",
        json!({ "kind": "json", "provenance": provenance("Responses"), "schema": {
            "type": "object", "required": ["job_id", "volume_id"],
            "properties": { "job_id": { "type": "string" }, "volume_id": { "type": "string" }, "state": { "type": "string" } }
        } }),
    );
    accepted["state"] = json!({ "set": { "size_gb": "body:/size_gb" } });
    let key = |k: &str, ty: &str, stub: Value, d: &str| json!({ "key": k, "type": ty, "description": d, "stub": stub });
    let mut secret = key("nimbus-ocean.token", "string", json!("nimbus-{random}"), "The bearer token.");
    secret["secret"] = json!(true);
    let param = |n: &str| json!({ "name": n, "required": true, "type": "string", "description": n, "provenance": provenance("Parameters") });
    json!({
        "id": NIMBUS, "vendor": "nimbus-ocean", "operation": "resize-volume",
        "title": "Resize a volume", "summary": "Resizes a block volume as a job.", "source": "nimbus-ocean-fictional.txt",
        "method": "POST", "path": "/v3/{tenant}/volumes/{volume_id}/resize", "provenance": provenance("Request"),
        "auth": {
            "scheme": "http-bearer", "documented": "A bearer token in Authorization.", "provenance": provenance("Auth"),
            "credentials": { "token": "nimbus-ocean.token" }
        },
        "section": "nimbus-ocean",
        "path_params": [param("tenant"), param("volume_id")],
        "request_headers": [],
        "request": {
            "content_type": "application/json", "constraints": [], "provenance": provenance("Body"),
            "schema": { "type": "object", "required": ["size_gb"], "properties": {
                "size_gb": { "type": "integer", "minimum": 1, "maximum": 16384 },
                "reason": { "type": "string", "maxLength": 32 }
            } }
        },
        "profile": [
            secret,
            key("nimbus-ocean.tenant", "string", json!("tenant-7"), "A tenant."),
            key("nimbus-ocean.volume_id", "string", json!("vol-42"), "A volume of it."),
            key("nimbus-ocean.target_size_gb", "integer", json!(200), "The size to resize to."),
            key("nimbus-ocean.current_size_gb", "integer", json!(100), "Its size now.")
        ],
        "bindings": [
            { "at": "path:tenant", "from": { "key": "nimbus-ocean.tenant" } },
            { "at": "path:volume_id", "from": { "key": "nimbus-ocean.volume_id" }, "names": "volume" },
            { "at": "body:/size_gb", "from": { "change": { "target": "nimbus-ocean.target_size_gb", "current": "nimbus-ocean.current_size_gb" } } }
        ],
        "resource": { "noun": "volume", "path": "/v3/{tenant}/volumes/{volume_id}" },
        "responses": [accepted, bad, response(401, "Unauthorized", "none", error), missing],
        "examples": [
            { "name": "resize", "direction": "request", "body": { "size_gb": 200, "reason": "grow" }, "provenance": provenance("Example") },
            {
                "name": "accepted", "direction": "response", "status": 202, "answers": "resize",
                "body": { "job_id": "JOB-0123456789abcdef0123456789abcdef", "volume_id": "vol-42", "state": "QUEUED" },
                "volatile": [{ "pointer": "/job_id", "format": "job-id" }, { "pointer": "/volume_id", "echoes": "path:volume_id" }],
                "provenance": provenance("Example")
            },
            {
                "name": "unauthorized", "direction": "response", "status": 401,
                "body": { "error": { "code": "Unauthorized", "message": "Missing or invalid credentials" } },
                "provenance": provenance("Example")
            }
        ],
        "$defs": { "error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "object" } } } },
        "error_body": {
            "template": { "error": { "code": "{code}", "message": "{message}", "request": "{uuid}" } },
            "stub_answers": {
                "no-route": answer("NoSuchRoute", "Nothing at {path}"),
                "wrong-method": answer("BadMethod", "Use {allow}, not {method}"),
                "too-large": answer("TooLarge", "At most {limit} bytes"),
                "bad-fault-header": answer("BadFault", "{reason}")
            },
            "provenance": provenance("Errors")
        },
        "errata": []
    })
}

/// A copy of `fixtures/` with the fictional operation added.
pub(crate) fn fixtures_with_sixth() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stub-sixth-{}", uuid::Uuid::new_v4().simple()));
    copy(&conformance_contract::default_fixtures_dir(), &dir);
    std::fs::create_dir_all(dir.join("nimbus-ocean")).expect("vendor folder");
    let text = serde_json::to_string_pretty(&fixture()).expect("serialises");
    std::fs::write(dir.join("nimbus-ocean/resize-volume.json"), text).expect("fixture written");
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("reads").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copies");
        }
    }
}

fn exchange(ctx: &Ctx, name: &str, example: &'static str, headers: Vec<(String, String)>) -> Exchange {
    Exchange {
        name: name.into(),
        op: NIMBUS,
        example: Some(example),
        status: 0,
        method: "POST",
        path: ctx.path(NIMBUS, &[]),
        headers,
        body: Some(ctx.body(NIMBUS, "resize")),
    }
}

#[tokio::test]
async fn a_sixth_operation_is_served_from_its_fixture_alone() {
    let dir = fixtures_with_sixth();
    let config = StubConfig { fixtures_dir: dir.clone(), ..StubConfig::deterministic() };
    let ctx = start_with(config.clone()).await;
    let auth = h("Authorization", format!("Bearer {}", ctx.value("nimbus-ocean.token")));
    let ok = exchange(&ctx, "nimbus-accepted", "accepted", vec![auth.clone()]);
    let (a, b) = (
        ctx.send("POST", &ok.path, &ok.headers, ok.raw_body()).await,
        ctx.send("POST", &ok.path, &ok.headers, ok.raw_body()).await,
    );
    ctx.assert_example(NIMBUS, "accepted", &a, &ok.path, ok.body.as_ref());
    assert_ne!(a.json()["job_id"], b.json()["job_id"], "a fresh job id per call");
    assert_eq!(ctx.resource("/v3/tenant-7/volumes/vol-42").await["size_gb"], 200, "the effect on state");
    let none = exchange(&ctx, "nimbus-unauthorized", "unauthorized", Vec::new());
    let r = ctx.send("POST", &none.path, &[], none.raw_body()).await;
    ctx.assert_example(NIMBUS, "unauthorized", &r, &none.path, None);
    let other = ctx.path(NIMBUS, &[("volume_id", "vol-9")]);
    let r = ctx.send("POST", &other, std::slice::from_ref(&auth), ok.raw_body()).await;
    assert_eq!(
        (r.status, r.json()["error"]["message"].clone()),
        (404, json!("No volume vol-9 in tenant-7")),
        "{}",
        r.text()
    );
    let r = ctx.send("POST", &ok.path, std::slice::from_ref(&auth), Some(br#"{"size_gb": 0}"#.to_vec())).await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(
        r.json()["error"]["message"].as_str().is_some_and(|m| m.starts_with("The request is invalid: ")),
        "{}",
        r.text()
    );
    let r = ctx.send("GET", &ok.path, &[], None).await;
    assert_eq!((r.status, r.header("allow")), (405, Some("POST".into())), "{}", r.text());
    let secret = ctx.value("nimbus-ocean.token");
    assert!(ctx.stub.secrets().contains(&secret), "the new secret is redacted");
    assert!(!ctx.state().await.to_string().contains(&secret), "and left out of the dump");

    let core = StubCore::new(config).expect("core");
    let names = assert_mutations_show(&ctx, &core, &generic(&ctx, &[ok, none]), |n| {
        n.starts_with("nimbus-ocean/resize-volume:")
    });
    for want in [
        "success-status",
        "drops-job_id",
        "retypes-volume_id",
        "volatile-job_id-format",
        "ignores-auth",
        "not-found-as-400",
        "changes-401-literal",
        "ignores-range-size_gb",
        "ignores-required-size_gb",
        "ignores-length-reason",
    ] {
        assert!(names.contains(&format!("nimbus-ocean/resize-volume:{want}")), "{want}: {names:?}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn an_unknown_hook_or_a_template_naming_no_value_is_an_error_at_start() {
    for (field, value, want) in [
        ("hooks", json!(["no-such-hook"]), "hooks[0]: unknown hook `no-such-hook`; known: "),
        (
            "error_body",
            json!({ "template": { "e": "{nothing}" }, "provenance": provenance("Errors") }),
            "`{nothing}` is neither",
        ),
    ] {
        let dir = fixtures_with_sixth();
        let mut f = fixture();
        f[field] = value;
        std::fs::write(dir.join("nimbus-ocean/resize-volume.json"), f.to_string()).expect("fixture written");
        let e = StubCore::new(StubConfig { fixtures_dir: dir.clone(), ..StubConfig::deterministic() })
            .expect_err("refused at start")
            .to_string();
        assert!(e.starts_with(NIMBUS) && e.contains(want), "{e}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
