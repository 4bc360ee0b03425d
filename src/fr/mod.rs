//! What French legal text means: numerals, dates and durations, words.
//!
//! Every parser here is a nom parser over `&str` that never panics and reports how much
//! of the input it read, so callers can turn a match into a byte [`Span`](crate::source::Span).

pub mod dates;
pub mod identifiers;
pub mod numerals;
pub mod references;
pub mod words;

use nom::IResult;

use crate::source::Span;
use nom::Parser;
use nom::bytes::complete::take_while1;

/// Lowercases `s` and removes French diacritics (« é » → « e », « œ » → « oe »), so that
/// « DURÉE », « Durée » and « DUREE » compare equal. Typographic apostrophes become `'`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' => out.push('i'),
            'ô' | 'ö' | 'ó' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ç' => out.push('c'),
            'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '’' | 'ʼ' | '‘' => out.push('\''),
            _ => out.push(c),
        }
    }
    out
}

/// One word of letters (any script, with its diacritics).
pub(crate) fn word(input: &str) -> IResult<&str, &str> {
    take_while1(char::is_alphabetic).parse(input)
}

/// Any run of white space, line breaks and no-break spaces included (hard-wrapped text
/// from a PDF puts a line break wherever a space was).
pub(crate) fn space1(input: &str) -> IResult<&str, &str> {
    take_while1(char::is_whitespace).parse(input)
}

/// Whether the character before byte `at` in `text` (if any) ends a word, so that a
/// match starting at `at` starts a word of its own.
pub(crate) fn starts_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Tries `parse` at every start of a word in `text` whose first character satisfies
/// `first`, and returns each match that also ends a word, with its span (`offset` added),
/// in order and without overlap. The common loop of the `find_*` functions.
pub(crate) fn scan<'a, T>(
    text: &'a str,
    offset: usize,
    first: impl Fn(char) -> bool,
    mut parse: impl FnMut(&'a str) -> Option<(&'a str, T)>,
) -> Vec<(Span, T)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let Some(c) = rest.chars().next() else { break };
        if first(c)
            && starts_word(text, at)
            && let Some((after, value)) = parse(rest)
        {
            let end = text.len() - after.len();
            if end > at && ends_word(text, end) {
                found.push((offset + at..offset + end, value));
                at = end;
                continue;
            }
        }
        at += c.len_utf8();
    }
    found
}

/// Whether the match ending at byte `at` ends a word (the next character is not a
/// letter or digit).
pub(crate) fn ends_word(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}
