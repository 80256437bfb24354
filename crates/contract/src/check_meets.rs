//! Checks of how a fixture says its operation meets a target ([`crate::meets`]): every key it
//! binds or maps a credential to is declared, with the type the use needs; every path
//! parameter has one binding; every body binding names a value some request example has;
//! every credential slot is the scheme's, and its required slots are mapped to secret keys;
//! answers, effects on state and the resource name what the contract has; every `change`
//! binding changes an attribute a success sets on the resource, names the key of its start
//! value, and the resource has a request that sets it back. The error is `(field, message)`, as
//! the loader reports it with the file.

use std::collections::BTreeSet;

use crate::meets::{At, KeyType, Source};
use crate::model::{Contract, Direction};

type Problem = (String, String);

fn bad<T>(field: impl Into<String>, message: impl Into<String>) -> Result<T, Problem> {
    Err((field.into(), message.into()))
}

/// Every check; the first problem found.
pub(crate) fn check(c: &Contract) -> Result<(), Problem> {
    if c.section.is_empty() || c.section.split('.').any(str::is_empty) {
        return bad("section", "name the profile table of the operation (`vendor` or `vendor.part`)");
    }
    let mut declared = BTreeSet::new();
    for (i, k) in c.profile.iter().enumerate() {
        let at = |f: &str| format!("profile[{i}].{f}");
        if !k.key.contains('.') || k.key.split('.').any(str::is_empty) {
            return bad(at("key"), format!("`{}` must be `<table>.<key>`", k.key));
        }
        if k.key.ends_with(".base_url") {
            return bad(at("key"), "a table's base_url is implied by `section`: do not declare it");
        }
        if !declared.insert(k.key.as_str()) {
            return bad(at("key"), format!("`{}` declared twice", k.key));
        }
        if k.secret && k.ty != KeyType::String {
            return bad(at("type"), "a secret is a string");
        }
        for (f, v) in [("stub", &k.stub), ("stub_other", &k.stub_other)] {
            if let Some(v) = v
                && !fits(k.ty, v)
            {
                return bad(at(f), format!("{v} is not of type {:?}", k.ty));
            }
        }
        if k.description.trim().is_empty() {
            return bad(at("description"), "say what the key is");
        }
    }
    let ty = |key: &str| c.profile.iter().find(|k| k.key == key).map(|k| (k.ty, k.secret));
    let key_of = |field: &str, key: &str, want: Option<KeyType>| -> Result<(), Problem> {
        match (ty(key), want) {
            (None, _) => bad(field, format!("`{key}` is not declared in `profile`")),
            (Some((t, _)), Some(w)) if t != w => bad(field, format!("`{key}` is {t:?}; this use needs {w:?}")),
            _ => Ok(()),
        }
    };
    check_auth(c, &key_of, &ty)?;
    check_bindings(c, &key_of)?;
    for (name, s) in &c.values {
        check_source(&format!("values.{name}"), s, &key_of)?;
    }
    check_responses(c)?;
    check_changes(c)?;
    if let Some(r) = &c.resource {
        let params: BTreeSet<&str> = c.path_params.iter().map(|p| p.name.as_str()).collect();
        for name in r.path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n)) {
            let ok = params.contains(name) || name.strip_prefix("body:").is_some_and(|p| p.starts_with('/'));
            if !ok {
                return bad("resource.path", format!("`{{{name}}}` is neither a path parameter nor `body:/<pointer>`"));
            }
        }
    }
    Ok(())
}

fn fits(ty: KeyType, v: &serde_json::Value) -> bool {
    match ty {
        KeyType::String => v.is_string(),
        KeyType::Integer => v.is_i64(),
        KeyType::Boolean => v.is_boolean(),
        KeyType::Integers => v.as_array().is_some_and(|a| a.iter().all(serde_json::Value::is_i64)),
    }
}

type KeyOf<'a> = dyn Fn(&str, &str, Option<KeyType>) -> Result<(), Problem> + 'a;

