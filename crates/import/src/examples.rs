//! The page's examples as fixture examples: the code parsed as JSON (a request line such as
//! `POST https://{Endpoint}/v1/...` before it set aside), a name from its title or status, and
//! the values the page shows to vary marked volatile: job ids (`job-id`), request ids, times,
//! ids of the forms `hex32` and `uuid` (a created resource's), values that repeat a path
//! parameter (`echoes`), a message that repeats the job id
//! (`template`), and ids embedded in a message (`any-string`).

use std::sync::LazyLock;

use regex::Regex;

static RE_EXAMPLES_1: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(GET|POST|PUT|DELETE|PATCH)\s+\S+$").expect("a valid pattern"));
static RE_EXAMPLES_2: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$").expect("a valid pattern")
});
static RE_EXAMPLES_3: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$").expect("a valid pattern"));
static RE_EXAMPLES_4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|JOB-[0-9a-f]{32}")
        .expect("a valid pattern")
});
use serde_json::{Map, Value, json};

use crate::problem::{Code, Problem};
use crate::read::ExampleDoc;

/// The JSON body of an example, or the problem it has.
pub fn body(e: &ExampleDoc) -> Result<Value, Problem> {
    let mut lines: Vec<&(usize, String)> = e.code.iter().collect();
    let request_line = &*RE_EXAMPLES_1;
    if lines.first().is_some_and(|(_, t)| request_line.is_match(t.trim())) {
        lines.remove(0);
    }
    let text: Vec<&str> = lines.iter().map(|(_, t)| t.as_str()).collect();
    let line = lines.first().map_or(e.line, |(n, _)| *n);
    serde_json::from_str(&text.join("\n"))
        .map_err(|err| Problem::new(Code::ExampleInvalidJson, line, format!("the example is not JSON: {err}")))
}

/// A kebab-case name of at most five words.
pub fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_ascii_lowercase)
        .collect();
    words.join("-")
}

fn hex32(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn uuid(s: &str) -> bool {
    RE_EXAMPLES_2.is_match(s)
}

fn job_id(s: &str) -> bool {
    s.strip_prefix("JOB-").is_some_and(hex32)
}

fn timestamp(s: &str) -> bool {
    RE_EXAMPLES_3.is_match(s)
}

fn embeds_id(s: &str) -> bool {
    RE_EXAMPLES_4.is_match(s)
}

fn form(s: &str) -> Option<&'static str> {
    if job_id(s) {
        Some("job-id")
    } else if hex32(s) {
        Some("hex32")
    } else if uuid(s) {
        Some("uuid")
    } else if timestamp(s) {
        Some("timestamp")
    } else {
        None
    }
}

/// The volatile and instance entries of a response example.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// `volatile[]`.
    pub volatile: Vec<Value>,
    /// `instance[]`.
    pub instance: Vec<Value>,
}

/// Marks what varies in `body`; `params` are the path parameters a value may repeat.
pub fn mark(body: &Value, params: &[String]) -> Marks {
    let mut leaves = Vec::new();
    walk(body, String::new(), &mut leaves);
    let jobs: Vec<(String, String)> = leaves
        .iter()
        .filter_map(|(p, v)| v.as_str().filter(|s| job_id(s)).map(|s| (p.clone(), s.to_string())))
        .collect();
    let mut m = Marks { volatile: Vec::new(), instance: Vec::new() };
    for (pointer, v) in &leaves {
        let member = pointer.rsplit('/').next().unwrap_or_default().to_string();
        let timeish = member.contains("time") || member.ends_with("_at") || member == "date";
        match v {
            Value::String(s) => {
                let mut entry = Map::new();
                entry.insert("pointer".into(), pointer.clone().into());
                let f = form(s);
                if params.contains(&member) && (f == Some("hex32") || f == Some("uuid") || f.is_none()) {
                    entry.insert("echoes".into(), format!("path:{member}").into());
                    if let Some(f) = f {
                        entry.insert("format".into(), f.into());
                    }
                } else if f == Some("job-id")
                    || ((member.contains("request_id") || timeish) && f.is_some())
                    || ((member == "id" || member.ends_with("_id")) && matches!(f, Some("hex32" | "uuid")))
                {
                    entry.insert("format".into(), f.unwrap_or("any-string").into());
                } else if let Some((jp, job)) = jobs.iter().find(|(jp, job)| jp != pointer && s.contains(job.as_str()))
                {
                    entry.insert("template".into(), s.replace(job.as_str(), &format!("{{{jp}}}")).into());
                } else if member.contains("request_id") || timeish || embeds_id(s) {
                    entry.insert("format".into(), "any-string".into());
                } else {
                    continue;
                }
                m.volatile.push(Value::Object(entry));
            }
            Value::Number(_) if timeish => m.instance.push(json!({
                "pointer": pointer,
                "why": "a time: the target's own, as the page shows it varies (erratum import-times-vary)."
            })),
            _ => {}
        }
    }
    m
}

fn walk(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                walk(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, format!("{at}/{i}"), out);
            }
        }
        _ => out.push((at, v.clone())),
    }
}
