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
    if !(2..=10).contains(&folded.len()) {
        return None;
    }
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
        // No number word is longer than « milliards » (nine letters): a longer word is
        // left without folding it (this runs at every word of the document).
        if w.len() > 12 {
            break;
        }
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

/// The value of a roman numeral from I to MMMCMXCIX written in capitals and in its
/// canonical form only, so that « IIII », « VX » or « MIM » are not numbers.
pub fn roman_value(s: &str) -> Option<u32> {
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<i64> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > v => total -= v,
            _ => total += v,
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0 && t < 4000)?;
    (to_roman(total) == s).then_some(total)
}

/// `n` in capital roman numerals, canonical form (« XIV »).
pub(crate) fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

fn first(input: &str) -> IResult<&str, Vec<u32>> {
    let (rest, _) = (
        nom::bytes::complete::tag("1"),
        nom::character::complete::space0,
        nom::branch::alt((
            nom::bytes::complete::tag_no_case("er"),
            nom::bytes::complete::tag("ᵉʳ"),
        )),
    )
        .parse(input)?;
    Ok((rest, vec![1]))
}

fn premier(input: &str) -> IResult<&str, Vec<u32>> {
    let (rest, w) = word(input)?;
    if fold(w) == "premier" {
        Ok((rest, vec![1]))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        )))
    }
}

fn dotted(input: &str) -> IResult<&str, Vec<u32>> {
    use nom::character::complete::{char as chr, digit1};
    let (rest, (head, tail)) = (
        digit1,
        nom::multi::many0(nom::sequence::preceded(chr('.'), digit1)),
    )
        .parse(input)?;
    // A number too large for any document is not an article number.
    let path = std::iter::once(head)
        .chain(tail)
        .map(|p: &str| p.parse::<u32>())
        .collect::<Result<Vec<u32>, _>>()
        .map_err(|_| {
            nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Digit))
        })?;
    Ok((rest, path))
}

fn roman(input: &str) -> IResult<&str, Vec<u32>> {
    let (rest, letters) = take_while1(|c| "IVXLCDM".contains(c)).parse(input)?;
    match roman_value(letters) {
        Some(v) => Ok((rest, vec![v])),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        ))),
    }
}

/// The number of an article as French conventions write it, in a heading or a
/// reference: « 1er », « premier », « 12 », « 5.2 » (a sub-article: `[5, 2]`), « II ».
/// The number must end a word (« 12b » or « L2122 » is not one).
///
/// Fails (a nom error) otherwise.
pub fn numbering(input: &str) -> IResult<&str, Vec<u32>> {
    let (mut rest, n) = nom::branch::alt((first, dotted, premier, roman)).parse(input)?;
    // « Article 2e », and « Article 2er » as Word writes a list numbered « %1er »: the
    // ordinal ending belongs to the number.
    if n.len() == 1 {
        for ending in ["ème", "eme", "er", "e", "ᵉ"] {
            if let Some(after) = rest.strip_prefix(ending)
                && !after.starts_with(|c: char| c.is_alphanumeric())
            {
                rest = after;
                break;
            }
        }
    }
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((rest, n))
}

/// A number written twice, in words and in digits: « trente (30) jours »,
/// « 31 (trente et un) jours », « dix mille euros (10 000 €) ».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restatement {
    /// Bytes of the whole restatement, from the first number to the closing parenthesis.
    pub span: std::ops::Range<usize>,
    /// Bytes and value of the number in words.
    pub words: (std::ops::Range<usize>, u64),
    /// Bytes and value of the number in digits.
    pub digits: (std::ops::Range<usize>, u64),
}

/// Words that may stand between a number and its restatement (units, currencies).
const UNITS: [&str; 40] = [
    "euro",
    "euros",
    "eur",
    "€",
    "ht",
    "ttc",
    "jour",
    "jours",
    "mois",
    "an",
    "ans",
    "annee",
    "annees",
    "semaine",
    "semaines",
    "heure",
    "heures",
    "minute",
    "minutes",
    "exemplaire",
    "exemplaires",
    "%",
    "pour",
    "pourcent",
    "calendaires",
    "ouvres",
    "ouvrables",
    "francs",
    "centimes",
    "metres",
    "m²",
    "m2",
    "kilometres",
    "km",
    "places",
    "agents",
    "personnes",
    "seances",
    "originaux",
    "fois",
];

