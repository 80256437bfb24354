//! A routed request's path parameters: the names the route's template gives, the values
//! percent-decoded from the path (borrowed unless a segment had a `%`). A route has a handful at
//! most, so a look-up compares names rather than hashing one; a name the template repeats has
//! its last segment's value, as a map filled in path order would.

use std::borrow::Cow;
use std::collections::BTreeMap;

/// The path parameters of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Params<'a> {
    items: Vec<(&'a str, Cow<'a, str>)>,
}

impl<'a> Params<'a> {
    /// None.
    pub(crate) const fn new() -> Params<'a> {
        Params { items: Vec::new() }
    }

    /// Room for `n` parameters.
    pub(crate) fn with_capacity(n: usize) -> Params<'a> {
        Params { items: Vec::with_capacity(n) }
    }

    /// Adds parameter `name` with its decoded `value`.
    pub(crate) fn push(&mut self, name: &'a str, value: Cow<'a, str>) {
        self.items.push((name, value));
    }

    /// The value of parameter `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.items.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v.as_ref())
    }

    /// Every parameter, in path order.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items.iter().map(|(n, v)| (*n, v.as_ref()))
    }

    /// The parameters as a map by name (what the contract's functions take).
    pub(crate) fn to_map(&self) -> BTreeMap<String, String> {
        self.items.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_value_of_a_repeated_name_wins_as_in_a_map() {
        let mut p = Params::with_capacity(3);
        p.push("a", Cow::Borrowed("1"));
        p.push("b", Cow::Owned("2".into()));
        p.push("a", Cow::Borrowed("3"));
        assert_eq!((p.get("a"), p.get("b"), p.get("c")), (Some("3"), Some("2"), None));
        assert_eq!(p.to_map(), BTreeMap::from([("a".into(), "3".into()), ("b".into(), "2".into())]));
    }
}
