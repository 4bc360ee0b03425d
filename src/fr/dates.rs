//! French dates and durations: « 31 décembre 2028 », « 1er mars 2027 », « le 01/03/2027 »,
//! « lundi 2 mars 2027 »; « douze (12) mois », « 24 mois », « trente jours ».
//!
//! Periods: a convention's calendar gives the first day of performance and a length
//! (« douze mois avec un début le 1er mars 2027 »). That first day counts, so the period
//! covers it up to the day before the same-numbered day at the end (« de quantième à
//! quantième »): twelve months from 1er mars 2027 run up to 29 février 2028 included.
//! This is the reading that gives the latest end a lawyer would accept without a doubt
//! about the first day; it differs from the computation of procedural time limits (Code
//! de procédure civile, art. 641), where the day of the triggering event does not count
//! and a twelve-month limit from 1er mars 2027 expires on 1er mars 2028. When the end
//! month has no such day (31 janvier + 1 mois), the last day of the month is used, as
//! art. 641 al. 2 does.

use std::fmt;

use nom::IResult;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while_m_n};
use nom::character::complete::char as chr;
use nom::combinator::{opt, recognize};

use super::numerals::{number_digits, number_words};
use super::{fold, scan, space1, word};
use crate::source::Span;

/// French month names, after [`fold`](super::fold), January first.
const MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// Month names as written in French (with accents), January first.
const MONTH_NAMES: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// French weekday names, after [`fold`](super::fold), Monday first.
const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// A day of the proleptic Gregorian calendar, as written: the fields may not form a
/// real day (« 31 juin 2028 »); [`Date::is_valid`] tells.
///
/// Ordering is chronological for valid dates (year, then month, then day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Date {
    /// The year, e.g. 2027.
    pub year: i32,
    /// The month, 1 to 12 for a valid date.
    pub month: u32,
    /// The day of the month, 1-based.
    pub day: u32,
}

impl Date {
    /// Builds a date; `None` unless it is a real day of the Gregorian calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let d = Date { year, month, day };
        d.is_valid().then_some(d)
    }

    /// Whether the year is a leap year of the Gregorian calendar (divisible by 4, but
    /// not by 100 unless by 400).
    pub fn is_leap_year(year: i32) -> bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days in `month` (1 to 12) of `year`; 0 for a month out of range.
    pub fn days_in_month(year: i32, month: u32) -> u32 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if Date::is_leap_year(year) => 29,
            2 => 28,
            _ => 0,
        }
    }

    /// Whether the fields form a real day (of year 1 or later: there is no year 0 in
    /// the way dates are written).
    pub fn is_valid(&self) -> bool {
        self.year >= 1 && self.day >= 1 && self.day <= Date::days_in_month(self.year, self.month)
    }

    /// Number of days since 1970-01-01 (negative before), for a valid date.
    /// Algorithm: Howard Hinnant, « chrono-Compatible Low-Level Date Algorithms ».
    pub fn days_since_epoch(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (inverse of [`Date::days_since_epoch`]).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The day of the week, 0 for Monday to 6 for Sunday.
    pub fn weekday(&self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.days_since_epoch() + 3).rem_euclid(7) as u32
    }

    /// The date `days` days later (earlier when negative).
    pub fn add_days(&self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// The same-numbered day `months` months later, or the last day of that month when
    /// it is shorter (31 janvier + 1 mois → 28 or 29 février), as in CPC art. 641 al. 2.
    pub fn add_months(&self, months: i64) -> Date {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + months;
        let year = index.div_euclid(12) as i32;
        let month = index.rem_euclid(12) as u32 + 1;
        let day = self.day.min(Date::days_in_month(year, month));
        Date { year, month, day }
    }

    /// The last day of a period of `duration` that starts on this day (the start day
    /// counts): 1er janvier 2027 + 12 mois → 31 décembre 2027. `None` for an empty
    /// period (« 0 jour ») or one too long to be a date (over 10 000 years), so that
    /// « 9223372036854775807 mois » cannot overflow.
    pub fn period_end(&self, duration: Duration) -> Option<Date> {
        const MAX_DAYS: u64 = 3_652_500;
        let days_at_most = match duration.unit {
            DurationUnit::Day => duration.amount,
            DurationUnit::Week => duration.amount.saturating_mul(7),
            DurationUnit::Month => duration.amount.saturating_mul(31),
            DurationUnit::Year => duration.amount.saturating_mul(366),
        };
        if duration.amount == 0 || days_at_most > MAX_DAYS {
            return None;
        }
        let amount = duration.amount as i64;
        let next = match duration.unit {
            DurationUnit::Day => return Some(self.add_days(amount - 1)),
            DurationUnit::Week => return Some(self.add_days(7 * amount - 1)),
            DurationUnit::Month => self.add_months(amount),
            DurationUnit::Year => self.add_months(12 * amount),
        };
        Some(next.add_days(-1))
    }
}

