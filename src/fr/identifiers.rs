//! French identifiers and their check digits.
//!
//! - SIREN (9 digits) and SIRET (14 digits: SIREN + 5-digit establishment number) end
//!   with a Luhn check digit (ISO/IEC 7812-1, annex B; INSEE, « Le numéro SIREN »).
//!   The establishments of La Poste (SIREN 356 000 000) are the known exception: their
//!   SIRET is valid when the sum of its digits is a multiple of 5 (INSEE).
//! - IBAN: ISO 13616; valid when the number formed by moving the first four characters
//!   to the end and writing letters as 10 to 35 is 1 modulo 97. A French IBAN has 27
//!   characters (FR, 2 check digits, 23 for the BBAN).

use std::sync::LazyLock;

use regex::Regex;

use crate::source::Span;

/// What kind of identifier a [`IdentifierMention`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifierKind {
    /// 9-digit company number.
    Siren,
    /// 14-digit establishment number.
    Siret,
    /// International bank account number.
    Iban,
}

impl IdentifierKind {
    /// The name as written in French texts.
    pub fn name(self) -> &'static str {
        match self {
            IdentifierKind::Siren => "SIREN",
            IdentifierKind::Siret => "SIRET",
            IdentifierKind::Iban => "IBAN",
        }
    }
}

/// An identifier found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentifierMention {
    /// Bytes of the identifier as written (spaces included).
    pub span: Span,
    /// SIREN, SIRET or IBAN.
    pub kind: IdentifierKind,
    /// The identifier without its spaces.
    pub compact: String,
    /// Whether its check digits are right.
    pub valid: bool,
}

/// Whether `digits` (ASCII digits only) passes the Luhn check.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.bytes().rev().enumerate() {
        if !c.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// Whether a 9-digit SIREN is valid (Luhn).
pub fn siren_valid(siren: &str) -> bool {
    siren.len() == 9 && luhn_valid(siren)
}

/// Whether a 14-digit SIRET is valid: Luhn, or for La Poste's establishments (SIREN
/// 356 000 000) a digit sum that is a multiple of 5.
pub fn siret_valid(siret: &str) -> bool {
    if siret.len() != 14 || !siret.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if siret.starts_with("356000000") && siret != "35600000000048" {
        let sum: u32 = siret.bytes().map(|b| u32::from(b - b'0')).sum();
        return sum.is_multiple_of(5);
    }
    luhn_valid(siret)
}

/// Whether an IBAN (without spaces, uppercase) has valid check digits (ISO 13616,
/// mod 97 = 1) and, for a French IBAN, 27 characters.
pub fn iban_valid(iban: &str) -> bool {
    if iban.len() < 15 || iban.len() > 34 || !iban.is_ascii() {
        return false;
    }
    if iban.starts_with("FR") && iban.len() != 27 {
        return false;
    }
    let rearranged = iban[4..].bytes().chain(iban[..4].bytes());
    let mut remainder: u32 = 0;
    for b in rearranged {
        let value = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        // Letters stand for two digits.
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d(?:[ \u{a0}\u{202f}.]?\d)*").expect("valid regex"));

static CONTEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:siren|siret|rcs(?:\s+[\p{L}-]+)?)").expect("valid regex"));

static IBAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?").expect("valid regex")
});

static IBAN_CONTEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:iban|rib|compte)\b").expect("valid regex"));

/// How far after its keyword (« SIREN », « SIRET ») a number may start, in bytes.
const AFTER_KEYWORD: usize = 80;

/// How far before an IBAN its keyword may stand, in bytes.
const BEFORE_IBAN: usize = 60;