/// A unit after a number: up to three words from [`UNITS`] (« euros HT », « jours
/// calendaires », « pour cent »). Returns the rest after the unit (or the input).
fn unit(input: &str) -> &str {
    let mut rest = input;
    for _ in 0..3 {
        let Ok((after_space, _)) = super::space1(rest) else {
            break;
        };
        let token: String = after_space
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '€' | '%' | '²'))
            .collect();
        let folded = fold(&token);
        let is_unit = UNITS.contains(&folded.as_str()) || (folded == "cent" && rest != input);
        if token.is_empty() || !is_unit {
            break;
        }
        rest = &after_space[token.len()..];
    }
    rest
}

/// What [`parenthesised`] read: « (30 jours) ».
struct Parenthesis<'a> {
    /// The text from the number on.
    number_start: &'a str,
    /// The text right after the number.
    number_end: &'a str,
    value: u64,
    /// The unit written after the number inside the parenthesis (« jours »), or "".
    unit: &'a str,
    /// The text after « ) ».
    close: &'a str,
}

/// « ( », spaces, then a number by `inner`, spaces, a unit, « ) ».
fn parenthesised<'a>(
    input: &'a str,
    inner: fn(&'a str) -> IResult<&'a str, u64>,
) -> Option<Parenthesis<'a>> {
    let rest = input.trim_start_matches([' ', '\u{a0}', '\u{202f}', '\n']);
    let rest = rest.strip_prefix('(')?;
    let rest = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let (after, value) = inner(rest).ok()?;
    let unit_end = unit(after);
    let close = unit_end
        .trim_start_matches([' ', '\u{a0}', '\u{202f}'])
        .strip_prefix(')')?;
    Some(Parenthesis {
        number_start: rest,
        number_end: after,
        value,
        unit: &after[..after.len() - unit_end.len()],
        close,
    })
}

/// Whether two units name the same thing (« euros » and « € », « jours » and « jour »),
/// or one of them is not written: « trois mois (90 jours) » restates nothing.
fn same_unit(outer: &str, inner: &str) -> bool {
    let normal = |u: &str| {
        let folded = fold(u.trim());
        let first = folded.split_whitespace().next().unwrap_or("").to_string();
        match first.as_str() {
            "euro" | "euros" | "eur" | "€" => "€".to_string(),
            "an" | "ans" | "annee" | "annees" => "an".to_string(),
            "%" | "pour" | "pourcent" => "%".to_string(),
            other => other.trim_end_matches('s').to_string(),
        }
    };
    let (a, b) = (normal(outer), normal(inner));
    a.is_empty() || b.is_empty() || a == b
}

