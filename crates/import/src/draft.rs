//! The draft fixture: what the page documents (method and path, parameters, body schema,
//! statuses, examples), each item anchored to the page's words, and how the operation meets an
//! account by the family's convention ([`crate::meets`]); plus the `import` note listing every
//! problem by code.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::examples;
use crate::meets::{self, Account};
use crate::problem::{Code, Problem};
use crate::quote;
use crate::read::Doc;
use crate::responses;
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
}

/// The fixture (as JSON) and the facts the feature is written from.
pub fn fixture(doc: &Doc, id: &str, source: &str, problems: &mut Vec<Problem>) -> (Value, Facts) {
    let (vendor, operation) = id.split_once('/').unwrap_or((id, id));
    let mut builder = Builder::new(doc);
    let mut facts = Facts::default();
    let uri_quote = format!("{} {}", doc.method, doc.path);
    let account = Account::new(doc, vendor, problems);
    let mut body = request(doc, &mut builder, &mut facts);
    let mut examples = Vec::new();
    for (i, e) in doc.requests.iter().enumerate() {
        match examples::body(e) {
            Ok(b) => {
                let name = e
                    .title
                    .as_ref()
                    .map(|t| examples::slug(&t.0))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| format!("request-{}", i + 1));
                let name = unique(&examples, name);
                let quote = e.title.as_ref().map_or_else(|| first_code_line(e), |t| quote::sentence(&t.0));
                facts.request_body.get_or_insert(b.clone());
                facts.requests.push(name.clone());
                examples.push(json!({ "name": name, "direction": "request", "body": b, "provenance": { "section": "Example Requests", "quote": quote } }));
            }
            Err(p) => problems.push(p),
        }
    }
    let mut contradicted = false;
    for (e, doc_e) in examples.iter().zip(&doc.requests) {
        contradicted |= crate::fit::fit(&mut body["schema"], &e["body"], "the example request", doc_e.line, problems);
    }
    if facts.schema.is_some() {
        facts.schema = Some(body["schema"].clone());
    }
    if facts.requests.is_empty()
        && let Some(schema) = &facts.schema
    {
        let b = meets::derive_request(schema);
        facts.request_body = Some(b.clone());
        facts.requests.push("request".into());
        examples.push(json!({ "name": "request", "direction": "request", "body": b, "derived": { "why": "The page prints no example request: the importer made one from the required members of the body table." }, "provenance": { "section": "Request Parameters", "erratum": "import-request-derived" } }));
    }
    let statuses = responses::statuses(doc, problems);
    let listed: BTreeSet<u16> = statuses.iter().map(|s| s.code).collect();
    let mut out = Vec::new();
    let mut errata = vec![meets::effect_erratum(doc, &uri_quote)];
    for s in &statuses {
        let r = json!({
            "status": s.code,
            "meaning": s.meaning,
            "headers": [],
            "body": responses::body(doc, s.code, &mut builder, problems),
            "provenance": responses::provenance(doc, s.code),
            "effect": responses::effect(&doc.method, s.code, facts.dry_run.as_deref()),
        });
        if (200..300).contains(&s.code) && s.code != 204 && doc.method != "GET" {
            problems.push(Problem::new(Code::EffectToConfirm, doc.uri_line, format!("the {} of {} {} is taken to change the account (`changes`), not to charge it: confirm, or make it `billable`", s.code, doc.method, doc.path)));
        }
        facts.statuses.push(s.code);
        out.push(r);
    }
    for (code, meaning, erratum) in responses::undocumented(&listed, facts.schema.is_some(), account.resource.is_some())
    {
        let mut r = json!({ "status": code, "meaning": meaning, "documented": false, "erratum": erratum, "headers": [], "body": { "kind": "unspecified", "provenance": { "section": "Status Codes", "erratum": erratum } }, "provenance": { "section": "Status Codes", "erratum": erratum }, "effect": "none" });
        if let Some(table) = account.error_table(doc) {
            let mut schema = builder.object(table, None);
            schema["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
            r["body"] = json!({ "kind": "json", "schema": schema, "provenance": { "section": "Response Parameters", "quote": table.caption, "erratum": erratum } });
            r["answer"] =
                json!({ "fields": { "code": format!("STUB.{code}"), "message": "{reason}" }, "erratum": erratum });
        }
        out.push(r);
        errata.push(meets::undocumented_erratum(code, erratum));
        facts.undocumented.push(code);
    }
    let params: Vec<String> = account.params.iter().map(|p| p.name.clone()).collect();
    let mut instance_used = false;
    for (i, e) in doc.responses.iter().enumerate() {
        let Some(status) = e.status else { continue };
        if e.code.is_empty() {
            continue;
        }
        let b = match examples::body(e) {
            Ok(b) => b,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let base = e
            .title
            .as_ref()
            .filter(|t| t.1 == e.line + 2)
            .map(|t| examples::slug(&t.0))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("status-{status}-{}", i + 1));
        let name = unique(&examples, base);
        if let Some(r) = out.iter_mut().find(|r| r["status"] == status && r["body"]["kind"] == "json") {
            contradicted |=
                crate::fit::fit(&mut r["body"]["schema"], &b, &format!("the example of {status}"), e.line, problems);
        }
        let mut marks = examples::mark(&b, &params);
        if meets::not_provoked_literally(status) {
            meets::error_fields_instance(&b, &mut marks);
        }
        instance_used |= !marks.instance.is_empty();
        let mut ex = json!({ "name": name, "direction": "response", "status": status, "body": b, "provenance": { "section": "Example Responses", "quote": responses::provenance(doc, status)["also"].as_array().and_then(|a| a.last()).and_then(|a| a["quote"].as_str()).map_or_else(|| format!("Status code: {status}"), String::from) } });
        if (200..300).contains(&status)
            && let Some(r) = facts.requests.first()
        {
            ex["answers"] = r.clone().into();
        }
        if !marks.volatile.is_empty() {
            ex["volatile"] = Value::Array(marks.volatile);
        }
        if !marks.instance.is_empty() {
            ex["instance"] = Value::Array(marks.instance);
        }
        facts.responses.push((status, name));
        examples.push(ex);
    }
    for r in out
        .iter_mut()
        .filter(|r| r["documented"] != false && r["status"].as_u64().is_some_and(|s| !(200..300).contains(&s)))
    {
        let has = examples.iter().any(|e| e["status"] == r["status"]);
        if !has && account.errors && r["body"]["kind"] == "json" {
            r["answer"] = json!({ "fields": { "code": format!("STUB.{}", r["status"]), "message": "{reason}" }, "erratum": "import-answer-assumed" });
            push_erratum(&mut errata, meets::answer_erratum());
        }
    }
    for r in out
        .iter()
        .filter(|r| r["status"].as_u64().is_some_and(|s| (200..300).contains(&s)) && r["body"]["kind"] == "json")
    {
        if !examples.iter().any(|e| e["status"] == r["status"]) {
            let name = unique(&examples, format!("derived-{}", r["status"]));
            let mut ex = json!({ "name": name, "direction": "response", "status": r["status"], "body": meets::derive_full(&r["body"]["schema"]), "derived": { "why": "The page prints no JSON example of this success: the stub answers one made from its table." }, "provenance": { "section": "Response Parameters", "erratum": "import-request-derived" } });
            if let Some(q) = facts.requests.first() {
                ex["answers"] = q.clone().into();
            }
            examples.push(ex);
        }
    }
    if contradicted {
        errata.push(crate::fit::erratum());
    }
    if instance_used {
        errata.push(meets::instance_erratum());
    }
    if examples.iter().any(|e| e["derived"].is_object()) {
        errata.push(meets::derived_erratum());
    }
    if doc.body.is_none() && facts.schema.is_some() {
        errata.push(meets::no_body_table_erratum());
    }
    facts.noun = account.resource.as_ref().map(|r| r.1.clone());
    let rules = meets::rules(doc, problems);
    let mut fixture = json!({
        "id": id,
        "vendor": vendor,
        "operation": operation,
        "title": doc.title.0,
        "summary": doc.function.first().map(|f| quote::sentence(&f.0)).unwrap_or_default(),
        "source": source,
        "method": doc.method,
        "path": doc.path,
        "provenance": { "section": "URI", "quote": uri_quote },
        "auth": account.auth(doc),
        "section": account.section,
        "path_params": account.path_params(doc),
        "request_headers": headers(doc),
        "request": body,
        "profile": account.profile(),
        "bindings": account.bindings(),
        "responses": out,
        "examples": examples,
        "errata": errata,
    });
    if let Some(n) = &doc.page_name {
        fixture["page_name"] = n.clone().into();
    }
    if let Some(r) = account.resource_json() {
        fixture["resource"] = r;
    }
    if account.errors {
        fixture["error_body"] = account.error_body();
    }
    if !rules.is_empty() {
        fixture["rules"] = Value::Array(rules);
    }
    problems.extend(builder.problems);
    meets::exercised(&builder.limits, facts.request_body.as_ref(), problems);
    (fixture, facts)
}

fn push_erratum(errata: &mut Vec<Value>, e: Value) {
    if !errata.iter().any(|x| x["id"] == e["id"]) {
        errata.push(e);
    }
}

fn unique(examples: &[Value], base: String) -> String {
    let taken = |n: &str| examples.iter().any(|e| e["name"] == n);
    if !taken(&base) {
        return base;
    }
    (2..).map(|i| format!("{base}-{i}")).find(|n| !taken(n)).unwrap_or(base)
}

fn first_code_line(e: &crate::read::ExampleDoc) -> String {
    let lines: Vec<&str> = e.code.iter().map(|(_, t)| t.as_str()).filter(|t| !t.trim().is_empty()).take(2).collect();
    lines.join(" ")
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
