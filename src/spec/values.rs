//! Value types of the spec: exact decimals, money, currencies, percentages, dates, times.
//!
//! Each type checks its input while it is deserialized, so a bad value is reported with
//! the line and column of the YAML scalar, and serializes to the form templates use.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

/// Separates a message from its help text inside a serde error string; the loader splits
/// the two again so the help becomes a `help:` line of the diagnostic.
pub(crate) const HELP_SEPARATOR: char = '\u{1f}';

/// A serde error message that carries a help text for the diagnostic.
pub(crate) fn with_help(message: impl fmt::Display, help: impl fmt::Display) -> String {
    format!("{message}{HELP_SEPARATOR}{help}")
}

/// Most digits before the decimal point that a [`Decimal`] accepts.
const MAX_INTEGER_DIGITS: usize = 18;
/// Most digits after the decimal point that a [`Decimal`] accepts.
const MAX_FRACTION_DIGITS: usize = 10;
/// Most significant digits a YAML float may carry and still be exact.
const MAX_FLOAT_DIGITS: usize = 15;

/// An exact decimal number (`units / 10^scale`), parsed from text without rounding.
#[derive(Clone, Copy, Debug)]
pub struct Decimal {
    units: i128,
    scale: u32,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    /// A whole number.
    pub fn from_int(value: i64) -> Decimal {
        Decimal {
            units: i128::from(value),
            scale: 0,
        }
    }

