//! Verification of a received request's `Authorization` signature, with a
//! clock-skew check and constant-time signature comparison.

use hmac::Mac;

use crate::error::VerifyError;
use crate::sign::keyed_mac;
use crate::{
    AUTHORIZATION_HEADER, DATE_HEADER, RequestParts, canonical_request, header_value, parse_authorization,
    parse_sdk_date, string_to_sign,
};

/// Verifies a received request and returns its access key on success.
///
/// Steps, in order: parse `Authorization`; look up the SK for its AK via
/// `lookup_sk`; require `X-Sdk-Date` to be present, well-formed and within
/// `max_skew_secs` of `now_unix` (either direction); require every signed
/// header to be present; compare the signature in constant time.
pub fn verify(
    parts: &RequestParts<'_>,
    lookup_sk: impl Fn(&str) -> Option<String>,
    now_unix: u64,
    max_skew_secs: u64,
) -> Result<String, VerifyError> {
    let auth_value = header_value(parts.headers, AUTHORIZATION_HEADER).ok_or(VerifyError::MissingAuthorization)?;
    let auth = parse_authorization(auth_value)?;
    let sk = lookup_sk(&auth.access).ok_or(VerifyError::UnknownAccessKey)?;

    let date = header_value(parts.headers, DATE_HEADER).ok_or(VerifyError::MissingDate)?;
    let date_unix = parse_sdk_date(date)?;
    let skew_secs = date_unix.abs_diff(now_unix);
    if skew_secs > max_skew_secs {
        return Err(VerifyError::StaleDate { skew_secs });
    }

    let canonical = canonical_request(parts, &auth.signed_headers)?;
    let sts = string_to_sign(&canonical, date);
    // parse_authorization guarantees 64 hex digits; treat anything else as a mismatch.
    let claimed = hex::decode(&auth.signature).map_err(|_| VerifyError::SignatureMismatch)?;
    keyed_mac(&sk, &sts).verify_slice(&claimed).map_err(|_| VerifyError::SignatureMismatch)?;
    Ok(auth.access)
}
