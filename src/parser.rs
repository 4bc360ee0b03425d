//! Text → [`Document`]. Parsing never fails: whatever the text, a tree comes out, with
//! the parts that could not be found left empty, and the checks report what is odd.
//!
//! The text is read line by line (conventions are line-oriented: a heading is a line
//! of its own, PDF extraction hard-wraps paragraphs). Each line is classified by small
//! nom parsers: article headings in every form French conventions use, the « Entre »
//! and « Et » of the parties, recital cues, « Il est convenu ce qui suit », « Fait en … ».

use nom::IResult;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while1};
use nom::character::complete::space0;
use nom::combinator::{opt, rest};
use regex::Regex;
use std::sync::LazyLock;

use crate::document::{
    Annex, Article, Designation, Division, Document, Parties, Party, Recitals, Signatory,
    SignatureBlock, Title,
};
use crate::fr::numerals::{number_digits, number_words, numbering};
use crate::fr::{fold, word};
use crate::source::{Source, Span};

/// Longest heading title, in characters, before a « heading » is taken for a sentence.
const MAX_TITLE_CHARS: usize = 150;

/// One line of the text, without its `\n`.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// Span of the whole line.
    span: (usize, usize),
    text: &'a str,
}

impl<'a> Line<'a> {
    fn trimmed(&self) -> &'a str {
        self.text.trim()
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Span of the line without leading and trailing white space.
    fn trimmed_span(&self) -> Span {
        let lead = self.text.len() - self.text.trim_start().len();
        let start = self.span.0 + lead;
        start..start + self.text.trim().len()
    }

    /// Byte offset, in the document, of `part`, which must be a slice of `self.text`.
    fn offset_of(&self, part: &str) -> usize {
        self.span.0 + (part.as_ptr() as usize - self.text.as_ptr() as usize)
    }
}

/// A heading recognised on a line, before it is placed in the tree.
#[derive(Debug, Clone)]
struct Heading {
    line: usize,
    number: Vec<u32>,
    suffix: Option<String>,
    label: Span,
    separator: String,
    title: Span,
    heading: Span,
    /// Last line that belongs to the heading (the title may sit on the next line).
    last_line: usize,
}

/// Parses `source` into a [`Document`]. Never fails and never panics.
///
/// Only the body, `text()[..body_end()]`, is parsed: the footnotes and endnotes of a
/// DOCX or ODT that follow it are never part of an article or of the signature block.
/// The parse is the one of the body alone, which ends with an empty line.
pub fn parse(source: &Source) -> Document {
    let body_end = source.body_end();
    let text = &source.text()[..body_end];
    let lines: Vec<Line> = (0..source.line_count())
        .map(|i| source.line_span(i))
        .take_while(|span| span.start <= body_end)
        .map(|span| {
            // The line where the notes start is the body's empty last line.
            let span = span.start..span.end.min(body_end);
            Line {
                span: (span.start, span.end),
                text: &text[span],
            }
        })
        .collect();

    let mut headings = find_headings(&lines);
    let annexes = find_annexes(&lines);
    let divisions = find_divisions(&lines);
    // An annex that numbers its own articles from 1 again (a model agreement joined to
    // the convention) is not part of the convention's articles.
    if let Some(cut) = annexes.iter().map(|(l, _)| *l).find(|&annex| {
        let before = headings
            .iter()
            .filter(|h| h.line < annex && h.number.len() == 1);
        let highest = before.map(|h| h.number[0]).max();
        let first_after = headings
            .iter()
            .find(|h| h.line > annex && h.number.len() == 1);
        matches!((highest, first_after), (Some(max), Some(h)) if h.number[0] <= max)
    }) {
        headings.retain(|h| h.line < cut);
    }
    // The front matter ends at the first heading or at the first « TITRE I ».
    let body_end = headings
        .first()
        .map(|h| h.line)
        .into_iter()
        .chain(divisions.first().map(|(l, _)| *l))
        .min()
        .unwrap_or(lines.len());
    let after_headings = headings.last().map_or(0, |h| h.line + 1);
    let signature_line = find_signature_start(&lines, after_headings);
    let signature_line = signature_line.filter(|&l| l >= body_end);
    // The articles end at the signature block, or at the first annex after the last
    // heading; the signature block ends at the first annex after it.
    let first_annex_after = |from: usize| annexes.iter().map(|(l, _)| *l).find(|&l| l >= from);
    let articles_end = signature_line
        .or_else(|| first_annex_after(after_headings))
        .unwrap_or(lines.len());

    let mut doc = Document::default();
    parse_front_matter(
        &lines,
        body_end.min(signature_line.unwrap_or(usize::MAX)),
        &mut doc,
    );
    fill_designations(text, &mut doc);
    let boundaries: Vec<usize> = divisions.iter().map(|(l, _)| *l).collect();
    doc.articles = build_articles(text, &lines, &headings, &boundaries, articles_end);
    if let Some(start) = signature_line {
        let end = first_annex_after(start + 1).unwrap_or(lines.len());
        doc.signature = Some(parse_signature(&lines, start, end));
    }
    doc.annexes = annexes.into_iter().map(|(_, a)| a).collect();
    doc.divisions = divisions.into_iter().map(|(_, d)| d).collect();
    doc
}