    /// Parses `[-]DIGITS[.DIGITS]`; `None` when the text is not such a number or too long.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int_part.is_empty()
            || int_part.len() > MAX_INTEGER_DIGITS
            || frac_part.len() > MAX_FRACTION_DIGITS
            || (body.contains('.') && frac_part.is_empty())
            || !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut units: i128 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            units = units * 10 + i128::from(b - b'0');
        }
        Some(Decimal {
            units: if negative { -units } else { units },
            scale: frac_part.len() as u32,
        })
    }

    /// Number of digits after the decimal point, ignoring trailing zeros.
    pub fn fraction_digits(&self) -> u32 {
        let mut d = self.normalized();
        if d.units == 0 {
            d.scale = 0;
        }
        d.scale
    }

    /// Whether the number is below zero.
    pub fn is_negative(&self) -> bool {
        self.units < 0
    }

    /// Whether the number is a whole number.
    pub fn is_integer(&self) -> bool {
        self.fraction_digits() == 0
    }

    /// The same value written with exactly `scale` fraction digits, if that loses nothing.
    pub fn with_scale(&self, scale: u32) -> Option<Decimal> {
        if scale >= self.scale {
            let factor = 10i128.checked_pow(scale - self.scale)?;
            Some(Decimal {
                units: self.units.checked_mul(factor)?,
                scale,
            })
        } else {
            let factor = 10i128.checked_pow(self.scale - scale)?;
            if self.units % factor != 0 {
                return None;
            }
            Some(Decimal {
                units: self.units / factor,
                scale,
            })
        }
    }

    /// Exact sum, or `None` on overflow.
    pub fn checked_add(&self, other: &Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let a = self.with_scale(scale)?;
        let b = other.with_scale(scale)?;
        Some(Decimal {
            units: a.units.checked_add(b.units)?,
            scale,
        })
    }

    /// Exact product, or `None` on overflow (or more than 10 fraction digits).
    pub fn checked_mul(&self, other: &Decimal) -> Option<Decimal> {
        let product = Decimal {
            units: self.units.checked_mul(other.units)?,
            scale: self.scale + other.scale,
        }
        .normalized();
        (product.scale as usize <= MAX_FRACTION_DIGITS).then_some(product)
    }

    /// Exact quotient by a whole number, or `None` when it has more than 10 fraction
    /// digits (a third, say) or `divisor` is zero.
    pub fn checked_div_int(&self, divisor: u32) -> Option<Decimal> {
        let d = i128::from(divisor);
        if d == 0 {
            return None;
        }
        (self.scale..=MAX_FRACTION_DIGITS as u32).find_map(|scale| {
            let widened = self.with_scale(scale)?;
            (widened.units % d == 0).then(|| {
                Decimal {
                    units: widened.units / d,
                    scale,
                }
                .normalized()
            })
        })
    }

    /// The nearest `f64` (for display and serialization only, never for arithmetic).
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// Trailing fraction zeros removed.
    fn normalized(&self) -> Decimal {
        let mut d = *self;
        while d.scale > 0 && d.units % 10 == 0 {
            d.units /= 10;
            d.scale -= 1;
        }
        d
    }

    /// Reads a decimal from a YAML float, if its shortest decimal form is exact enough.
    fn from_f64(value: f64) -> Result<Decimal, String> {
        if !value.is_finite() {
            return Err(format!("{value} is not a number"));
        }
        let text = format!("{value}");
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        let significant = text
            .trim_start_matches('-')
            .trim_start_matches(['0', '.'])
            .bytes()
            .filter(u8::is_ascii_digit)
            .count();
        match Decimal::parse(&text) {
            Some(d) if significant <= MAX_FLOAT_DIGITS && digits <= 28 => Ok(d),
            _ => Err(with_help(
                format!("{text} has too many digits to be read exactly"),
                "write the number as a quoted string, e.g. \"1234567.89\"",
            )),
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        let scale = self.scale.max(other.scale);
        match (self.with_scale(scale), other.with_scale(scale)) {
            (Some(a), Some(b)) => a.units.cmp(&b.units),
            // Unreachable within the parse limits; fall back to an approximate order.
            _ => self
                .to_f64()
                .partial_cmp(&other.to_f64())
                .unwrap_or(Ordering::Equal),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let digits = self.units.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

impl Serialize for Decimal {
    /// A JSON number: an integer when whole, else the nearest float.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let n = self.normalized();
        if n.scale == 0
            && let Ok(i) = i64::try_from(n.units)
        {
            return serializer.serialize_i64(i);
        }
        serializer.serialize_f64(self.to_f64())
    }
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from_int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal {
            units: i128::from(v),
            scale: 0,
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        Decimal::from_f64(v).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        Decimal::parse(v.trim()).ok_or_else(|| {
            E::custom(with_help(
                format!("`{v}` is not a number"),
                "write digits with an optional decimal point, e.g. 1250000 or \"1250000.50\"",
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

impl JsonSchema for Decimal {
    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact decimal number: a YAML number or a string of digits with an optional decimal point.",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?$" }
            ]
        })
    }
}

/// ISO 4217 currency codes in current use, with their number of minor-unit digits.
#[rustfmt::skip]
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2), ("AFN", 2), ("ALL", 2), ("AMD", 2), ("AOA", 2), ("ARS", 2), ("AUD", 2),
    ("AWG", 2), ("AZN", 2), ("BAM", 2), ("BBD", 2), ("BDT", 2), ("BGN", 2), ("BHD", 3),
    ("BIF", 0), ("BMD", 2), ("BND", 2), ("BOB", 2), ("BRL", 2), ("BSD", 2), ("BTN", 2),
    ("BWP", 2), ("BYN", 2), ("BZD", 2), ("CAD", 2), ("CDF", 2), ("CHF", 2), ("CLP", 0),
    ("CNY", 2), ("COP", 2), ("CRC", 2), ("CUP", 2), ("CVE", 2), ("CZK", 2), ("DJF", 0),
    ("DKK", 2), ("DOP", 2), ("DZD", 2), ("EGP", 2), ("ERN", 2), ("ETB", 2), ("EUR", 2),
    ("FJD", 2), ("FKP", 2), ("GBP", 2), ("GEL", 2), ("GHS", 2), ("GIP", 2), ("GMD", 2),
    ("GNF", 0), ("GTQ", 2), ("GYD", 2), ("HKD", 2), ("HNL", 2), ("HTG", 2), ("HUF", 2),
    ("IDR", 2), ("ILS", 2), ("INR", 2), ("IQD", 3), ("IRR", 2), ("ISK", 0), ("JMD", 2),
    ("JOD", 3), ("JPY", 0), ("KES", 2), ("KGS", 2), ("KHR", 2), ("KMF", 0), ("KPW", 2),
    ("KRW", 0), ("KWD", 3), ("KYD", 2), ("KZT", 2), ("LAK", 2), ("LBP", 2), ("LKR", 2),
    ("LRD", 2), ("LSL", 2), ("LYD", 3), ("MAD", 2), ("MDL", 2), ("MGA", 2), ("MKD", 2),
    ("MMK", 2), ("MNT", 2), ("MOP", 2), ("MRU", 2), ("MUR", 2), ("MVR", 2), ("MWK", 2),
    ("MXN", 2), ("MYR", 2), ("MZN", 2), ("NAD", 2), ("NGN", 2), ("NIO", 2), ("NOK", 2),
    ("NPR", 2), ("NZD", 2), ("OMR", 3), ("PAB", 2), ("PEN", 2), ("PGK", 2), ("PHP", 2),
    ("PKR", 2), ("PLN", 2), ("PYG", 0), ("QAR", 2), ("RON", 2), ("RSD", 2), ("RUB", 2),
    ("RWF", 0), ("SAR", 2), ("SBD", 2), ("SCR", 2), ("SDG", 2), ("SEK", 2), ("SGD", 2),
    ("SHP", 2), ("SLE", 2), ("SOS", 2), ("SRD", 2), ("SSP", 2), ("STN", 2), ("SVC", 2),
    ("SYP", 2), ("SZL", 2), ("THB", 2), ("TJS", 2), ("TMT", 2), ("TND", 3), ("TOP", 2),
    ("TRY", 2), ("TTD", 2), ("TWD", 2), ("TZS", 2), ("UAH", 2), ("UGX", 0), ("USD", 2),
    ("UYU", 2), ("UZS", 2), ("VES", 2), ("VND", 0), ("VUV", 0), ("WST", 2), ("XAF", 0),
    ("XCD", 2), ("XCG", 2), ("XOF", 0), ("XPF", 0), ("YER", 2), ("ZAR", 2), ("ZMW", 2),
    ("ZWG", 2),
];

/// An ISO 4217 currency code (e.g. `EUR`), checked against the built-in list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency {
    code: &'static str,
    minor_units: u8,
}

