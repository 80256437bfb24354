//! The complete example of a target profile, made from the keys the fixtures declare: every
//! table in key order, each key after its description, a secret as the environment variable it
//! may be read from (`${HUAWEI_TOKEN}`), any other value the bundled stub's (`stub`), each
//! operation table with a `base_url`; then the built-in `[safety]` and `[faults]` tables.
//! `conformance profile --example` prints it and the README shows it, so a new operation's keys
//! reach both without a hand-kept list.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::keys::KeySchema;
use crate::meets::{KeyDoc, KeyType};

/// The complete example profile for `keys`.
pub fn example_profile(keys: &KeySchema) -> String {
    let mut tables: BTreeMap<&str, Vec<&KeyDoc>> = keys.sections().iter().map(|s| (s.as_str(), Vec::new())).collect();
    for k in keys.declared() {
        let table = k.doc.key.rsplit_once('.').map_or("", |(t, _)| t);
        tables.entry(table).or_default().push(&k.doc);
    }
    let mut out = String::from(
        "# Optional: --base-url wins over it; the default for every table without a base_url of its own.\n\
         base_url = \"https://gateway.example.com\"\n",
    );
    for (table, docs) in &tables {
        let _ = writeln!(out, "\n[{table}]");
        if keys.sections().contains(*table) {
            let host = table.replace('.', "-");
            out.push_str("# This operation table's endpoint; wins over the top-level base_url.\n");
            let _ = writeln!(out, "base_url = \"https://{host}.example.com\"");
        }
        for d in docs {
            let name = d.key.rsplit_once('.').map_or(d.key.as_str(), |(_, n)| n);
            let _ = writeln!(out, "# {}", d.description);
            let _ = writeln!(out, "{name} = {}", value(d));
        }
    }
    out.push_str(
        "\n[safety]\n\
         # What a run may do beyond refusals and reads: \"changes\", \"billable\"; --allow adds to it.\n\
         allow = []\n\
         # Billable requests per resource, the restore included (--max-billable).\n\
         max_billable = 2\n\
         # Resources a run creates per parent (--max-created).\n\
         max_created = 3\n\
         \n[faults]\n\
         # Only targets that can fake server faults: the request header whose value is the status to answer.\n\
         header = \"X-Stub-Fault\"\n",
    );
    out
}

/// The environment variable a secret `key` is read from in the example (`HUAWEI_FORBIDDEN_TOKEN`).
pub fn env_var(key: &str) -> String {
    key.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect()
}

fn value(d: &KeyDoc) -> String {
    if d.secret {
        return format!("\"${{{}}}\"", env_var(&d.key));
    }
    let fallback = || match d.ty {
        KeyType::String => {
            let name = d.key.rsplit_once('.').map_or(d.key.as_str(), |(_, n)| n);
            Value::String(format!("your-{}", name.replace('_', "-")))
        }
        KeyType::Integer => Value::from(1),
        KeyType::Integers => Value::from(vec![1]),
        KeyType::Boolean => Value::Bool(false),
    };
    let v = d.stub.clone().unwrap_or_else(fallback);
    let v = match v {
        Value::String(s) => Value::String(s.replace("{random}", "example")),
        other => other,
    };
    toml::Value::try_from(&v).map_or_else(|_| v.to_string(), |t| t.to_string())
}