impl fmt::Display for Date {
    /// Writes the date the French way: « 1er mars 2027 », « 31 décembre 2028 ».
    /// An out-of-range month is written as a number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month = (1..=12)
            .contains(&self.month)
            .then(|| MONTH_NAMES[self.month as usize - 1]);
        match (self.day, month) {
            (1, Some(m)) => write!(f, "1er {m} {}", self.year),
            (d, Some(m)) => write!(f, "{d} {m} {}", self.year),
            (d, None) => write!(f, "{d:02}/{:02}/{}", self.month, self.year),
        }
    }
}

/// A date found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Bytes of the whole mention, weekday included when there is one.
    pub span: Span,
    /// The date as written; may be invalid (« 31 juin 2028 »).
    pub date: Date,
    /// The weekday written before the date (0 Monday … 6 Sunday), if any.
    pub weekday: Option<u32>,
}

/// The unit of a [`Duration`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum DurationUnit {
    /// « jour(s) », calendar days.
    Day,
    /// « semaine(s) ».
    Week,
    /// « mois ».
    Month,
    /// « an(s) », « année(s) ».
    Year,
}

/// A length of time: « douze (12) mois » is 12 [`DurationUnit::Month`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Duration {
    /// How many units.
    pub amount: u64,
    /// Which unit.
    pub unit: DurationUnit,
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = self.amount > 1;
        let unit = match (self.unit, plural) {
            (DurationUnit::Day, false) => "jour",
            (DurationUnit::Day, true) => "jours",
            (DurationUnit::Week, false) => "semaine",
            (DurationUnit::Week, true) => "semaines",
            (DurationUnit::Month, _) => "mois",
            (DurationUnit::Year, false) => "an",
            (DurationUnit::Year, true) => "ans",
        };
        write!(f, "{} {unit}", self.amount)
    }
}

/// A duration found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationMention {
    /// Bytes of the whole mention, from the number to the unit.
    pub span: Span,
    /// The duration. When words and digits are both written (« douze (12) mois »), the
    /// digits give the amount.
    pub duration: Duration,
}

fn day_first(input: &str) -> IResult<&str, u32> {
    let (rest, _) = (tag("1"), alt((tag("er"), tag("ᵉʳ")))).parse(input)?;
    Ok((rest, 1))
}

fn day_premier(input: &str) -> IResult<&str, u32> {
    let (rest, w) = word(input)?;
    if fold(w) == "premier" {
        Ok((rest, 1))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        )))
    }
}

fn day_digits(input: &str) -> IResult<&str, u32> {
    let (rest, d) = take_while_m_n(1, 2, |c: char| c.is_ascii_digit()).parse(input)?;
    Ok((rest, d.parse().unwrap_or(0)))
}

fn day(input: &str) -> IResult<&str, u32> {
    alt((day_first, day_premier, day_digits)).parse(input)
}

fn month_name(input: &str) -> IResult<&str, u32> {
    let (rest, w) = word(input)?;
    let folded = fold(w);
    match MONTHS.iter().position(|m| *m == folded) {
        Some(i) => Ok((rest, i as u32 + 1)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

fn year(input: &str) -> IResult<&str, i32> {
    let (rest, y) = take_while_m_n(4, 4, |c: char| c.is_ascii_digit()).parse(input)?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Digit,
        )));
    }
    Ok((rest, y.parse().unwrap_or(0)))
}

