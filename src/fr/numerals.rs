//! French numerals, written in words or in digits.
//!
//! Covers « zéro » to the billions with the rules of French numeration as described by
//! the Académie française (« Dire, ne pas dire ») and the 1990 spelling reform
//! (Rapport du Conseil supérieur de la langue française, JO du 6 décembre 1990):
//! « vingt et un » and « vingt-et-un », « quatre-vingt(s) », « cent(s) », « mille »,
//! « million(s) », « milliard(s) », and the Belgian and Swiss « septante », « huitante »,
//! « octante », « nonante ».

use nom::IResult;
use nom::Parser;
use nom::bytes::complete::take_while1;

use super::{fold, word};

/// The value of one French number word, after [`fold`](super::fold).
fn word_value(folded: &str) -> Option<Word> {
    let small = |v| Some(Word::Small(v));
    match folded {
        "zero" => small(0),
        "un" | "une" => small(1),
        "deux" => small(2),
        "trois" => small(3),
        "quatre" => small(4),
        "cinq" => small(5),
        "six" => small(6),
        "sept" => small(7),
        "huit" => small(8),
        "neuf" => small(9),
        "dix" => small(10),
        "onze" => small(11),
        "douze" => small(12),
        "treize" => small(13),
        "quatorze" => small(14),
        "quinze" => small(15),
        "seize" => small(16),
        "vingt" | "vingts" => Some(Word::Vingt),
        "trente" => small(30),
        "quarante" => small(40),
        "cinquante" => small(50),
        "soixante" => small(60),
        "septante" => small(70),
        "huitante" | "octante" => small(80),
        "nonante" => small(90),
        "cent" | "cents" => Some(Word::Cent),
        "mille" | "mil" => Some(Word::Scale(1_000)),
        "million" | "millions" => Some(Word::Scale(1_000_000)),
        "milliard" | "milliards" => Some(Word::Scale(1_000_000_000)),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy)]
enum Word {
    /// 0 to 16 and the tens other than « vingt ».
    Small(u64),
    /// « vingt », which multiplies after « quatre ».
    Vingt,
    /// « cent », which multiplies what precedes it.
    Cent,
    /// « mille », « million », « milliard ».
    Scale(u64),
}

/// Adds words one at a time, following French numeration.
#[derive(Debug, Default)]
struct Accumulator {
    /// Millions and billions already closed.
    high: u64,
    /// Thousands already closed (« deux cent mille » → 200 000).
    thousands: u64,
    /// The group below a thousand being read.
    group: u64,
    /// The previous word was « quatre » at the end of the group.
    after_quatre: bool,
    words: usize,
}

impl Accumulator {
    fn push(&mut self, w: Word) -> Option<()> {
        let after_quatre = std::mem::take(&mut self.after_quatre);
        match w {
            Word::Small(v) => {
                // A unit after a unit (« deux trois ») is two numbers, not one.
                if self.words > 0 && !self.group.is_multiple_of(10) && v < 10 {
                    return None;
                }
                self.group += v;
                self.after_quatre = v == 4;
            }
            Word::Vingt => {
                if after_quatre && self.group % 100 == 4 {
                    self.group += 80 - 4;
                } else {
                    self.group += 20;
                }
            }
            Word::Cent => {
                let units = self.group % 100;
                let hundreds = self.group - units;
                if hundreds > 0 {
                    return None;
                }
                self.group = units.max(1) * 100;
            }
            Word::Scale(1_000) => {
                if self.thousands > 0 {
                    return None;
                }
                self.thousands = self.group.max(1) * 1_000;
                self.group = 0;
            }
            Word::Scale(scale) => {
                let part = self.thousands + self.group;
                self.high += part.max(1) * scale;
                self.thousands = 0;
                self.group = 0;
            }
        }
        self.words += 1;
        Some(())
    }

    fn value(&self) -> u64 {
        self.high + self.thousands + self.group
    }
}

