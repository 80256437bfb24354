//! One contract as an OpenAPI operation object: parameters, security, request body and
//! responses with their examples, and the contract's own words as `x-` extensions.

use conformance_contract::{BodyDoc, Contract, Direction, Example, Operation, Provenance, ResponseDoc};
use serde_json::{Map, Value, json};

use crate::schema::rewrite;

/// Request headers carried by the security scheme or by the request body's media type, which
/// OpenAPI forbids as header parameters.
const NOT_PARAMETERS: [&str; 5] = ["content-type", "accept", "authorization", "cookie", "x-auth-token"];

/// The operation object for `op`, secured by the security scheme named `scheme`.
pub(crate) fn operation(op: &Operation, scheme: &str, strict: bool) -> Value {
    let c = op.contract();
    let mut o = Map::new();
    o.insert("operationId".into(), json!(c.id.replace('/', ".")));
    o.insert("tags".into(), json!([c.vendor]));
    o.insert("summary".into(), json!(c.summary));
    o.insert("description".into(), json!(format!("{} (vendor page {}).", c.title, c.source)));
    o.insert("parameters".into(), parameters(c));
    o.insert("security".into(), json!([{ scheme: [] }]));
    // A request the page documents no body for (a GET, a DELETE) carries none.
    if !c.request.no_body {
        o.insert("requestBody".into(), request_body(c, strict));
    }
    o.insert("responses".into(), responses(c, strict));
    o.insert("x-contract".into(), json!(c.id));
    o.insert("x-page-title".into(), json!(c.title));
    o.insert("x-source".into(), json!(c.source));
    o.insert("x-provenance".into(), provenance(&c.provenance));
    o.insert("x-auth".into(), json!(c.auth));
    o.insert("x-request-headers".into(), json!(c.request_headers));
    if !c.rules.is_empty() {
        o.insert("x-rules".into(), json!(c.rules));
    }
    o.insert("x-errata".into(), json!(c.errata));
    o.insert("x-profile-section".into(), json!(c.section));
    o.insert("x-bindings".into(), json!(c.bindings));
    Value::Object(o)
}

fn provenance(p: &Provenance) -> Value {
    json!({ "source": p.source, "section": p.section })
}

fn parameters(c: &Contract) -> Value {
    let path = c.path_params.iter().map(|p| {
        json!({
            "name": p.name,
            "in": "path",
            "required": true,
            "description": p.description,
            "schema": { "type": p.ty },
            "x-provenance": provenance(&p.provenance),
        })
    });
    let headers = c.request_headers.iter().filter(|h| !NOT_PARAMETERS.contains(&h.name.to_ascii_lowercase().as_str()));
    let headers = headers.map(|h| {
        let mut schema = json!({ "type": "string" });
        if let Some(v) = &h.value {
            schema["const"] = json!(v);
        }
        json!({
            "name": h.name,
            "in": "header",
            "required": h.required,
            "description": h.description,
            "schema": schema,
            "x-provenance": provenance(&h.provenance),
        })
    });
    let query = c.query_params.iter().map(|q| {
        let mut p = json!({
            "name": q.name,
            "in": "query",
            "required": q.required,
            "description": q.description,
            "schema": q.schema,
            "x-provenance": provenance(&q.provenance),
        });
        if let Some(e) = &q.example {
            p["example"] = e.clone();
        }
        p
    });
    Value::Array(path.chain(query).chain(headers).collect())
}

/// One entry of an `examples` map: the body (a text body as a string), and where it comes from.
fn example(e: &Example) -> Value {
    let mut x = Map::new();
    x.insert("summary".into(), json!(e.name));
    if let Some(v) = &e.body {
        x.insert("value".into(), v.clone());
    } else if let Some(t) = &e.text {
        x.insert("value".into(), json!(t));
    }
    x.insert("x-provenance".into(), provenance(&e.provenance));
    if let Some(d) = &e.derived {
        x.insert("x-derived".into(), json!(d.why));
    }
    if let Some(a) = &e.answers {
        x.insert("x-answers".into(), json!(a));
    }
    if !e.volatile.is_empty() {
        x.insert("x-volatile".into(), json!(e.volatile));
    }
    Value::Object(x)
}

fn examples<'a>(c: &'a Contract, pick: impl Fn(&Example) -> bool + 'a) -> Map<String, Value> {
    c.examples.iter().filter(|e| pick(e)).map(|e| (e.name.clone(), example(e))).collect()
}

/// True when a string in `v` holds a URI-template placeholder (`{orderId}`): the page's example
/// then is a template a client fills in, not a request to send as it is.
pub(crate) fn has_placeholder(v: &Value) -> bool {
    match v {
        Value::String(s) => s.split('{').skip(1).any(|rest| {
            rest.split_once('}').is_some_and(|(name, _)| {
                !name.is_empty() && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
            })
        }),
        Value::Array(items) => items.iter().any(has_placeholder),
        Value::Object(members) => members.values().any(has_placeholder),
        _ => false,
    }
}

fn is_template(e: &Example) -> bool {
    e.body.as_ref().is_some_and(has_placeholder)
}

