//! Signing: string to sign, HMAC-SHA256 signature, and [`sign`] which
//! produces a complete `Authorization` header value.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::error::SignError;
use crate::{
    ALGORITHM, AUTHORIZATION_HEADER, AuthorizationHeader, Credentials, DATE_HEADER, RequestParts, canonical_request,
    header_value, parse_sdk_date,
};

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// Builds a keyed HMAC-SHA256 instance; HMAC accepts keys of any length.
pub(crate) fn keyed_mac(sk: &str, message: &str) -> HmacSha256 {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(sk.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(message.as_bytes());
    mac
}

/// `SDK-HMAC-SHA256\n{sdk_date}\n{hex(sha256(canonical_request))}`.
pub fn string_to_sign(canonical_request: &str, sdk_date: &str) -> String {
    format!("{ALGORITHM}\n{sdk_date}\n{}", hex::encode(Sha256::digest(canonical_request.as_bytes())))
}

/// Lowercase hex HMAC-SHA256 of `string_to_sign` keyed with the SK bytes.
pub fn signature(sk: &str, string_to_sign: &str) -> String {
    hex::encode(keyed_mac(sk, string_to_sign).finalize().into_bytes())
}

/// Signs a request and returns the `Authorization` header value.
///
/// `parts.headers` must already contain `X-Sdk-Date` (and `Host`, if it
/// should be signed). Every header present except `Authorization` is signed.
pub fn sign(creds: &Credentials, parts: &RequestParts<'_>) -> Result<String, SignError> {
    let date = header_value(parts.headers, DATE_HEADER).ok_or(SignError::MissingDate)?;
    parse_sdk_date(date)?;
    let mut signed_headers: Vec<String> = parts
        .headers
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case(AUTHORIZATION_HEADER))
        .map(|(k, _)| k.trim().to_ascii_lowercase())
        .collect();
    signed_headers.sort();
    signed_headers.dedup();
    let canonical = canonical_request(parts, &signed_headers)?;
    let sts = string_to_sign(&canonical, date);
    Ok(AuthorizationHeader { access: creds.ak.clone(), signature: signature(&creds.sk, &sts), signed_headers }
        .to_string())
}
