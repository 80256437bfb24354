//! `--shard K/N`: a stable 1/N of the scenarios, so a large suite splits across CI jobs. A
//! scenario is in shard K when `stable_hash(id) % N == K - 1`; the hash is FNV-1a (64-bit),
//! fixed here, so the split never depends on the Rust version, the platform or the order of
//! the features. The shards of one N are disjoint and together hold every scenario.

use std::fmt;
use std::str::FromStr;

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// K: which shard, 1 ≤ K ≤ N.
    pub index: u64,
    /// N: how many shards.
    pub count: u64,
}

/// FNV-1a, 64-bit, of `id`'s UTF-8 bytes.
pub fn stable_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

impl Shard {
    /// Shard `index` of `count`, or why that is not a shard.
    pub fn new(index: u64, count: u64) -> Result<Shard, String> {
        if count == 0 {
            return Err(format!("{index}/{count}: N must be at least 1"));
        }
        if index == 0 || index > count {
            return Err(format!("{index}/{count}: K must be between 1 and N ({count})"));
        }
        Ok(Shard { index, count })
    }

    /// True when the scenario `id` belongs to this shard.
    pub fn contains(&self, id: &str) -> bool {
        stable_hash(id) % self.count == self.index - 1
    }
}

impl FromStr for Shard {
    type Err = String;

    /// `K/N`, e.g. `2/4`.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("{s:?} is not K/N (e.g. 2/4: the second of four shards)");
        let (k, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse::<u64>().map_err(|_| bad())?;
        let n = n.trim().parse::<u64>().map_err(|_| bad())?;
        Shard::new(k, n)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_the_published_algorithm() {
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(" 1 / 1 ".parse::<Shard>(), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/2", "3/2", "1/0", "x/2", "2", "", "1/2/3", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
