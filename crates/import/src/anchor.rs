//! The quotes of a draft: every anchor it writes (a provenance's `quote`, its `also`'s, a
//! schema's `x-provenance`'s), each with where it stands, so that the import checks each against
//! its page with the contract's resolver (`conformance_contract::anchor`) before writing.

/// Every quote of a fixture (a provenance's `quote`, its `also`'s, and a schema's
/// `x-provenance`'s), each with the JSON pointer of the object holding it.
pub fn quotes(fixture: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(fixture, String::new(), &mut out);
    out
}

fn collect(v: &serde_json::Value, at: String, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(q) = o.get("quote").and_then(serde_json::Value::as_str)
                && o.get("standard").is_none()
                && o.contains_key("section")
            {
                out.push((at.clone(), q.to_string()));
            }
            for (k, x) in o {
                collect(x, format!("{at}/{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                collect(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}
