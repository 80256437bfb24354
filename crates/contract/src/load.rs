//! Loading `fixtures/`: reads every `<vendor>/<operation>.json`, checks that it holds together
//! (ids, unique names, references between examples, statuses and errata, volatile pointers,
//! the strictness policy's `instance`, `relations` and `closed`, the anchors of `anchored`),
//! and compiles every schema once, the default one and, where an `x-strict` adds a judgement,
//! the strict one. Every failure names the file and the field.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::LoadError;
use crate::keys::KeySchema;
use crate::model::{BodyDoc, Contract, Direction, Example, ResponseDoc};
use crate::schema::{Schema, Violation, Violations};
use crate::strict;

/// Every contract under a fixtures folder, in id order.
#[derive(Debug)]
pub struct Contracts {
    root: PathBuf,
    operations: Vec<Operation>,
    keys: KeySchema,
}

/// One loaded contract with its schemas compiled.
#[derive(Debug)]
pub struct Operation {
    contract: Contract,
    file: PathBuf,
    request_schema: Schema,
    response_schemas: BTreeMap<u16, Schema>,
    strict: Strict,
    items: Vec<crate::anchored::Item>,
    /// The (default) schema of each request body variant in scope, by the discriminator's value.
    variant_schemas: Vec<(String, Schema)>,
    /// The query parameters' schemas.
    pub(crate) query: crate::query::Compiled,
}

/// The schemas under `--strict` (`x-strict` applied), where they differ from the default ones.
#[derive(Debug, Default)]
struct Strict {
    request: Option<Schema>,
    /// The request schema with one erratum's judgements only, per erratum.
    request_each: Vec<(String, Schema)>,
    responses: BTreeMap<u16, Schema>,
    /// The strict schema of each request body variant in scope (when the request is judged).
    variants: Vec<(String, Schema)>,
}

impl Contracts {
    /// Loads every `*.json` one folder below `root` (the `README.md` and other files are ignored).
    pub fn load(root: impl AsRef<Path>) -> Result<Self, LoadError> {
        let root = root.as_ref().to_path_buf();
        let mut files = Vec::new();
        for vendor in read_dir(&root)? {
            if vendor.is_dir() {
                files.extend(read_dir(&vendor)?.into_iter().filter(|p| p.extension().is_some_and(|e| e == "json")));
            }
        }
        files.sort();
        if files.is_empty() {
            return Err(LoadError::Empty { path: root });
        }
        let mut operations = files.iter().map(|f| Operation::load(&root, f)).collect::<Result<Vec<_>, _>>()?;
        operations.sort_by(|a, b| a.contract.id.cmp(&b.contract.id));
        let mut keys = KeySchema::default();
        for o in &operations {
            let c = &o.contract;
            keys.add(&c.id, &c.section, &c.profile).map_err(|m| LoadError::field(&o.file, "profile", m))?;
        }
        Ok(Contracts { root, operations, keys })
    }

    /// Every profile key the fixtures declare: the profile's vocabulary.
    pub fn keys(&self) -> &KeySchema {
        &self.keys
    }

    /// The folder they were loaded from.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// All operations, in id order.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// The operation with this id (`huawei-apig/postpaid-resize`).
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.contract.id == id)
    }
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let io = |source| LoadError::Io { path: dir.to_path_buf(), source };
    std::fs::read_dir(dir).map_err(io)?.map(|e| e.map(|e| e.path()).map_err(io)).collect()
}