/// « TITRE I – DISPOSITIONS GÉNÉRALES », « CHAPITRE 2 : … », « Section 1 » : a line
/// that groups articles. It ends the article before it.
fn division_line(line: &str) -> IResult<&str, (&str, &str)> {
    let (rest, _) = alt((
        tag("TITRE"),
        tag("Titre"),
        tag("CHAPITRE"),
        tag("Chapitre"),
        tag("SECTION"),
        tag("Section"),
        tag("PARTIE"),
        tag("Partie"),
    ))
    .parse(line)?;
    let (rest, _) = take_while1(char::is_whitespace).parse(rest)?;
    let (rest, _) = alt((
        numbering.map(|_| ()),
        tag_no_case("préliminaire").map(|_| ()),
        tag_no_case("unique").map(|_| ()),
    ))
    .parse(rest)?;
    let label_len = line.len() - rest.len();
    let title = match separator(rest) {
        Ok((title, _)) => title,
        Err(_) if rest.trim().is_empty() => "",
        Err(_) => {
            return Err(nom::Err::Error(nom::error::Error::new(
                line,
                nom::error::ErrorKind::Verify,
            )));
        }
    };
    Ok(("", (&line[..label_len], title.trim())))
}

fn find_divisions(lines: &[Line]) -> Vec<(usize, Division)> {
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let (_, (label, title)) = division_line(plain(l.text)).ok()?;
            Some((
                i,
                Division {
                    label: label.trim().to_string(),
                    title: title.to_string(),
                    span: l.trimmed_span(),
                },
            ))
        })
        .collect()
}

/// « ANNEXE 1 – PLAN DU LOCAL », « Annexe n° 2 : … », « ANNEXE II »: a line that starts
/// with « ANNEXE »/« Annexe » and a number (a lowercase « annexe » continues a sentence).
fn annex_line(line: &str) -> IResult<&str, (&str, String, &str)> {
    let (rest, kw) = alt((tag("ANNEXE"), tag("Annexe"))).parse(line)?;
    let (rest, _) = take_while1(char::is_whitespace).parse(rest)?;
    let (rest, _) = opt((alt((tag("n°"), tag("N°"), tag("nº"))), space0)).parse(rest)?;
    let (rest, number) = crate::fr::references::annex_number(rest)?;
    let label_len = line.len() - rest.len();
    let title = match separator(rest) {
        Ok((title, _)) => title,
        Err(_) if rest.trim().is_empty() => "",
        Err(_) => {
            // « Annexe 2 précise … » is a sentence, not a heading.
            let t = rest.trim_start();
            if !t.starts_with(|c: char| c.is_uppercase()) {
                return Err(nom::Err::Error(nom::error::Error::new(
                    line,
                    nom::error::ErrorKind::Verify,
                )));
            }
            t
        }
    };
    let _ = kw;
    Ok(("", (&line[..label_len], number, title.trim())))
}

fn find_annexes(lines: &[Line]) -> Vec<(usize, Annex)> {
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let (_, (label, number, title)) = annex_line(plain(l.text)).ok()?;
            Some((
                i,
                Annex {
                    number,
                    label: label.trim().to_string(),
                    title: title.to_string(),
                    span: l.trimmed_span(),
                },
            ))
        })
        .collect()
}

// ---------------------------------------------------------------------------------
// Headings

