//! Loading `fixtures/`: reads every `<vendor>/<operation>.json`, checks that it holds together
//! (ids, unique names, references between examples, statuses and errata, volatile pointers,
//! the strictness policy's `instance`, `relations` and `closed`), and compiles every schema
//! once. Every failure names the file and the field.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::LoadError;
use crate::keys::KeySchema;
use crate::model::{BodyDoc, Contract, Direction, Example, Format, Provenance, Relation, ResponseDoc};
use crate::policy::{Pattern, broken};
use crate::schema::{Schema, Violation, Violations};

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
        fill_sources(&mut contract);
        check(&contract, root, file)?;
        crate::check_meets::check(&contract).map_err(|(field, msg)| LoadError::field(file, field, msg))?;
        let err =
            |field: String| move |msg: String| LoadError::field(file, field, format!("schema does not compile: {msg}"));
        let request_schema =
            Schema::compile(&contract.request.schema, &contract.defs).map_err(err("request.schema".into()))?;
        let mut response_schemas = BTreeMap::new();
        for (i, r) in contract.responses.iter().enumerate() {
            if let BodyDoc::Json { schema, .. } = &r.body {
                let s = Schema::compile(schema, &contract.defs).map_err(err(format!("responses[{i}].body.schema")))?;
                response_schemas.insert(r.status, s);
            }
        }
        Ok(Operation { contract, file: file.to_path_buf(), request_schema, response_schemas })
    }

    /// The contract as written (sources filled in).
    pub fn contract(&self) -> &Contract {
        &self.contract
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

    /// Checks a request body against the schema and the byte limits.
    pub fn validate_request(&self, body: &Value) -> Result<(), Violations> {
        let mut found = match self.request_schema.validate(body) {
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

    /// Checks a response body against the schema documented for `status`.
    pub fn validate_response(&self, status: u16, body: &Value) -> Result<(), Violations> {
        let one = |message: String| Err(Violations(vec![Violation { pointer: String::new(), message }]));
        match (self.response(status), self.response_schemas.get(&status)) {
            (None, _) => one(format!("status {status} is not documented for {}", self.id())),
            (Some(_), Some(schema)) => schema.validate(body),
            (Some(_), None) => one(format!("status {status} of {} has no JSON body schema", self.id())),
        }
    }
}

fn fill_sources(c: &mut Contract) {
    let source = c.source.clone();
    let fill = |p: &mut Provenance| {
        if p.source.is_empty() {
            p.source.clone_from(&source);
        }
    };
    fill(&mut c.provenance);
    fill(&mut c.auth.provenance);
    c.path_params.iter_mut().for_each(|p| fill(&mut p.provenance));
    c.request_headers.iter_mut().for_each(|h| fill(&mut h.provenance));
    fill(&mut c.request.provenance);
    c.request.constraints.iter_mut().for_each(|k| fill(&mut k.provenance));
    for r in &mut c.responses {
        fill(&mut r.provenance);
        r.headers.iter_mut().for_each(|h| fill(&mut h.provenance));
        match &mut r.body {
            BodyDoc::Json { provenance, .. }
            | BodyDoc::Text { provenance, .. }
            | BodyDoc::None { provenance }
            | BodyDoc::Unspecified { provenance } => fill(provenance),
        }
    }
    for e in &mut c.examples {
        fill(&mut e.provenance);
        e.closed.iter_mut().for_each(|k| fill(&mut k.provenance));
    }
    c.rules.iter_mut().for_each(|r| fill(&mut r.provenance));
    if let Some(p) = c.resource.as_mut().and_then(|r| r.settle.as_mut()).and_then(|s| s.provenance.as_mut()) {
        fill(p);
    }
    if let Some(e) = c.error_body.as_mut() {
        fill(&mut e.provenance);
    }
    c.errata.iter_mut().for_each(|e| fill(&mut e.provenance));
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
            }
        }
        check_policy(e, &at).map_err(|(field, msg)| LoadError::field(file, field, msg))?;
    }
    Ok(())
}

