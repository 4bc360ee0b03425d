//! References from one clause to another: « l'article 14 », « aux articles 3 et 15 »,
//! « articles 4 à 16 », « l'article 5.3 », « l'annexe 2 ».
//!
//! A reference with no number (« le présent article », « l'article ci-dessus ») names
//! no target and is not returned. A reference to another text — « l'article 1103 du
//! Code civil », « l'article L. 2122-22 du CGCT », « le règlement (UE) 2016/679 » — is
//! not a reference to this document and is not returned either.

use std::sync::LazyLock;

use nom::IResult;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while1};
use nom::character::complete::{char as chr, space0};
use nom::combinator::opt;
use regex::Regex;

use super::numerals::{numbering, roman_value};
use super::{fold, scan, space1, word};
use crate::source::Span;

/// What a reference points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// An article, as a number path: `[5]`, `[5, 3]`.
    Article(Vec<u32>),
    /// An annex, by its number or letter, normalised (« II » → « 2 », « a » → « A »).
    Annex(String),
}

impl Target {
    /// The number alone: « 5.3 », « 2 ».
    pub fn number(&self) -> String {
        match self {
            Target::Article(path) => path_text(path),
            Target::Annex(n) => n.clone(),
        }
    }

    /// « article 5.3 », « annexe 2 ».
    pub fn describe(&self) -> String {
        match self {
            Target::Article(path) => format!("article {}", path_text(path)),
            Target::Annex(n) => format!("annexe {n}"),
        }
    }
}

/// « 5.3 » for `[5, 3]`.
pub fn path_text(path: &[u32]) -> String {
    path.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// A reference found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Bytes of the whole mention, from « article(s) »/« annexe(s) » to the last number.
    pub span: Span,
    /// Each target with the bytes of its number. A range (« articles 4 à 6 ») gives
    /// every number of the range, all with the span of the whole range.
    pub targets: Vec<(Target, Span)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Article,
    Annex,
}

fn keyword(input: &str) -> IResult<&str, Keyword> {
    let (rest, w) = word(input)?;
    let kind = match fold(w).as_str() {
        "article" | "articles" => Keyword::Article,
        "art" if rest.starts_with('.') => return Ok((&rest[1..], Keyword::Article)),
        "annexe" | "annexes" => Keyword::Annex,
        _ => {
            return Err(nom::Err::Error(nom::error::Error::new(
                input,
                nom::error::ErrorKind::Tag,
            )));
        }
    };
    Ok((rest, kind))
}

/// « n° », « no », « numéro » before the number.
fn numero(input: &str) -> IResult<&str, &str> {
    let (rest, (_, n, _)) = (
        space1,
        alt((
            tag("n°"),
            tag("N°"),
            tag("nº"),
            tag_no_case("no."),
            tag_no_case("numéro"),
        )),
        space0,
    )
        .parse(input)?;
    Ok((rest, n))
}

