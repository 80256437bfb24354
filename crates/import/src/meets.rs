//! How the imported operation meets an account, by the family's convention
//! ([`crate::auth::huawei`]): the scheme and its shared keys, the section, a key per path
//! parameter (the project's aside), the resource the path addresses (up to its last
//! parameter), the error shape; the errata that record each decision the page does not make
//! (effects, assumed answers), and the page's untestable preconditions;
//! a mandatory query parameter that names a resource is a key of the section too.

use std::sync::LazyLock;

use regex::Regex;

static RE_MEETS_1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\bonly (when|if|after|before|to|in an?|in the)\b|\bcan be \w+ only\b|\bonly [^.]* can be \w+|\bmust (be|have) been\b)")
        .expect("a valid pattern")
});
use serde_json::{Value, json};

use crate::auth::huawei;
use crate::examples::Marks;
use crate::problem::{Code, Problem};
use crate::quote;
use crate::read::{Doc, Param};

/// A path parameter as the account fills it.
#[derive(Debug, Clone)]
pub struct PathParam {
    /// Its name.
    pub name: String,
    /// Its row, if the table has one.
    pub row: Option<Param>,
    /// The table's caption.
    pub caption: String,
}

/// The account side of the draft.
pub struct Account {
    /// The profile section.
    pub section: String,
    /// Path parameters in URI order.
    pub params: Vec<PathParam>,
    /// The resource: its path and noun.
    pub resource: Option<(String, String)>,
    /// Whether the page's errors are the family's shape.
    pub errors: bool,
    /// Where the error shape is stated.
    error_quote: Option<(String, String)>,
    /// Stub values of the section's keys.
    stub_values: Vec<(String, String, String)>,
    /// The query parameters.
    pub query: Vec<crate::query::QueryParam>,
}

