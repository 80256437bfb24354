//! The request body: a documented example request read from the fixtures by name, then
//! edits (a field set to a JSON value, to N bytes of a unit, to a billing cycle the profile
//! names, or removed), or a body that is not a JSON object at all.

use conformance_contract::Need;
use cucumber::given;
use serde_json::Value;

use crate::world::{Body, ConformanceWorld};

#[given(regex = r#"^the documented example request "([^"]+)"$"#)]
fn example_request(w: &mut ConformanceWorld, name: String) -> Result<(), String> {
    let op = w.op.clone();
    w.load_example(&op, &name)
}

#[given(
    regex = r#"^the field "([^"]+)" is set to (-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|".*"|true|false|null|\[.*\]|\{.*\})$"#
)]
fn set_field(w: &mut ConformanceWorld, field: String, json: String) -> Result<(), String> {
    let v: Value = serde_json::from_str(&json).map_err(|e| format!("{json} is not a JSON value: {e}"))?;
    w.edit_field(&field, Some(v))
}

#[given(regex = r#"^the field "([^"]+)" is set to (\d+) bytes of "([^"]+)"$"#)]
fn set_bytes(w: &mut ConformanceWorld, field: String, bytes: usize, unit: String) -> Result<(), String> {
    if !bytes.is_multiple_of(unit.len()) {
        return Err(format!("{bytes} bytes cannot be made of {unit:?} ({} bytes each)", unit.len()));
    }
    w.edit_field(&field, Some(Value::String(unit.repeat(bytes / unit.len()))))
}

#[given(regex = r#"^the field "([^"]+)" is set to the unsupported billing cycle$"#)]
fn set_unsupported_cycle(w: &mut ConformanceWorld, field: String) -> Result<(), String> {
    let c =
        w.profile_value(Need::UnsupportedCycle, |p| p.hostway_orders.as_ref()?.unsupported_billing_cycle.as_ref())?;
    w.edit_field(&field, Some(Value::from(c)))
}

phrases! {
    /// One end of the supported billing cycles.
    #[derive(cucumber::Parameter)]
    #[param(name = "end", regex = "smallest|largest")]
    enum End {
        /// The shortest cycle.
        Smallest = "smallest",
        /// The longest cycle.
        Largest = "largest",
    }
}

/// The profile's supported cycles, so the scenario holds for whatever service is added.
#[given(expr = "the field {string} is set to the {end} supported billing cycle")]
fn set_supported_cycle(w: &mut ConformanceWorld, field: String, end: End) -> Result<(), String> {
    let c = w.supported_cycle(end == End::Largest)?;
    w.edit_field(&field, Some(Value::from(c)))
}

/// A value only the bundled stub accepts (a real target has no such flavor): the scenario
/// needs the stub's data.
#[given(regex = r#"^the field "([^"]+)" is set to (\d+) bytes of "([^"]+)", a flavor only the stub has$"#)]
fn set_stub_flavor(w: &mut ConformanceWorld, field: String, bytes: usize, unit: String) -> Result<(), String> {
    w.require(Need::StubData)?;
    set_bytes(w, field, bytes, unit)
}

#[given(regex = r#"^the field "([^"]+)" is removed$"#)]
fn remove_field(w: &mut ConformanceWorld, field: String) -> Result<(), String> {
    w.edit_field(&field, None)
}

phrases! {
    /// A body that is not a documented example: not JSON, or JSON with nothing in it.
    #[derive(cucumber::Parameter)]
    #[param(name = "odd-body", regex = "empty|not valid JSON|an empty JSON object|a JSON array")]
    enum OddBody {
        /// No bytes at all.
        Empty = "empty",
        /// Text that does not parse.
        NotJson = "not valid JSON",
        /// `{}`.
        EmptyObject = "an empty JSON object",
        /// `[]`.
        Array = "a JSON array",
    }
}

#[given(expr = "a request body that is {odd-body}")]
fn raw_body(w: &mut ConformanceWorld, what: OddBody) {
    w.body = match what {
        OddBody::Empty => Body::Raw(String::new()),
        OddBody::NotJson => Body::Raw("{\"name\": ".into()),
        OddBody::EmptyObject => Body::Json(Value::Object(Default::default())),
        OddBody::Array => Body::Json(Value::Array(Vec::new())),
    };
    w.request_example = None;
}