/// The article keyword: « ARTICLE » or « Article » (a lowercase « article » starts a
/// sentence's continuation, never a heading), with optional Markdown `#` marks or `**`.
fn keyword(input: &str) -> IResult<&str, &str> {
    let (input, _) = opt((take_while1(|c| c == '#'), space0)).parse(input)?;
    let (input, _) = opt(alt((tag("**"), tag("__"), tag("*"), tag("_")))).parse(input)?;
    alt((tag("ARTICLE"), tag("Article"), tag("ART."), tag("Art."))).parse(input)
}

/// The article number: « 1er », « premier », « 12 », « 5.2 », « II », or « unique »
/// (« Article unique », the one article of a short convention).
fn article_number(input: &str) -> IResult<&str, Vec<u32>> {
    let unique = |i| -> IResult<&str, Vec<u32>> {
        let (rest, w) = word(i)?;
        match fold(w).as_str() {
            "unique" => Ok((rest, vec![1])),
            _ => Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Tag,
            ))),
        }
    };
    alt((numbering, unique)).parse(input)
}

/// The separator between number and title: « - », « – », « — », « : », « . », possibly
/// combined (« .- »), with the spaces around it.
fn separator(input: &str) -> IResult<&str, &str> {
    // Any white space, the no-break space that French typography puts before « : »
    // included.
    let (input, _) = take_while(char::is_whitespace).parse(input)?;
    let (rest, sep) =
        take_while1(|c| matches!(c, '-' | '–' | '—' | ':' | '.' | '‑')).parse(input)?;
    let (rest, _) = take_while(char::is_whitespace).parse(rest)?;
    Ok((rest, sep))
}

/// « bis », « ter », « quater » …: the Latin adverbs that number an article inserted
/// between two others (« Article 2 bis »), as in legislative drafting.
fn latin_suffix(input: &str) -> IResult<&str, &str> {
    let (rest, w) = word(input)?;
    match w.to_lowercase().as_str() {
        "bis" | "ter" | "quater" | "quinquies" | "sexies" | "septies" | "octies" | "nonies"
        | "decies" => Ok((rest, w)),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// Parsed parts of a heading line (offsets relative to the trimmed line).
struct HeadingParts<'a> {
    label: &'a str,
    number: Vec<u32>,
    suffix: Option<&'a str>,
    separator: &'a str,
    title: &'a str,
}

/// Parses a trimmed line as an article heading.
fn heading_line(line: &str) -> IResult<&str, HeadingParts<'_>> {
    let (after_kw, kw) = keyword(line)?;
    let kw_start = kw.as_ptr() as usize - line.as_ptr() as usize;
    let (after_num, (_, number)) =
        (take_while1(|c: char| c.is_whitespace()), article_number).parse(after_kw)?;
    // « Article 2 bis »: an article inserted after article 2.
    let (after_num, suffix) =
        opt((take_while1(char::is_whitespace), latin_suffix).map(|(_, s)| s)).parse(after_num)?;
    let label_end = after_num.as_ptr() as usize - line.as_ptr() as usize;
    let label = &line[kw_start..label_end];
    let (title, separator) = match separator(after_num) {
        Ok((title, sep)) => (title, sep),
        Err(_) => {
            let (title, _) = take_while(char::is_whitespace).parse(after_num)?;
            (title, "")
        }
    };
    let (_, title) = rest(title)?;
    let title = title.trim_end().trim_end_matches(['*', '_']).trim_end();
    Ok((
        "",
        HeadingParts {
            label,
            number,
            suffix,
            separator,
            title,
        },
    ))
}

/// A line of a table of contents: « OBJET DE LA CONVENTION ........ 3 » (dot leaders
/// or a tab, then a page number at the end).
fn is_toc_entry(title: &str) -> bool {
    let trimmed = title.trim_end();
    let without_page = trimmed.trim_end_matches(|c: char| c.is_ascii_digit());
    if without_page.len() == trimmed.len() {
        return false;
    }
    let before = without_page.trim_end_matches([' ', '\u{a0}']);
    before.ends_with("..")
        || before.ends_with('…')
        || before.ends_with('\t')
        || before.ends_with("_")
}

/// Whether a line reads as the continuation of a sentence (so a capitalised « Article 4 »
/// at the start of the next line is a mention, not a heading).
fn ends_mid_sentence(line: &str) -> bool {
    line.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | '\'' | '’'))
}

