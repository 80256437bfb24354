//! The suite fails, naming exactly the right scenarios, against deliberately wrong targets:
//! plain wiremock servers that deviate from the docs in one way each (200 for the resize,
//! no job_id, 400 where the docs say 404, a number where a string is documented, a 201
//! without Location), and the bundled stub with each of its mutations.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use conformance_runner::Outcome;
use serde_json::json;
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{APIG, RESIZE, accepted};

async fn apig_answering(resp: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(RESIZE))
        .and(header("X-Auth-Token", "tok-permitted-123"))
        .respond_with(resp)
        .mount(&server)
        .await;
    server
}

const ACCEPTED_ID: &str = "huawei-apig/postpaid-resize.feature::A resize to the documented specification is accepted";

#[tokio::test]
async fn a_correct_plain_server_passes_the_same_scenario() {
    let server = apig_answering(ResponseTemplate::new(202).set_body_json(accepted())).await;
    let report = common::against(&server.uri(), APIG, Some("@postpaid-resize and @status-202")).await.unwrap();
    assert_eq!(common::failed(&report), Vec::<String>::new());
    assert_eq!(report.summary().total.passed, 1);
    assert_eq!(report.summary().total.skipped, 1, "the AK/SK scenario needs ak and sk");
}

#[tokio::test]
async fn resize_answering_200_instead_of_202() {
    let server = apig_answering(ResponseTemplate::new(200).set_body_json(accepted())).await;
    let report = common::against(&server.uri(), APIG, Some("@postpaid-resize and @status-202")).await.unwrap();
    assert_eq!(common::failed(&report), [ACCEPTED_ID]);
    let conformance_runner::Outcome::Failed(failure) = &report.scenario(ACCEPTED_ID).unwrap().outcome else {
        panic!("not a failure")
    };
    let message = &failure.message();
    let at = "--> features/huawei-apig/postpaid-resize.feature:";
    assert!(message.starts_with(at), "{message}");
    assert!(
        message.contains("\n    Then the response status is 202\nexpected status 202 (ACCEPTED), got 200"),
        "{message}"
    );
    let shown = common::redact(message, &server.uri());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../../../snapshots/runner");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("failure-message-status", shown));
}

#[tokio::test]
async fn resize_without_job_id() {
    let mut body = accepted();
    body.as_object_mut().unwrap().remove("job_id");
    let server = apig_answering(ResponseTemplate::new(202).set_body_json(body)).await;
    let report = common::against(&server.uri(), APIG, Some("@postpaid-resize and @status-202")).await.unwrap();
    assert_eq!(common::failed(&report), [ACCEPTED_ID]);
    let conformance_runner::Outcome::Failed(failure) = &report.scenario(ACCEPTED_ID).unwrap().outcome else {
        panic!("not a failure")
    };
    let message = &failure.message();
    assert!(
        message.contains("does not match the schema documented for 202")
            && message.contains("\"job_id\" is a required property"),
        "{message}"
    );
    assert!(
        !message.contains("tok-permitted-123") && message.contains("X-Auth-Token: [REDACTED: huawei.token]"),
        "{message}"
    );
}

const HOSTWAY: &str = r#"
[hostway]
authorization = "Basic c2VjcmV0OnNlY3JldA=="
account_id = "1"
product_id = "2"
service_id = "3"
target_service_specification = "https://api.hostway.com/serviceSpecifications/9"
current_service_specification = "https://api.hostway.com/serviceSpecifications/1"
"#;

#[tokio::test]
async fn hostway_action_answering_400_where_the_docs_say_404() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(400)).mount(&server).await;
    let report = common::against(&server.uri(), HOSTWAY, Some("@service-action and @status-404")).await.unwrap();
    let id = "hostway/service-action.feature::An account, product or service that does not exist is not found";
    let rows = ["a product", "a service", "an account"].map(|r| format!("{id} [resource={r}]"));
    assert_eq!(common::failed(&report), rows);
}

const ORDERS: &str = r#"
[hostway-orders]
owner_id = "owner-secret-1"
order_id = "o1"
product_id = "p1"
service_specification = "https://api.hostway.com/serviceSpecifications/1"
supported_billing_cycles = [1, 120]
[safety]
allow = ["changes"]
"#;

#[tokio::test]
async fn update_answering_400_where_the_docs_say_404() {
    let server = MockServer::start().await;
    let bad = json!({"badRequest": {"guid": "aae865ae-5102-49d9-b1ef-8a5419cc0ce7", "message": "POST data error", "code": 400, "details": {}}});
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(400).set_body_json(bad)).mount(&server).await;
    let report = common::against(&server.uri(), ORDERS, Some("@update-service and @status-404")).await.unwrap();
    assert_eq!(
        common::failed(&report),
        ["hostway-orders/update-service.feature::Updating a service that was never added is not found"]
    );
}