fn check_auth(c: &Contract, key_of: &KeyOf<'_>, ty: &dyn Fn(&str) -> Option<(KeyType, bool)>) -> Result<(), Problem> {
    let slots = c.auth.scheme.slots();
    for (slot, key) in &c.auth.credentials {
        let field = format!("auth.credentials.{slot}");
        let Some(s) = slots.iter().find(|s| s.name == slot) else {
            let names: Vec<&str> = slots.iter().map(|s| s.name).collect();
            return bad(
                field,
                format!("{} has no slot `{slot}` (its slots: {})", c.auth.scheme.name(), names.join(", ")),
            );
        };
        key_of(&field, key, Some(s.ty))?;
        if s.secret && !ty(key).is_some_and(|(_, secret)| secret) {
            return bad(field, format!("`{key}` holds a credential: declare it `\"secret\": true`"));
        }
    }
    if let Some(s) = slots.iter().find(|s| s.required && !c.auth.credentials.contains_key(s.name)) {
        return bad(
            "auth.credentials",
            format!("{} needs the slot `{}` mapped to a key", c.auth.scheme.name(), s.name),
        );
    }
    for (i, a) in c.auth.allowances.iter().enumerate() {
        key_of(&format!("auth.allowances[{i}].pool"), &a.pool, None)?;
        if a.why.trim().is_empty() {
            return bad(format!("auth.allowances[{i}].why"), "say why the account has this limit");
        }
    }
    Ok(())
}

fn check_source(field: &str, s: &Source, key_of: &KeyOf<'_>) -> Result<(), Problem> {
    match s {
        Source::Key(k) => key_of(field, k, None),
        Source::Change { target, current } => {
            key_of(&format!("{field}.change.target"), target, None)?;
            current.as_deref().map_or(Ok(()), |k| key_of(&format!("{field}.change.current"), k, None))
        }
        Source::Pick { key, .. } => key_of(&format!("{field}.pick.key"), key, Some(KeyType::Integers)),
        Source::Name { prefix, .. } => {
            prefix.as_deref().map_or(Ok(()), |k| key_of(&format!("{field}.name.prefix"), k, Some(KeyType::String)))
        }
        Source::Created(_) => Ok(()),
        Source::Template(parts) => {
            parts.iter().try_for_each(|(name, s)| check_source(&format!("{field}.template.{name}"), s, key_of))
        }
    }
}

fn check_bindings(c: &Contract, key_of: &KeyOf<'_>) -> Result<(), Problem> {
    let requests: Vec<&serde_json::Value> =
        c.examples.iter().filter(|e| e.direction == Direction::Request).filter_map(|e| e.body.as_ref()).collect();
    let mut seen = BTreeSet::new();
    for (i, b) in c.bindings.iter().enumerate() {
        let field = format!("bindings[{i}]");
        if !seen.insert(&b.at) {
            return bad(format!("{field}.at"), format!("`{}` is bound twice", b.at));
        }
        match &b.at {
            At::Path(p) if !c.path_params.iter().any(|x| &x.name == p) => {
                return bad(format!("{field}.at"), format!("`{p}` is not a path parameter"));
            }
            At::Query(p) if !c.query_params.iter().any(|x| &x.name == p) => {
                return bad(format!("{field}.at"), format!("`{p}` is not a query parameter"));
            }
            At::Body(p) if !requests.iter().any(|r| r.pointer(p).is_some()) => {
                return bad(format!("{field}.at"), format!("no request example has `{p}`"));
            }
            _ => {}
        }
        check_source(&format!("{field}.from"), &b.from, key_of)?;
    }
    for p in &c.path_params {
        if !seen.contains(&At::Path(p.name.clone())) {
            return bad("bindings", format!("path parameter `{}` has no binding", p.name));
        }
    }
    Ok(())
}