/// Every SIREN, SIRET and IBAN mentioned in `text`, in order.
///
/// A SIREN or SIRET is the first number within 80 bytes after « SIREN », « SIRET » or
/// « RCS » (« identifiée au SIREN sous le numéro 200 054 781 »), with its digits grouped
/// by spaces, no-break spaces or dots or not at all; 9 digits make a SIREN, 14 a SIRET,
/// and any other count after « SIREN »/« SIRET » is reported as such. An IBAN counts
/// when it starts with FR, or « IBAN », « RIB » or « compte » stands shortly before it.
pub fn find_identifiers(text: &str) -> Vec<IdentifierMention> {
    let mut found: Vec<IdentifierMention> = Vec::new();
    // The patterns have no `\\b` (slow on French text): word boundaries are checked here.
    let whole =
        |m: &regex::Match| super::starts_word(text, m.start()) && super::ends_word(text, m.end());
    for keyword in CONTEXT.find_iter(text).filter(|m| whole(m)) {
        let mut end = (keyword.end() + AFTER_KEYWORD).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let window = &text[keyword.end()..end];
        let Some(first_digit) = window.find(|c: char| c.is_ascii_digit()) else {
            continue;
        };
        let start = keyword.end() + first_digit;
        if found.iter().any(|f| f.span.contains(&start)) {
            continue;
        }
        let Some(m) = NUMBER.find(&text[start..]) else {
            continue;
        };
        let written = m
            .as_str()
            .trim_end_matches([' ', '\u{a0}', '\u{202f}', '.']);
        let compact: String = written.chars().filter(char::is_ascii_digit).collect();
        let named = keyword.as_str().to_ascii_lowercase();
        let kind = match (compact.len(), named.as_str()) {
            (14, _) => IdentifierKind::Siret,
            (9, _) => IdentifierKind::Siren,
            (_, "siret") => IdentifierKind::Siret,
            (_, "siren") => IdentifierKind::Siren,
            _ => continue,
        };
        let valid = match kind {
            IdentifierKind::Siret => siret_valid(&compact),
            _ => siren_valid(&compact),
        };
        found.push(IdentifierMention {
            span: start..start + written.len(),
            kind,
            compact,
            valid,
        });
    }
    for m in IBAN.find_iter(text).filter(|m| whole(m)) {
        let compact: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
        let mut from = m.start().saturating_sub(BEFORE_IBAN);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let looks_like_iban =
            compact.starts_with("FR") || IBAN_CONTEXT.is_match(&text[from..m.start()]);
        if !looks_like_iban || compact.chars().filter(char::is_ascii_digit).count() < 10 {
            continue;
        }
        found.push(IdentifierMention {
            span: m.range(),
            kind: IdentifierKind::Iban,
            valid: iban_valid(&compact),
            compact,
        });
    }
    found.sort_by_key(|m| m.span.start);
    found
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn check_digits() {
        assert!(siren_valid("200054781"), "Métropole du Grand Paris");
        assert!(!siren_valid("200054782"));
        assert!(siret_valid("20005478100022") == luhn_valid("20005478100022"));
        assert!(siret_valid("35600000000048"), "La Poste, head office: Luhn");
        assert!(
            siret_valid("35600000012345")
                == ("35600000012345"
                    .bytes()
                    .map(|b| u32::from(b - b'0'))
                    .sum::<u32>()
                    % 5
                    == 0)
        );
        assert!(iban_valid("FR7630006000011234567890189"));
        assert!(!iban_valid("FR7630006000011234567890188"));
        assert!(
            !iban_valid("FR76300060000112345678901"),
            "a French IBAN has 27 characters"
        );
    }

    #[test]
    fn finds_identifiers_in_context_only() {
        let text = "identifiée au SIREN sous le numéro 200 054 781, téléphone 01 23 45 67 89 123 456 789, \
                    IBAN FR76 3000 6000 0112 3456 7890 189";
        let found = find_identifiers(text);
        let kinds: Vec<_> = found
            .iter()
            .map(|m| (m.kind, m.compact.as_str(), m.valid))
            .collect();
        assert_eq!(
            kinds,
            [
                (IdentifierKind::Siren, "200054781", true),
                (IdentifierKind::Iban, "FR7630006000011234567890189", true)
            ]
        );
    }
}