impl Currency {
    /// Looks a code up in the ISO 4217 list (exact, upper case).
    pub fn from_code(code: &str) -> Option<Currency> {
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|&(code, minor_units)| Currency { code, minor_units })
    }

    /// The three-letter code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// How many digits follow the decimal point in amounts of this currency.
    pub fn minor_units(&self) -> u32 {
        u32::from(self.minor_units)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code)
    }
}

impl Currency {
    /// Parses a code; the error says what is wrong and suggests a fix.
    pub fn parse(text: &str) -> Result<Currency, String> {
        if let Some(c) = Currency::from_code(text) {
            return Ok(c);
        }
        let upper = text.to_ascii_uppercase();
        let help = if Currency::from_code(&upper).is_some() {
            format!("currency codes are upper case: did you mean `{upper}`?")
        } else if let Some(near) = crate::diag::suggest(&upper, CURRENCIES.iter().map(|(c, _)| *c))
        {
            format!("did you mean `{near}`?")
        } else {
            "use a three-letter ISO 4217 code such as EUR, GBP or USD".to_string()
        };
        Err(with_help(
            format!("`{text}` is not an ISO 4217 currency code"),
            help,
        ))
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Currency, D::Error> {
        // Checked inside the visitor, so the error carries the scalar's position.
        struct CurrencyVisitor;
        impl Visitor<'_> for CurrencyVisitor {
            type Value = Currency;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 4217 currency code")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Currency, E> {
                Currency::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(CurrencyVisitor)
    }
}

impl JsonSchema for Currency {
    fn schema_name() -> Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = CURRENCIES.iter().map(|(c, _)| *c).collect();
        json_schema!({
            "description": "ISO 4217 currency code, e.g. EUR.",
            "type": "string",
            "enum": codes
        })
    }
}

