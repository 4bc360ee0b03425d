//! ODT (OpenDocument Text, ISO/IEC 26300) → [`Extracted`], read like a DOCX.
//!
//! Read from `content.xml`: headings (`text:h`, with the number LibreOffice caches in
//! `text:number`) and paragraphs (`text:p`), in lists too, spans, spaces (`text:s`),
//! tabs, line breaks, table cells; tracked changes (`text:changed-region`: insertions
//! marked between `text:change-start` and `text:change-end`, deleted text kept in the
//! region and marked at `text:change`), comments (`office:annotation`), hidden text
//! (`text:hidden-text`, `text:hidden-paragraph`, and automatic styles with
//! `text:display="none"`). Headers and footers live in `styles.xml` and are not read.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::xml::{attr, read_part, resolve_ref, xml_error};
use super::{Cell, Extracted, FormatError, Mark, MarkKind, Paragraph};

const CONTENT: &str = "content.xml";

/// Reads an ODT archive.
///
/// # Errors
/// [`FormatError`] when the archive is damaged, has no `content.xml`, holds a part that
/// inflates past the limit, or malformed XML.
pub fn read<R: Read + Seek>(reader: R) -> Result<Extracted, FormatError> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| FormatError::Zip(e.to_string()))?;
    // A password-protected ODT is a ZIP whose parts are encrypted, as its manifest says.
    if let Some(manifest) = read_part(&mut archive, "META-INF/manifest.xml")?
        && manifest.contains("encryption-data")
    {
        return Err(FormatError::Encrypted);
    }
    let content = read_part(&mut archive, CONTENT)?.ok_or(FormatError::MissingPart(CONTENT))?;
    read_content(&content)
}

/// A tracked change declared in `text:tracked-changes`.
#[derive(Debug, Clone, Default)]
struct Change {
    deletion: bool,
    /// A change of formatting only (`text:format-change`): not a change of the text.
    format: bool,
    author: Option<String>,
    /// For a deletion, the deleted text.
    text: String,
}