fn find_headings(lines: &[Line]) -> Vec<Heading> {
    let mut headings: Vec<Heading> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trimmed();
        let Ok((_, parts)) = heading_line(trimmed) else {
            // « 3.1 Engagements de l'EPT »: a sub-article numbered without the word
            // « Article », inside article 3.
            let current = headings
                .iter()
                .rev()
                .find(|h| h.number.len() == 1)
                .map(|h| h.number[0]);
            if let Some(current) = current
                && let Some(h) = bare_subheading(line, i, current)
            {
                headings.push(h);
            }
            continue;
        };
        let title_chars = parts.title.chars().count();
        if title_chars > MAX_TITLE_CHARS || is_toc_entry(parts.title) {
            continue;
        }
        let uppercase_keyword =
            parts.label.starts_with("ARTICLE") || parts.label.starts_with("ART.");
        let strong_separator = matches!(parts.separator, "-" | "–" | "—" | ":" | "‑");
        let title_starts_upper = parts
            .title
            .chars()
            .next()
            .is_none_or(|c| c.is_uppercase() || !c.is_alphabetic());
        if !title_starts_upper {
            // « Article 4 du code civil dispose que … »
            continue;
        }
        let previous = i.checked_sub(1).map(|p| lines[p]);
        let continuation = previous.is_some_and(|p| !p.is_blank() && ends_mid_sentence(p.text));
        if continuation && !uppercase_keyword && !strong_separator {
            continue;
        }
        // A title that reads as a sentence (« Article 4. Le bénéficiaire s'engage à … »)
        // of a heading with no strong separator is still a heading; but a line that
        // ends mid-sentence right after a mid-sentence line is a wrapped paragraph.
        let label = line.offset_of(parts.label);
        let label = label..label + parts.label.len();
        let heading = line.trimmed_span();
        let mut title = if parts.title.is_empty() {
            heading.end..heading.end
        } else {
            let start = line.offset_of(parts.title);
            start..start + parts.title.len()
        };
        let mut last_line = i;
        if parts.title.is_empty() {
            // « ARTICLE 3 – » at the bottom of a page, its title on the next line.
            if let Some((j, next)) = lines
                .iter()
                .enumerate()
                .skip(i + 1)
                .take(2)
                .find(|(_, l)| !l.is_blank())
                && is_title_line(next.trimmed())
                && heading_line(next.trimmed()).is_err()
            {
                title = next.trimmed_span();
                last_line = j;
            }
        }
        headings.push(Heading {
            line: i,
            number: parts.number,
            suffix: parts.suffix.map(str::to_lowercase),
            label,
            separator: parts.separator.to_string(),
            title,
            heading,
            last_line,
        });
    }
    headings
}

/// « 3.1 Engagements de l'EPT », « 3.2 – Calendrier »: a line starting with a dotted
/// number whose first part is the current article, then a title that starts with a
/// capital. Only taken inside that article, so a list or an amount is not a heading.
fn bare_subheading(line: &Line, index: usize, current: u32) -> Option<Heading> {
    let trimmed = plain(line.text);
    let (rest, number) = numbering(trimmed).ok()?;
    if number.len() < 2 || number[0] != current {
        return None;
    }
    let (title, separator) = match separator(rest) {
        Ok((title, sep)) if sep != "." || !title.is_empty() => (title, sep),
        _ => (rest.trim_start(), ""),
    };
    let title = title.trim_end();
    let starts_upper = title.chars().next().is_some_and(char::is_uppercase);
    if !starts_upper || title.chars().count() > 100 || title.ends_with(['.', ';', ',']) {
        return None;
    }
    let label_text = &trimmed[..trimmed.len() - rest.len()];
    let label = line.offset_of(label_text);
    let title_start = line.offset_of(title);
    Some(Heading {
        line: index,
        number,
        suffix: None,
        label: label..label + label_text.len(),
        separator: separator.to_string(),
        title: title_start..title_start + title.len(),
        heading: line.trimmed_span(),
        last_line: index,
    })
}

/// A short line in capitals, as the title of a heading split from its number.
fn is_title_line(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && line.chars().count() <= MAX_TITLE_CHARS
        && letters.iter().all(|c| c.is_uppercase())
}

