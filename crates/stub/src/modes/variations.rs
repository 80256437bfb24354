//! The generic variations: legitimate behaviours no page forbids, each applied to any answer it
//! fits (error bodies by their shape, success bodies, JSON layout and labels, framing, prose
//! 401s, created resources' headers, self-links, the seeded ids, a no-op change refused). The
//! fee variations come with the hook that computes fees.

use super::{ModeInfo, info};

/// One variation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variation {
    /// Flat error bodies carry an extra top-level member.
    ErrorExtraMember,
    /// Enveloped error bodies carry an extra member inside the envelope's object.
    ErrorEnvelopeExtraMember,
    /// Success bodies carry extra members at the top level and in every nested object.
    SuccessExtraMembers,
    /// Other ids and names for every seeded resource (`stub_other`); at start only.
    OtherResourceIds,
    /// JSON members in reverse order.
    MembersReordered,
    /// Pretty-printed JSON.
    PrettyJson,
    /// `application/json;charset=UTF-8`.
    ContentTypeCharset,
    /// Lower-case header names (standalone adapter).
    LowercaseHeaderNames,
    /// Chunked bodies (standalone adapter).
    Chunked,
    /// `Connection: close` on every answer.
    ConnectionClose,
    /// A prose 401 inside an HTML error page.
    Html401,
    /// A created resource named by a relative reference.
    RelativeLocation,
    /// Self-links on another origin.
    SelfLinkOtherOrigin,
    /// Extra headers on every answer.
    ExtraHeaders,
    /// A change to the value a resource already has refused with 400 (in the engine).
    RefusesNoOpChange,
    /// A hook's variation (`hook`, `name`).
    Hook(&'static str, &'static str),
}

impl Variation {
    /// Only the standalone hyper adapter can show it.
    pub(crate) fn transport_level(self) -> bool {
        matches!(self, Variation::Chunked | Variation::LowercaseHeaderNames)
    }
}

/// The generic variations, listed.
pub(super) fn generic() -> Vec<(ModeInfo, Variation)> {
    use Variation as V;
    let all: [(&str, &str, V); 15] = [
        (
            "error-extra-member",
            "Error bodies of a flat shape (their members at the top level) carry an extra top-level member, trace_id, as real gateways add.",
            V::ErrorExtraMember,
        ),
        (
            "error-envelope-extra-member",
            "Error bodies of an envelope shape (one member holding the fault object) carry an extra member, traceId, inside the fault object.",
            V::ErrorEnvelopeExtraMember,
        ),
        (
            "success-extra-members",
            "Success bodies carry extra members at the top level and in every nested object.",
            V::SuccessExtraMembers,
        ),
        (
            "other-resource-ids",
            "Other ids and names for every seeded resource (the profile keys' stub_other values), so links, created resources' headers and echoed ids differ from the pages'; chosen at start only.",
            V::OtherResourceIds,
        ),
        (
            "members-reordered",
            "JSON members in the reverse of the documented order, in every object.",
            V::MembersReordered,
        ),
        ("pretty-json", "JSON bodies pretty-printed (new lines and indentation).", V::PrettyJson),
        ("content-type-charset", "JSON answers labelled application/json;charset=UTF-8.", V::ContentTypeCharset),
        (
            "lowercase-header-names",
            "Header names in lower case (standalone adapter; it sends Title-Case otherwise).",
            V::LowercaseHeaderNames,
        ),
        (
            "chunked",
            "Bodies sent with Transfer-Encoding: chunked instead of Content-Length (standalone adapter).",
            V::Chunked,
        ),
        (
            "connection-close",
            "Connection: close on every answer; the connection is closed after it.",
            V::ConnectionClose,
        ),
        (
            "html-401",
            "A prose 401 body sent as an Apache-style HTML error page (text/html) that contains the documented prose.",
            V::Html401,
        ),
        (
            "relative-location",
            "The header naming a created resource holds a relative reference (/…), which RFC 9110 allows.",
            V::RelativeLocation,
        ),
        (
            "self-link-other-origin",
            "Self links with another scheme and host (https://api.example.net) than the request's.",
            V::SelfLinkOtherOrigin,
        ),
        (
            "extra-headers",
            "Every answer carries X-Request-Id, Cache-Control: no-store and Server: Apache/2.4.62 (Unix).",
            V::ExtraHeaders,
        ),
        (
            "refuses-no-op-change",
            "A change to the value a resource already has (the flavor or specification it has now) is refused with the operation's 400, as Huawei refuses modifications between the same flavor.",
            V::RefusesNoOpChange,
        ),
    ];
    all.into_iter()
        .map(|(name, d, v)| (info(name.into(), d.into(), v.transport_level(), v == V::OtherResourceIds), v))
        .collect()
}