fn hex_of(seed: &str, salt: u64) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    let mut out = String::new();
    for round in 0..2u64 {
        for b in seed.bytes().chain(round.to_le_bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out
}

impl Account {
    /// The account side of `doc` for `vendor`.
    pub fn new(doc: &Doc, vendor: &str, problems: &mut Vec<Problem>) -> Account {
        let section = huawei::section(vendor);
        let names: Vec<String> = conformance_contract::placeholders(&doc.path).map(String::from).collect();
        let caption = doc.path_params.as_ref().map_or_else(|| "URI".to_string(), |t| t.caption.clone());
        let rows: Vec<Param> = doc.path_params.iter().flat_map(|t| t.params.clone()).collect();
        for r in rows.iter().filter(|r| !names.contains(&r.name)) {
            problems.push(Problem::new(
                Code::PathParameterNotInUri,
                r.line,
                format!("{} is in the path parameters' table, not in {}", r.name, doc.path),
            ));
        }
        for n in names.iter().filter(|n| !rows.iter().any(|r| &r.name == *n)) {
            problems.push(Problem::new(
                Code::PathParameterNotInUri,
                doc.uri_line,
                format!("{{{n}}} of the URI has no row in the path parameters' table"),
            ));
        }
        let query = crate::query::read(doc, problems);
        let params: Vec<PathParam> = names
            .iter()
            .map(|n| PathParam {
                name: n.clone(),
                row: rows.iter().find(|r| &r.name == n).cloned(),
                caption: caption.clone(),
            })
            .collect();
        let resource = params.iter().rposition(|p| p.name != huawei::PROJECT).map(|i| {
            let name = &params[i].name;
            let at = doc.path.find(&format!("{{{name}}}")).unwrap_or(0) + name.len() + 2;
            (doc.path.get(..at).unwrap_or(&doc.path).to_string(), noun(name))
        });
        let error_quote = doc.statuses.iter().filter_map(|s| s.table.as_ref()).find_map(|t| {
            let names: Vec<&str> = t.params.iter().map(|p| p.name.as_str()).collect();
            huawei::is_error_table(&names).then(|| (t.caption.clone(), quote::row(&t.params[0].quote)))
        });
        let mut stub_values = Vec::new();
        for p in params.iter().filter(|p| p.name != huawei::PROJECT) {
            let seen = doc
                .responses
                .iter()
                .filter_map(|e| crate::examples::body(e).ok())
                .find_map(|b| b.get(&p.name).and_then(Value::as_str).map(String::from));
            let value = seen.unwrap_or_else(|| hex_of(&p.name, 1));
            stub_values.push((p.name.clone(), value, hex_of(&p.name, 2)));
        }
        for q in query.iter().filter(|q| q.keyed) {
            if !stub_values.iter().any(|(n, _, _)| *n == q.name) {
                stub_values.push((q.name.clone(), hex_of(&q.name, 1), hex_of(&q.name, 2)));
            }
        }
        Account { section, params, resource, errors: error_quote.is_some(), error_quote, stub_values, query }
    }

    /// The first response table of the family's error shape.
    pub fn error_table<'d>(&self, doc: &'d Doc) -> Option<&'d crate::read::ParamTable> {
        doc.statuses.iter().filter_map(|s| s.table.as_ref()).find(|t| {
            let names: Vec<&str> = t.params.iter().map(|p| p.name.as_str()).collect();
            huawei::is_error_table(&names)
        })
    }

    /// `auth`.
    pub fn auth(&self, doc: &Doc) -> Value {
        let token = doc
            .headers
            .iter()
            .flat_map(|t| t.params.iter().map(move |p| (t, p)))
            .find(|(_, p)| p.name.eq_ignore_ascii_case("X-Auth-Token"));
        let provenance = match token {
            Some((t, p)) => json!({ "section": t.caption, "quote": quote::row(&p.quote) }),
            None => json!({ "section": "Request Parameters", "erratum": "import-auth-by-convention" }),
        };
        json!({
            "scheme": "huawei-sdk-hmac",
            "documented": "X-Auth-Token, or AK/SK signing, as every API of the family (the request header table).",
            "provenance": provenance,
            "credentials": huawei::credentials(),
        })
    }

    /// `path_params`.
    pub fn path_params(&self, doc: &Doc) -> Value {
        let uri = format!("{} {}", doc.method, doc.path);
        self.params
            .iter()
            .map(|p| match &p.row {
                Some(r) => json!({ "name": p.name, "required": true, "type": "string", "description": r.description.text().split("\n\n").next().unwrap_or_default().replace('\n', " "), "provenance": { "section": p.caption, "quote": quote::row(&r.quote) } }),
                None => json!({ "name": p.name, "required": true, "type": "string", "description": format!("{{{}}} of the URI.", p.name), "provenance": { "section": "URI", "quote": uri } }),
            })
            .collect()
    }

    /// The keys the operation reads: the shared ones and one per path parameter.
    pub fn profile(&self) -> Value {
        let mut keys = huawei::shared_keys();
        for (name, stub, other) in &self.stub_values {
            let place = if self.params.iter().any(|p| &p.name == name) { "the path's" } else { "the query's" };
            let description = format!("An existing {} ({place} {{{name}}}).", noun(name));
            keys.push(json!({ "key": huawei::key(&self.section, name), "type": "string", "description": description, "stub": stub, "stub_other": other }));
        }
        Value::Array(keys)
    }

    /// `bindings`: each path parameter from its key.
    pub fn bindings(&self) -> Value {
        let last = self
            .resource
            .as_ref()
            .and_then(|_| self.params.iter().rev().find(|p| p.name != huawei::PROJECT))
            .map(|p| p.name.clone());
        let path = self.params.iter().map(|p| {
            let mut b =
                json!({ "at": format!("path:{}", p.name), "from": { "key": huawei::key(&self.section, &p.name) } });
            if Some(&p.name) == last.as_ref() {
                b["names"] = noun(&p.name).into();
            }
            b
        });
        let query = self.query.iter().filter(|q| q.keyed).map(
            |q| json!({ "at": format!("query:{}", q.name), "from": { "key": huawei::key(&self.section, &q.name) } }),
        );
        path.chain(query).collect()
    }

    /// `resource`.
    pub fn resource_json(&self) -> Option<Value> {
        self.resource.as_ref().map(|(path, noun)| json!({ "noun": noun, "path": path }))
    }

    /// `error_body`: the family's template, and the stub's answers to what no page documents.
    pub fn error_body(&self) -> Value {
        let (section, quote) = self.error_quote.clone().unwrap_or_default();
        json!({
            "template": huawei::error_template(),
            "stub_answers": {
                "no-route": { "fields": { "code": "STUB.0404", "message": "No such API" } },
                "wrong-method": { "fields": { "code": "STUB.0405", "message": "Method {method} is not allowed; use {allow}" } },
                "too-large": { "fields": { "code": "STUB.0413", "message": "Body over {limit} bytes" } },
                "bad-fault-header": { "fields": { "code": "STUB.0400", "message": "{reason}" } }
            },
            "provenance": { "section": section, "quote": quote }
        })
    }
}

/// The words of a resource's name: `instance_id` → `instance`.
pub fn noun(param: &str) -> String {
    let base = param.strip_suffix("_id").or_else(|| param.strip_suffix("Id")).unwrap_or(param);
    let words = base.replace(['_', '-'], " ");
    if words.trim().is_empty() { "resource".into() } else { words.trim().to_string() }
}

/// An erratum of the import's own decisions.
pub(crate) fn erratum(id: &str, kind: &str, doc_says: &str, holds: &str, why: &str, provenance: Value) -> Value {
    json!({ "id": id, "doc_says": doc_says, "fixture_holds": holds, "why": why, "kind": kind, "provenance": provenance })
}

/// The effect of each success, decided by convention.
pub fn effect_erratum(doc: &Doc, uri: &str) -> Value {
    let holds = if doc.method == "GET" {
        "every answer `none` (a read)"
    } else {
        "a success `changes` the account (a write); every refusal `none`"
    };
    erratum(
        crate::responses::EFFECT_ERRATUM,
        "inference",
        "The page does not say what a success changes or whether it is charged.",
        holds,
        "The family's convention, a decision the user confirms (billable cannot be told from the page): `conformance import` drafts it.",
        json!({ "section": "URI", "quote": uri }),
    )
}