fn check_responses(c: &Contract) -> Result<(), Problem> {
    let errata: BTreeSet<&str> = c.errata.iter().map(|e| e.id.as_str()).collect();
    let answers = c
        .responses
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((format!("responses[{i}].answer"), r.status, r.answer.as_ref()?)));
    let stub = c
        .error_body
        .iter()
        .flat_map(|e| e.stub_answers.iter().map(|(k, a)| (format!("error_body.stub_answers.{k}"), 0, a)));
    for (field, status, a) in answers.chain(stub) {
        if let Some(name) = &a.example {
            let ok = c
                .examples
                .iter()
                .any(|e| &e.name == name && e.direction == Direction::Response && e.status == Some(status));
            if !ok {
                return bad(format!("{field}.example"), format!("no response example `{name}` for status {status}"));
            }
        }
        if let Some(e) = &a.erratum
            && !errata.contains(e.as_str())
        {
            return bad(format!("{field}.erratum"), format!("no erratum `{e}`"));
        }
        if a.example.is_none() && a.text.is_none() && c.error_body.is_none() && !a.fields.is_empty() {
            return bad(field, "`fields` fill the contract's `error_body` template, which it does not have");
        }
    }
    for (i, r) in c.responses.iter().enumerate() {
        let given = |name: &str| {
            let answered = r.answer.as_ref().is_some_and(|a| a.headers.keys().any(|k| k.eq_ignore_ascii_case(name)));
            let created =
                r.state.as_ref().and_then(|s| s.creates.as_ref()).is_some_and(|c| c.header.eq_ignore_ascii_case(name));
            answered || created
        };
        if let Some((j, h)) = r.headers.iter().enumerate().find(|(_, h)| h.required && !given(&h.name)) {
            return bad(
                format!("responses[{i}].headers[{j}]"),
                format!(
                    "the stub has no value of {}: give one in `answer.headers` (or name a created resource by it)",
                    h.name
                ),
            );
        }
    }
    if let Some((i, r)) =
        c.responses.iter().enumerate().find(|(_, r)| r.when.is_some() && !(200..300).contains(&r.status))
    {
        return bad(
            format!("responses[{i}].when"),
            format!("{} is no success: only a 2xx is chosen by a request value", r.status),
        );
    }
    let successes = c.responses.iter().filter(|r| (200..300).contains(&r.status));
    if successes.clone().next().is_some() && successes.clone().all(|r| r.when.is_some()) {
        return bad("responses", "every success has a `when`: one without says what any other request gets");
    }
    if let Some((i, r)) = c.responses.iter().enumerate().find(|(_, r)| r.provoked.is_some() && r.status < 400) {
        return bad(
            format!("responses[{i}].provoked"),
            format!("{} is no error: a request gets it, nothing provokes it", r.status),
        );
    }
    for (i, r) in c.responses.iter().enumerate() {
        let Some(state) = &r.state else { continue };
        let field = format!("responses[{i}].state");
        if !(200..300).contains(&r.status) {
            return bad(field, "only a success changes the resource");
        }
        let sets = state.set.iter().chain(state.creates.iter().flat_map(|k| k.attributes.iter()));
        if let Some((name, at)) = sets.into_iter().find(|(_, at)| !matches!(at, At::Body(_))) {
            return bad(field, format!("attribute `{name}` comes from `{at}`: only `body:` values are set"));
        }
        if let Some(k) = &state.creates {
            let ok = c.examples.iter().any(|e| e.name == k.setup.example && e.direction == Direction::Request);
            if !ok {
                return bad(
                    format!("{field}.creates.setup.example"),
                    format!("no request example `{}`", k.setup.example),
                );
            }
        }
    }
    Ok(())
}

/// What a `change` binding changes: an attribute of the operation's resource that a success
/// sets from its pointer, whose start value (`current`) a run needs to set it back with the
/// resource's `restore` request example.
fn check_changes(c: &Contract) -> Result<(), Problem> {
    let sets: Vec<&At> = c
        .responses
        .iter()
        .filter(|r| (200..300).contains(&r.status))
        .filter_map(|r| r.state.as_ref())
        .flat_map(|s| s.set.values())
        .collect();
    let mut pointers = Vec::new();
    for (i, b) in c.bindings.iter().enumerate() {
        let Source::Change { current, .. } = &b.from else { continue };
        let field = format!("bindings[{i}].from.change");
        let At::Body(pointer) = &b.at else {
            return bad(format!("bindings[{i}].at"), "a change is a value of the request body");
        };
        if c.resource.is_none() {
            return bad(field, "a change changes the operation's `resource`, which it does not have");
        }
        if !sets.contains(&&b.at) {
            return bad(field, format!("no success's `state.set` sets an attribute from `{pointer}`"));
        }
        if current.is_none() {
            return bad(
                format!("{field}.current"),
                "name the key of the resource's value at the start: a run sets the resource back to it",
            );
        }
        pointers.push(pointer.as_str());
    }
    let Some(r) = &c.resource else { return Ok(()) };
    if let Some(s) = &r.settle
        && s.why.trim().is_empty()
    {
        return bad("resource.settle.why", "say where the time comes from");
    }
    if pointers.is_empty() {
        return Ok(());
    }
    let requests = c.examples.iter().filter(|e| e.direction == Direction::Request);
    let has_all = |b: &serde_json::Value| pointers.iter().all(|p| b.pointer(p).is_some());
    match &r.restore {
        Some(name) => match requests.clone().find(|e| &e.name == name) {
            Some(e) if e.body.as_ref().is_some_and(has_all) => Ok(()),
            Some(_) => {
                bad("resource.restore", format!("`{name}` lacks a pointer of the change bindings ({pointers:?})"))
            }
            None => bad("resource.restore", format!("no request example `{name}`")),
        },
        None if requests.filter_map(|e| e.body.as_ref()).any(has_all) => Ok(()),
        None => bad("resource", "no request example has every change binding's pointer: name a `restore` example"),
    }
}
