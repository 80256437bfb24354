//! The forms of volatile and instance values (`Format`): the pattern each keeps, whether a JSON
//! value or a header value keeps it, and a fresh value of it for a stub to answer with.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::model::Format;

impl Format {
    fn regex(self) -> Option<&'static Regex> {
        static RES: LazyLock<[Regex; 10]> = LazyLock::new(|| {
            [
                r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                r"^[0-9a-f]{32}$",
                r"^JOB-[0-9a-f]{32}$",
                r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$",
                r"^CS\d{10}[0-9A-Z]{5}$",
                r"^\d+(-\d*)+$",
                r"^-?\d+(\.\d+)?$",
                r"^[A-Z]{3}$",
                r"^-?\d+$",
                r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$",
            ]
            .map(|r| Regex::new(r).expect("built-in pattern compiles"))
        });
        let i = match self {
            Format::Uuid => 0,
            Format::Hex32 => 1,
            Format::JobId => 2,
            Format::Timestamp => 3,
            Format::CphOrderId => 4,
            Format::CphProductId => 5,
            Format::Decimal => 6,
            Format::Currency => 7,
            Format::Integer => 8,
            Format::DateTime => 9,
            Format::SelfLink | Format::AnyString => return None,
        };
        Some(&RES[i])
    }

    /// Whether `value` keeps this form; `path` is the request's path, for self-links.
    pub fn accepts(self, value: &str, path: &str) -> bool {
        match self {
            Format::AnyString => true,
            Format::SelfLink => {
                let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
                rest.and_then(|r| r.find('/').map(|i| &r[i..]))
                    .is_some_and(|p| p.trim_end_matches('/') == path.trim_end_matches('/'))
            }
            _ => self.regex().is_some_and(|r| r.is_match(value)),
        }
    }

    /// Whether the JSON `value` keeps this form: a string in it, or for `integer` a JSON integer.
    pub fn accepts_value(self, value: &Value, path: &str) -> bool {
        match (self, value) {
            (Format::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (_, Value::String(s)) => self.accepts(s, path),
            _ => false,
        }
    }

    /// Whether the stub answers a fresh value of this form (not the example's own).
    pub fn is_generated(self) -> bool {
        !matches!(self, Format::AnyString | Format::Integer)
    }

    /// A fresh value of this form; `origin` (`http://127.0.0.1:8080`) and `path` make self-links.
    pub fn generate(self, origin: &str, path: &str) -> String {
        let hex = || uuid::Uuid::new_v4().simple().to_string();
        let now = time::OffsetDateTime::now_utc;
        match self {
            Format::Uuid => uuid::Uuid::new_v4().to_string(),
            Format::Hex32 | Format::AnyString => hex(),
            Format::JobId => {
                let mut id = String::with_capacity(36);
                id.push_str("JOB-");
                id.push_str(uuid::Uuid::new_v4().simple().encode_lower(&mut uuid::Uuid::encode_buffer()));
                id
            }
            Format::Timestamp => {
                let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
                now().format(&f).unwrap_or_default()
            }
            Format::CphOrderId => {
                let f = time::macros::format_description!("[year repr:last_two][month][day][hour][minute]");
                format!("CS{}{}", now().format(&f).unwrap_or_default(), hex()[..5].to_uppercase())
            }
            Format::CphProductId => {
                format!("00301-{:05}-0--0", u32::from_str_radix(&hex()[..4], 16).unwrap_or(0) % 100_000)
            }
            Format::SelfLink => format!("{origin}{path}"),
            Format::Decimal | Format::Integer => "0".into(),
            Format::Currency => "USD".into(),
            Format::DateTime => now().format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        }
    }
}