/// An amount of money in one currency, exact.
///
/// Written `{amount: 1250000, currency: EUR}`; the amount may be a YAML number or a
/// string ("1250000.50"). Whole numbers are whole currency units. Serialized as
/// `{"amount": "1250000.00", "currency": "EUR"}`: the amount is a string with exactly the
/// currency's number of decimals, so no template ever sees a rounded float. A loaded
/// spec never holds more decimals than the currency has, nor a negative amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount.
    pub amount: Decimal,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// Checks an amount against its currency: not negative, no more decimals than the
    /// currency's minor unit.
    pub fn new(amount: Decimal, currency: Currency) -> Result<Money, String> {
        let money = Money { amount, currency };
        money.check().map(|()| money)
    }

    /// The problem with this amount, if any (see [`Money::new`]).
    pub fn check(&self) -> Result<(), String> {
        let (amount, currency) = (self.amount, self.currency);
        if amount.is_negative() {
            return Err(format!(
                "{amount} {currency} is negative: amounts must be 0 or more"
            ));
        }
        if amount.with_scale(currency.minor_units()).is_none() {
            return Err(with_help(
                format!(
                    "{amount} has more decimals than {currency} allows ({})",
                    currency.minor_units()
                ),
                format!(
                    "write {currency} amounts with at most {} decimal places",
                    currency.minor_units()
                ),
            ));
        }
        Ok(())
    }

    /// The amount written with exactly the currency's number of decimals.
    pub fn amount_text(&self) -> String {
        self.amount
            .with_scale(self.currency.minor_units())
            .unwrap_or(self.amount)
            .to_string()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.amount_text())
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Money", 2)?;
        s.serialize_field("amount", &self.amount_text())?;
        s.serialize_field("currency", &self.currency)?;
        s.end()
    }
}

impl JsonSchema for Money {
    fn schema_name() -> Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let amount = generator.subschema_for::<Decimal>();
        let currency = generator.subschema_for::<Currency>();
        json_schema!({
            "description": "An amount of money: {amount, currency}. Whole numbers are whole currency units.",
            "type": "object",
            "properties": { "amount": amount, "currency": currency },
            "required": ["amount", "currency"],
            "additionalProperties": false
        })
    }
}

/// A percentage from 0 to 100 inclusive, exact; serialized as a JSON number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(Decimal);

impl Percent {
    /// A percentage, if `value` lies within 0–100.
    pub fn new(value: Decimal) -> Option<Percent> {
        (Decimal::ZERO..=Decimal::from_int(100))
            .contains(&value)
            .then_some(Percent(value))
    }

    /// The exact value.
    pub fn value(&self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalized())
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl Percent {
    fn checked<E: de::Error>(value: Decimal) -> Result<Percent, E> {
        Percent::new(value).ok_or_else(|| {
            E::custom(with_help(
                format!("{value} is not a percentage between 0 and 100"),
                "write a percentage as a number from 0 to 100, e.g. 99.9",
            ))
        })
    }
}

/// Reads a [`Decimal`] and checks the range inside the visitor, so that the error
/// carries the scalar's position.
struct PercentVisitor;

impl Visitor<'_> for PercentVisitor {
    type Value = Percent;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a percentage from 0 to 100")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Percent, E> {
        Percent::checked(DecimalVisitor.visit_i64(v)?)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Percent, E> {
        Percent::checked(DecimalVisitor.visit_u64(v)?)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Percent, E> {
        Percent::checked(DecimalVisitor.visit_f64(v)?)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Percent, E> {
        Percent::checked(DecimalVisitor.visit_str(v.trim_end_matches('%').trim_end())?)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Percent, D::Error> {
        deserializer.deserialize_any(PercentVisitor)
    }
}

impl JsonSchema for Percent {
    fn schema_name() -> Cow<'static, str> {
        "Percent".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A percentage from 0 to 100, written as a number without a % sign.",
            "type": "number",
            "minimum": 0,
            "maximum": 100
        })
    }
}

/// A calendar date, written and serialized as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

use crate::civil::MONTH_NAMES;

impl Date {
    /// A date, if it exists in the (proleptic Gregorian) calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Date, String> {
        let b = text.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(with_help(
                format!("`{text}` is not a date"),
                "write dates as YYYY-MM-DD, e.g. 2026-03-02",
            ));
        }
        let num = |r: std::ops::Range<usize>| text[r].parse::<u16>().unwrap_or(0);
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        let month8 = u8::try_from(month).unwrap_or(0);
        let day8 = u8::try_from(day).unwrap_or(0);
        if year < 1000 || !(1..=12).contains(&month8) {
            return Err(with_help(
                format!("{text} is not a valid date"),
                "write dates as YYYY-MM-DD, e.g. 2026-03-02",
            ));
        }
        Date::new(year, month8, day8).ok_or_else(|| {
            with_help(
                format!("{text} is not a valid date"),
                format!(
                    "{} {year} has {} days; dates are written YYYY-MM-DD",
                    MONTH_NAMES[usize::from(month8 - 1)],
                    days_in_month(year, month8)
                ),
            )
        })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(&self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl Date {
    /// The date `days` after 1970-01-01 (before it when negative), if within years
    /// 1000–9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let (year, month, day) = crate::civil::civil_from_days(days);
        if !(1000..=9999).contains(&year) {
            return None;
        }
        Date::new(u16::try_from(year).ok()?, month, day)
    }

    /// The date `days` later (earlier when negative), if within years 1000–9999.
    pub fn add_days(&self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }
}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date, YYYY-MM-DD.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

