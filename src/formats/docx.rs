//! DOCX (Office Open XML WordprocessingML, ECMA-376 part 1) → [`Extracted`].
//!
//! Read from `word/document.xml`: paragraphs (`w:p`), runs (`w:r`) however Word split
//! them, text (`w:t`), tabs, line breaks, no-break hyphens, table cells (`w:tc`), field
//! results (the instructions between `fldChar begin` and `separate` are skipped),
//! tracked insertions (`w:ins`, `w:moveTo`: kept in the text and marked) and deletions
//! (`w:del`, `w:moveFrom`: left out of the text and marked), hidden runs
//! (`w:vanish`: left out and marked), comment ranges (text from `word/comments.xml`),
//! text boxes (`w:txbxContent`, read once: the `mc:Fallback` copy is skipped) as
//! paragraphs after the paragraph that anchors them. Footnotes and endnotes
//! (`word/footnotes.xml`, `word/endnotes.xml`) are read after the body, in the order of
//! their references. Headers and footers live in other parts and are not read. Automatic numbering
//! (`w:numPr`, directly or through the paragraph style) is rendered from
//! `word/numbering.xml` as Word shows it: « Article %1 » becomes « Article 3 » at the
//! start of the paragraph, so auto-numbered articles parse like typed ones.

use std::collections::HashMap;
use std::io::{Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::xml::{attr, inner, open_archive, read_part, resolve_ref, xml_error};
use super::{Cell, Extracted, FormatError, Mark, MarkKind, Note, NoteKind};

const DOCUMENT: &str = "word/document.xml";

/// Text boxes in text boxes deeper than this are left out: each level is read again
/// from its slice of the XML, and a hostile file could nest thousands.
const MAX_BOX_DEPTH: usize = 4;

/// Reads a DOCX archive.
///
/// # Errors
/// [`FormatError`] when the archive is damaged, names a part twice, has no
/// `word/document.xml`, holds a part that inflates past the limit, or malformed XML.
pub fn read<R: Read + Seek>(reader: R) -> Result<Extracted, FormatError> {
    let mut archive = open_archive(reader)?;
    let document = read_part(&mut archive, DOCUMENT)?.ok_or(FormatError::MissingPart(DOCUMENT))?;
    let numbering = match read_part(&mut archive, "word/numbering.xml")? {
        Some(xml) => Numbering::parse(&xml)?,
        None => Numbering::default(),
    };
    let styles = match read_part(&mut archive, "word/styles.xml")? {
        Some(xml) => read_styles(&xml)?,
        None => Styles::default(),
    };
    let comments = match read_part(&mut archive, "word/comments.xml")? {
        Some(xml) => read_comments(&xml)?,
        None => HashMap::new(),
    };
    let footnotes = read_part(&mut archive, "word/footnotes.xml")?;
    let endnotes = read_part(&mut archive, "word/endnotes.xml")?;
    let mut body = Body::new(numbering, styles, comments);
    body.read_xml(&document, DOCUMENT)?;
    body.end_body();
    if let Some(xml) = &footnotes {
        body.read_notes(xml, NoteKind::Footnote)?;
    }
    if let Some(xml) = &endnotes {
        body.read_notes(xml, NoteKind::Endnote)?;
    }
    Ok(body.finish())
}

/// Reads the body of a DOCX from the XML of `word/document.xml` alone (no numbering,
/// styles or comments parts): for rule examples and tests, which write a few `w:p`.
///
/// # Errors
/// [`FormatError::Xml`] for malformed XML.
pub fn read_document_xml(xml: &str) -> Result<Extracted, FormatError> {
    let mut body = Body::new(Numbering::default(), Styles::default(), HashMap::new());
    body.read_xml(xml, DOCUMENT)?;
    body.end_body();
    Ok(body.finish())
}

/// A table being read: its number, the current row, and where the current cell sits
/// on the table's grid.
#[derive(Debug, Clone, Copy, Default)]
struct Table {
    /// 1-based number of the table in the document.
    number: usize,
    /// 1-based current row.
    row: usize,
    /// 1-based grid column of the current cell.
    column: usize,
    /// How many grid columns the current cell spans (`w:gridSpan`).
    span: usize,
    /// 1-based grid column of the next cell (after `w:gridBefore` and the spans).
    next: usize,
}

/// `word/document.xml` around body content (`w:p`, `w:tbl` elements).
pub fn wrap_body(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
}

/// The text of a run of elements we are inside of.
#[derive(Debug, Default)]
struct Body {
    out: Extracted,
    numbering: Numbering,
    styles: Styles,
    comments: HashMap<String, (Option<String>, String)>,
    /// The paragraph's style hides its text.
    paragraph_hidden: bool,
    /// Open comment ranges: id → start offset.
    comment_starts: HashMap<String, usize>,
    paragraph_start: Option<usize>,
    /// Direct numbering of the current paragraph (numId, ilvl) and its style.
    num: Option<(String, u32)>,
    style: Option<String>,
    /// Nesting: inside `w:del`/`w:moveFrom`, `w:ins`/`w:moveTo`.
    deleted: usize,
    inserted: Option<(usize, Option<String>)>,
    deletion: Option<(usize, String, Option<String>)>,
    /// Current run: hidden, its pending hidden text.
    run_hidden: bool,
    hidden_text: String,
    in_run_properties: bool,
    in_paragraph_properties: bool,
    /// Fields, innermost last: whether each is still in its instructions (between
    /// `begin` and `separate`). A field nested in another's instructions (a MERGEFIELD
    /// in an IF) is instructions too.
    fields: Vec<bool>,
    /// Subtrees left out, innermost last: old properties of a tracked formatting
    /// change (`w:pPrChange`, `w:rPrChange`, …), the fallback copy of a drawing
    /// (`mc:Fallback`, which repeats the text boxes of `mc:Choice`).
    skip: Vec<String>,
    in_text: bool,
    /// Tables, innermost last.
    tables: Vec<Table>,
    table_count: usize,
    /// The XML content of the text boxes met in the current paragraph, read as
    /// paragraphs once it ends.
    boxes: Vec<String>,
    /// How many text boxes hold the text being read.
    box_depth: usize,
    /// The note being read, and how many of its paragraphs were read.
    note: Option<Note>,
    note_paragraphs: usize,
    /// The ids of the notes referenced in the body, in order.
    references: Vec<(NoteKind, String)>,
}

impl Body {
    fn new(
        numbering: Numbering,
        styles: Styles,
        comments: HashMap<String, (Option<String>, String)>,
    ) -> Body {
        Body {
            numbering,
            styles,
            comments,
            ..Body::default()
        }
    }

    fn push_text(&mut self, s: &str) {
        if self.fields.iter().any(|&instructions| instructions) {
            return;
        }
        if self.deleted > 0 {
            if let Some((_, text, _)) = self.deletion.as_mut() {
                text.push_str(s);
            }
            return;
        }
        if self.run_hidden {
            self.hidden_text.push_str(s);
            return;
        }
        self.out.text.push_str(s);
    }

    fn flush_hidden(&mut self) {
        if !self.hidden_text.is_empty() {
            let at = self.out.text.len();
            self.out.marks.push(Mark {
                kind: MarkKind::Hidden,
                span: at..at,
                text: std::mem::take(&mut self.hidden_text),
                author: None,
            });
        }
    }

    fn start_paragraph(&mut self) {
        self.paragraph_start = Some(self.out.text.len());
        self.num = None;
        self.style = None;
        self.paragraph_hidden = false;
    }

    /// At the end of the paragraph properties: the automatic number, if any, starts the
    /// paragraph's text.
    fn number_paragraph(&mut self) {
        let num = self
            .num
            .clone()
            .or_else(|| self.style.as_ref().and_then(|s| self.styles.numbering(s)));
        if let Some((id, level)) = num
            && let Some(label) = self.numbering.next_label(&id, level)
        {
            self.out.text.push_str(&label);
        }
    }

    fn end_paragraph(&mut self) {
        self.flush_hidden();
        let start = self.paragraph_start.take().unwrap_or(self.out.text.len());
        let cell = self.tables.last().map(|t| Cell {
            table: t.number,
            row: t.row,
            column: t.column,
        });
        self.out
            .end_paragraph(start, cell, self.note, &mut self.note_paragraphs);
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.name().as_ref() {
            "w:p" => {
                self.start_paragraph();
                if empty {
                    self.end_paragraph();
                }
            }
            "w:pPr" if !empty => self.in_paragraph_properties = true,
            "w:pPr" => self.number_paragraph(),
            "w:pStyle" if self.in_paragraph_properties => {
                self.style = attr(e, "w:val");
                self.paragraph_hidden =
                    self.style.as_deref().is_some_and(|s| self.styles.hidden(s));
            }
            "w:rStyle"
                if self.in_run_properties
                    && attr(e, "w:val").is_some_and(|s| self.styles.hidden(&s)) =>
            {
                self.run_hidden = true;
            }
            "w:numId" | "w:ilvl" if self.in_paragraph_properties => update_num(&mut self.num, e),
            "w:r" => {
                self.run_hidden = self.paragraph_hidden;
            }
            "w:rPr" if !empty && !self.in_paragraph_properties => self.in_run_properties = true,
            "w:vanish" | "w:specVanish" if self.in_run_properties => {
                let off = matches!(attr(e, "w:val").as_deref(), Some("0" | "false" | "off"));
                self.run_hidden = !off;
            }
            "w:t" | "w:delText" if !empty => self.in_text = true,
            "w:instrText" if !empty => self.in_text = false,
            "w:tab" if !self.in_paragraph_properties => self.push_text("\t"),
            "w:br" | "w:cr" => self.push_text("\n"),
            "w:noBreakHyphen" => self.push_text("\u{2011}"),
            "w:fldChar" => match attr(e, "w:fldCharType").as_deref() {
                Some("begin") => self.fields.push(true),
                Some("separate") => {
                    if let Some(last) = self.fields.last_mut() {
                        *last = false;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            "w:ins" | "w:moveTo" if !empty => {
                self.inserted = Some((self.out.text.len(), attr(e, "w:author")));
            }
            "w:del" | "w:moveFrom" if !empty && !self.in_run_properties => {
                self.deleted += 1;
                if self.deletion.is_none() {
                    self.deletion = Some((self.out.text.len(), String::new(), attr(e, "w:author")));
                }
            }
            "w:commentRangeStart" => {
                if let Some(id) = attr(e, "w:id") {
                    self.comment_starts.insert(id, self.out.text.len());
                }
            }
            "w:commentRangeEnd" => {
                if let Some(id) = attr(e, "w:id") {
                    self.close_comment(&id);
                }
            }
            "w:tbl" if !empty => {
                self.table_count += 1;
                self.tables.push(Table {
                    number: self.table_count,
                    ..Table::default()
                });
            }
            "w:tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.row += 1;
                    t.next = 1;
                }
            }
            // Cells the row leaves empty before its first (`w:trPr`).
            "w:gridBefore" => {
                if let Some(t) = self.tables.last_mut() {
                    t.next = t.next.saturating_add(grid_count(e, 0));
                }
            }
            "w:tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.column = t.next.max(1);
                    t.span = 1;
                    if empty {
                        t.next = t.column.saturating_add(1);
                    }
                }
            }
            // A merged cell spans several columns of the grid (`w:tcPr`); a cell that
            // continues a vertical merge (`w:vMerge`) is a `w:tc` of its own and takes
            // its column like any other.
            "w:gridSpan" => {
                if let Some(t) = self.tables.last_mut() {
                    t.span = grid_count(e, 1);
                }
            }
            "w:footnoteReference" | "w:endnoteReference" if self.note.is_none() => {
                let kind = if e.name().as_ref() == "w:footnoteReference" {
                    NoteKind::Footnote
                } else {
                    NoteKind::Endnote
                };
                if let Some(id) = attr(e, "w:id") {
                    self.references.push((kind, id));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "w:p" => self.end_paragraph(),
            "w:pPr" => {
                self.in_paragraph_properties = false;
                self.number_paragraph();
            }
            "w:rPr" => self.in_run_properties = false,
            "w:r" => {
                self.flush_hidden();
                self.run_hidden = false;
            }
            "w:t" | "w:delText" => self.in_text = false,
            "w:ins" | "w:moveTo" => {
                if let Some((start, author)) = self.inserted.take() {
                    let end = self.out.text.len();
                    if end > start {
                        self.out.marks.push(Mark {
                            kind: MarkKind::Insertion,
                            span: start..end,
                            text: self.out.text[start..end].to_string(),
                            author,
                        });
                    }
                }
            }
            "w:del" | "w:moveFrom" if !self.in_run_properties => {
                self.deleted = self.deleted.saturating_sub(1);
                if self.deleted == 0
                    && let Some((at, text, author)) = self.deletion.take()
                    && !text.is_empty()
                {
                    self.out.marks.push(Mark {
                        kind: MarkKind::Deletion,
                        span: at..at,
                        text,
                        author,
                    });
                }
            }
            "w:tbl" => {
                self.tables.pop();
            }
            "w:tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.next = t.column.saturating_add(t.span.max(1));
                }
            }
            _ => {}
        }
    }

    fn close_comment(&mut self, id: &str) {
        let start = self
            .comment_starts
            .remove(id)
            .unwrap_or(self.out.text.len());
        let (author, text) = self.comments.get(id).cloned().unwrap_or_default();
        self.out.marks.push(Mark {
            kind: MarkKind::Comment,
            span: start..self.out.text.len().max(start),
            text,
            author,
        });
    }

    /// Reads the XML of a part, or of a slice of one (a note's or a text box's
    /// content), into the text.
    fn read_xml(&mut self, xml: &str, part: &str) -> Result<(), FormatError> {
        const SKIPPED: [&str; 6] = [
            "w:pPrChange",
            "w:rPrChange",
            "w:tcPrChange",
            "w:trPrChange",
            "w:tblPrChange",
            "mc:Fallback",
        ];
        let mut reader = Reader::from_str(xml);
        loop {
            // `w:t` expanding to more text than the XML holds is impossible, but a
            // limit on the text read keeps every format to the same bound.
            if self.out.text.len() as u64 > super::xml::PART_LIMIT {
                return Err(FormatError::TooLarge {
                    part: part.to_string(),
                    limit: super::xml::PART_LIMIT / (1024 * 1024),
                });
            }
            let event = reader.read_event().map_err(|e| xml_error(part, e))?;
            match &event {
                Event::Start(e) if SKIPPED.contains(&e.name().as_ref()) => {
                    self.skip.push(e.name().as_ref().to_string());
                    continue;
                }
                Event::End(e) if self.skip.last().is_some_and(|s| s == e.name().as_ref()) => {
                    self.skip.pop();
                    continue;
                }
                Event::Eof => {}
                _ if !self.skip.is_empty() => continue,
                // A text box's paragraphs are not part of the paragraph that anchors
                // it: kept aside, they are read once that paragraph ends.
                Event::Start(e) if e.name().as_ref() == "w:txbxContent" => {
                    if let Some(content) = inner(&mut reader, xml, e, part)?
                        && self.box_depth < MAX_BOX_DEPTH
                    {
                        self.boxes.push(content.to_string());
                    }
                    continue;
                }
                _ => {}
            }
            match event {
                Event::Start(e) => self.start(&e, false),
                Event::Empty(e) => {
                    self.start(&e, true);
                    if e.name().as_ref() == "w:rPr" {
                        self.in_run_properties = false;
                    }
                }
                Event::End(e) => {
                    self.end(e.name().as_ref());
                    if e.name().as_ref() == "w:p" {
                        self.read_boxes(part)?;
                    }
                }
                Event::Text(t) if self.in_text => {
                    let text = t.xml10_content().into_owned();
                    self.push_text(&text);
                }
                Event::CData(t) if self.in_text => {
                    let text = t.to_string();
                    self.push_text(&text);
                }
                Event::GeneralRef(r) if self.in_text => {
                    if let Some(c) = resolve_ref(&r) {
                        self.push_text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        // A text box whose paragraph was never closed is still read.
        self.read_boxes(part)
    }

    /// Reads the text boxes kept aside, as paragraphs of their own, outside any table
    /// or field of the paragraph that anchors them.
    fn read_boxes(&mut self, part: &str) -> Result<(), FormatError> {
        if self.boxes.is_empty() {
            return Ok(());
        }
        let boxes = std::mem::take(&mut self.boxes);
        let tables = std::mem::take(&mut self.tables);
        let fields = std::mem::take(&mut self.fields);
        self.box_depth += 1;
        for content in &boxes {
            self.read_xml(content, part)?;
        }
        self.box_depth -= 1;
        self.tables = tables;
        self.fields = fields;
        Ok(())
    }

    /// Comments whose range was never closed end where the body ends.
    fn close_open_comments(&mut self) {
        let mut open: Vec<(usize, String)> = self
            .comment_starts
            .iter()
            .map(|(id, &start)| (start, id.clone()))
            .collect();
        open.sort();
        for (_, id) in open {
            self.close_comment(&id);
        }
    }

    /// The body is read: what follows is notes.
    fn end_body(&mut self) {
        self.close_open_comments();
        self.out.body_end = self.out.text.len();
    }

    /// Reads the notes of `word/footnotes.xml` or `word/endnotes.xml` that the body
    /// refers to, in the order of the references, which gives their numbers. Word's
    /// separators (`w:type="separator"`, `continuationSeparator`, `continuationNotice`)
    /// are not notes.
    fn read_notes(&mut self, xml: &str, kind: NoteKind) -> Result<(), FormatError> {
        let (part, element) = match kind {
            NoteKind::Footnote => ("word/footnotes.xml", "w:footnote"),
            NoteKind::Endnote => ("word/endnotes.xml", "w:endnote"),
        };
        let mut notes: HashMap<String, String> = HashMap::new();
        let mut reader = Reader::from_str(xml);
        loop {
            match reader.read_event().map_err(|e| xml_error(part, e))? {
                Event::Start(e) if e.name().as_ref() == element => {
                    let id = attr(&e, "w:id");
                    let separator = attr(&e, "w:type").is_some_and(|t| t != "normal");
                    let content = inner(&mut reader, xml, &e, part)?;
                    if let (Some(id), Some(content), false) = (id, content, separator) {
                        notes.entry(id).or_insert_with(|| content.to_string());
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let mut order: Vec<String> = Vec::new();
        for (k, id) in &self.references {
            if *k == kind && !order.contains(id) {
                order.push(id.clone());
            }
        }
        for (i, id) in order.iter().enumerate() {
            let Some(content) = notes.get(id) else {
                continue;
            };
            self.note = Some(Note {
                kind,
                number: i + 1,
            });
            self.note_paragraphs = 0;
            self.read_xml(content, part)?;
            self.close_open_comments();
        }
        self.note = None;
        Ok(())
    }

    fn finish(mut self) -> Extracted {
        self.close_open_comments();
        self.out.body_end = self.out.body_end.min(self.out.text.len());
        self.out.marks.sort_by_key(|m| (m.span.start, m.span.end));
        self.out
    }
}

/// The count of a `w:gridSpan` or `w:gridBefore`: at least `min`, at most the 63
/// columns Word allows (so that a hostile value cannot overflow a column number).
fn grid_count(e: &BytesStart, min: usize) -> usize {
    attr(e, "w:val")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(min, 63)
}

/// `word/comments.xml`: comment id → (author, text).
fn read_comments(xml: &str) -> Result<HashMap<String, (Option<String>, String)>, FormatError> {
    let part = "word/comments.xml";
    let mut reader = Reader::from_str(xml);
    let mut comments = HashMap::new();
    let mut current: Option<(String, Option<String>, String)> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|e| xml_error(part, e))? {
            Event::Start(e) if e.name().as_ref() == "w:comment" => {
                current = Some((
                    attr(&e, "w:id").unwrap_or_default(),
                    attr(&e, "w:author"),
                    String::new(),
                ));
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == "w:p" => {
                if let Some((_, _, text)) = current.as_mut()
                    && !text.is_empty()
                    && !text.ends_with(' ')
                {
                    text.push(' ');
                }
            }
            Event::Text(t) if in_text => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let (Some((_, _, text)), Some(c)) = (current.as_mut(), resolve_ref(&r)) {
                    text.push(c);
                }
            }
            Event::End(e) if e.name().as_ref() == "w:comment" => {
                if let Some((id, author, text)) = current.take() {
                    comments.insert(id, (author, text.trim().to_string()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(comments)
}

/// Updates a numbering (numId, ilvl) from a `w:numId` or `w:ilvl` element, in a
/// paragraph's or a style's properties.
fn update_num(num: &mut Option<(String, u32)>, e: &BytesStart) {
    let (id, level) = num.take().unwrap_or_default();
    *num = Some(match e.name().as_ref() {
        "w:numId" => (attr(e, "w:val").unwrap_or_default(), level),
        _ => (
            id,
            attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0),
        ),
    });
}

/// One style of `word/styles.xml`, as far as paraphe needs it.
#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    /// Its numbering (numId, ilvl), for a paragraph style.
    num: Option<(String, u32)>,
    /// `w:vanish` in its run properties: `Some(true)` hides, `Some(false)` shows.
    vanish: Option<bool>,
}

/// The styles of a DOCX, with inheritance through `w:basedOn`.
#[derive(Debug, Clone, Default)]
struct Styles {
    styles: HashMap<String, Style>,
}

impl Styles {
    /// The first value `get` finds on the style or the styles it is based on (at most
    /// ten levels, so that a loop in the file cannot hang).
    fn inherited<T>(&self, id: &str, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut current = Some(id.to_string());
        for _ in 0..10 {
            let style = self.styles.get(current.as_deref()?)?;
            if let Some(value) = get(style) {
                return Some(value);
            }
            current = style.based_on.clone();
        }
        None
    }

    fn numbering(&self, id: &str) -> Option<(String, u32)> {
        self.inherited(id, |s| s.num.clone())
            .filter(|(num, _)| !num.is_empty() && num != "0")
    }

    fn hidden(&self, id: &str) -> bool {
        self.inherited(id, |s| s.vanish).unwrap_or(false)
    }
}

/// `word/styles.xml`.
fn read_styles(xml: &str) -> Result<Styles, FormatError> {
    let part = "word/styles.xml";
    let mut reader = Reader::from_str(xml);
    let mut styles = Styles::default();
    let mut current: Option<(String, Style)> = None;
    let mut in_run_properties = false;
    loop {
        match reader.read_event().map_err(|e| xml_error(part, e))? {
            Event::Start(e) if e.name().as_ref() == "w:style" => {
                current = attr(&e, "w:styleId").map(|id| (id, Style::default()));
            }
            Event::Start(e) if e.name().as_ref() == "w:rPr" => in_run_properties = true,
            Event::End(e) if e.name().as_ref() == "w:rPr" => in_run_properties = false,
            Event::Start(e) | Event::Empty(e) => {
                let Some((_, style)) = current.as_mut() else {
                    continue;
                };
                match e.name().as_ref() {
                    "w:basedOn" => style.based_on = attr(&e, "w:val"),
                    "w:numId" | "w:ilvl" => update_num(&mut style.num, &e),
                    "w:vanish" if in_run_properties => {
                        let off =
                            matches!(attr(&e, "w:val").as_deref(), Some("0" | "false" | "off"));
                        style.vanish = Some(!off);
                    }
                    _ => {}
                }
            }
            Event::End(e) if e.name().as_ref() == "w:style" => {
                if let Some((id, style)) = current.take() {
                    styles.styles.insert(id, style);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(styles)
}

/// One level of an abstract numbering.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// What follows the number: a tab (default), a space or nothing.
    suffix: String,
}

/// `word/numbering.xml`, with the counters of the document read so far.
#[derive(Debug, Default)]
struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// abstractNumId → levels by ilvl.
    abstracts: HashMap<String, HashMap<u32, Level>>,
    /// numId → level → start, for lists that restart (`w:lvlOverride/w:startOverride`).
    overrides: HashMap<String, HashMap<u32, u32>>,
    /// Current counters by level, per abstractNumId, or per numId for a list that
    /// restarts its numbering.
    counters: HashMap<String, Vec<u32>>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Numbering, FormatError> {
        let part = "word/numbering.xml";
        let mut reader = Reader::from_str(xml);
        let mut numbering = Numbering::default();
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(u32, Level)> = None;
        let mut num_id: Option<String> = None;
        let mut override_level: Option<u32> = None;
        loop {
            let event = reader.read_event().map_err(|e| xml_error(part, e))?;
            let (e, is_end) = match &event {
                Event::Start(e) | Event::Empty(e) => (Some(e.clone()), false),
                Event::End(_) => (None, true),
                Event::Eof => break,
                _ => continue,
            };
            if is_end {
                if let Event::End(end) = &event {
                    match end.name().as_ref() {
                        "w:lvl" => {
                            if let (Some(a), Some((ilvl, l))) = (&abstract_id, level.take()) {
                                numbering
                                    .abstracts
                                    .entry(a.clone())
                                    .or_default()
                                    .insert(ilvl, l);
                            }
                        }
                        "w:abstractNum" => abstract_id = None,
                        "w:num" => num_id = None,
                        _ => {}
                    }
                }
                continue;
            }
            let Some(e) = e else { continue };
            let val = attr(&e, "w:val");
            match e.name().as_ref() {
                "w:abstractNum" => abstract_id = attr(&e, "w:abstractNumId"),
                "w:lvl" => {
                    let ilvl = attr(&e, "w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    level = Some((
                        ilvl,
                        Level {
                            start: 1,
                            format: "decimal".into(),
                            suffix: "\t".into(),
                            ..Level::default()
                        },
                    ));
                }
                "w:start" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.start = val.and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                "w:numFmt" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val) {
                        l.format = v;
                    }
                }
                "w:lvlText" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val) {
                        l.text = v;
                    }
                }
                "w:suff" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val) {
                        l.suffix = match v.as_str() {
                            "space" => " ".into(),
                            "nothing" => String::new(),
                            _ => "\t".into(),
                        };
                    }
                }
                "w:num" => num_id = attr(&e, "w:numId"),
                "w:abstractNumId" => {
                    if let (Some(n), Some(v)) = (&num_id, val) {
                        numbering.nums.insert(n.clone(), v);
                    }
                }
                "w:lvlOverride" => {
                    override_level = attr(&e, "w:ilvl").and_then(|v| v.parse().ok());
                }
                "w:startOverride" => {
                    if let (Some(n), Some(l), Some(start)) =
                        (&num_id, override_level, val.and_then(|v| v.parse().ok()))
                    {
                        numbering
                            .overrides
                            .entry(n.clone())
                            .or_default()
                            .insert(l, start);
                    }
                }
                _ => {}
            }
        }
        Ok(numbering)
    }

    /// The label of the next paragraph numbered (numId, ilvl): counters advance, deeper
    /// levels restart, and the level's text is filled (« Article %1 » → « Article 3 »),
    /// followed by its suffix. `None` for no numbering (numId 0) or a bullet.
    fn next_label(&mut self, num_id: &str, ilvl: u32) -> Option<String> {
        let abstract_id = self.nums.get(num_id)?.clone();
        let levels = self.abstracts.get(&abstract_id)?;
        let level = levels.get(&ilvl)?.clone();
        if level.format == "bullet" || level.format == "none" {
            return None;
        }
        let depth = ilvl as usize + 1;
        // A list that restarts keeps its own counters, from its own start.
        let overrides = self.overrides.get(num_id);
        let key = match overrides {
            Some(_) => format!("num:{num_id}"),
            None => abstract_id.clone(),
        };
        let counters = self.counters.entry(key).or_default();
        if counters.len() < depth {
            let starts: Vec<u32> = (0..depth as u32)
                .map(|l| {
                    overrides
                        .and_then(|o| o.get(&l).copied())
                        .unwrap_or_else(|| levels.get(&l).map_or(1, |x| x.start))
                })
                .collect();
            for (i, start) in starts.iter().enumerate().skip(counters.len()) {
                counters.push(if i + 1 == depth {
                    start.saturating_sub(1)
                } else {
                    *start
                });
            }
        }
        counters.truncate(depth);
        counters[ilvl as usize] = counters[ilvl as usize].saturating_add(1);
        let mut label = level.text.clone();
        for (l, value) in counters.iter().enumerate() {
            let format = levels
                .get(&(l as u32))
                .map_or("decimal", |x| x.format.as_str());
            label = label.replace(&format!("%{}", l + 1), &format_number(*value, format));
        }
        Some(label + &level.suffix)
    }
}

/// A counter value in a Word number format.
fn format_number(n: u32, format: &str) -> String {
    let roman = crate::fr::numerals::to_roman;
    let letter = |n: u32| {
        let c = char::from(b'A' + ((n.max(1) - 1) % 26) as u8);
        c.to_string().repeat(((n.max(1) - 1) / 26 + 1) as usize)
    };
    match format {
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letter(n),
        "lowerLetter" => letter(n).to_lowercase(),
        "decimalZero" => format!("{n:02}"),
        // « 1er », as French conventions write the first article.
        "ordinal" if n == 1 => "1er".to_string(),
        "ordinal" => format!("{n}e"),
        _ => n.to_string(),
    }
}