#[tokio::test]
async fn add_service_201_without_location() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex("^/orders/o1/account/products/p1/services$"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let report = common::against(&server.uri(), ORDERS, Some("@add-service and @status-201")).await.unwrap();
    let f = "hostway-orders/add-service.feature::";
    assert_eq!(
        common::failed(&report),
        [
            format!(
                "{f}A service without related services is added with the smallest or the largest supported billing cycle [which=largest]"
            ),
            format!(
                "{f}A service without related services is added with the smallest or the largest supported billing cycle [which=smallest]"
            ),
            format!("{f}The documented service is added, related to one added before, and its Location names it"),
        ]
    );
    let conformance_runner::Outcome::Failed(failure) = &report
        .scenario(&format!(
            "{f}A service without related services is added with the smallest or the largest supported billing cycle [which=smallest]"
        ))
        .unwrap()
        .outcome
    else {
        panic!("not a failure")
    };
    let message = &failure.message();
    assert!(
        message.contains("\n    And the Location header points at the new service\nthe answer has no Location header"),
        "{message}"
    );
    assert!(
        message.contains("Cookie: [REDACTED: hostway-orders.owner_id]") && !message.contains("owner-secret-1"),
        "{message}"
    );
}

#[tokio::test]
async fn cph_request_id_of_the_wrong_type() {
    let toml = "[huawei]\nproject_id = \"p1\"\ntoken = \"tok-cph-123\"\n[huawei.cph]\nserver_id = \"s1\"\n\
        server_model_name = \"m\"\nphone_model_name = \"p\"\ncurrent_server_model_name = \"m0\"\ncurrent_phone_model_name = \"p0\"\n[safety]\nallow = [\"billable\"]\nmax_billable = 8\n";
    let server = MockServer::start().await;
    let body = json!({"request_id": 1564567, "order_id": "CS1710111105S8IPB", "product_id": "00301-25217-0--0"});
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let report = common::against(&server.uri(), toml, Some("@change-server-model and @status-200")).await.unwrap();
    let f = "huawei-cph/change-server-model.feature::";
    assert_eq!(
        common::failed(&report),
        [
            format!("{f}Automatic payment may be on, off or left out [is_auto_pay=0]"),
            format!("{f}Automatic payment may be on, off or left out [is_auto_pay=1]"),
            format!("{f}The documented flavor change is accepted"),
            format!("{f}The purchase mode may be left out"),
        ]
    );
    let conformance_runner::Outcome::Failed(failure) =
        &report.scenario(&format!("{f}The documented flavor change is accepted")).unwrap().outcome
    else {
        panic!("not a failure")
    };
    let message = &failure.message();
    assert!(message.contains("at /request_id: 1564567 is not of type \"string\""), "{message}");
}

#[tokio::test]
async fn stub_mutations_fail_exactly_their_scenarios() {
    let cases: [(&str, &[&str]); 4] = [
        (
            "hostway-orders/update-service:not-found-as-400",
            &["hostway-orders/update-service.feature::Updating a service that was never added is not found"],
        ),
        (
            "huawei-apig/postpaid-resize:forbidden-as-401",
            &["huawei-apig/postpaid-resize.feature::A resize with a token without permission is forbidden"],
        ),
        (
            "hostway-orders/add-service:ignores-range-billingCycle",
            &[
                "hostway-orders/add-service.feature::A billing cycle outside 1 to 120, or not a whole number, is refused [billingCycle=-1]",
                "hostway-orders/add-service.feature::A billing cycle outside 1 to 120, or not a whole number, is refused [billingCycle=0]",
                "hostway-orders/add-service.feature::A billing cycle outside 1 to 120, or not a whole number, is refused [billingCycle=121]",
            ],
        ),
        (
            "hostway/service-action:success-status",
            &[
                "hostway/service-action.feature::Asking for the cost of a change shows the documented fees",
                "hostway/service-action.feature::Each of the three actions [action=change, status=204]",
                "hostway/service-action.feature::Each of the three actions [action=cost, status=200]",
                "hostway/service-action.feature::Each of the three actions [action=validate, status=200]",
                "hostway/service-action.feature::The documented change is submitted",
                "hostway/service-action.feature::Validating a change answers whether it is allowed",
            ],
        ),
    ];
    for (m, expected) in cases {
        let report = common::against_stub(Some(m), None).await;
        assert_eq!(common::failed(&report), expected, "mutation {m}");
    }
}

/// Suite strength: no mutation of the stub goes unnoticed, and the first failure each one
/// causes is pinned (`snapshots/runner/mutation-<name>.snap`, `/` and `:` written `__`), so every
/// message a user can see is reviewed: it points at the failing step, then shows the exchange.
#[tokio::test]
async fn every_stub_mutation_is_caught_with_a_reviewed_message() {
    let contracts = conformance_contract::Contracts::load(conformance_contract::default_fixtures_dir()).unwrap();
    for mode in conformance_stub::modes(&contracts).unwrap().mutations {
        let m = mode.name.as_str();
        let report = common::against_stub(Some(m), None).await;
        let first = report.scenarios.iter().find(|s| s.outcome.is_failure());
        let Some(first) = first else { panic!("mutation {m} ({}) passes the whole suite", mode.description) };
        let (Outcome::Failed(failure) | Outcome::Errored(failure)) = &first.outcome else { unreachable!() };
        let message = &failure.message();
        assert!(message.starts_with("--> features/"), "mutation {m}: the message does not point at a step:\n{message}");
        let shown = format!("mutation: {m}\nscenario: {}\n\n{}", first.id, common::redact(message, &report.target));
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../../../../snapshots/runner");
        settings.set_prepend_module_to_snapshot(false);
        settings.set_description(&mode.description);
        settings.bind(|| insta::assert_snapshot!(format!("mutation-{}", m.replace(['/', ':'], "__")), shown));
    }
}