/// The strictness policy's parts of an example: `instance`, `relations`, `closed`. The error
/// is (field, message).
fn check_policy(e: &Example, at: &dyn Fn(&str) -> String) -> Result<(), (String, String)> {
    if e.instance.is_empty() && e.relations.is_empty() && e.closed.is_empty() {
        return Ok(());
    }
    let Some(body) = e.body.as_ref() else {
        return Err((at("instance"), "`instance`, `relations` and `closed` need a JSON `body`".into()));
    };
    let expand = |field: String, pointer: &str| -> Result<Vec<String>, (String, String)> {
        let found = Pattern::parse(pointer).map(|p| p.expand(body)).unwrap_or_default();
        if found.is_empty() { Err((field, format!("`{pointer}` is not in the body"))) } else { Ok(found) }
    };
    let volatile: BTreeSet<&str> = e.volatile.iter().map(|v| v.pointer.as_str()).collect();
    let mut covered: BTreeMap<String, Option<Format>> = BTreeMap::new();
    for (j, inst) in e.instance.iter().enumerate() {
        let field = |f: &str| at(&format!("instance[{j}]{f}"));
        if inst.why.trim().is_empty() {
            return Err((field(".why"), "say why this is the target's data".into()));
        }
        if inst.format == Some(Format::SelfLink) {
            return Err((field(".format"), "a self-link depends on the request: make it volatile".into()));
        }
        for p in expand(field(".pointer"), &inst.pointer)? {
            if volatile.contains(p.as_str()) {
                return Err((field(".pointer"), format!("`{p}` is volatile already")));
            }
            let value = body.pointer(&p).and_then(Value::as_str);
            if let Some(f) = inst.format
                && !value.is_some_and(|s| f.accepts(s, ""))
            {
                return Err((field(".format"), format!("the example's value at `{p}` is not of the form {f:?}")));
            }
            covered.insert(p, inst.format);
        }
    }
    for (j, r) in e.relations.iter().enumerate() {
        let field = |f: &str| at(&format!("relations[{j}]{f}"));
        let (why, pointers, if_present): (_, Vec<(String, &String)>, &[String]) = match r {
            Relation::Sum { total, parts, why } => {
                if parts.is_empty() {
                    return Err((field(".parts"), "a sum needs parts".into()));
                }
                let mut all = vec![(field(".total"), total)];
                all.extend(parts.iter().enumerate().map(|(k, p)| (field(&format!(".parts[{k}]")), p)));
                (why, all, &[])
            }
            Relation::Same { pointers, if_present, why } => {
                if pointers.len() + if_present.len() < 2 || pointers.is_empty() {
                    return Err((field(".pointers"), "`same` needs two values or more".into()));
                }
                let all = pointers.iter().enumerate().map(|(k, p)| (field(&format!(".pointers[{k}]")), p)).collect();
                (why, all, if_present.as_slice())
            }
        };
        if why.trim().is_empty() {
            return Err((field(".why"), "say where the page shows the relation".into()));
        }
        for (f, p) in pointers {
            match covered.get(p.as_str()) {
                None => return Err((f, format!("`{p}` is not an instance value of the body"))),
                Some(format) if matches!(r, Relation::Sum { .. }) && *format != Some(Format::Decimal) => {
                    return Err((f, format!("`{p}` is summed, so its instance entry needs format `decimal`")));
                }
                Some(_) => {}
            }
        }
        for (k, p) in if_present.iter().enumerate() {
            if !p.starts_with('/') || body.pointer(p).is_some() {
                return Err((
                    field(&format!(".if_present[{k}]")),
                    format!("`{p}` must be a pointer the example does not have (else list it in `pointers`)"),
                ));
            }
        }
        if let Some(v) = broken(r, body).first() {
            return Err((field(""), format!("the example itself breaks it: {v}")));
        }
    }
    for (j, k) in e.closed.iter().enumerate() {
        let field = |f: &str| at(&format!("closed[{j}]{f}"));
        if k.provenance.section.trim().is_empty() {
            return Err((field(".provenance"), "name where the page says the object is closed".into()));
        }
        for p in expand(field(".pointer"), &k.pointer)? {
            if !body.pointer(&p).is_some_and(Value::is_object) {
                return Err((field(".pointer"), format!("`{p}` is not an object")));
            }
        }
    }
    Ok(())
}