/// One number of an article reference: « 1er », « premier », « 5 », « 5.3 », « II »;
/// not the numbering of a code (« L. 2122-22 », « 1103-1 »).
fn article_number(input: &str) -> IResult<&str, Vec<u32>> {
    let (rest, n) = numbering(input)?;
    let code_like = rest.starts_with(['-', '/'])
        || rest.starts_with('.')
            && rest[1..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit());
    if code_like {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((rest, n))
}

/// One annex number: digits, a roman numeral or a single capital letter.
pub(crate) fn annex_number(input: &str) -> IResult<&str, String> {
    let (rest, raw) = take_while1(|c: char| c.is_ascii_alphanumeric()).parse(input)?;
    let normalised = if raw.bytes().all(|b| b.is_ascii_digit()) {
        raw.trim_start_matches('0').to_string()
    } else if let Some(v) = roman_value(raw).filter(|&v| v < 400) {
        v.to_string()
    } else if raw.len() == 1 && raw.chars().all(|c| c.is_ascii_uppercase()) {
        raw.to_string()
    } else {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    };
    Ok((rest, normalised))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joiner {
    List,
    Range,
}

/// « , », « et », « ou », « à », « au », « jusqu'à » between two numbers.
fn joiner(input: &str) -> IResult<&str, Joiner> {
    let list = |i| -> IResult<&str, Joiner> {
        let (i, _) = (space0, chr(','), space0).parse(i)?;
        Ok((i, Joiner::List))
    };
    let words = |i| -> IResult<&str, Joiner> {
        let (i, _) = space1(i)?;
        let (rest, w) = word(i)?;
        let joiner = match fold(w).as_str() {
            "et" | "ou" => Joiner::List,
            "a" | "au" => Joiner::Range,
            _ => {
                return Err(nom::Err::Error(nom::error::Error::new(
                    i,
                    nom::error::ErrorKind::Tag,
                )));
            }
        };
        let (rest, _) = space1(rest)?;
        // « aux articles 3 et suivants »: no number after the joiner.
        Ok((rest, joiner))
    };
    alt((list, words)).parse(input)
}

static OTHER_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s,]*
        # « (alinéa 2) », « , alinéa 2, », « précité », « susvisé » between number and text.
        (?:\(?(?:alinéa|al\.|paragraphe|§|point|I+\b)[^,;.()]{0,20}?\)?[\s,]+)?
        (?:(?:précitée?s?|susvisée?s?|susmentionnée?s?|modifiée?s?)[\s,]+)?
        (?:
          # « dudit règlement », « de ladite convention »: a text named before.
          (?:dudit|de\s+ladite|desdits|desdites)\b
        | (?:du|de\s+la|de\s+l[’']|des|de)\s*
          (?:(?:nouveau|même|présent|dit)\s+)?
          (?:code|codes|loi|lois|décret|décrets|ordonnance|règlement|directive|arrêté|traité|
             constitution|charte\s+(?:de|des)|
             convention[\s-]*(?:initiale|cadre|du|de|d[’']|signée|conclue|précitée|susvisée|
                                  européenne|internationale|n°)|
             cgct|cgi|cgppp|ccp|cch|ccag|cjue|tfue|rgpd|contrat\s+(?:de|du)|cahier|marché|statuts?|
             délibération|accord[\s-]*(?:du|de|cadre|n°)|protocole\s+(?:du|de))
        )",
    )
    .expect("valid regex")
});

/// Parses a reference at the start of `input` (which starts with « article », « annexe »
/// or « art. »). `at` is the byte offset of `input` in the document.
fn reference_at(input: &str, at: usize) -> Option<Reference> {
    let offset = |rest: &str| at + input.len() - rest.len();
    let (rest, kind) = keyword(input).ok()?;
    let (rest, n) = opt(numero).parse(rest).ok()?;
    let (mut rest, _) = if n.is_some() {
        space0::<_, nom::error::Error<&str>>(rest).ok()?
    } else {
        space1(rest).ok()?
    };
    let mut targets: Vec<(Target, Span)> = Vec::new();
    let mut pending_range = false;
    loop {
        let start = offset(rest);
        let parsed = match kind {
            Keyword::Article => article_number(rest)
                .ok()
                .map(|(r, n)| (r, Target::Article(n))),
            Keyword::Annex => annex_number(rest).ok().map(|(r, n)| (r, Target::Annex(n))),
        };
        let Some((after, target)) = parsed else { break };
        let span = start..offset(after);
        if pending_range
            && let (Some((Target::Article(from), from_span)), Target::Article(to)) =
                (targets.last().cloned(), &target)
            && from.len() == 1
            && to.len() == 1
            && to[0] > from[0]
            && to[0] - from[0] <= 50
        {
            let range = from_span.start..span.end;
            if let Some(last) = targets.last_mut() {
                last.1 = range.clone();
            }
            for n in from[0] + 1..to[0] {
                targets.push((Target::Article(vec![n]), range.clone()));
            }
            targets.push((target, range));
        } else {
            targets.push((target, span));
        }
        rest = after;
        match joiner(rest) {
            Ok((after_joiner, j)) => {
                pending_range = j == Joiner::Range;
                rest = after_joiner;
            }
            Err(_) => break,
        }
    }
    let last = targets.last()?.1.end;
    // A reference to a code, a law, a decree … is not to this document.
    if OTHER_TEXT.is_match(&input[last - at..]) {
        return None;
    }
    Some(Reference {
        span: at..last,
        targets,
    })
}

/// Every reference to an article or annex of this document in `text`, in order;
/// `offset` is added to the spans.
pub fn find_references(text: &str, offset: usize) -> Vec<Reference> {
    scan(
        text,
        offset,
        |c| matches!(c, 'a' | 'A'),
        |rest| {
            let at = text.len() - rest.len();
            let r = reference_at(rest, offset + at)?;
            Some((&text[r.span.end - offset..], r))
        },
    )
    .into_iter()
    .map(|(_, r)| r)
    .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<String> {
        find_references(text, 0)
            .into_iter()
            .flat_map(|r| r.targets.into_iter().map(|(t, _)| t.describe()))
            .collect()
    }

    #[test]
    fn reads_references_to_this_document() {
        assert_eq!(targets("exposés à l'article 1. Tout"), ["article 1"]);
        assert_eq!(
            targets("l'article 1er et l'article premier"),
            ["article 1", "article 1"]
        );
        assert_eq!(targets("aux articles 3 et 15"), ["article 3", "article 15"]);
        assert_eq!(
            targets("articles 4 à 6"),
            ["article 4", "article 5", "article 6"]
        );
        assert_eq!(
            targets("l'article 5.3, l'ARTICLE II"),
            ["article 5.3", "article 2"]
        );
        assert_eq!(
            targets("voir l'annexe n° 2 et les annexes I et B"),
            ["annexe 2", "annexe 1", "annexe B"]
        );
        assert_eq!(
            targets("l'article 2 de la présente convention"),
            ["article 2"]
        );
    }

    #[test]
    fn ignores_references_without_number_or_to_other_texts() {
        for text in [
            "au titre du présent article",
            "l'article ci-dessus",
            "l'article 1103 du Code civil",
            "article L. 2122-22 du CGCT",
            "l'article L2122-22",
            "les articles 6, 7 et 9 du règlement (UE) 2016/679",
            "l'article 4, alinéa 2, de la loi n° 78-17",
            "l'article 3 du décret du 1er mars 2027",
            "l'article 14 de l'ordonnance n° 2015-899",
            "l'article 7 de la convention initiale",
            "l'article 14 de la convention-cadre du 3 janvier 2026",
            "l'article 14 dudit règlement",
            "l'article 14 précité du code civil",
            "l'article 14 (alinéa 2) de la loi n° 2000-321",
            "l'annexe 2 de l'arrêté du 22 mars 2019",
            "l'article 14 du CCAG-FCS",
            "l'article 14 de l'accord-cadre n° 2026-015",
            "particulièrement",
        ] {
            assert_eq!(targets(text), Vec::<String>::new(), "{text}");
        }
    }
}
