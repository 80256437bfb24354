//! A draft beside a hand-made fixture of the same page: its statuses and their response headers,
//! parameters (path, header, body: type and presence), limits and examples. Each difference is
//! explained by an erratum of the hand-made fixture (the item differing carries it, or names it)
//! or is unexplained: a defect of the importer or of the fixture, to fix.

use std::collections::BTreeMap;

use serde_json::Value;

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What differs (`status 404`, `body /spec_id maxLength`).
    pub subject: String,
    /// The hand-made fixture's value.
    pub fixture: String,
    /// The draft's.
    pub draft: String,
    /// The erratum of the hand-made fixture that explains it.
    pub erratum: Option<String>,
}

/// The comparison: what was compared, and the differences.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// How many items agreed.
    pub agreed: usize,
    /// Each difference.
    pub differences: Vec<Difference>,
}

impl Comparison {
    /// The differences no erratum explains.
    pub fn unexplained(&self) -> impl Iterator<Item = &Difference> {
        self.differences.iter().filter(|d| d.erratum.is_none())
    }
}

fn show(v: Option<&Value>) -> String {
    v.map_or_else(|| "(none)".into(), Value::to_string)
}

/// Facts of a fixture, by subject: the value and the erratum the item names, if any.
fn facts(f: &Value) -> BTreeMap<String, (Value, Option<String>)> {
    let mut out = BTreeMap::new();
    let erratum = |v: &Value| v["erratum"].as_str().or_else(|| v["provenance"]["erratum"].as_str()).map(String::from);
    for k in ["method", "path"] {
        out.insert(k.to_string(), (f[k].clone(), None));
    }
    for r in f["responses"].as_array().into_iter().flatten() {
        let documented = r["documented"].as_bool().unwrap_or(true);
        out.insert(format!("status {}", r["status"]), (Value::Bool(documented), erratum(r)));
        let schema = resolve(f, &r["body"]["schema"]);
        for (name, p) in schema["properties"].as_object().into_iter().flatten() {
            out.insert(format!("status {} member {name} type", r["status"]), (p["type"].clone(), erratum(p)));
        }
        for h in r["headers"].as_array().into_iter().flatten() {
            let name = h["name"].as_str().unwrap_or_default().to_ascii_lowercase();
            out.insert(format!("status {} header {name} format", r["status"]), (h["format"].clone(), erratum(h)));
        }
    }
    for p in f["path_params"].as_array().into_iter().flatten() {
        out.insert(format!("path {}", p["name"]), (p["required"].clone(), None));
    }
    for h in f["request_headers"].as_array().into_iter().flatten() {
        out.insert(format!("header {}", h["name"]), (h["required"].clone(), None));
    }
    members(f, &f["request"]["schema"], "", &mut out);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for e in f["examples"].as_array().into_iter().flatten().filter(|e| e["derived"].is_null()) {
        let key = match e["status"].as_u64() {
            Some(s) => format!("example {s}"),
            None => "example request".into(),
        };
        let n = seen.entry(key.clone()).or_default();
        *n += 1;
        out.insert(format!("{key} #{n}"), (e["body"].clone(), erratum(e)));
    }
    out
}

fn resolve<'a>(f: &'a Value, s: &'a Value) -> &'a Value {
    match s["$ref"].as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => &f["$defs"][name],
        None => s,
    }
}

fn members(f: &Value, schema: &Value, at: &str, out: &mut BTreeMap<String, (Value, Option<String>)>) {
    let schema = resolve(f, schema);
    let required: Vec<&str> = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    for (name, p) in schema["properties"].as_object().into_iter().flatten() {
        let pointer = format!("{at}/{name}");
        let erratum =
            p["x-provenance"]["erratum"].as_str().or_else(|| p["x-strict"]["erratum"].as_str()).map(String::from);
        out.insert(format!("body {pointer} type"), (p["type"].clone(), erratum.clone()));
        out.insert(
            format!("body {pointer} required"),
            (Value::Bool(required.contains(&name.as_str())), erratum.clone()),
        );
        for k in ["minLength", "maxLength", "minimum", "maximum", "enum", "default"] {
            if p.get(k).is_some() {
                out.insert(format!("body {pointer} {k}"), (p[k].clone(), erratum.clone()));
            }
        }
        members(f, p, &pointer, out);
        members(f, &p["items"], &format!("{pointer}/*"), out);
    }
}

/// Compares `draft` with the hand-made `fixture`.
pub fn compare(fixture: &Value, draft: &Value) -> Comparison {
    let (a, b) = (facts(fixture), facts(draft));
    let errata: Vec<&str> =
        fixture["errata"].as_array().into_iter().flatten().filter_map(|e| e["id"].as_str()).collect();
    let mut c = Comparison::default();
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for k in keys {
        let (x, y) = (a.get(k), b.get(k));
        if x.map(|v| &v.0) == y.map(|v| &v.0) {
            c.agreed += 1;
            continue;
        }
        let erratum = x.and_then(|v| v.1.clone()).filter(|e| errata.contains(&e.as_str()));
        c.differences.push(Difference {
            subject: k.clone(),
            fixture: show(x.map(|v| &v.0)),
            draft: show(y.map(|v| &v.0)),
            erratum,
        });
    }
    c
}
