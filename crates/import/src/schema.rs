//! Parameter tables into JSON Schema (draft 2020-12): a property per row with its type (the
//! Type cell; ``Array of :ref:`X` objects`` and ``:ref:`X` object`` followed to the labelled
//! table, inline), presence (Mandatory), description, and the limits its description states;
//! each property anchored (`x-provenance`: the row's words, each limit's words in `also`).

use std::collections::BTreeSet;

use std::sync::LazyLock;

use regex::Regex;

static RE_SCHEMA_1: LazyLock<Regex> = LazyLock::new(|| Regex::new(r":ref:`[^`<]*<([^>]+)>`").expect("a valid pattern"));
use serde_json::{Map, Value, json};

use crate::limits::limits;
use crate::problem::{Code, Problem};
use crate::quote;
use crate::read::{Doc, Param, ParamTable};

/// What a Type cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A JSON type (`string`, `integer`, `number`, `boolean`, `object`).
    Plain(&'static str),
    /// An array of a JSON type.
    Array(&'static str),
    /// An object whose members are the labelled table.
    Ref(String),
    /// An array of such objects.
    ArrayOfRef(String),
    /// Unknown.
    Unknown,
}

fn plain(word: &str) -> Option<&'static str> {
    let w = word.trim().trim_end_matches('s').to_ascii_lowercase();
    Some(match w.as_str() {
        "string" => "string",
        "integer" | "int" | "long" | "int32" | "int64" => "integer",
        "number" | "float" | "double" | "bigdecimal" => "number",
        "boolean" | "bool" => "boolean",
        "object" => "object",
        _ if w.starts_with("map<") || w.starts_with("map[") || w == "map" => "object",
        _ => return None,
    })
}

/// Reads a Type cell.
pub fn ty(cell: &str) -> Ty {
    let reference = &*RE_SCHEMA_1;
    let cell = cell.replace("\\ ", "");
    if let Some(c) = reference.captures(&cell) {
        let label = c[1].to_ascii_lowercase();
        if cell.trim_start().starts_with("Map") {
            return Ty::Plain("object");
        }
        return if cell.trim_start().starts_with("Array") { Ty::ArrayOfRef(label) } else { Ty::Ref(label) };
    }
    if let Some(rest) = cell.trim().strip_prefix("Array of ") {
        return plain(rest).map_or(Ty::Unknown, Ty::Array);
    }
    if cell.trim().eq_ignore_ascii_case("array") {
        return Ty::Array("any");
    }
    plain(&cell).map_or(Ty::Unknown, Ty::Plain)
}

/// Builds schemas, collecting the problems met.
pub struct Builder<'a> {
    /// The page read.
    pub doc: &'a Doc,
    /// Problems met.
    pub problems: Vec<Problem>,
    visiting: BTreeSet<String>,
}

impl<'a> Builder<'a> {
    /// A builder over `doc`.
    pub fn new(doc: &'a Doc) -> Self {
        Builder { doc, problems: Vec::new(), visiting: BTreeSet::new() }
    }

    /// The object schema of `table` (`pointer` is where it stands in a body; `None` inside arrays).
    pub fn object(&mut self, table: &ParamTable, pointer: Option<&str>) -> Value {
        let mut props = Map::new();
        let mut required = Vec::new();
        for p in &table.params {
            let at = pointer.map(|s| format!("{s}/{}", p.name));
            props.insert(p.name.clone(), self.property(table, p, at.as_deref()));
            if p.mandatory == Some(true) {
                required.push(Value::from(p.name.clone()));
            }
        }
        let mut o = json!({ "type": "object", "properties": props });
        if !required.is_empty() {
            o["required"] = Value::Array(required);
        }
        o
    }

    fn property(&mut self, table: &ParamTable, p: &Param, at: Option<&str>) -> Value {
        let mut s = match ty(&p.ty) {
            Ty::Plain(t) => json!({ "type": t }),
            Ty::Array("any") => json!({ "type": "array" }),
            Ty::Array(t) => json!({ "type": "array", "items": { "type": t } }),
            Ty::Ref(label) => self.nested(&label, p, at),
            Ty::ArrayOfRef(label) => json!({ "type": "array", "items": self.nested(&label, p, None) }),
            Ty::Unknown => {
                self.problems.push(Problem::new(
                    Code::UnknownTypeFormat,
                    p.line,
                    format!("{}: type {:?}", p.name, p.ty),
                ));
                json!({})
            }
        };
        if let Some(d) = p.description.text().split("\n\n").next().filter(|d| !d.is_empty()) {
            s["description"] = d.replace('\n', " ").into();
        }
        let t = s["type"].as_str().unwrap_or_default().to_string();
        let mut also = Vec::new();
        for l in limits(&p.description, &t) {
            s[l.keyword] = l.value.clone();
            also.push(json!({ "section": table.caption, "quote": l.quote }));
        }
        let mut prov = json!({ "section": table.caption, "quote": quote::row(&p.quote) });
        if !also.is_empty() {
            prov["also"] = Value::Array(also);
        }
        s["x-provenance"] = prov;
        s
    }

    fn nested(&mut self, label: &str, p: &Param, at: Option<&str>) -> Value {
        let doc = self.doc;
        let Some(table) = doc.nested.get(label) else {
            self.problems.push(Problem::new(
                Code::NestedTableNotFound,
                p.line,
                format!("{}: no table labelled {label}", p.name),
            ));
            return json!({ "type": "object" });
        };
        if !self.visiting.insert(label.to_string()) {
            return json!({ "type": "object" });
        }
        let o = self.object(table, at);
        self.visiting.remove(label);
        o
    }
}