fn weekday(input: &str) -> IResult<&str, u32> {
    let (rest, w) = word(input)?;
    let folded = fold(w);
    match WEEKDAYS.iter().position(|d| *d == folded) {
        Some(i) => Ok((rest, i as u32)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// « 31 décembre 2028 », « 1er mars 2027 », « premier mars 2027 ».
fn written_date(input: &str) -> IResult<&str, Date> {
    let (rest, (day, _, month, _, year)) = (day, space1, month_name, space1, year).parse(input)?;
    Ok((rest, Date { year, month, day }))
}

/// « 01/03/2027 », « 1.3.2027 », « 01-03-2027 ».
fn numeric_date(input: &str) -> IResult<&str, Date> {
    let two = || take_while_m_n(1, 2, |c: char| c.is_ascii_digit());
    let (rest, (d, sep, m)) = (two(), alt((chr('/'), chr('.'), chr('-'))), two()).parse(input)?;
    let (rest, (_, year)) = (chr(sep), year).parse(rest)?;
    let date = Date {
        year,
        month: m.parse().unwrap_or(0),
        day: d.parse().unwrap_or(0),
    };
    Ok((rest, date))
}

/// Parses a date at the start of `input`, optionally preceded by a weekday
/// (« lundi 2 mars 2027 »). Returns the date and the weekday written, if any.
///
/// Fails when `input` does not start with a date.
pub fn date(input: &str) -> IResult<&str, (Date, Option<u32>)> {
    // A date starts with a digit, a weekday or « premier »: the other words are left at
    // once, before any folding (this runs at every word of the document).
    if !input.starts_with(|c: char| {
        c.is_ascii_digit()
            || matches!(
                c.to_ascii_lowercase(),
                'l' | 'm' | 'j' | 'v' | 's' | 'd' | 'p'
            )
    }) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    let (input, weekday) = opt((weekday, space1).map(|(w, _)| w)).parse(input)?;
    let (rest, date) = alt((written_date, numeric_date)).parse(input)?;
    Ok((rest, (date, weekday)))
}

/// Every date mentioned in `text`, in order. `offset` is added to the spans (the byte
/// offset of `text` in the whole document).
pub fn find_dates(text: &str, offset: usize) -> Vec<DateMention> {
    scan(text, offset, char::is_alphanumeric, |rest| {
        self::date(rest).ok()
    })
    .into_iter()
    .map(|(span, (date, weekday))| DateMention {
        span,
        date,
        weekday,
    })
    .collect()
}

fn unit(input: &str) -> IResult<&str, DurationUnit> {
    let (rest, w) = word(input)?;
    let unit = match fold(w).as_str() {
        "jour" | "jours" => DurationUnit::Day,
        "semaine" | "semaines" => DurationUnit::Week,
        "mois" => DurationUnit::Month,
        "an" | "ans" | "annee" | "annees" => DurationUnit::Year,
        _ => {
            return Err(nom::Err::Error(nom::error::Error::new(
                input,
                nom::error::ErrorKind::Tag,
            )));
        }
    };
    Ok((rest, unit))
}

/// A number with an optional restatement in parentheses: « douze (12) », « 12 (douze) »,
/// « 24 », « trente ». The digits win when both are written.
fn amount(input: &str) -> IResult<&str, u64> {
    let parenthesised = |i| {
        let (i, (_, _, _, value, _, _)) = (
            opt(space1),
            chr('('),
            opt(space1),
            alt((number_digits, number_words)),
            opt(space1),
            chr(')'),
        )
            .parse(i)?;
        Ok((i, value))
    };
    alt((
        |i| {
            let (i, (digits, _)) = (number_digits, opt(recognize(parenthesised))).parse(i)?;
            Ok((i, digits))
        },
        |i| {
            let (i, (words, digits)) = (number_words, opt(parenthesised)).parse(i)?;
            Ok((i, digits.unwrap_or(words)))
        },
    ))
    .parse(input)
}

/// Parses a duration at the start of `input`: an amount then a unit.
///
/// Fails when `input` does not start with one.
pub fn duration(input: &str) -> IResult<&str, Duration> {
    let (rest, (amount, _, unit)) = (amount, space1, unit).parse(input)?;
    Ok((rest, Duration { amount, unit }))
}

/// Every duration mentioned in `text`, in order; `offset` is added to the spans.
pub fn find_durations(text: &str, offset: usize) -> Vec<DurationMention> {
    scan(text, offset, char::is_alphanumeric, |rest| {
        self::duration(rest).ok()
    })
    .into_iter()
    .map(|(span, duration)| DurationMention { span, duration })
    .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    /// Written forms and the date they give (year, month, day as written): every month
    /// with and without accents or in capitals, « 1er », « premier », « 1ᵉʳ », weekdays,
    /// line breaks and no-break spaces inside, numeric forms with « / », « . », « - »,
    /// and impossible dates, which are kept as written for `date-invalid`.
    const TABLE: &[(&str, i32, u32, u32)] = &[
        ("15 janvier 2027", 2027, 1, 15),
        ("1er janvier 2028", 2028, 1, 1),
        ("28 JANVIER 2026", 2026, 1, 28),
        ("15 février 2027", 2027, 2, 15),
        ("1er février 2028", 2028, 2, 1),
        ("3 fevrier 2027", 2027, 2, 3),
        ("28 FÉVRIER 2026", 2026, 2, 28),
        ("15 mars 2027", 2027, 3, 15),
        ("1er mars 2028", 2028, 3, 1),
        ("28 MARS 2026", 2026, 3, 28),
        ("15 avril 2027", 2027, 4, 15),
        ("1er avril 2028", 2028, 4, 1),
        ("28 AVRIL 2026", 2026, 4, 28),
        ("15 mai 2027", 2027, 5, 15),
        ("1er mai 2028", 2028, 5, 1),
        ("28 MAI 2026", 2026, 5, 28),
        ("15 juin 2027", 2027, 6, 15),
        ("1er juin 2028", 2028, 6, 1),
        ("28 JUIN 2026", 2026, 6, 28),
        ("15 juillet 2027", 2027, 7, 15),
        ("1er juillet 2028", 2028, 7, 1),
        ("28 JUILLET 2026", 2026, 7, 28),
        ("15 août 2027", 2027, 8, 15),
        ("1er août 2028", 2028, 8, 1),
        ("3 aout 2027", 2027, 8, 3),
        ("28 AOÛT 2026", 2026, 8, 28),
        ("15 septembre 2027", 2027, 9, 15),
        ("1er septembre 2028", 2028, 9, 1),
        ("28 SEPTEMBRE 2026", 2026, 9, 28),
        ("15 octobre 2027", 2027, 10, 15),
        ("1er octobre 2028", 2028, 10, 1),
        ("28 OCTOBRE 2026", 2026, 10, 28),
        ("15 novembre 2027", 2027, 11, 15),
        ("1er novembre 2028", 2028, 11, 1),
        ("28 NOVEMBRE 2026", 2026, 11, 28),
        ("15 décembre 2027", 2027, 12, 15),
        ("1er décembre 2028", 2028, 12, 1),
        ("3 decembre 2027", 2027, 12, 3),
        ("28 DÉCEMBRE 2026", 2026, 12, 28),
        ("mardi 2 mars 2027", 2027, 3, 2),
        ("Mardi 2 mars 2027", 2027, 3, 2),
        ("vendredi 1er janvier 2027", 2027, 1, 1),
        ("Vendredi 1er janvier 2027", 2027, 1, 1),
        ("mardi 29 février 2028", 2028, 2, 29),
        ("Mardi 29 février 2028", 2028, 2, 29),
        ("vendredi 31 décembre 2027", 2027, 12, 31),
        ("Vendredi 31 décembre 2027", 2027, 12, 31),
        ("dimanche 29 novembre 2026", 2026, 11, 29),
        ("Dimanche 29 novembre 2026", 2026, 11, 29),
        ("dimanche 14 juillet 2030", 2030, 7, 14),
        ("Dimanche 14 juillet 2030", 2030, 7, 14),
        ("mercredi 1er septembre 2027", 2027, 9, 1),
        ("Mercredi 1er septembre 2027", 2027, 9, 1),
        ("premier mars 2027", 2027, 3, 1),
        ("Premier janvier 2030", 2030, 1, 1),
        ("1ᵉʳ avril 2027", 2027, 4, 1),
        ("31 décembre\n2028", 2028, 12, 31),
        ("31\u{a0}décembre\u{a0}2028", 2028, 12, 31),
        ("2 mars\n 2027", 2027, 3, 2),
        ("01/03/2027", 2027, 3, 1),
        ("1/3/2027", 2027, 3, 1),
        ("01.03.2027", 2027, 3, 1),
        ("01-03-2027", 2027, 3, 1),
        ("31/12/2028", 2028, 12, 31),
        ("31/12/2028", 2028, 12, 31),
        ("31.12.2028", 2028, 12, 31),
        ("31-12-2028", 2028, 12, 31),
        ("29/02/2028", 2028, 2, 29),
        ("29/2/2028", 2028, 2, 29),
        ("29.02.2028", 2028, 2, 29),
        ("29-02-2028", 2028, 2, 29),
        ("15/07/2026", 2026, 7, 15),
        ("15/7/2026", 2026, 7, 15),
        ("15.07.2026", 2026, 7, 15),
        ("15-07-2026", 2026, 7, 15),
        ("09/09/2029", 2029, 9, 9),
        ("9/9/2029", 2029, 9, 9),
        ("09.09.2029", 2029, 9, 9),
        ("09-09-2029", 2029, 9, 9),
        ("30/06/2027", 2027, 6, 30),
        ("30/6/2027", 2027, 6, 30),
        ("30.06.2027", 2027, 6, 30),
        ("30-06-2027", 2027, 6, 30),
        ("31 juin 2028", 2028, 6, 31),
        ("29 février 2027", 2027, 2, 29),
        ("30 février 2028", 2028, 2, 30),
        ("31/04/2028", 2028, 4, 31),
        ("31 septembre 2027", 2027, 9, 31),
        ("31 novembre 2027", 2027, 11, 31),
        ("32 mai 2028", 2028, 5, 32),
        ("00/01/2027", 2027, 1, 0),
        ("15/13/2027", 2027, 13, 15),
        ("29 février 2100", 2100, 2, 29),
        ("29 février 2000", 2000, 2, 29),
        ("29 février 2024", 2024, 2, 29),
        ("le 5 mai 2027", 2027, 5, 5),
        ("du 10 octobre 2027", 2027, 10, 10),
        ("au 30 novembre 2026", 2026, 11, 30),
        ("jusqu’au 31 décembre 2028", 2028, 12, 31),
        ("avant le 1er septembre 2027", 2027, 9, 1),
        ("7 juillet 2027", 2027, 7, 7),
        ("8 août 2027", 2027, 8, 8),
        ("2 Juin 2027", 2027, 6, 2),
        ("18 Octobre 2027", 2027, 10, 18),
        ("11 novembre 2027", 2027, 11, 11),
    ];

    #[test]
    fn reads_a_table_of_written_dates() {
        assert!(TABLE.len() >= 100);
        for (text, year, month, day) in TABLE {
            let found = find_dates(text, 0);
            assert_eq!(found.len(), 1, "{text:?}: {found:?}");
            let m = &found[0];
            assert_eq!(m.date, d(*year, *month, *day), "{text:?}");
            assert_eq!(
                m.date.is_valid(),
                Date::new(*year, *month, *day).is_some(),
                "{text:?}"
            );
            if let Some(w) = m.weekday {
                assert_eq!(
                    w,
                    m.date.weekday(),
                    "{text:?}: the table's weekdays are right"
                );
            }
        }
    }

    #[test]
    fn finds_dates_in_their_usual_forms() {
        let text = "jusqu'au 31 décembre\n2028, dès le 1er mars 2027, le 01/03/2027, \
                    le premier avril 2027 et lundi 2 mars 2027; v2.1.2027x";
        let dates: Vec<_> = find_dates(text, 0).into_iter().map(|m| m.date).collect();
        assert_eq!(
            dates,
            [
                d(2028, 12, 31),
                d(2027, 3, 1),
                d(2027, 3, 1),
                d(2027, 4, 1),
                d(2027, 3, 2)
            ]
        );
    }

    #[test]
    fn keeps_impossible_dates_as_written() {
        let m = &find_dates("le 31 juin 2028", 0)[0];
        assert_eq!(m.date, d(2028, 6, 31));
        assert!(!m.date.is_valid());
        assert!(!d(2027, 2, 29).is_valid());
        assert!(d(2028, 2, 29).is_valid());
    }

    #[test]
    fn counts_periods_as_french_law_does() {
        let m = |n| Duration {
            amount: n,
            unit: DurationUnit::Month,
        };
        assert_eq!(d(2027, 1, 1).period_end(m(12)), Some(d(2027, 12, 31)));
        assert_eq!(d(2027, 3, 1).period_end(m(12)), Some(d(2028, 2, 29)));
        assert_eq!(d(2027, 3, 1).period_end(m(u64::MAX)), None);
        assert_eq!(d(2027, 3, 1).period_end(m(0)), None);
        assert_eq!(d(2027, 1, 31).add_months(1), d(2027, 2, 28));
        assert_eq!(d(2027, 3, 2).weekday(), 1);
        assert_eq!(d(1970, 1, 1).add_days(-1), d(1969, 12, 31));
    }

    #[test]
    fn finds_durations() {
        let text = "une durée de douze (12) mois, 24 mois, trente jours, 31 (trente) jours";
        let found: Vec<_> = find_durations(text, 0)
            .into_iter()
            .map(|m| (m.duration.amount, &text[m.span]))
            .collect();
        assert_eq!(
            found,
            [
                (12, "douze (12) mois"),
                (24, "24 mois"),
                (30, "trente jours"),
                (31, "31 (trente) jours")
            ]
        );
    }
}
