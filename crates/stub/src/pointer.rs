//! JSON pointers (RFC 6901) read per request without allocating: what [`Value::pointer`] finds,
//! token for token (`~1` → `/`, then `~0` → `~`; array indices without sign or leading zero),
//! but with each token borrowed unless it has an escape, and small objects searched by
//! comparing keys rather than hashing them.

use serde_json::{Map, Value};

/// Objects with at most this many members are searched by comparing keys, not hashing: for
/// the few short keys of a request or example body that is the cheaper way to the same member.
const SCAN_MAX: usize = 8;

/// The value at `pointer` in `value`, as [`Value::pointer`] finds it.
pub(crate) fn get<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').try_fold(value, |target, token| {
        let token = conformance_contract::unescape_token(token);
        match target {
            Value::Object(map) => member(map, &token),
            Value::Array(list) => index(&token).and_then(|i| list.get(i)),
            _ => None,
        }
    })
}

fn member<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    if map.len() > SCAN_MAX {
        return map.get(key);
    }
    map.iter().find_map(|(k, v)| (k == key).then_some(v))
}

/// An array index token as [`Value::pointer`] reads it: digits, no sign, no leading zero.
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn finds_what_value_pointer_finds() {
        let mut big = Map::new();
        for i in 0..20 {
            big.insert(format!("k{i}"), json!(i));
        }
        let v = json!({
            "a": { "b": [10, { "c": "x" }], "": 1, "d/e": 2, "f~g": 3 },
            "big": Value::Object(big),
            "n": null
        });
        for p in [
            "", "/", "/a", "/a/b", "/a/b/0", "/a/b/1/c", "/a/b/01", "/a/b/+1", "/a/b/2", "/a/", "/a/d~1e", "/a/f~0g",
            "/a/d/e", "/big/k7", "/big/k19", "/big/k20", "/n", "/n/x", "a", "/missing",
        ] {
            assert_eq!(get(&v, p), v.pointer(p), "pointer {p:?}");
        }
    }
}
