//! A request body with variants: `anyOf` or `oneOf` branches told apart by a discriminator
//! member (`type`: `"resize"`, `"reboot"`), of which the fixture says which are in scope
//! (`request.variants`, anchored by its `provenance`). A variant in scope is served and
//! tested: the stub validates a body by the variant its discriminator names, scenarios are
//! written per variant (each rests on the variants' anchor), and the request constraint
//! mutations are generated per variant (`ignores-length-resize.size`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::load::Operation;

/// The variants of a request body the fixture holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variants {
    /// The top-level member whose value names the variant (`type`).
    pub discriminator: String,
    /// The variants in scope, by the discriminator's value; a branch of the schema each.
    pub in_scope: Vec<String>,
    /// The page's words that name the discriminator and the variants (required at load: a
    /// quote, or an erratum); a scenario whose body is a variant in scope rests on them.
    #[serde(default, skip_serializing_if = "crate::model::Provenance::is_unset")]
    pub provenance: crate::model::Provenance,
}

/// One variant in scope: its name and the branch of the request schema (`/anyOf/0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The discriminator's value.
    pub name: String,
    /// The JSON pointer of its branch in the request schema.
    pub branch: String,
}

/// The discriminator's value a branch requires (`properties.<d>.const`, or a one-value `enum`).
fn names(branch: &Value, defs: &serde_json::Map<String, Value>, d: &str) -> Option<String> {
    let branch = match branch.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => defs.get(name)?,
        None => branch,
    };
    let member = branch.pointer(&format!("/properties/{d}"))?;
    let value =
        member.get("const").or_else(|| member.get("enum").and_then(Value::as_array).filter(|a| a.len() == 1)?.first());
    value.and_then(Value::as_str).map(String::from)
}

impl Operation {
    /// The request body's variants in scope, each with its branch; empty without
    /// `request.variants`. `Err` names a variant in scope no branch of the schema requires.
    pub fn variants(&self) -> Result<Vec<Variant>, String> {
        let c = self.contract();
        let Some(v) = &c.request.variants else { return Ok(Vec::new()) };
        let (key, branches) = ["anyOf", "oneOf"]
            .iter()
            .find_map(|k| Some((*k, c.request.schema.get(*k)?.as_array()?)))
            .ok_or("`request.variants` needs a request schema of `anyOf` or `oneOf` branches")?;
        v.in_scope
            .iter()
            .map(|name| {
                let i = branches.iter().position(|b| names(b, &c.defs, &v.discriminator).as_deref() == Some(name));
                let i = i.ok_or_else(|| format!("no branch of `{key}` has {} `{name}`", v.discriminator))?;
                Ok(Variant { name: name.clone(), branch: format!("/{key}/{i}") })
            })
            .collect()
    }

    /// The variant in scope a request body names by its discriminator, if any.
    pub fn variant_of(&self, body: &Value) -> Option<Variant> {
        let d = &self.contract().request.variants.as_ref()?.discriminator;
        let name = body.get(d)?.as_str()?;
        self.variants().ok()?.into_iter().find(|v| v.name == name)
    }
}
