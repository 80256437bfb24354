//! The `huawei-sdk-hmac` kind's signing: an `SDK-HMAC-SHA256` signature with the account's AK/SK (by
//! `conformance-signing`, over the method, URL, `Host`, `X-Sdk-Date`, `Content-Type`,
//! `X-Project-Id`, `X-Security-Token` and body, as Huawei's SDKs sign).

use conformance_signing::{Credentials, DATE_HEADER, RequestParts, format_sdk_date, sign as hmac_sign};

use crate::wire::Sent;

/// Signs `sent` with `ak`/`sk`: the method, URL, `Host`, date, `Content-Type`, the `extra`
/// headers and the body.
pub(super) fn sign(sent: &mut Sent, ak: &str, sk: &str, extra: &[(String, String)]) -> Result<(), String> {
    let u = reqwest::Url::parse(&sent.url).map_err(|e| format!("bad URL {}: {e}", sent.url))?;
    let host = match u.port() {
        Some(port) => format!("{}:{port}", u.host_str().unwrap_or_default()),
        None => u.host_str().unwrap_or_default().to_string(),
    };
    let now = conformance_signing::unix_now();
    let mut signed = vec![("Host".to_string(), host), (DATE_HEADER.to_string(), format_sdk_date(now))];
    let is_signed = |k: &str| k.eq_ignore_ascii_case("content-type") || extra.iter().any(|(e, _)| e == k);
    signed.extend(sent.headers.iter().filter(|(k, _)| is_signed(k)).cloned());
    let parts = RequestParts {
        method: &sent.method,
        path: u.path(),
        query: u.query().unwrap_or_default(),
        headers: &signed,
        body: &sent.body,
    };
    let authorization =
        hmac_sign(&Credentials::new(ak, sk), &parts).map_err(|e| format!("cannot sign the request: {e}"))?;
    sent.headers.retain(|(k, _)| !is_signed(k));
    sent.headers.extend(signed);
    sent.headers.push(("Authorization".into(), authorization));
    Ok(())
}