/// Parses a number written in French words at the start of `input`: « trente »,
/// « vingt et un », « quatre-vingt-dix-neuf », « deux cent mille ». Words are
/// separated by spaces, line breaks or hyphens; « et » joins them only between two
/// number words. Returns the value and the rest of the input, which starts right
/// after the last number word.
///
/// Fails (a nom error) when the input does not start with a number word.
pub fn number_words(input: &str) -> IResult<&str, u64> {
    let mut acc = Accumulator::default();
    let mut rest = input;
    let mut end = input;
    while let Ok((after, w)) = word(rest) {
        let folded = fold(w);
        if acc.words > 0 && folded == "et" {
            // « et » must be followed by a number word to belong to the numeral.
            if let Ok((after_sep, _)) = separator(after)
                && let Ok((_, next)) = word(after_sep)
                && word_value(&fold(next)).is_some()
            {
                rest = after_sep;
                continue;
            }
            break;
        }
        let Some(value) = word_value(&folded) else {
            break;
        };
        if acc.push(value).is_none() {
            break;
        }
        end = after;
        match separator(after) {
            Ok((next, _)) => rest = next,
            Err(_) => break,
        }
    }
    if acc.words == 0 {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Digit,
        )));
    }
    Ok((end, acc.value()))
}

/// A space, hyphen or line break between two number words.
fn separator(input: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_whitespace() || c == '-' || c == '‑').parse(input)
}

/// Parses a number written in digits, with spaces, no-break spaces (U+00A0), narrow
/// no-break spaces (U+202F) or dots as thousands separators: « 12 », « 1 000 »,
/// « 10.000 ». Returns the value and the rest of the input. A group separator is only
/// taken when exactly three digits follow it.
///
/// Fails when the input does not start with a digit, or the number overflows `u64`.
pub fn number_digits(input: &str) -> IResult<&str, u64> {
    let err = || nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Digit));
    let (mut rest, first) = take_while1(|c: char| c.is_ascii_digit())
        .parse(input)
        .map_err(|_: nom::Err<nom::error::Error<&str>>| err())?;
    let mut digits = first.to_string();
    if first.len() <= 3 {
        loop {
            let mut chars = rest.chars();
            let Some(sep) = chars.next() else { break };
            if !matches!(sep, ' ' | '\u{a0}' | '\u{202f}' | '.') {
                break;
            }
            let after = chars.as_str();
            let group: String = after.chars().take_while(char::is_ascii_digit).collect();
            if group.len() != 3 {
                break;
            }
            digits.push_str(&group);
            rest = &after[3..];
        }
    }
    let value = digits.parse::<u64>().map_err(|_| err())?;
    Ok((rest, value))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn words(s: &str) -> u64 {
        let (rest, v) = number_words(s).unwrap();
        assert!(rest.is_empty(), "{s:?} left {rest:?}");
        v
    }

    #[test]
    fn reads_french_numerals() {
        let cases = [
            ("zéro", 0),
            ("trente", 30),
            ("vingt et un", 21),
            ("vingt-et-un", 21),
            ("soixante-dix", 70),
            ("soixante et onze", 71),
            ("quatre-vingts", 80),
            ("quatre-vingt-dix-neuf", 99),
            ("deux cents", 200),
            ("deux cent trente", 230),
            ("mille", 1000),
            ("dix mille", 10_000),
            ("deux cent mille", 200_000),
            ("trois millions deux cent mille", 3_200_000),
            ("un milliard", 1_000_000_000),
            ("septante-cinq", 75),
            ("nonante", 90),
            ("DOUZE", 12),
        ];
        for (s, v) in cases {
            assert_eq!(words(s), v, "{s}");
        }
    }

    #[test]
    fn stops_at_the_first_word_that_is_not_a_number() {
        assert_eq!(number_words("trente jours"), Ok((" jours", 30)));
        assert_eq!(number_words("vingt et une fois"), Ok((" fois", 21)));
        assert_eq!(number_words("deux et trois"), Ok((" et trois", 2)));
        assert!(number_words("jours").is_err());
    }

    #[test]
    fn reads_digits_with_thousands_separators() {
        assert_eq!(number_digits("1 000 €"), Ok((" €", 1000)));
        assert_eq!(number_digits("12 mois"), Ok((" mois", 12)));
        assert_eq!(number_digits("10\u{202f}000"), Ok(("", 10_000)));
    }
}