fn build_articles(
    text: &str,
    lines: &[Line],
    headings: &[Heading],
    boundaries: &[usize],
    end_line: usize,
) -> Vec<Article> {
    let mut top: Vec<Article> = Vec::new();
    for (k, h) in headings.iter().enumerate() {
        if h.line >= end_line {
            break;
        }
        let depth = h.number.len();
        // The article runs to the next heading of the same or a higher level.
        let next = headings[k + 1..]
            .iter()
            .find(|n| n.number.len() <= depth)
            .map_or(end_line, |n| n.line.min(end_line));
        // A « TITRE » or « CHAPITRE » line ends the article before it.
        let next = boundaries
            .iter()
            .copied()
            .find(|&b| b > h.line)
            .map_or(next, |b| b.min(next));
        let last = last_non_blank(lines, h.line, next).unwrap_or(h.line);
        let span_end = lines[last].trimmed_span().end.max(h.heading.end);
        let body_start = lines
            .get(h.last_line + 1)
            .map_or(span_end, |l| l.span.0.min(span_end));
        let article = Article {
            number: h.number.clone(),
            suffix: h.suffix.clone(),
            label: text[h.label.clone()].to_string(),
            title: text[h.title.clone()].to_string(),
            heading: h.heading.clone(),
            label_span: h.label.clone(),
            title_span: h.title.clone(),
            separator: h.separator.clone(),
            span: h.heading.start..span_end,
            body: body_start..span_end,
            children: Vec::new(),
        };
        match top.last_mut() {
            Some(parent) if depth > 1 && parent.span.contains(&h.heading.start) => {
                parent.children.push(article);
            }
            _ => top.push(article),
        }
    }
    top
}

fn last_non_blank(lines: &[Line], from: usize, to: usize) -> Option<usize> {
    (from..to.min(lines.len()))
        .rev()
        .find(|&i| !lines[i].is_blank())
}

// ---------------------------------------------------------------------------------
// Front matter

static AGREEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:ceci\s+(?:ayant\s+été\s+)?exposé,?\s+)?il\s+(?:est|a\s+été)\s+(?:convenu|arrêté|décidé)\s+(?:et\s+arrêté\s+)?ce\s+qui\s+suit")
        .expect("valid regex")
});

static RECITAL_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:é|e)tant\s+(?:préalablement\s+)?exposé|il\s+(?:a\s+été|est)\s+(?:préalablement\s+)?exposé|préambule|preambule|vu\b|considérant|considerant|exposé\s+des\s+motifs)")
        .expect("valid regex")
});

static DESIGNATION_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:d[ée]sign[ée]e?s?\s+(?:sous\s+le\s+terme|ci-après|par)|ci-après(?:\s+(?:d[ée]nomm[ée]e?s?|d[ée]sign[ée]e?s?|appel[ée]e?s?|nomm[ée]e?s?))?|sous\s+l[ae]\s+d[ée]nomination|dénommée?s?)\s*:?\s*")
        .expect("valid regex")
});

static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:«\s*([^»]{1,80}?)\s*»|“([^”]{1,80})”|"([^"]{1,80})")"#).expect("valid regex")
});

static DESIGNATION_MORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\([^)]{1,20}\)\s*)?(?:ou|et)\s+").expect("valid regex"));

/// A line without its Markdown marks (`#`, `>`, `**` … `**`) and surrounding spaces.
fn plain(line: &str) -> &str {
    let mut l = line.trim().trim_start_matches(['#', '>']).trim();
    for mark in ["**", "__"] {
        if let Some(inner) = l.strip_prefix(mark).and_then(|i| i.strip_suffix(mark)) {
            l = inner.trim();
        }
    }
    l
}

/// Whether `line` is « Entre » standing alone (« Entre : », « ENTRE LES SOUSSIGNÉS »,
/// Markdown marks allowed): the line that opens the parties of a convention, right
/// after its title. [`crate::segment`] starts a new convention there when a large file
/// holds many end to end.
pub fn opens_parties(line: &str) -> bool {
    party_opener(plain(line), "entre").is_some_and(str::is_empty)
}

/// « Entre » or « Et » opening a party, possibly followed by the party on the same line
/// (« Entre la Commune de Bobigny, … »). Returns the rest of the line after the keyword
/// (empty when the keyword stands alone). A title line in capitals (« ENTRE LA COMMUNE
/// ET L'UNIVERSITÉ ») is not an opener.
fn party_opener<'a>(line: &'a str, keyword: &str) -> Option<&'a str> {
    let (rest, _) = tag_no_case::<_, _, nom::error::Error<&str>>(keyword)
        .parse(line)
        .ok()?;
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '\'' || c == '’') {
        return None;
    }
    let rest = rest.trim_start_matches([' ', '\t', ':', ',']).trim();
    if rest.is_empty() {
        return Some(rest);
    }
    let folded = fold(rest);
    if folded.starts_with("les soussigne") {
        return Some("");
    }
    let all_caps = line
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let party_like = rest.starts_with(|c: char| c.is_uppercase() || c == '[')
        || ["la ", "le ", "l'", "les "]
            .iter()
            .any(|a| folded.starts_with(a));
    (party_like && !all_caps).then_some(rest)
}