/// Every number written in words and restated in digits (or the reverse) in `text`.
/// Amounts with decimals (« 1 000,50 € ») are left alone; « un »/« une » counts only
/// when the parenthesis follows it directly (« un (1) »), as it is mostly an article.
pub fn find_restatements(text: &str) -> Vec<Restatement> {
    let mut found = Vec::new();
    let mut at = 0;
    let offset = |s: &str| text.len() - s.len();
    while at < text.len() {
        let rest = &text[at..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_alphanumeric() && super::starts_word(text, at) {
            let attempt = if c.is_ascii_digit() {
                number_digits(rest).ok().and_then(|(after, value)| {
                    if after.starts_with([',', '.'])
                        && after[1..].starts_with(|c: char| c.is_ascii_digit())
                    {
                        return None;
                    }
                    let before_paren = unit(after);
                    let p = parenthesised(before_paren, number_words)?;
                    if !same_unit(&after[..after.len() - before_paren.len()], p.unit) {
                        return None;
                    }
                    Some((
                        (offset(p.number_start)..offset(p.number_end), p.value),
                        (at..offset(after), value),
                        offset(p.close),
                    ))
                })
            } else {
                number_words(rest).ok().and_then(|(after, value)| {
                    let lone_article = matches!(
                        fold(&rest[..rest.len() - after.len()]).as_str(),
                        "un" | "une"
                    );
                    let before_paren = if lone_article { after } else { unit(after) };
                    let p = parenthesised(before_paren, number_digits)?;
                    let (digits_start, digits_end, digits, close) =
                        (p.number_start, p.number_end, p.value, p.close);
                    if !same_unit(&after[..after.len() - before_paren.len()], p.unit) {
                        return None;
                    }
                    if digits_end.starts_with([',', '.'])
                        && digits_end[1..].starts_with(|c: char| c.is_ascii_digit())
                    {
                        return None;
                    }
                    Some((
                        (at..offset(after), value),
                        (offset(digits_start)..offset(digits_end), digits),
                        offset(close),
                    ))
                })
            };
            if let Some((words, digits, end)) = attempt {
                found.push(Restatement {
                    span: at..end,
                    words,
                    digits,
                });
                at = end;
                continue;
            }
            // Skip the whole number (decimals included), or the rest of the word, so that
            // « 50 » in « 1 000,50 » or « dix » in « soixante-dix » is not read again.
            if c.is_ascii_digit() {
                let number_end = rest
                    .char_indices()
                    .find(|(i, c)| {
                        !(c.is_ascii_digit()
                            || matches!(c, ' ' | '\u{a0}' | '\u{202f}' | ',' | '.')
                                && rest[i + c.len_utf8()..]
                                    .starts_with(|d: char| d.is_ascii_digit()))
                    })
                    .map_or(rest.len(), |(i, _)| i);
                at += number_end.max(1);
                continue;
            }
            let word_len = rest
                .char_indices()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(rest.len(), |(i, _)| i);
            at += word_len.max(c.len_utf8());
            continue;
        }
        at += c.len_utf8();
    }
    found
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

    /// Written forms and their values: 0 to 100, the irregular forms (« et un »,
    /// « soixante et onze », « quatre-vingts » / « quatre-vingt mille », « cents » /
    /// « deux cent mille »), the 1990-reform hyphenation (« deux-cent-mille »), the
    /// Belgian and Swiss tens, and large numbers.
    const TABLE: &[(&str, u64)] = &[
        ("zéro", 0),
        ("un", 1),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("six", 6),
        ("sept", 7),
        ("huit", 8),
        ("neuf", 9),
        ("dix", 10),
        ("onze", 11),
        ("douze", 12),
        ("treize", 13),
        ("quatorze", 14),
        ("quinze", 15),
        ("seize", 16),
        ("dix-sept", 17),
        ("dix-huit", 18),
        ("dix-neuf", 19),
        ("vingt", 20),
        ("vingt et un", 21),
        ("vingt-deux", 22),
        ("vingt-trois", 23),
        ("vingt-quatre", 24),
        ("vingt-cinq", 25),
        ("vingt-six", 26),
        ("vingt-sept", 27),
        ("vingt-huit", 28),
        ("vingt-neuf", 29),
        ("trente", 30),
        ("trente et un", 31),
        ("trente-deux", 32),
        ("trente-trois", 33),
        ("trente-quatre", 34),
        ("trente-cinq", 35),
        ("trente-six", 36),
        ("trente-sept", 37),
        ("trente-huit", 38),
        ("trente-neuf", 39),
        ("quarante", 40),
        ("quarante et un", 41),
        ("quarante-deux", 42),
        ("quarante-trois", 43),
        ("quarante-quatre", 44),
        ("quarante-cinq", 45),
        ("quarante-six", 46),
        ("quarante-sept", 47),
        ("quarante-huit", 48),
        ("quarante-neuf", 49),
        ("cinquante", 50),
        ("cinquante et un", 51),
        ("cinquante-deux", 52),
        ("cinquante-trois", 53),
        ("cinquante-quatre", 54),
        ("cinquante-cinq", 55),
        ("cinquante-six", 56),
        ("cinquante-sept", 57),
        ("cinquante-huit", 58),
        ("cinquante-neuf", 59),
        ("soixante", 60),
        ("soixante et un", 61),
        ("soixante-deux", 62),
        ("soixante-trois", 63),
        ("soixante-quatre", 64),
        ("soixante-cinq", 65),
        ("soixante-six", 66),
        ("soixante-sept", 67),
        ("soixante-huit", 68),
        ("soixante-neuf", 69),
        ("soixante-dix", 70),
        ("soixante et onze", 71),
        ("soixante-douze", 72),
        ("soixante-treize", 73),
        ("soixante-quatorze", 74),
        ("soixante-quinze", 75),
        ("soixante-seize", 76),
        ("soixante-dix-sept", 77),
        ("soixante-dix-huit", 78),
        ("soixante-dix-neuf", 79),
        ("quatre-vingts", 80),
        ("quatre-vingt-un", 81),
        ("quatre-vingt-deux", 82),
        ("quatre-vingt-trois", 83),
        ("quatre-vingt-quatre", 84),
        ("quatre-vingt-cinq", 85),
        ("quatre-vingt-six", 86),
        ("quatre-vingt-sept", 87),
        ("quatre-vingt-huit", 88),
        ("quatre-vingt-neuf", 89),
        ("quatre-vingt-dix", 90),
        ("quatre-vingt-onze", 91),
        ("quatre-vingt-douze", 92),
        ("quatre-vingt-treize", 93),
        ("quatre-vingt-quatorze", 94),
        ("quatre-vingt-quinze", 95),
        ("quatre-vingt-seize", 96),
        ("quatre-vingt-dix-sept", 97),
        ("quatre-vingt-dix-huit", 98),
        ("quatre-vingt-dix-neuf", 99),
        ("cent", 100),
        ("cent onze", 111),
        ("cent soixante et onze", 171),
        ("cent quatre-vingts", 180),
        ("cent quatre-vingt-un", 181),
        ("cent quatre-vingt-dix", 190),
        ("cent quatre-vingt-dix-neuf", 199),
        ("deux cents", 200),
        ("deux cent un", 201),
        ("deux cent quatre-vingts", 280),
        ("trois cents", 300),
        ("trois cent quatre-vingts", 380),
        ("neuf cent quatre-vingt-dix-neuf", 999),
        ("mille", 1000),
        ("mille un", 1001),
        ("mille quatre-vingts", 1080),
        ("deux mille", 2000),
        ("deux mille quatre-vingts", 2080),
        ("dix mille", 10000),
        ("vingt et un mille", 21000),
        ("quatre-vingt mille", 80000),
        ("cent mille", 100000),
        ("deux cent mille", 200000),
        ("deux cent quatre-vingt mille", 280000),
        ("un million", 1000000),
        ("deux millions", 2000000),
        ("trois millions deux cent mille", 3200000),
        ("un milliard", 1000000000),
        ("deux milliards cinq cents millions", 2500000000),
        ("vingt-et-un", 21),
        ("soixante-et-onze", 71),
        ("quatre-vingts", 80),
        ("quatre-vingt-un", 81),
        ("quatre-vingt-dix-neuf", 99),
        ("deux-cents", 200),
        ("deux-cent-quatre-vingts", 280),
        ("mille-vingt-et-un", 1021),
        ("deux-cent-mille", 200000),
        ("trois-millions-deux-cent-mille", 3200000),
        ("quatre-vingt", 80),
        ("quatre vingts", 80),
        ("septante", 70),
        ("septante-cinq", 75),
        ("huitante", 80),
        ("octante-deux", 82),
        ("nonante", 90),
        ("nonante-neuf", 99),
        ("mil", 1000),
        ("une", 1),
        ("DOUZE", 12),
        ("Trente", 30),
        ("cent un", 101),
        ("cent-un", 101),
        ("trois cents", 300),
        ("trois-cents", 300),
        ("dix-sept", 17),
        ("soixante et onze", 71),
        ("vingt et une", 21),
        ("deux cent mille", 200000),
        ("un million deux cent mille", 1200000),
        ("deux milliards", 2000000000),
    ];

    #[test]
    fn reads_article_numbers() {
        let read = |s| numbering(s).map(|(_, n)| n).ok();
        assert_eq!(read("1er –"), Some(vec![1]));
        assert_eq!(read("premier"), Some(vec![1]));
        assert_eq!(read("5.2 –"), Some(vec![5, 2]));
        assert_eq!(read("XIV -"), Some(vec![14]));
        assert_eq!(read("IIII"), None);
        assert_eq!(read("VX"), None);
        assert_eq!(read("L2122"), None);
        assert_eq!(read("2e :"), Some(vec![2]));
        assert_eq!(read("2er –"), Some(vec![2]));
        assert_eq!(read("2ex"), None);
    }

    #[test]
    fn reads_french_numerals() {
        assert!(TABLE.len() >= 100);
        for (s, v) in TABLE {
            assert_eq!(words(s), *v, "{s}");
        }
    }

    #[test]
    fn finds_restatements() {
        let text = "trente (31) jours, douze (12) mois, dix mille euros (1 000 €), 31 (trente) jours, \
                    un (1) exemplaire, un accord (2019), 1 000,50 (mille) euros";
        let found: Vec<(u64, u64)> = find_restatements(text)
            .into_iter()
            .map(|r| (r.words.1, r.digits.1))
            .collect();
        assert_eq!(
            found,
            [(30, 31), (12, 12), (10_000, 1000), (30, 31), (1, 1)]
        );
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
