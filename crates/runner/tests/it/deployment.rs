//! For real deployments (issue 24): a private CA (`--cacert FILE`), the profile's `[headers]`
//! on every request (never a credential header), and a redacted credential that names its key.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_runner::{Outcome, RunError};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common;
use crate::misbehave;

const RESIZE_401: &str = "@postpaid-resize and @status-401";

/// A server whose certificate a private CA issued is trusted with `--cacert` naming the CA: the
/// run gets past the certificate and judges the answers; an unreadable file is a config error.
#[tokio::test]
async fn a_private_ca_given_with_cacert_is_trusted() {
    let (url, task) = misbehave::tls::start_issued().await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, misbehave::tls::PRIVATE_CA).unwrap();
    let (_p, profile) = common::profile_file(common::APIG);
    let (mut opts, _) = common::quiet();
    (opts.base_url, opts.profile, opts.tags) = (Some(url.clone()), Some(profile), Some(RESIZE_401.into()));
    opts.timeout = std::time::Duration::from_secs(3);
    let err = conformance_runner::run(opts.clone()).await.unwrap_err();
    assert!(err.to_string().contains("TLS certificate rejected"), "without --cacert: {err}");
    opts.cacert = Some(ca);
    let report = conformance_runner::run(opts.clone()).await.expect("the CA is trusted");
    assert!(report.ran() > 0);
    let errored: Vec<_> = report.scenarios.iter().filter(|s| matches!(s.outcome, Outcome::Errored(_))).collect();
    assert!(errored.is_empty(), "the answers are judged: {errored:#?}");
    opts.cacert = Some(dir.path().join("missing.pem"));
    let err = conformance_runner::run(opts).await.unwrap_err();
    assert!(err.to_string().contains("--cacert") && err.to_string().contains("missing.pem"), "{err}");
    assert_eq!(err.exit_code(), conformance_runner::EXIT_COULD_NOT_RUN);
    task.abort();
}

/// Every request carries the profile's `[headers]`; a credential header there is refused.
#[tokio::test]
async fn the_profiles_headers_go_with_every_request_and_never_replace_a_credential() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    let toml = format!("{}\n[headers]\nX-Tenant = \"tenant-7\"\ntraceparent = \"00-abc-def-01\"\n", common::APIG);
    let report = common::against(&server.uri(), &toml, Some(RESIZE_401)).await.unwrap();
    assert!(report.ran() > 0);
    let got = server.received_requests().await.unwrap();
    let sent: Vec<_> = got.iter().filter(|r| r.url.path() != "/").collect();
    assert!(!sent.is_empty());
    for r in sent {
        assert_eq!(r.headers.get("x-tenant").and_then(|v| v.to_str().ok()), Some("tenant-7"), "{r:?}");
        assert!(r.headers.get("traceparent").is_some());
    }
    for credential in ["Authorization", "X-Auth-Token", "cookie"] {
        let toml = format!("{}\n[headers]\n{credential} = \"x\"\n", common::APIG);
        let err = common::against(&server.uri(), &toml, Some(RESIZE_401)).await.unwrap_err();
        assert!(matches!(err, RunError::Profile(_)) || err.exit_code() == 3, "{err:?}");
        assert!(err.to_string().contains(credential) && err.to_string().contains("credential header"), "{err}");
    }
}

/// A failure shows which credential was sent: the key of the redacted value, never the value.
#[tokio::test]
async fn a_redacted_credential_names_its_key() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let profile = "[huawei]\nproject_id = \"p1\"\ntoken = \"tok-permitted-123\"\nforbidden_token = \"forbidden-secret-77\"\n\
                   [huawei.apig]\ninstance_id = \"i1\"\ncurrent_spec_id = \"BASIC\"\n";
    let tags = "@postpaid-resize and @status-403";
    let report = common::against(&server.uri(), profile, Some(tags)).await.unwrap();
    let Outcome::Failed(f) = &report.scenarios.iter().find(|s| s.outcome.is_failure()).unwrap().outcome else {
        panic!("{report:#?}")
    };
    let message = f.message();
    assert!(message.contains("X-Auth-Token: [REDACTED: huawei.forbidden_token]"), "{message}");
    assert!(!message.contains("forbidden-secret-77"), "{message}");
}