fn parse_front_matter(lines: &[Line], end: usize, doc: &mut Document) {
    let end = end.min(lines.len());
    let find = |pred: &dyn Fn(&str) -> bool| (0..end).find(|&i| pred(plain(lines[i].text)));
    let entre = find(&|l| party_opener(l, "entre").is_some());
    let agreement = find(&|l| AGREEMENT.is_match(l));
    let recital =
        (entre.map_or(0, |e| e + 1)..end).find(|&i| RECITAL_CUE.is_match(plain(lines[i].text)));

    // Title: the non-blank lines before « Entre » (or before whatever comes first).
    let title_end = [entre, recital, agreement]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(end);
    // A table of contents after the title is not part of it.
    let is_toc = |l: &Line| {
        let folded = fold(plain(l.text));
        folded == "sommaire" || folded.starts_with("table des matieres") || is_toc_entry(l.text)
    };
    let title_lines: Vec<&Line> = lines[..title_end]
        .iter()
        .take_while(|l| !is_toc(l))
        .filter(|l| !l.is_blank())
        .collect();
    if let (Some(first), Some(last)) = (title_lines.first(), title_lines.last()) {
        let text = title_lines
            .iter()
            .map(|l| plain(l.text))
            .collect::<Vec<_>>()
            .join(" ");
        doc.title = Some(Title {
            text,
            span: first.trimmed_span().start..last.trimmed_span().end,
        });
    }

    if let Some(entre) = entre {
        let parties_end = [agreement, recital]
            .into_iter()
            .flatten()
            .filter(|&i| i > entre)
            .min()
            .unwrap_or(end);
        doc.parties = parse_parties(lines, entre, parties_end);
    }
    if let Some(a) = agreement {
        doc.agreement = Some(lines[a].trimmed_span());
    }
    if let Some(r) = recital {
        let recitals_end = agreement.filter(|&a| a > r).unwrap_or(end);
        doc.recitals = parse_recitals(lines, r, recitals_end);
    }
}

fn parse_parties(lines: &[Line], entre: usize, end: usize) -> Option<Parties> {
    // Each group: the line the party starts on, the rest of that line after « Entre » /
    // « Et » when the party starts there, and the line after the group.
    let mut groups: Vec<(usize, Option<&str>, usize)> = Vec::new();
    let first_rest = party_opener(plain(lines[entre].text), "entre").filter(|r| !r.is_empty());
    let mut start = (
        if first_rest.is_some() {
            entre
        } else {
            entre + 1
        },
        first_rest,
    );
    for (i, line) in lines.iter().enumerate().take(end).skip(entre + 1) {
        let text = plain(line.text);
        let is_other_part = matches!(
            fold(text).trim_end_matches([':', ',', '.']).trim(),
            "d'autre part" | "d'une part, et"
        );
        if let Some(rest) = party_opener(text, "et").or(is_other_part.then_some("")) {
            groups.push((start.0, start.1, i));
            start = if rest.is_empty() {
                (i + 1, None)
            } else {
                (i, Some(rest))
            };
        }
    }
    groups.push((start.0, start.1, end));
    // « ci-après désignées ensemble « les Parties » » closes the list: not a party.
    let collective = |p: &Party| {
        let folded = fold(&p.name);
        folded.starts_with("ci-apres")
            || folded.starts_with("ensemble")
            || folded.starts_with("les parties")
    };
    let parties: Vec<Party> = groups
        .into_iter()
        .filter_map(|(from, first_text, to)| party(lines, from, first_text, to))
        .filter(|p| !collective(p))
        .collect();
    let last = last_non_blank(lines, entre, end)?;
    Some(Parties {
        span: lines[entre].trimmed_span().start..lines[last].trimmed_span().end,
        parties,
    })
}

