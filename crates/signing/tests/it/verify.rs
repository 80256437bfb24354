//! Sign-then-verify round trips and every verification failure mode.

use conformance_signing::{
    CONTENT_SHA256_HEADER, Credentials, RequestParts, VerifyError, canonical_request, format_sdk_date, sign, verify,
};

const NOW: u64 = 1_709_251_199; // 20240229T235959Z
const SKEW: u64 = 900;
const AK: &str = "AK-TEST";
const SK: &str = "sk-test-secret-value";

fn creds() -> Credentials {
    Credentials::new(AK, SK)
}

fn lookup(ak: &str) -> Option<String> {
    (ak == AK).then(|| SK.to_owned())
}

/// An owned request that can be tampered with before verification.
#[derive(Clone)]
struct Req {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Req {
    fn new(date_unix: u64) -> Self {
        Self {
            method: "POST".into(),
            path: "/v2/p1/apigw/instances/i1/postpaid-resize".into(),
            query: "b=2&a=1".into(),
            headers: vec![
                ("Host".into(), "apig.example.com".into()),
                ("X-Sdk-Date".into(), format_sdk_date(date_unix)),
                ("Content-Type".into(), "application/json".into()),
            ],
            body: br#"{"spec_id":"PROFESSIONAL"}"#.to_vec(),
        }
    }

    fn parts(&self) -> RequestParts<'_> {
        RequestParts {
            method: &self.method,
            path: &self.path,
            query: &self.query,
            headers: &self.headers,
            body: &self.body,
        }
    }

    /// Signs with `creds` and appends the Authorization header.
    fn signed_with(mut self, creds: &Credentials) -> Self {
        let auth = sign(creds, &self.parts());
        assert!(auth.is_ok(), "{auth:?}");
        self.headers.push(("Authorization".into(), auth.unwrap_or_default()));
        self
    }

    fn signed(self) -> Self {
        self.signed_with(&creds())
    }

    fn set_header(&mut self, name: &str, value: &str) {
        for (k, v) in &mut self.headers {
            if k.eq_ignore_ascii_case(name) {
                *v = value.into();
            }
        }
    }

    fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }

    fn verify(&self) -> Result<String, VerifyError> {
        verify(&self.parts(), lookup, NOW, SKEW)
    }
}

#[test]
fn round_trip_verifies_and_returns_ak() {
    assert_eq!(Req::new(NOW).signed().verify(), Ok(AK.to_owned()));
}

#[test]
fn round_trip_with_encoded_wire_path_and_case_changes() {
    let mut r = Req::new(NOW);
    r.path = "/v2/my project/naïve".into();
    r.query = "q=a b&z=ü".into();
    let mut r = r.signed();
    // The server sees the percent-encoded wire form and lowercase names.
    r.path = "/v2/my%20project/na%C3%AFve".into();
    r.query = "z=%C3%BC&q=a%20b".into();
    for (k, _) in &mut r.headers {
        *k = k.to_ascii_lowercase();
    }
    r.method = "post".into();
    assert_eq!(r.verify(), Ok(AK.to_owned()));
}

#[test]
fn unsigned_extra_header_does_not_break_verification() {
    let mut r = Req::new(NOW).signed();
    r.headers.push(("X-Added-By-Proxy".into(), "1".into()));
    assert_eq!(r.verify(), Ok(AK.to_owned()));
}

