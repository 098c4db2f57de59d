//! Exact rational arithmetic for scores and prices: no binary floating point.
//!
//! Every score is computed exactly as a fraction and rounded once, half away from
//! zero, to [`PLACES`] decimal places ([`Exact::rounded`]).

use crate::spec::Decimal;
use std::cmp::Ordering;

/// Decimal places every published score is rounded to.
pub const PLACES: u32 = 2;

/// An exact fraction `num / den` (`den > 0`, lowest terms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Exact {
    /// Zero.
    pub const ZERO: Exact = Exact { num: 0, den: 1 };

    /// `num / den`; `None` when `den` is zero.
    pub fn new(num: i128, den: i128) -> Option<Exact> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den);
        let sign = if den < 0 { -1 } else { 1 };
        Some(Exact {
            num: sign * num / g,
            den: sign * den / g,
        })
    }

    /// A whole number.
    pub fn int(n: i64) -> Exact {
        Exact {
            num: i128::from(n),
            den: 1,
        }
    }

    /// The exact value of a decimal.
    pub fn of(d: &Decimal) -> Exact {
        let text = d.to_string();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let units: i128 = format!("{whole}{fraction}").parse().unwrap_or(0);
        let den = 10i128.pow(fraction.len() as u32);
        Exact::new(if negative { -units } else { units }, den).unwrap_or(Exact::ZERO)
    }

    /// Sum (saturating to `None` on overflow).
    pub fn plus(self, o: Exact) -> Option<Exact> {
        let num = self
            .num
            .checked_mul(o.den)?
            .checked_add(o.num.checked_mul(self.den)?)?;
        Exact::new(num, self.den.checked_mul(o.den)?)
    }

    /// Difference.
    pub fn minus(self, o: Exact) -> Option<Exact> {
        self.plus(Exact {
            num: -o.num,
            den: o.den,
        })
    }

    /// Product.
    pub fn times(self, o: Exact) -> Option<Exact> {
        let g1 = gcd(self.num, o.den);
        let g2 = gcd(o.num, self.den);
        Exact::new(
            (self.num / g1).checked_mul(o.num / g2)?,
            (self.den / g2).checked_mul(o.den / g1)?,
        )
    }

    /// Quotient; `None` when dividing by zero.
    pub fn over(self, o: Exact) -> Option<Exact> {
        if o.num == 0 {
            return None;
        }
        self.times(
            Exact {
                num: o.den,
                den: o.num,
            }
            .normal(),
        )
    }

    fn normal(self) -> Exact {
        Exact::new(self.num, self.den).unwrap_or(Exact::ZERO)
    }

    /// Whether it is below zero.
    pub fn is_negative(&self) -> bool {
        self.num < 0
    }

    /// Rounded half away from zero to `places` decimals.
    pub fn rounded(&self, places: u32) -> Decimal {
        let scale = 10i128.pow(places);
        let scaled = self.num * scale;
        let q = scaled / self.den;
        let r = scaled % self.den;
        let q = if 2 * r.abs() >= self.den {
            q + scaled.signum()
        } else {
            q
        };
        let sign = if q < 0 { "-" } else { "" };
        let q = q.abs();
        let text = if places == 0 {
            format!("{sign}{q}")
        } else {
            format!(
                "{sign}{}.{:0width$}",
                q / scale,
                q % scale,
                width = places as usize
            )
        };
        Decimal::parse(&text).unwrap_or(Decimal::ZERO)
    }

    /// Rounded to [`PLACES`], as an exact value again (the published score).
    pub fn published(&self) -> Exact {
        Exact::of(&self.rounded(PLACES))
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirds_round_half_away_from_zero() {
        let third = Exact::new(1, 3).unwrap();
        assert_eq!(third.rounded(2).to_string(), "0.33");
        let two_thirds = Exact::new(2, 3).unwrap();
        assert_eq!(two_thirds.rounded(2).to_string(), "0.67");
        assert_eq!(Exact::new(1, 8).unwrap().rounded(2).to_string(), "0.13");
        assert_eq!(Exact::new(-1, 8).unwrap().rounded(2).to_string(), "-0.13");
    }

    #[test]
    fn decimals_are_exact() {
        let a = Exact::of(&Decimal::parse("41.50").unwrap());
        let b = Exact::of(&Decimal::parse("0.1").unwrap());
        assert_eq!(a.plus(b).unwrap(), Exact::new(416, 10).unwrap());
        assert_eq!(
            Exact::int(30)
                .times(Exact::int(100))
                .unwrap()
                .over(Exact::int(120))
                .unwrap()
                .rounded(2)
                .to_string(),
            "25.00"
        );
    }
}