fn request_body(c: &Contract, strict: bool) -> Value {
    let mut media = Map::new();
    let mut schema = rewrite(&crate::schema::view(&c.request.schema, strict), &c.id);
    if let (Some(v), Value::Object(o)) = (&c.request.variants, &mut schema) {
        o.insert("discriminator".into(), json!({ "propertyName": v.discriminator }));
        o.insert("x-variants-in-scope".into(), json!(v.in_scope));
        o.insert("x-variants-provenance".into(), provenance(&v.provenance));
    }
    media.insert("schema".into(), schema);
    let ex = examples(c, |e| e.direction == Direction::Request && !is_template(e));
    if !ex.is_empty() {
        media.insert("examples".into(), Value::Object(ex));
    }
    // Tools send `examples` as they are (Schemathesis does); a template sent unfilled names no
    // real resource, so a correct target refuses it. Kept here, with the page's placeholders.
    let templates = examples(c, |e| e.direction == Direction::Request && is_template(e));
    if !templates.is_empty() {
        media.insert("x-example-templates".into(), Value::Object(templates));
    }
    let mut body = json!({
        "required": true,
        "content": { c.request.content_type.clone(): media },
        "x-provenance": provenance(&c.request.provenance),
    });
    if !c.request.constraints.is_empty() {
        body["x-constraints"] = json!(c.request.constraints);
    }
    body
}

fn responses(c: &Contract, strict: bool) -> Value {
    let mut out = Map::new();
    for r in &c.responses {
        out.insert(r.status.to_string(), response(c, r, strict));
    }
    if let Some(d) = &c.default_response {
        let mut o = Map::new();
        o.insert("description".into(), json!(d.description));
        if let BodyDoc::Json { schema, .. } = &d.body {
            o.insert(
                "content".into(),
                json!({ "application/json": { "schema": rewrite(&crate::schema::view(schema, strict), &c.id) } }),
            );
        }
        o.insert("x-provenance".into(), provenance(&d.provenance));
        o.insert("x-checked".into(), json!(false));
        out.insert("default".into(), Value::Object(o));
    }
    Value::Object(out)
}

fn response(c: &Contract, r: &ResponseDoc, strict: bool) -> Value {
    let mut o = Map::new();
    let description = match &r.description {
        Some(d) => format!("{}: {d}", r.meaning),
        None => r.meaning.clone(),
    };
    o.insert("description".into(), json!(description));
    if !r.headers.is_empty() {
        let headers: Map<String, Value> = r
            .headers
            .iter()
            .map(|h| {
                let schema = match h.format {
                    Some(conformance_contract::Format::Integer) => json!({ "type": "integer" }),
                    Some(conformance_contract::Format::DateTime) => json!({ "type": "string", "format": "date-time" }),
                    Some(f) => json!({ "type": "string", "x-format": f }),
                    None => json!({ "type": "string" }),
                };
                let v = json!({
                    "description": h.description,
                    "required": h.required,
                    "schema": schema,
                    "x-provenance": provenance(&h.provenance),
                });
                (h.name.clone(), v)
            })
            .collect();
        o.insert("headers".into(), Value::Object(headers));
    }
    let ex = examples(c, |e| e.direction == Direction::Response && e.status == Some(r.status));
    let (media, body_kind, body_provenance) = match &r.body {
        BodyDoc::Json { schema, provenance } => {
            (Some(("application/json", rewrite(&crate::schema::view(schema, strict), &c.id))), "json", provenance)
        }
        BodyDoc::Text { contains, provenance } => {
            let mut s = json!({ "type": "string" });
            if let Some(phrase) = contains {
                s["x-contains"] = json!(phrase);
            }
            (Some(("text/plain", s)), "text", provenance)
        }
        BodyDoc::None { provenance } => (None, "none", provenance),
        BodyDoc::Unspecified { provenance } => (None, "unspecified", provenance),
    };
    match media {
        Some((mime, schema)) => {
            let mut m = Map::new();
            m.insert("schema".into(), schema);
            if !ex.is_empty() {
                m.insert("examples".into(), Value::Object(ex));
            }
            o.insert("content".into(), json!({ mime: m }));
        }
        // No media type to hang them on: OpenAPI's Response has no `examples`.
        None if !ex.is_empty() => {
            o.insert("x-examples".into(), Value::Object(ex));
        }
        None => {}
    }
    o.insert("x-body".into(), json!({ "kind": body_kind, "x-provenance": provenance(body_provenance) }));
    o.insert("x-provenance".into(), provenance(&r.provenance));
    o.insert("x-effect".into(), json!(r.effect));
    if let Some(w) = &r.when {
        o.insert(
            "x-when".into(),
            json!({ "body": w.body, "equals": w.equals, "x-provenance": provenance(&w.provenance) }),
        );
    }
    if let Some(p) = &r.provoked {
        let mut by = match p.request() {
            Some(w) => json!({ "body": w.body, "equals": w.equals }),
            None => json!({ "by": "fault" }),
        };
        by["x-provenance"] = provenance(&p.provenance);
        o.insert("x-provoked".into(), by);
    }
    if !r.documented {
        o.insert("x-documented".into(), json!(false));
    }
    if let Some(e) = &r.erratum {
        o.insert("x-erratum".into(), json!(e));
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::has_placeholder;

    #[test]
    fn placeholders_are_uri_template_names_in_braces() {
        assert!(has_placeholder(&json!({ "a": ["https://h/orders/{orderId}/x"] })));
        assert!(has_placeholder(&json!("https://h/serviceSpecifications/{serviceSpecificationId}")));
        for plain in [json!("{}"), json!("{ a }"), json!("{\"a\": 1}"), json!("no braces"), json!(12), json!(null)] {
            assert!(!has_placeholder(&plain), "{plain}");
        }
    }
}