impl Operation {
    fn load(root: &Path, file: &Path) -> Result<Self, LoadError> {
        let text =
            std::fs::read_to_string(file).map_err(|source| LoadError::Io { path: file.to_path_buf(), source })?;
        let de = &mut serde_json::Deserializer::from_str(&text);
        let mut contract: Contract = serde_path_to_error::deserialize(de).map_err(|e| {
            let field = e.path().to_string();
            LoadError::field(file, field, e.into_inner().to_string())
        })?;
        crate::sources::fill_sources(&mut contract);
        check(&contract, root, file)?;
        crate::check_meets::check(&contract).map_err(|(field, msg)| LoadError::field(file, field, msg))?;
        crate::anchored::check(&contract).map_err(|(field, msg)| LoadError::field(file, field, msg))?;
        let defs = &contract.defs;
        let default_defs: serde_json::Map<String, Value> =
            defs.iter().map(|(k, v)| (k.clone(), strict::default_schema(v))).collect();
        let strict_defs: serde_json::Map<String, Value> =
            defs.iter().map(|(k, v)| (k.clone(), strict::strict_schema(v))).collect();
        let judged = |s: &Value| !strict::errata(s).is_empty() || defs.values().any(|d| !strict::errata(d).is_empty());
        let compile = |field: String, schema: &Value, defs: &serde_json::Map<String, Value>| {
            Schema::compile(schema, defs)
                .map_err(|msg| LoadError::field(file, field, format!("schema does not compile: {msg}")))
        };
        let request = &contract.request.schema;
        let request_schema = compile("request.schema".into(), &strict::default_schema(request), &default_defs)?;
        let mut strict = Strict::default();
        if judged(request) {
            strict.request = Some(compile("request.schema".into(), &strict::strict_schema(request), &strict_defs)?);
            let mut errata = strict::errata(request);
            errata.extend(defs.values().flat_map(strict::errata));
            for e in errata {
                let each: serde_json::Map<String, Value> =
                    defs.iter().map(|(k, v)| (k.clone(), strict::strict_for(v, &e))).collect();
                let schema = compile("request.schema".into(), &strict::strict_for(request, &e), &each)?;
                strict.request_each.push((e, schema));
            }
        }
        let mut response_schemas = BTreeMap::new();
        for (i, r) in contract.responses.iter().enumerate() {
            if let BodyDoc::Json { schema, .. } = &r.body {
                let field = format!("responses[{i}].body.schema");
                response_schemas
                    .insert(r.status, compile(field.clone(), &strict::default_schema(schema), &default_defs)?);
                if judged(schema) {
                    strict.responses.insert(r.status, compile(field, &strict::strict_schema(schema), &strict_defs)?);
                }
            }
        }
        let items = crate::anchored::items(&contract);
        let query = crate::query::compile(&contract).map_err(|(field, msg)| LoadError::field(file, field, msg))?;
        let mut op = Operation {
            contract,
            file: file.to_path_buf(),
            request_schema,
            response_schemas,
            strict,
            items,
            variant_schemas: Vec::new(),
            query,
        };
        let variants = op.variants().map_err(|m| LoadError::field(file, "request.variants", m))?;
        let request = &op.contract.request.schema;
        let (default_request, strict_request) = (strict::default_schema(request), strict::strict_schema(request));
        for v in variants {
            let field = format!("request.schema{}", v.branch);
            let branch = default_request.pointer(&v.branch).cloned().unwrap_or_default();
            op.variant_schemas.push((v.name.clone(), compile(field.clone(), &branch, &default_defs)?));
            if op.strict.request.is_some() {
                let branch = strict_request.pointer(&v.branch).cloned().unwrap_or_default();
                op.strict.variants.push((v.name, compile(field, &branch, &strict_defs)?));
            }
        }
        Ok(op)
    }

    /// The contract as written (sources filled in).
    pub fn contract(&self) -> &Contract {
        &self.contract
    }

    /// Every anchored item, in file order ([`crate::anchored::items`]).
    pub fn items(&self) -> &[crate::anchored::Item] {
        &self.items
    }

    /// The anchored item held by `field` (`responses[0]`, `request.schema#/properties/name`).
    pub fn item(&self, field: &str) -> Option<&crate::anchored::Item> {
        self.items.iter().find(|i| i.field == field)
    }

    /// `<vendor>/<operation>`.
    pub fn id(&self) -> &str {
        &self.contract.id
    }

    /// The fixture file it came from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The response documented for `status`.
    pub fn response(&self, status: u16) -> Option<&ResponseDoc> {
        self.contract.responses.iter().find(|r| r.status == status)
    }

    /// The example called `name`.
    pub fn example(&self, name: &str) -> Option<&Example> {
        self.contract.examples.iter().find(|e| e.name == name)
    }

    /// The response examples for `status`, in file order.
    pub fn examples_for(&self, status: u16) -> impl Iterator<Item = &Example> {
        self.contract.examples.iter().filter(move |e| e.direction == Direction::Response && e.status == Some(status))
    }