/// One party, from line `from` (whose text starts at `first_text` when the line begins
/// with « Entre » or « Et ») to the line before `to`.
fn party(lines: &[Line], from: usize, first_text: Option<&str>, to: usize) -> Option<Party> {
    let first = (from..to).find(|&i| !lines[i].is_blank())?;
    let last = last_non_blank(lines, first, to)?;
    let line = &lines[first];
    let text = match first_text {
        Some(t) if first == from => t,
        _ => plain(line.text),
    };
    let name = text
        .split([',', ';'])
        .next()
        .unwrap_or(text)
        .split(" dont ")
        .next()
        .unwrap_or(text)
        .trim();
    let name_start = line.offset_of(name);
    let span = line.offset_of(text)..lines[last].trimmed_span().end;
    Some(Party {
        name: name.to_string(),
        name_span: name_start..name_start + name.len(),
        designations: Vec::new(),
        span,
    })
}

/// Finds the designations of each party in its text (« désignée sous le terme « la
/// Métropole » », « ci-après dénommée « la Commune » », « ci-après “l'Association” »).
fn fill_designations(text: &str, doc: &mut Document) {
    let Some(parties) = doc.parties.as_mut() else {
        return;
    };
    for party in &mut parties.parties {
        let body = &text[party.span.clone()];
        for cue in DESIGNATION_CUE.find_iter(body) {
            let mut at = cue.end();
            while let Some(q) = QUOTED.captures(&body[at..]) {
                let inner = (1..=3).find_map(|g| q.get(g)).expect("one group matches");
                let start = party.span.start + at + inner.start();
                party.designations.push(Designation {
                    text: inner.as_str().trim().to_string(),
                    span: start..start + inner.as_str().trim_end().len(),
                });
                at += q.get(0).map_or(0, |m| m.end());
                match DESIGNATION_MORE.find(&body[at..]) {
                    Some(m) => at += m.end(),
                    None => break,
                }
            }
        }
    }
}

fn parse_recitals(lines: &[Line], cue: usize, end: usize) -> Option<Recitals> {
    let end = end.min(lines.len());
    let last = last_non_blank(lines, cue, end)?;
    let opening_line = plain(lines[cue].text);
    // « Étant exposé que », « Préambule » open the recitals; « Vu … » and
    // « Considérant … » are recitals themselves.
    let folded = fold(opening_line);
    let opening = !(folded.starts_with("vu ") || folded.starts_with("considerant"));
    let opening = opening.then(|| opening_line.to_string());
    let mut alineas = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let first_body = if opening.is_some() { cue + 1 } else { cue };
    for i in first_body..=last {
        let l = &lines[i];
        // « Vu … » and « Considérant … » each open an alinéa, blank line or not.
        let opens = !l.is_blank() && RECITAL_CUE.is_match(plain(l.text)) && i != cue;
        if (l.is_blank() || opens)
            && let Some((s, e)) = current.take()
        {
            alineas.push(lines[s].trimmed_span().start..lines[e].trimmed_span().end);
        }
        if !l.is_blank() {
            current = Some((current.map_or(i, |(s, _)| s), i));
        }
    }
    if let Some((s, e)) = current {
        alineas.push(lines[s].trimmed_span().start..lines[e].trimmed_span().end);
    }
    Some(Recitals {
        span: lines[cue].trimmed_span().start..lines[last].trimmed_span().end,
        opening,
        alineas,
    })
}

// ---------------------------------------------------------------------------------
// Signature block

/// « en deux exemplaires », « en 3 exemplaires originaux »: the number of originals.
fn copies_clause(input: &str) -> IResult<&str, u64> {
    let (rest, (_, _, n, _, unit)) = (
        tag_no_case("en"),
        take_while1(char::is_whitespace),
        alt((number_digits, number_words)),
        take_while1(char::is_whitespace),
        word,
    )
        .parse(input)?;
    if !fold(unit).starts_with("exemplaire") && !fold(unit).starts_with("original") {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        )));
    }
    Ok((rest, n))
}

/// « Fait en deux exemplaires originaux à Paris, le … », « Fait à Paris, le … en deux
/// exemplaires ». Returns the number of originals, if written, and the text after
/// « Fait » and the number of originals (where the place is looked for).
fn made_at(input: &str) -> IResult<&str, (Option<u64>, &str)> {
    let (input, _) = (tag_no_case("fait"), take_while1(char::is_whitespace)).parse(input)?;
    let (input, mut n) = opt(copies_clause).parse(input)?;
    if n.is_none() {
        n = input
            .char_indices()
            .filter(|(i, _)| crate::fr::starts_word(input, *i))
            .find_map(|(i, _)| copies_clause(&input[i..]).ok().map(|(_, n)| n));
    }
    Ok((input, (n, input)))
}

