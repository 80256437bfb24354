//! The draft fixture: what the page documents (method and path, parameters, body schema,
//! statuses, examples), each item anchored to the page's words, and how the operation meets an
//! account by the family's convention ([`crate::meets`]). The statuses and examples are
//! assembled in [`crate::assemble`]; this file holds the order of the steps and the request.

use serde_json::{Value, json};

use crate::meets::{self, Account};
use crate::problem::Problem;
use crate::quote;
use crate::read::Doc;
use crate::schema::Builder;

/// What the feature needs to know of the draft.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Request examples: name.
    pub requests: Vec<String>,
    /// Response examples: status, name.
    pub responses: Vec<(u16, String)>,
    /// Documented statuses.
    pub statuses: Vec<u16>,
    /// Undocumented statuses added.
    pub undocumented: Vec<u16>,
    /// The dry-run member, if any.
    pub dry_run: Option<String>,
    /// The noun of the resource a request addresses, if any.
    pub noun: Option<String>,
    /// The request body schema, if the operation takes a body.
    pub schema: Option<Value>,
    /// The first request example's body.
    pub request_body: Option<Value>,
    /// A read: its success examples hold the target's data, compared by schema only.
    pub read: bool,
    /// The statuses that document response headers.
    pub headers: Vec<u16>,
    /// The steps that break one documented limit of the query each (a required parameter left
    /// out, a value past a limit).
    pub query_refusals: Vec<String>,
}

/// A draft being assembled: the page, what is written so far, the problems met.
pub struct Drafting<'a, 'p> {
    /// The page read.
    pub doc: &'a Doc,
    /// Schemas of its tables.
    pub builder: Builder<'a>,
    /// The account side.
    pub account: Account,
    /// What the feature needs.
    pub facts: Facts,
    /// `request`.
    pub request: Value,
    /// `examples[]`.
    pub examples: Vec<Value>,
    /// `responses[]`.
    pub responses: Vec<Value>,
    /// `errata[]`.
    pub errata: Vec<Value>,
    /// Problems met.
    pub problems: &'p mut Vec<Problem>,
}

impl Drafting<'_, '_> {
    /// Adds an erratum once.
    pub fn erratum(&mut self, e: Value) {
        if !self.errata.iter().any(|x| x["id"] == e["id"]) {
            self.errata.push(e);
        }
    }

    /// A name no example has yet, `base` or `base-N`.
    pub fn unique(&self, base: String) -> String {
        let taken = |n: &str| self.examples.iter().any(|e| e["name"] == n);
        if !taken(&base) {
            return base;
        }
        (2..).map(|i| format!("{base}-{i}")).find(|n| !taken(n)).unwrap_or(base)
    }
}

/// The fixture (as JSON) and the facts the feature is written from.
pub fn fixture(doc: &Doc, id: &str, source: &str, problems: &mut Vec<Problem>) -> (Value, Facts) {
    let (vendor, operation) = id.split_once('/').unwrap_or((id, id));
    let account = Account::new(doc, vendor, problems);
    let uri = format!("{} {}", doc.method, doc.path);
    let mut d = Drafting {
        doc,
        builder: Builder::new(doc),
        account,
        facts: Facts::default(),
        request: Value::Null,
        examples: Vec::new(),
        responses: Vec::new(),
        errata: vec![meets::effect_erratum(doc, &uri)],
        problems,
    };
    d.facts.read = doc.method == "GET";
    d.facts.query_refusals = crate::query::refusals(&d.account.query);
    d.request = request(doc, &mut d.builder, &mut d.facts);
    d.request_examples();
    d.statuses();
    d.response_examples();
    d.answers();
    d.header_answers();
    d.facts.noun = d.account.resource.as_ref().map(|r| r.1.clone());
    let rules = meets::rules(doc, d.problems);
    let mut fixture = json!({
        "id": id,
        "vendor": vendor,
        "operation": operation,
        "title": doc.title.0,
        "summary": doc.function.first().map(|f| quote::sentence(&f.0)).unwrap_or_default(),
        "source": source,
        "method": doc.method,
        "path": doc.path,
        "provenance": { "section": "URI", "quote": uri },
        "auth": d.account.auth(doc),
        "section": d.account.section,
        "path_params": d.account.path_params(doc),
        "request_headers": headers(doc),
        "request": d.request,
        "profile": d.account.profile(),
        "bindings": d.account.bindings(),
        "responses": d.responses,
        "examples": d.examples,
        "errata": d.errata,
    });
    let query: Vec<Value> = d.account.query.iter().map(|q| q.json.clone()).collect();
    if query.iter().any(|q| q["provenance"]["erratum"] == crate::query::ASSUMED)
        && let Some(list) = fixture["errata"].as_array_mut()
    {
        list.push(crate::query::assumed_erratum());
    }
    for (key, value) in [
        ("query_params", (!query.is_empty()).then_some(Value::Array(query))),
        ("page_name", doc.page_name.clone().map(Value::from)),
        ("resource", d.account.resource_json()),
        ("error_body", d.account.errors.then(|| d.account.error_body())),
        ("rules", (!rules.is_empty()).then_some(Value::Array(rules))),
    ] {
        if let Some(v) = value {
            fixture[key] = v;
        }
    }
    let text = fixture.to_string();
    for id in ["import-status-not-stated", "import-auth-by-convention"] {
        if text.contains(&format!("\"erratum\":\"{id}\""))
            && let (Some(e), Some(list)) = (meets::erratum_by_id(id), fixture["errata"].as_array_mut())
        {
            list.push(e);
        }
    }
    d.problems.extend(d.builder.problems);
    (fixture, d.facts)
}

fn request(doc: &Doc, builder: &mut Builder<'_>, facts: &mut Facts) -> Value {
    let Some(t) = &doc.body else {
        let takes = !matches!(doc.method.as_str(), "GET" | "DELETE");
        let schema = json!({ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" });
        if takes {
            facts.schema = Some(schema.clone());
            return json!({ "content_type": "application/json", "schema": schema, "constraints": [], "provenance": { "section": "Request Parameters", "erratum": "import-no-body-table" } });
        }
        let quote = format!("{} {}", doc.method, doc.path);
        return json!({ "content_type": "application/json", "schema": schema, "no_body": true, "constraints": [], "provenance": { "section": "URI", "quote": quote } });
    };
    let mut schema = builder.object(t, Some(""));
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
    facts.dry_run = t
        .params
        .iter()
        .find(|p| crate::schema::ty(&p.ty) == crate::schema::Ty::Plain("boolean") && is_dry_run(p))
        .map(|p| p.name.clone());
    facts.schema = Some(schema.clone());
    json!({ "content_type": "application/json", "schema": schema, "constraints": [], "provenance": { "section": "Request Parameters", "quote": t.caption } })
}

fn is_dry_run(p: &crate::read::Param) -> bool {
    let d = p.description.text().to_ascii_lowercase();
    p.name.contains("dry")
        || d.contains("dry run")
        || d.contains("only check")
        || d.contains("pre-check")
        || d.contains("precheck")
}

fn headers(doc: &Doc) -> Value {
    let rows = doc.headers.iter().flat_map(|t| t.params.iter().map(move |p| (t, p)));
    rows.map(|(t, p)| json!({ "name": p.name, "required": p.mandatory == Some(true), "description": p.description.text().replace('\n', " "), "provenance": { "section": t.caption, "quote": quote::row(&p.quote) } })).collect()
}