    /// The compiled request schema.
    pub fn request_schema(&self) -> &Schema {
        &self.request_schema
    }

    /// The compiled response schema for `status`, when its body is JSON.
    pub fn response_schema(&self, status: u16) -> Option<&Schema> {
        self.response_schemas.get(&status)
    }

    /// Checks a request body against the default schema (the page's words) and the byte limits.
    pub fn validate_request(&self, body: &Value) -> Result<(), Violations> {
        self.validate_request_with(&self.request_schema, &self.variant_schemas, body)
    }

    /// Checks a request body against the strict schema (`x-strict` applied: the fixture's
    /// judgements too) and the byte limits: what the bundled stub and `--strict` hold.
    pub fn validate_request_strict(&self, body: &Value) -> Result<(), Violations> {
        match &self.strict.request {
            Some(s) => self.validate_request_with(s, &self.strict.variants, body),
            None => self.validate_request(body),
        }
    }

    /// For a body the default schema accepts and the strict one refuses: the errata (ids) whose
    /// judgements alone refuse it. Empty when the page's words refuse it, or nothing does.
    /// Only the violations at the members in `edited` (JSON pointers, with what is under them)
    /// and at the body's root count; with `edited` empty, all of them.
    pub fn refused_only_by_judgement(&self, body: &Value, edited: &[String]) -> Vec<&str> {
        let relevant = |v: &Violations| {
            v.0.iter().any(|v| {
                v.pointer.is_empty()
                    || edited.is_empty()
                    || edited.iter().any(|p| v.pointer == *p || v.pointer.starts_with(&format!("{p}/")))
            })
        };
        if self.strict.request.is_none() || self.validate_request(body).as_ref().is_err_and(relevant) {
            return Vec::new();
        }
        let refuses = |s: &Schema| self.validate_request_with(s, &[], body).as_ref().is_err_and(relevant);
        self.strict.request_each.iter().filter(|(_, s)| refuses(s)).map(|(e, _)| e.as_str()).collect()
    }

    /// Checks `body` against `schema`, or, when it names a variant in `variants`, against that
    /// variant's schema alone (so its violations are that variant's, not "none of the
    /// branches"), and the byte limits.
    fn validate_request_with(
        &self,
        schema: &Schema,
        variants: &[(String, Schema)],
        body: &Value,
    ) -> Result<(), Violations> {
        let variant = self.contract.request.variants.as_ref().and_then(|v| body.get(&v.discriminator)?.as_str());
        let schema = variant.and_then(|name| variants.iter().find(|(n, _)| n == name)).map_or(schema, |(_, s)| s);
        let mut found = match schema.validate(body) {
            Ok(()) => Vec::new(),
            Err(Violations(v)) => v,
        };
        for c in &self.contract.request.constraints {
            if let Some(Value::String(s)) = body.pointer(&c.pointer)
                && s.len() > c.max_bytes
            {
                found.push(Violation {
                    pointer: c.pointer.clone(),
                    message: format!(
                        "{} bytes is longer than the documented maximum of {} bytes",
                        s.len(),
                        c.max_bytes
                    ),
                });
            }
        }
        if found.is_empty() { Ok(()) } else { Err(Violations(found)) }
    }

    /// Checks a response body against the schema documented for `status` (default schema).
    pub fn validate_response(&self, status: u16, body: &Value) -> Result<(), Violations> {
        self.validate_response_as(status, body, false)
    }

    /// Checks a response body against the default schema, or with `strict` the strict one.
    pub fn validate_response_as(&self, status: u16, body: &Value, strict: bool) -> Result<(), Violations> {
        let one = |message: String| Err(Violations(vec![Violation { pointer: String::new(), message }]));
        let schema = match strict.then(|| self.strict.responses.get(&status)).flatten() {
            Some(s) => Some(s),
            None => self.response_schemas.get(&status),
        };
        match (self.response(status), schema) {
            (None, _) => one(format!("status {status} is not documented for {}", self.id())),
            (Some(_), Some(schema)) => schema.validate(body),
            (Some(_), None) => one(format!("status {status} of {} has no JSON body schema", self.id())),
        }
    }
}