/// Reads `content.xml`.
///
/// # Errors
/// [`FormatError::Xml`] for malformed XML.
pub fn read_content(xml: &str) -> Result<Extracted, FormatError> {
    let changes = read_changes(xml)?;
    let hidden_styles = hidden_styles(xml)?;
    let mut out = Extracted::default();
    let mut reader = Reader::from_str(xml);
    let mut paragraph_start: Option<usize> = None;
    let mut depth_text = 0usize;
    // Skipped subtrees: the tracked-changes declarations, annotations' bodies, hidden
    // text, and the cached numbers (read apart).
    let mut skip: Vec<&'static str> = Vec::new();
    let mut annotation: Option<(usize, Option<String>, String, Option<String>)> = None;
    let mut hidden: Option<(usize, String)> = None;
    let mut hidden_span_depth: Vec<bool> = Vec::new();
    let mut insertions: HashMap<String, usize> = HashMap::new();
    let mut tables: Vec<(usize, usize, usize)> = Vec::new();
    let mut table_count = 0;
    let mut in_creator = false;
    let mut in_date = false;
    let push = |out: &mut Extracted, hidden: &mut Option<(usize, String)>, s: &str| match hidden {
        Some((_, text)) => text.push_str(s),
        None => out.text.push_str(s),
    };
    loop {
        // « <text:s text:c="1000"/> » makes a few bytes of XML into a thousand spaces:
        // the text read is bounded like the parts themselves.
        if out.text.len() as u64 > super::xml::PART_LIMIT {
            return Err(FormatError::TooLarge {
                part: CONTENT.to_string(),
                limit: super::xml::PART_LIMIT / (1024 * 1024),
            });
        }
        let event = reader.read_event().map_err(|e| xml_error(CONTENT, e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.name();
                let name = name.as_ref();
                if let Some(top) = skip.last() {
                    if !empty && name == *top {
                        skip.push(top);
                    }
                    if let Some((_, _, text, _)) = annotation.as_mut()
                        && name == "text:p"
                        && !text.is_empty()
                    {
                        text.push(' ');
                    }
                    if name == "dc:creator" && annotation.is_some() {
                        in_creator = true;
                    }
                    if name == "dc:date" && annotation.is_some() {
                        in_date = true;
                    }
                    continue;
                }
                match name {
                    "text:tracked-changes" if !empty => skip.push("text:tracked-changes"),
                    // Footnotes and endnotes, the titles and descriptions of images, and
                    // text boxes are not the body's text.
                    "text:note" if !empty => skip.push("text:note"),
                    "svg:title" if !empty => skip.push("svg:title"),
                    "svg:desc" if !empty => skip.push("svg:desc"),
                    "draw:text-box" if !empty => skip.push("draw:text-box"),
                    "office:annotation" if !empty => {
                        let id = attr(e, "office:name");
                        annotation = Some((out.text.len(), None, String::new(), id));
                        skip.push("office:annotation");
                    }
                    "text:h" | "text:p" if !empty => {
                        depth_text += 1;
                        if depth_text == 1 {
                            paragraph_start = Some(out.text.len());
                        }
                        let hidden_paragraph = name == "text:p"
                            && attr(e, "text:style-name")
                                .is_some_and(|s| hidden_styles.contains(&s));
                        if hidden_paragraph && hidden.is_none() {
                            hidden = Some((out.text.len(), String::new()));
                        }
                    }
                    "text:h" | "text:p" => {
                        let start = out.text.len();
                        end_paragraph(&mut out, start, &tables);
                    }
                    "text:number" if !empty => {}
                    "text:span" if !empty => {
                        let is_hidden =
                            attr(e, "text:style-name").is_some_and(|s| hidden_styles.contains(&s));
                        if is_hidden && hidden.is_none() {
                            hidden = Some((out.text.len(), String::new()));
                        }
                        hidden_span_depth.push(is_hidden);
                    }
                    "text:hidden-text" | "text:hidden-paragraph" => {
                        let text = attr(e, "text:string-value").unwrap_or_default();
                        if !text.is_empty() {
                            let at = out.text.len();
                            out.marks.push(Mark {
                                kind: MarkKind::Hidden,
                                span: at..at,
                                text,
                                author: None,
                            });
                        }
                    }
                    "text:s" => {
                        let n = attr(e, "text:c")
                            .and_then(|c| c.parse().ok())
                            .unwrap_or(1usize);
                        push(&mut out, &mut hidden, &" ".repeat(n.min(1000)));
                    }
                    "text:tab" => push(&mut out, &mut hidden, "\t"),
                    "text:line-break" => push(&mut out, &mut hidden, "\n"),
                    "text:change-start" => {
                        if let Some(id) = attr(e, "text:change-id") {
                            insertions.insert(id, out.text.len());
                        }
                    }
                    "text:change-end" => {
                        if let Some(id) = attr(e, "text:change-id")
                            && let Some(start) = insertions.remove(&id)
                            && !changes.get(&id).is_some_and(|c| c.format || c.deletion)
                        {
                            let end = out.text.len();
                            let author = changes.get(&id).and_then(|c| c.author.clone());
                            out.marks.push(Mark {
                                kind: MarkKind::Insertion,
                                span: start..end,
                                text: out.text[start..end].to_string(),
                                author,
                            });
                        }
                    }
                    "text:change" => {
                        if let Some(change) =
                            attr(e, "text:change-id").and_then(|id| changes.get(&id))
                            && change.deletion
                        {
                            let at = out.text.len();
                            out.marks.push(Mark {
                                kind: MarkKind::Deletion,
                                span: at..at,
                                text: change.text.clone(),
                                author: change.author.clone(),
                            });
                        }
                    }
                    "office:annotation-end" => {
                        let id = attr(e, "office:name");
                        if let Some(m) = out.marks.iter_mut().rev().find(|m| {
                            m.kind == MarkKind::Comment && m.span.is_empty() && id.is_some()
                        }) {
                            m.span.end = out.text.len();
                        }
                    }
                    "table:table" if !empty => {
                        table_count += 1;
                        tables.push((table_count, 0, 0));
                    }
                    "table:table-row" if !empty => {
                        if let Some(t) = tables.last_mut() {
                            t.1 += 1;
                            t.2 = 0;
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        if let Some(t) = tables.last_mut() {
                            t.2 += 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                let name = e.name();
                let name = name.as_ref();
                if let Some(top) = skip.last() {
                    if name == *top {
                        skip.pop();
                        if skip.is_empty()
                            && name == "office:annotation"
                            && let Some((at, author, text, _)) = annotation.take()
                        {
                            out.marks.push(Mark {
                                kind: MarkKind::Comment,
                                span: at..at,
                                text: text.trim().to_string(),
                                author,
                            });
                        }
                    }
                    if name == "dc:creator" {
                        in_creator = false;
                    }
                    if name == "dc:date" {
                        in_date = false;
                    }
                    continue;
                }
                match name {
                    "text:h" | "text:p" => {
                        depth_text = depth_text.saturating_sub(1);
                        if depth_text == 0 {
                            flush_hidden(&mut out, &mut hidden);
                            let start = paragraph_start.take().unwrap_or(out.text.len());
                            end_paragraph(&mut out, start, &tables);
                        }
                    }
                    "text:span" if hidden_span_depth.pop() == Some(true) => {
                        flush_hidden(&mut out, &mut hidden);
                    }
                    "table:table" => {
                        tables.pop();
                    }
                    // The cached number of a heading (« ARTICLE 1 – ») is followed by
                    // its text, as LibreOffice shows it.
                    "text:number" if !out.text.ends_with(char::is_whitespace) => {
                        out.text.push(' ');
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                let text = t.xml10_content();
                if let Some((_, author, body, _)) = annotation.as_mut() {
                    if in_creator {
                        *author = Some(text.trim().to_string());
                    } else if !in_date {
                        body.push_str(&text);
                    }
                } else if skip.is_empty() && depth_text > 0 {
                    push(&mut out, &mut hidden, &text);
                }
            }
            Event::GeneralRef(ref r) => {
                if let Some(c) = resolve_ref(r) {
                    let s = c.to_string();
                    if let Some((_, _, body, _)) = annotation.as_mut() {
                        body.push_str(&s);
                    } else if skip.is_empty() && depth_text > 0 {
                        push(&mut out, &mut hidden, &s);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out.marks.sort_by_key(|m| (m.span.start, m.span.end));
    Ok(out)
}

fn flush_hidden(out: &mut Extracted, hidden: &mut Option<(usize, String)>) {
    if let Some((at, text)) = hidden.take()
        && !text.trim().is_empty()
    {
        out.marks.push(Mark {
            kind: MarkKind::Hidden,
            span: at..at,
            text,
            author: None,
        });
    }
}

fn end_paragraph(out: &mut Extracted, start: usize, tables: &[(usize, usize, usize)]) {
    let cell = tables
        .last()
        .map(|&(table, row, column)| Cell { table, row, column });
    let number = out.paragraphs.len() + 1;
    out.paragraphs.push(Paragraph {
        span: start..out.text.len(),
        number,
        cell,
    });
    out.text.push('\n');
}

/// The tracked changes declared in `text:tracked-changes`: id → change.
fn read_changes(xml: &str) -> Result<HashMap<String, Change>, FormatError> {
    let mut reader = Reader::from_str(xml);
    let mut changes = HashMap::new();
    let mut current: Option<(String, Change)> = None;
    let mut in_creator = false;
    let mut in_deleted_text = false;
    loop {
        match reader.read_event().map_err(|e| xml_error(CONTENT, e))? {
            Event::Start(e) => match e.name().as_ref() {
                "text:changed-region" => {
                    let id = attr(&e, "text:id")
                        .or_else(|| attr(&e, "xml:id"))
                        .unwrap_or_default();
                    current = Some((id, Change::default()));
                }
                "text:deletion" => {
                    if let Some((_, c)) = current.as_mut() {
                        c.deletion = true;
                    }
                }
                "text:format-change" => {
                    if let Some((_, c)) = current.as_mut() {
                        c.format = true;
                    }
                }
                "dc:creator" => in_creator = true,
                "text:p" | "text:h" if current.as_ref().is_some_and(|(_, c)| c.deletion) => {
                    in_deleted_text = true;
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "text:changed-region" => {
                    if let Some((id, c)) = current.take() {
                        changes.insert(id, c);
                    }
                }
                "dc:creator" => in_creator = false,
                "text:p" | "text:h" => {
                    // Deleted paragraphs are read as separate sentences.
                    if in_deleted_text
                        && let Some((_, c)) = current.as_mut()
                        && !c.text.is_empty()
                    {
                        c.text.push(' ');
                    }
                    in_deleted_text = false;
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, c)) = current.as_mut() {
                    if in_creator {
                        c.author = Some(t.xml10_content().trim().to_string());
                    } else if in_deleted_text {
                        c.text.push_str(&t.xml10_content());
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(changes)
}

/// Names of the automatic styles that hide text (`text:display="none"`).
fn hidden_styles(xml: &str) -> Result<HashSet<String>, FormatError> {
    let mut reader = Reader::from_str(xml);
    let mut hidden = HashSet::new();
    let mut style: Option<String> = None;
    loop {
        match reader.read_event().map_err(|e| xml_error(CONTENT, e))? {
            Event::Start(e) if e.name().as_ref() == "style:style" => style = attr(&e, "style:name"),
            Event::Empty(e) | Event::Start(e) if is_hiding(&e) => {
                if let Some(s) = &style {
                    hidden.insert(s.clone());
                }
            }
            Event::End(e) if e.name().as_ref() == "style:style" => style = None,
            Event::Start(e) if e.name().as_ref() == "office:body" => break,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(hidden)
}

fn is_hiding(e: &BytesStart) -> bool {
    e.name().as_ref() == "style:text-properties"
        && attr(e, "text:display").as_deref() == Some("none")
}
