//! A routed request's path parameters: the names the route's template gives, the values
//! percent-decoded from the path (borrowed unless a segment had a `%`). A route has a handful at
//! most: the first few are held inline (no allocation), and a look-up compares names rather
//! than hashing one; a name the template repeats has its last segment's value, as a map filled
//! in path order would.

use std::borrow::Cow;
use std::collections::BTreeMap;

/// Parameters held inline; more go to the heap.
const INLINE: usize = 4;

/// The path parameters of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Params<'a> {
    inline: [(&'a str, Cow<'a, str>); INLINE],
    len: usize,
    more: Vec<(&'a str, Cow<'a, str>)>,
}

impl<'a> Params<'a> {
    /// None.
    pub(crate) const fn new() -> Params<'a> {
        const NONE: (&str, Cow<'_, str>) = ("", Cow::Borrowed(""));
        Params { inline: [NONE; INLINE], len: 0, more: Vec::new() }
    }

    /// Adds parameter `name` with its decoded `value`.
    pub(crate) fn push(&mut self, name: &'a str, value: Cow<'a, str>) {
        match self.inline.get_mut(self.len) {
            Some(slot) => {
                *slot = (name, value);
                self.len += 1;
            }
            None => self.more.push((name, value)),
        }
    }

    fn items(&self) -> impl DoubleEndedIterator<Item = &(&'a str, Cow<'a, str>)> {
        self.inline.iter().take(self.len).chain(&self.more)
    }

    /// The value of parameter `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.items().rev().find(|(n, _)| *n == name).map(|(_, v)| v.as_ref())
    }

    /// Every parameter, in path order.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items().map(|(n, v)| (*n, v.as_ref()))
    }

    /// The parameters as a map by name (what the contract's functions take).
    pub(crate) fn to_map(&self) -> BTreeMap<String, String> {
        self.items().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_value_of_a_repeated_name_wins_as_in_a_map() {
        let mut p = Params::new();
        p.push("a", Cow::Borrowed("1"));
        p.push("b", Cow::Owned("2".into()));
        p.push("a", Cow::Borrowed("3"));
        assert_eq!((p.get("a"), p.get("b"), p.get("c")), (Some("3"), Some("2"), None));
        assert_eq!(p.to_map(), BTreeMap::from([("a".into(), "3".into()), ("b".into(), "2".into())]));
        // Past the inline ones too.
        for (i, name) in ["c", "d", "e", "a", "f"].into_iter().enumerate() {
            p.push(name, Cow::Owned(format!("{}", 10 + i)));
        }
        assert_eq!((p.get("a"), p.get("c"), p.get("f")), (Some("13"), Some("10"), Some("14")));
        assert_eq!(p.iter().count(), 8);
        assert_eq!(p.to_map().len(), 6);
    }
}