#[test]
fn wrong_sk_is_signature_mismatch() {
    let r = Req::new(NOW).signed_with(&Credentials::new(AK, "wrong-secret"));
    assert_eq!(r.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn unknown_ak_is_rejected() {
    let r = Req::new(NOW).signed_with(&Credentials::new("AK-OTHER", SK));
    assert_eq!(r.verify(), Err(VerifyError::UnknownAccessKey));
}

#[test]
fn tampered_body_is_signature_mismatch() {
    let mut r = Req::new(NOW).signed();
    r.body = br#"{"spec_id":"ENTERPRISE"}"#.to_vec();
    assert_eq!(r.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn tampered_path_is_signature_mismatch() {
    let mut r = Req::new(NOW).signed();
    r.path = "/v2/p1/apigw/instances/i2/postpaid-resize".into();
    assert_eq!(r.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn tampered_query_or_method_is_signature_mismatch() {
    let mut r = Req::new(NOW).signed();
    r.query = "b=2&a=3".into();
    assert_eq!(r.verify(), Err(VerifyError::SignatureMismatch));
    let mut r = Req::new(NOW).signed();
    r.method = "PUT".into();
    assert_eq!(r.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn tampered_signed_header_is_signature_mismatch() {
    let mut r = Req::new(NOW).signed();
    r.set_header("Content-Type", "text/plain");
    assert_eq!(r.verify(), Err(VerifyError::SignatureMismatch));
    let mut r = Req::new(NOW).signed();
    r.set_header("Host", "evil.example.com");
    assert_eq!(r.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn tampered_date_within_skew_is_signature_mismatch() {
    let mut r = Req::new(NOW).signed();
    r.set_header("X-Sdk-Date", &format_sdk_date(NOW - 1));
    assert_eq!(r.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn missing_signed_header_is_reported_by_name() {
    let mut r = Req::new(NOW).signed();
    r.remove_header("content-type");
    assert_eq!(r.verify(), Err(VerifyError::MissingSignedHeader("content-type".into())));
}

#[test]
fn missing_date_is_rejected() {
    let mut r = Req::new(NOW).signed();
    r.remove_header("X-Sdk-Date");
    assert_eq!(r.verify(), Err(VerifyError::MissingDate));
}

#[test]
fn malformed_date_is_rejected() {
    let mut r = Req::new(NOW).signed();
    r.set_header("X-Sdk-Date", "2024-02-29T23:59:59Z");
    assert_eq!(r.verify(), Err(VerifyError::MalformedDate("2024-02-29T23:59:59Z".into())));
}

#[test]
fn stale_and_future_dates_beyond_skew_are_rejected() {
    let past = Req::new(NOW - SKEW - 1).signed();
    assert_eq!(past.verify(), Err(VerifyError::StaleDate { skew_secs: SKEW + 1 }));
    let future = Req::new(NOW + 3600).signed();
    assert_eq!(future.verify(), Err(VerifyError::StaleDate { skew_secs: 3600 }));
}

#[test]
fn dates_exactly_at_skew_limit_are_accepted() {
    assert_eq!(Req::new(NOW - SKEW).signed().verify(), Ok(AK.to_owned()));
    assert_eq!(Req::new(NOW + SKEW).signed().verify(), Ok(AK.to_owned()));
}

#[test]
fn missing_authorization_is_rejected() {
    assert_eq!(Req::new(NOW).verify(), Err(VerifyError::MissingAuthorization));
}

#[test]
fn malformed_authorization_is_rejected() {
    let sig = "0".repeat(64);
    for garbage in [
        String::new(),
        "SDK-HMAC-SHA256".into(),
        "SDK-HMAC-SHA256 Access=AK-TEST".into(),
        "SDK-HMAC-SHA256 Access=AK-TEST, SignedHeaders=host, Signature=nothex".into(),
        format!("SDK-HMAC-SHA256 Access=AK-TEST SignedHeaders=host Signature={sig}"),
        format!("SDK-HMAC-SHA256 Access=AK-TEST, SignedHeaders=host, Signature={sig}, Extra=1"),
        "SDK-HMAC-SHA256 \u{0}\u{7f}é,,,===".into(),
    ] {
        let mut r = Req::new(NOW);
        r.headers.push(("authorization".into(), garbage.clone()));
        let res = r.verify();
        assert!(matches!(res, Err(VerifyError::MalformedAuthorization { .. })), "{garbage:?} gave {res:?}");
    }
}

#[test]
fn wrong_algorithm_is_unsupported() {
    let r = Req::new(NOW).signed();
    let mut tampered = r.clone();
    tampered.set_header(
        "Authorization",
        &r.headers
            .iter()
            .find(|(k, _)| k == "Authorization")
            .map(|(_, v)| v.replacen("SDK-HMAC-SHA256", "SDK-HMAC-SHA512", 1))
            .unwrap_or_default(),
    );
    assert_eq!(tampered.verify(), Err(VerifyError::UnsupportedAlgorithm("SDK-HMAC-SHA512".into())));
}

#[test]
fn unsigned_payload_verifies_with_different_body() {
    let mut r = Req::new(NOW);
    r.headers.push(("x-sdk-content-sha256".into(), "UNSIGNED-PAYLOAD".into()));
    let canonical = canonical_request(&r.parts(), &["x-sdk-content-sha256".to_owned()]);
    assert_eq!(canonical.ok().as_deref().and_then(|c| c.lines().last()), Some("UNSIGNED-PAYLOAD"));
    let mut r = r.signed();
    r.body = b"a completely different body".to_vec();
    assert_eq!(r.verify(), Ok(AK.to_owned()));
    // The content-sha header itself is still covered by the signature.
    r.set_header(CONTENT_SHA256_HEADER, "UNSIGNED-PAYLOAD2");
    assert_eq!(r.verify(), Err(VerifyError::SignatureMismatch));
}

#[test]
fn credentials_debug_hides_sk() {
    let shown = format!("{:?}", creds());
    assert!(!shown.contains(SK), "{shown}");
    assert!(shown.contains("***") && shown.contains(AK), "{shown}");
}

#[test]
fn errors_never_mention_the_sk() {
    let cases = [
        Req::new(NOW).signed_with(&Credentials::new(AK, "wrong")),
        Req::new(NOW).signed_with(&Credentials::new("nobody", SK)),
    ];
    for r in cases {
        let msg = r.verify().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(!msg.is_empty() && !msg.contains(SK), "{msg}");
    }
}

#[test]
fn sign_requires_a_valid_date() {
    let mut r = Req::new(NOW);
    r.remove_header("x-sdk-date");
    assert_eq!(sign(&creds(), &r.parts()), Err(conformance_signing::SignError::MissingDate));
    let mut r = Req::new(NOW);
    r.set_header("x-sdk-date", "yesterday");
    assert_eq!(sign(&creds(), &r.parts()), Err(conformance_signing::SignError::MalformedDate("yesterday".into())));
}

#[test]
fn verify_never_panics_on_mutated_authorization() {
    let r = Req::new(NOW).signed();
    let auth = r.headers.iter().find(|(k, _)| k == "Authorization").map(|(_, v)| v.clone()).unwrap_or_default();
    let replacements = ['\0', ' ', ',', '=', ';', 'é', 'Z', '0'];
    let mut ok = 0;
    for (i, orig) in auth.char_indices() {
        for rep in replacements.into_iter().filter(|&c| c != orig) {
            let mut mutated: String = auth.get(..i).unwrap_or_default().to_owned();
            mutated.push(rep);
            mutated.push_str(auth.get(i + 1..).unwrap_or_default());
            let mut t = r.clone();
            t.set_header("Authorization", &mutated);
            if t.verify().is_ok() {
                ok += 1;
            }
        }
    }
    assert_eq!(ok, 0, "{ok} mutations verified");
}
