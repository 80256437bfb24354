//! Exact decimal arithmetic for the `sum` relation of the strictness policy: amounts are
//! decimal strings (`"19.90"`), added without floating point so `0.1 + 0.2` is `0.3`.

use std::fmt;

/// An exact decimal: `units / 10^scale`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decimal {
    units: i128,
    scale: u32,
}

impl Decimal {
    pub(crate) const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    /// Reads `-?digits(.digits)?`; `None` for anything else or too many digits.
    pub(crate) fn parse(s: &str) -> Option<Self> {
        let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |d: &str| !d.is_empty() && d.len() <= 30 && d.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || (s.contains('.') && !digits(frac)) || int.len() + frac.len() > 30 {
            return None;
        }
        let units: i128 = format!("{int}{frac}").parse().ok()?;
        Some(Decimal { units: if neg { -units } else { units }, scale: u32::try_from(frac.len()).ok()? })
    }

    fn rescale(self, scale: u32) -> Option<i128> {
        self.units.checked_mul(10i128.checked_pow(scale.checked_sub(self.scale)?)?)
    }

    pub(crate) fn add(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        Some(Decimal { units: self.rescale(scale)?.checked_add(other.rescale(scale)?)?, scale })
    }

    /// Equal in value (`19.9` is `19.90`).
    pub(crate) fn same(self, other: Decimal) -> bool {
        let scale = self.scale.max(other.scale);
        matches!((self.rescale(scale), other.rescale(scale)), (Some(a), Some(b)) if a == b)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.units.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let sign = if self.units < 0 { "-" } else { "" };
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_add_exactly_and_print_as_read() {
        let d = |s| Decimal::parse(s).expect(s);
        assert_eq!(d("19.90").to_string(), "19.90");
        assert_eq!(d("-0.05").to_string(), "-0.05");
        assert_eq!(d("0").to_string(), "0");
        assert!(d("19.9").same(d("19.90")));
        let sum = d("0.1").add(d("0.2")).expect("adds");
        assert!(sum.same(d("0.3")), "{sum}");
        assert!(!d("19.90").same(d("19.91")));
        for bad in ["", "1.", ".5", "1e3", "+1", "1,5", "١٢", "1234567890123456789012345678901"] {
            assert!(Decimal::parse(bad).is_none(), "{bad:?}");
        }
    }
}
