//! Legitimate behaviours ("variations") the stub can be told to show: the mirror image of
//! [`crate::Mutation`]. No vendor page forbids any of them and a correct target may show each,
//! so the conformance suite must pass against every one (`cargo xtask strength`). Each changes
//! the wire answer in one way: extra members, other instance values, another member order or
//! layout, other header spellings, another framing of the body, another form of a URL.
//!
//! Body and header variations are applied by the core ([`crate::StubCore::handle`]), so both
//! adapters show them; `chunked` and `lowercase-header-names` are transport-level and only the
//! standalone hyper adapter ([`crate::serve()`]) shows them (wiremock always sends lower-case
//! names and a `Content-Length`).

use crate::modes::modes;

modes! {
    Variation,
    "One legitimate way a correct target may answer differently from the pages' examples (see [`Variation::all`]).",
    "variation";
    HuaweiErrorRequestId => "huawei-error-request-id", "Huawei error bodies carry an extra top-level request_id, as Huawei's gateway sends on every error.";
    HostwayFaultExtraMember => "hostway-fault-extra-member", "Hostway fault objects (badRequest, itemNotFound, computeFault, …) carry an extra member, requestId, inside the envelope.";
    SuccessExtraMembers => "success-extra-members", "Success bodies carry extra members at the top level and in every nested object.";
    OtherAmounts => "other-amounts", "Cost fees with other USD amounts (total = subTotal + taxes kept, every amount a decimal string).";
    OtherCurrency => "other-currency", "Cost fees in EUR with non-zero taxes (total = subTotal + taxes kept, one currency per answer).";
    OtherResourceIds => "other-resource-ids", "Other ids and names for every seeded resource (account, products, services, orders, gateway, server), so links, Location and echoed ids differ from the pages'; chosen at start only.";
    MembersReordered => "members-reordered", "JSON members in the reverse of the documented order, in every object.";
    PrettyJson => "pretty-json", "JSON bodies pretty-printed (new lines and indentation).";
    ContentTypeCharset => "content-type-charset", "JSON answers labelled application/json;charset=UTF-8.";
    LowercaseHeaderNames => "lowercase-header-names", "Header names in lower case (standalone adapter; it sends Title-Case otherwise).";
    Chunked => "chunked", "Bodies sent with Transfer-Encoding: chunked instead of Content-Length (standalone adapter).";
    ConnectionClose => "connection-close", "Connection: close on every answer; the connection is closed after it.";
    Html401 => "html-401", "The order builder's 401 prose sent as an Apache-style HTML error page (text/html) that contains the documented sentence.";
    RelativeLocation => "relative-location", "Location as a relative reference (/orders/…), which RFC 9110 allows.";
    SelfLinkOtherOrigin => "self-link-other-origin", "self links with another scheme and host (https://api.example.net) than the request's.";
    ExtraHeaders => "extra-headers", "Every answer carries X-Request-Id, Cache-Control: no-store and Server: Apache/2.4.62 (Unix).";
}

impl Variation {
    /// Whether only the standalone hyper adapter can show it.
    pub fn transport_level(self) -> bool {
        matches!(self, Variation::Chunked | Variation::LowercaseHeaderNames)
    }

    /// Whether it must be chosen when the stub starts (it changes the seeded resources and so
    /// the target profile); the admin API refuses to switch to it.
    pub fn at_start_only(self) -> bool {
        matches!(self, Variation::OtherResourceIds)
    }
}