/// The first line of the signature block: « Fait … » after the last heading; failing
/// that, a « Pour la Commune » line after a blank line, when every line from there to
/// the end is short and none ends a sentence (a signature block, not a clause that
/// starts with « Pour »).
fn find_signature_start(lines: &[Line], from: usize) -> Option<usize> {
    let from = from.min(lines.len());
    if let Some(i) = (from..lines.len()).find(|&i| made_at(plain(lines[i].text)).is_ok()) {
        return Some(i);
    }
    let short = |l: &Line| {
        let t = plain(l.text);
        t.chars().count() <= 100 && !t.ends_with(['.', ';', ':'])
    };
    (from..lines.len()).find(|&i| {
        i > 0
            && lines[i - 1].is_blank()
            && FOR.is_match(lines[i].text)
            && lines[i..].iter().all(|l| l.is_blank() || short(l))
    })
}

static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^,]*?\b(?:à|a)\s+([^\s,][^,]*?)\s*(?:,|$)").expect("valid regex")
});

static FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^\s*|\s{2,}|\t)(?:Pour|POUR)\s+(\S(?:[^\t]*?\S)?)\s*(?:$|\s{2,}|\t)")
        .expect("valid regex")
});

fn parse_signature(lines: &[Line], start: usize, end: usize) -> SignatureBlock {
    let line = &lines[start];
    let trimmed = plain(line.text);
    let made = made_at(trimmed).ok().map(|(_, r)| r);
    let (mut copies, after) = made.unwrap_or((None, ""));
    // « En trois exemplaires originaux. » on a line of its own after « Fait à … ».
    if copies.is_none() {
        copies = lines[start..end.min(start + 4)].iter().find_map(|l| {
            let t = plain(l.text);
            t.char_indices()
                .filter(|(i, _)| crate::fr::starts_word(t, *i))
                .find_map(|(i, _)| copies_clause(&t[i..]).ok().map(|(_, n)| n))
        });
    }
    let place = PLACE.captures(after).and_then(|c| c.get(1)).and_then(|m| {
        let place = m.as_str().trim();
        // « Fait à ____ » is a blank, and « le » is the date's article, not a place.
        let is_blank = place.is_empty()
            || fold(place) == "le"
            || place.chars().all(|c| !c.is_alphanumeric() && c != '[');
        (!is_blank).then(|| {
            let s = line.offset_of(&after[m.start()..]);
            s..s + place.len()
        })
    });
    let mut signatories = Vec::new();
    for l in &lines[start..end] {
        let text = l.text;
        let mut at = 0;
        while let Some(c) = FOR.captures(&text[at..]) {
            let Some(m) = c.get(1) else { break };
            let s = l.span.0 + at + m.start();
            // « Pour le Président et par délégation, » names who signs for a party
            // already listed, not another signatory.
            let name = m.as_str().trim_end_matches([',', ';', ':', '.']).trim_end();
            let folded = fold(name);
            let delegation = ["par delegation", "par ordre", "par interim", "p.o."]
                .iter()
                .any(|d| folded.contains(d));
            if !delegation && !name.is_empty() {
                signatories.push(Signatory {
                    name: name.to_string(),
                    span: s..s + name.len(),
                });
            }
            // Continue from the end of the name, so the separating spaces of the next
            // column are seen by the pattern.
            at += m.end();
        }
    }
    let end = last_non_blank(lines, start, end).unwrap_or(start);
    SignatureBlock {
        span: line.trimmed_span().start..lines[end].trimmed_span().end,
        copies,
        made_at: made.is_some().then(|| line.trimmed_span()),
        place,
        signatories,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn headings(text: &str) -> Vec<(Vec<u32>, String)> {
        let source = Source::from_str("t.txt", text);
        parse(&source)
            .all_articles()
            .into_iter()
            .map(|a| (a.number.clone(), a.title.clone()))
            .collect()
    }

    #[test]
    fn mentions_inside_sentences_are_not_headings() {
        let text = "ARTICLE 1 - OBJET\nexposés à\nl'article 1. Tout autre\nobligation au titre du\nprésent article.\nArticle 4 du code civil\n";
        assert_eq!(headings(text), [(vec![1], "OBJET".to_string())]);
    }
}
