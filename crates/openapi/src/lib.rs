//! The contracts of `fixtures/` as one OpenAPI 3.1 document, so that the tools of the API-testing
//! ecosystem (Schemathesis, Prism, Dredd, Redoc) can read them.
//!
//! [`document`] maps every loaded [`Contracts`] operation to a path item: its path parameters,
//! its security scheme, its request and response schemas (JSON Schema 2020-12, with each
//! contract's `$defs` moved to `components/schemas`), every example with its provenance, and
//! what OpenAPI has no word for as `x-` extensions (`x-errata`, `x-documented`, `x-rules`, …).
//! [`export`] writes it to a file; [`schemathesis::settings`] derives Schemathesis's
//! per-operation settings from the same fixtures and a target profile. No HTTP, no async.

mod export;
mod operation;
mod schema;
pub mod schemathesis;
mod security;

use conformance_contract::{AuthScheme, Contracts};
use serde_json::{Map, Value, json};

pub use export::{ExportError, export, export_as};
pub use schema::component_name;

/// The OpenAPI version the document declares.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The whole OpenAPI 3.1 document for `contracts`, deterministic (same fixtures, same bytes):
/// the schemas as the pages' words ([`document_as`] with `strict` false).
pub fn document(contracts: &Contracts) -> Value {
    document_as(contracts, false)
}

/// The document, its schemas as the pages' words (each `x-strict` judgement kept as an
/// extension), or with `strict` with the fixtures' judgements joined in: what `--strict` and the
/// bundled stub hold (for a tool run against the stub).
pub fn document_as(contracts: &Contracts, strict: bool) -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    let mut schemes = Map::new();
    let mut tags: Vec<String> = Vec::new();
    let names = security::names(contracts);
    let mut huawei: Vec<&str> = Vec::new();
    for op in contracts.operations() {
        let c = op.contract();
        let name = names[&c.id].as_str();
        schemes.insert(name.into(), security::scheme(&c.auth.scheme));
        if c.auth.scheme == AuthScheme::HuaweiSdkHmac && !huawei.contains(&name) {
            huawei.push(name);
        }
        if !tags.contains(&c.vendor) {
            tags.push(c.vendor.clone());
        }
        for (def, value) in &c.defs {
            schemas.insert(component_name(&c.id, def), schema::rewrite(&schema::view(value, strict), &c.id));
        }
        let item = paths.entry(c.path.clone()).or_insert_with(|| json!({}));
        if let Value::Object(item) = item {
            item.insert(c.method.to_ascii_lowercase(), operation::operation(op, name, strict));
        }
    }
    let mut components = Map::new();
    components.insert("schemas".into(), Value::Object(schemas));
    components.insert("securitySchemes".into(), Value::Object(schemes));
    components.insert("x-huawei-ak-sk".into(), security::huawei_ak_sk(&huawei));
    json!({
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "API conformance harness: documented operations",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Generated from fixtures/ by `cargo xtask openapi`. Each operation is a vendor page taken \
                as a contract: every item names the page and the part of it it came from (`x-provenance`), \
                every place the page is wrong is an erratum (`x-errata`), and a status the page does not \
                document but a target must answer is marked `x-documented: false`.",
        },
        "tags": tags.iter().map(|t| json!({ "name": t })).collect::<Vec<_>>(),
        "paths": paths,
        "components": components,
    })
}