/// Answers assumed for a status the page prints no example for.
pub fn answer_erratum() -> Value {
    erratum(
        "import-answer-assumed",
        "inference",
        "The page prints no example for this status.",
        "an error body of the page's shape; its code and message are the stub's own.",
        "A target must answer something; the code is not asserted.",
        json!({ "section": "Example Responses" }),
    )
}

/// The errata only some drafts need, by id: the page states no status table row for a status,
/// or no X-Auth-Token row.
pub fn erratum_by_id(id: &str) -> Option<Value> {
    match id {
        "import-status-not-stated" => Some(erratum(
            id,
            "inference",
            "A status the page names nowhere the importer reads a quote from.",
            "the status as named.",
            "Kept so that a target's answer with it is checked.",
            json!({ "section": "Status Codes" }),
        )),
        "import-auth-by-convention" => Some(erratum(
            id,
            "inference",
            "The request header table has no X-Auth-Token row.",
            "the huawei-sdk-hmac scheme, as every API of the family.",
            "The family's convention: a token or AK/SK signing.",
            json!({ "section": "Request Parameters" }),
        )),
        _ => None,
    }
}

/// Error example fields held as the target's own.
pub fn instance_erratum() -> Value {
    erratum(
        "import-times-vary",
        "inference",
        "Example values of times, and the code and message of a refusal whose request the page does not show.",
        "instance values: their JSON type is checked, not their value.",
        "They are the target's own (a refusal's message names what it refused).",
        json!({ "section": "Example Responses" }),
    )
}

/// A derived request example.
pub fn derived_erratum() -> Value {
    erratum(
        "import-request-derived",
        "inference",
        "The page prints no example request.",
        "an example made of the required members, each a value its limits allow.",
        "Scenarios need a request a correct target accepts.",
        json!({ "section": "Request Parameters" }),
    )
}

/// A body with no table.
pub fn no_body_table_erratum() -> Value {
    erratum(
        "import-no-body-table",
        "inference",
        "The page has no request body table.",
        "any JSON object.",
        "The method takes a body; the page does not say which.",
        json!({ "section": "Request Parameters" }),
    )
}

/// Statuses whose example no scenario provokes with its own words (a 400 of a request the page
/// does not show, a 404 where the path names no resource, a 409): their error fields are instance.
pub fn not_provoked_literally(status: u16, resource: bool) -> bool {
    let provoked = (200..300).contains(&status) || [401, 403].contains(&status) || status >= 500;
    !(provoked || (status == 404 && resource))
}

/// The family's error members of `body` as instance values.
pub fn error_fields_instance(body: &Value, marks: &mut Marks) {
    for m in huawei::ERROR_MEMBERS {
        if body.get(m).is_some_and(Value::is_string) {
            marks.volatile.retain(|v| v["pointer"] != format!("/{m}"));
            marks.instance.push(json!({ "pointer": format!("/{m}"), "why": "a refusal's own words: the page does not show the request refused (erratum import-times-vary)." }));
        }
    }
}

/// A request body of the required members, each a value its limits allow.
pub fn derive_request(schema: &Value) -> Value {
    let mut o = serde_json::Map::new();
    let req: Vec<&str> = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    for name in req {
        let s = &schema["properties"][name];
        o.insert(name.to_string(), sample(s));
    }
    Value::Object(o)
}

/// A body with every member of `schema`, each a value its limits allow.
pub fn derive_full(schema: &Value) -> Value {
    let mut o = serde_json::Map::new();
    for (name, s) in schema["properties"].as_object().into_iter().flatten() {
        let v = if s["type"] == "object" { derive_full(s) } else { sample(s) };
        o.insert(name.clone(), v);
    }
    Value::Object(o)
}

/// A value `s` allows: its first enumeration value, its minimum, else a short one of its type.
pub fn sample(s: &Value) -> Value {
    if let Some(first) = s["enum"].as_array().and_then(|a| a.first()) {
        return first.clone();
    }
    match s["type"].as_str() {
        Some("integer") | Some("number") => s["minimum"].as_i64().unwrap_or(1).into(),
        Some("boolean") => false.into(),
        Some("array") => json!([]),
        Some("object") => derive_request(s),
        _ => "a".repeat(s["minLength"].as_u64().unwrap_or(1).max(1) as usize).into(),
    }
}

/// The page's preconditions with no documented refusal (`only … that is stopped`), as
/// untestable rules.
pub fn rules(doc: &Doc, problems: &mut Vec<Problem>) -> Vec<Value> {
    let only = &*RE_MEETS_1;
    let mut out = Vec::new();
    for (text, line) in &doc.function {
        let sentences = text.split_inclusive(". ").map(|s| s.trim().trim_start_matches(['-', ' ']));
        for sentence in sentences.filter(|s| only.is_match(s)) {
            let id = format!("precondition-{}", out.len() + 1);
            problems.push(Problem::new(Code::UntestableRule, *line, format!("{id}: {sentence}")));
            out.push(json!({ "id": id, "text": sentence, "untestable": "a precondition the page gives no refusal for: no scenario can tell a target that ignores it", "provenance": { "section": "Function", "quote": quote::sentence(sentence) } }));
        }
    }
    out
}