/// Structural checks the serde types cannot express.
fn check(c: &Contract, root: &Path, file: &Path) -> Result<(), LoadError> {
    let bad = |field: &str, msg: String| Err(LoadError::field(file, field, msg));
    let expected_id = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let expected_id = expected_id.to_string_lossy().replace('\\', "/");
    if c.id != expected_id || c.id != format!("{}/{}", c.vendor, c.operation) {
        return bad("id", format!("`{}` must equal the file's path `{expected_id}` and `vendor/operation`", c.id));
    }
    let params: BTreeSet<&str> = c.path_params.iter().map(|p| p.name.as_str()).collect();
    let in_template: BTreeSet<&str> =
        c.path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)).collect();
    if params != in_template {
        return bad("path_params", format!("{params:?} differ from the placeholders of `{}`: {in_template:?}", c.path));
    }
    let errata: BTreeSet<&str> = c.errata.iter().map(|e| e.id.as_str()).collect();
    if errata.len() != c.errata.len() {
        return bad("errata", "erratum ids must be unique".into());
    }
    let mut statuses = BTreeSet::new();
    for (i, r) in c.responses.iter().enumerate() {
        if !statuses.insert(r.status) {
            return bad(&format!("responses[{i}].status"), format!("status {} listed twice", r.status));
        }
        if !r.documented && !r.erratum.as_deref().is_some_and(|e| errata.contains(e)) {
            return bad(
                &format!("responses[{i}].erratum"),
                "an undocumented status must name an existing erratum".into(),
            );
        }
    }
    let mut names = BTreeSet::new();
    for (i, e) in c.examples.iter().enumerate() {
        let at = |f: &str| format!("examples[{i}].{f}");
        if !names.insert(e.name.as_str()) {
            return bad(&at("name"), format!("example `{}` named twice", e.name));
        }
        if e.body.is_some() && e.text.is_some() {
            return bad(&at("text"), "an example has a JSON `body` or a `text`, not both".into());
        }
        match (e.direction, e.status) {
            (Direction::Request, Some(_)) => return bad(&at("status"), "a request example has no status".into()),
            (Direction::Response, None) => return bad(&at("status"), "a response example needs a status".into()),
            (Direction::Response, Some(s)) if !statuses.contains(&s) => {
                return bad(&at("status"), format!("status {s} is not in `responses`"));
            }
            _ => {}
        }
        if let Some(a) = &e.answers {
            let ok = c.examples.iter().any(|r| &r.name == a && r.direction == Direction::Request);
            if !ok {
                return bad(&at("answers"), format!("no request example named `{a}`"));
            }
        }
        for (j, v) in e.volatile.iter().enumerate() {
            let body = e.body.as_ref();
            if body.and_then(|b| b.pointer(&v.pointer)).is_none() {
                return bad(&at(&format!("volatile[{j}].pointer")), format!("`{}` is not in the body", v.pointer));
            }
            if v.format.is_none() && v.template.is_none() && v.echoes.is_none() {
                return bad(&at(&format!("volatile[{j}]")), "needs a `format`, a `template` or `echoes`".into());
            }
            if let Some(echo) = &v.echoes {
                let known = match echo.split_once(':') {
                    Some(("path", p)) => params.contains(p),
                    Some(("body", p)) => p.starts_with('/'),
                    _ => false,
                };
                if !known {
                    return bad(
                        &at(&format!("volatile[{j}].echoes")),
                        format!("`{echo}` is not `path:<param>` or `body:/<pointer>`"),
                    );
                }
                let own = body.and_then(|b| b.pointer(&v.pointer));
                let declared = echo.strip_prefix("path:").and_then(|p| c.path_params.iter().find(|d| d.name == p));
                if let (Some(d), Some(own)) = (declared, own) {
                    let numeric = matches!(d.ty.as_str(), "integer" | "number");
                    if numeric != own.is_number() {
                        return bad(
                            &at(&format!("volatile[{j}].echoes")),
                            format!("path parameter `{}` is of type {}: the echo of it is {own}", d.name, d.ty),
                        );
                    }
                }
            }
        }
        crate::check_policy::check_policy(e, &at).map_err(|(field, msg)| LoadError::field(file, field, msg))?;
    }
    Ok(())
}
