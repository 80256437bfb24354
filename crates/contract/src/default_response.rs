//! A `default` response: what the page says of any status it does not list (OpenAPI's
//! `default`), recorded with where it comes from and never checked: no scenario can be written
//! for "any other status", and the stub never answers it. The OpenAPI export carries it.

use serde::{Deserialize, Serialize};

use crate::model::{BodyDoc, Provenance};

/// The page's word on any status it does not list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultResponse {
    /// What the page says of it ("Unexpected error").
    pub description: String,
    /// Its body, as the page gives it.
    pub body: BodyDoc,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
}