/// A time of day, written and serialized as 24-hour `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    hour: u8,
    minute: u8,
}

impl Time {
    /// Parses `HH:MM` (00:00–23:59).
    pub fn parse(text: &str) -> Result<Time, String> {
        let parsed = text.split_once(':').and_then(|(h, m)| {
            let ok = h.len() == 2 && m.len() == 2;
            let hour = h.parse::<u8>().ok().filter(|h| ok && *h < 24)?;
            let minute = m.parse::<u8>().ok().filter(|m| *m < 60)?;
            Some(Time { hour, minute })
        });
        parsed.ok_or_else(|| {
            with_help(
                format!("`{text}` is not a time of day"),
                "write times as 24-hour HH:MM in quotes, e.g. \"12:00\"",
            )
        })
    }

    /// The hour, 0–23.
    pub fn hour(&self) -> u8 {
        self.hour
    }

    /// The minute, 0–59.
    pub fn minute(&self) -> u8 {
        self.minute
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Time, D::Error> {
        struct TimeVisitor;
        impl Visitor<'_> for TimeVisitor {
            type Value = Time;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time of day written HH:MM")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Time, E> {
                Time::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TimeVisitor)
    }
}

impl JsonSchema for Time {
    fn schema_name() -> Cow<'static, str> {
        "Time".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A time of day, 24-hour HH:MM.",
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn decimals_parse_exactly_and_compare_by_value() {
        assert_eq!(dec("1250000.50").to_string(), "1250000.50");
        assert_eq!(dec("-0.05").to_string(), "-0.05");
        assert_eq!(dec("2.50"), dec("2.5"));
        assert!(dec("0.1") < dec("0.10001"));
        assert_eq!(
            dec("33.3").checked_add(&dec("66.7")),
            Some(Decimal::from_int(100))
        );
        for bad in [
            "",
            "1.",
            ".5",
            "1,000",
            "1e3",
            "abc",
            "1.2.3",
            "12345678901234567890",
        ] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn decimals_rescale_only_without_loss() {
        assert_eq!(dec("12.5").with_scale(2).unwrap().to_string(), "12.50");
        assert_eq!(dec("12.50").with_scale(1).unwrap().to_string(), "12.5");
        assert!(dec("12.505").with_scale(2).is_none());
        assert_eq!(dec("1.500").fraction_digits(), 1);
        assert!(dec("3.000").is_integer());
    }

    #[test]
    fn yaml_numbers_become_exact_decimals() {
        let d: Decimal = serde_yaml::from_str("99.95").unwrap();
        assert_eq!(d.to_string(), "99.95");
        let d: Decimal = serde_yaml::from_str("\"0.1\"").unwrap();
        assert_eq!(d, dec("0.1"));
        let d: Decimal = serde_yaml::from_str("1200000").unwrap();
        assert_eq!(d, Decimal::from_int(1_200_000));
        let e = serde_yaml::from_str::<Decimal>("12345678901234567.5").unwrap_err();
        assert!(e.to_string().contains("too many digits"), "{e}");
    }

    #[test]
    fn decimals_serialize_as_json_numbers() {
        assert_eq!(serde_json::to_string(&dec("36")).unwrap(), "36");
        assert_eq!(serde_json::to_string(&dec("36.00")).unwrap(), "36");
        assert_eq!(serde_json::to_string(&dec("99.95")).unwrap(), "99.95");
    }

    #[test]
    fn currencies_are_checked_against_iso_4217() {
        assert_eq!(Currency::parse("EUR").unwrap().minor_units(), 2);
        assert_eq!(Currency::parse("JPY").unwrap().minor_units(), 0);
        assert_eq!(Currency::parse("KWD").unwrap().minor_units(), 3);
        let e = Currency::parse("eur").unwrap_err();
        assert!(e.contains("did you mean `EUR`?"), "{e}");
        let e = Currency::parse("EUO").unwrap_err();
        assert!(
            e.starts_with("`EUO` is not an ISO 4217 currency code"),
            "{e}"
        );
        assert!(Currency::parse("XYZ").is_err());
    }

    #[test]
    fn money_keeps_minor_units_and_serializes_amount_as_text() {
        let m: Money = serde_yaml::from_str("{amount: 2850000, currency: EUR}").unwrap();
        assert!(m.check().is_ok());
        let json = serde_json::to_value(m).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"amount": "2850000.00", "currency": "EUR"})
        );
        let m: Money = serde_yaml::from_str("{amount: \"1000\", currency: JPY}").unwrap();
        assert_eq!(m.to_string(), "JPY 1000");
        let m: Money = serde_yaml::from_str("{amount: \"10.505\", currency: EUR}").unwrap();
        assert!(
            m.check()
                .unwrap_err()
                .contains("more decimals than EUR allows")
        );
        let m: Money = serde_yaml::from_str("{amount: -5, currency: EUR}").unwrap();
        assert!(m.check().unwrap_err().contains("negative"));
        assert!(serde_yaml::from_str::<Money>("{amount: 5, currency: EUR, vat: 1}").is_err());
    }

    #[test]
    fn percentages_are_range_checked() {
        let p: Percent = serde_yaml::from_str("99.9").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "99.9");
        let p: Percent = serde_yaml::from_str("\"23%\"").unwrap();
        assert_eq!(p.value(), Decimal::from_int(23));
        for bad in ["101", "-1", "100.01"] {
            let e = serde_yaml::from_str::<Percent>(bad).unwrap_err();
            assert!(e.to_string().contains("not a percentage"), "{bad}: {e}");
        }
        assert!(serde_yaml::from_str::<Percent>("0").is_ok());
        assert!(serde_yaml::from_str::<Percent>("100").is_ok());
    }

    #[test]
    fn dates_are_calendar_checked() {
        let d = Date::parse("2028-02-29").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2028, 2, 29));
        assert_eq!(d.to_string(), "2028-02-29");
        let e = Date::parse("2026-02-30").unwrap_err();
        assert!(e.starts_with("2026-02-30 is not a valid date"), "{e}");
        assert!(e.contains("February 2026 has 28 days"), "{e}");
        assert!(Date::parse("2100-02-29").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        for bad in ["2026-2-3", "03/02/2026", "2026-02-03T10:00", "tomorrow"] {
            let e = Date::parse(bad).unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
        assert!(Date::parse("2026-03-01").unwrap() > Date::parse("2026-02-28").unwrap());
    }

    #[test]
    fn days_since_epoch_counts_calendar_days() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::parse("2000-03-01").unwrap().days_since_epoch(),
            11_017
        );
        let a = Date::parse("2027-02-19").unwrap().days_since_epoch();
        let b = Date::parse("2027-03-01").unwrap().days_since_epoch();
        assert_eq!(b - a, 10);
        for text in ["1970-01-01", "2000-02-29", "2027-12-31", "1600-03-01"] {
            let d = Date::parse(text).unwrap();
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), Some(d));
        }
        let d = Date::parse("2027-02-19").unwrap();
        assert_eq!(d.add_days(10).unwrap().to_string(), "2027-03-01");
        assert_eq!(d.add_days(-19).unwrap().to_string(), "2027-01-31");
        assert_eq!(Date::parse("9999-12-31").unwrap().add_days(1), None);
    }

    #[test]
    fn dates_and_times_round_trip_through_yaml_and_json() {
        let d: Date = serde_yaml::from_str("2027-05-03").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2027-05-03\"");
        let t: Time = serde_yaml::from_str("\"09:30\"").unwrap();
        assert_eq!((t.hour(), t.minute()), (9, 30));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"09:30\"");
        for bad in ["24:00", "9:30", "12:60", "noon"] {
            assert!(Time::parse(bad).is_err(), "{bad}");
        }
    }
}
