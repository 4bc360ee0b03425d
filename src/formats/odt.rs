//! ODT (OpenDocument Text, ISO/IEC 26300) → [`Extracted`], read like a DOCX.
//!
//! Read from `content.xml`: headings (`text:h`, with the number LibreOffice caches in
//! `text:number`) and paragraphs (`text:p`), in lists too, spans, spaces (`text:s`),
//! tabs, line breaks, table cells; tracked changes (`text:changed-region`: insertions
//! marked between `text:change-start` and `text:change-end`, deleted text kept in the
//! region and marked at `text:change`), comments (`office:annotation`), hidden text
//! (`text:hidden-text`, `text:hidden-paragraph`, styles with `text:display="none"` —
//! automatic ones of `content.xml`, common and automatic ones of `styles.xml`, through
//! `style:parent-style-name` —, and hidden sections). Text boxes (`draw:text-box`) are
//! read as paragraphs after the paragraph that anchors them; footnotes and endnotes
//! (`text:note`) after the body. Headers and footers live in `styles.xml` and are not
//! read.

use std::collections::HashMap;
use std::io::{Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::xml::{attr, inner, open_archive, read_part, resolve_ref, xml_error};
use super::{Cell, Extracted, FormatError, Mark, MarkKind, Note, NoteKind};

const CONTENT: &str = "content.xml";
const STYLES: &str = "styles.xml";

/// Text boxes in text boxes deeper than this are left out: each level is read again
/// from its slice of the XML, and a hostile file could nest thousands.
const MAX_BOX_DEPTH: usize = 4;

/// Reads an ODT archive.
///
/// # Errors
/// [`FormatError`] when the archive is damaged, names a part twice, has no
/// `content.xml`, holds a part that inflates past the limit, or malformed XML.
pub fn read<R: Read + Seek>(reader: R) -> Result<Extracted, FormatError> {
    let mut archive = open_archive(reader)?;
    // A password-protected ODT is a ZIP whose parts are encrypted, as its manifest says.
    if let Some(manifest) = read_part(&mut archive, "META-INF/manifest.xml")?
        && manifest.contains("encryption-data")
    {
        return Err(FormatError::Encrypted);
    }
    let content = read_part(&mut archive, CONTENT)?.ok_or(FormatError::MissingPart(CONTENT))?;
    let styles = read_part(&mut archive, STYLES)?;
    read_content_with_styles(&content, styles.as_deref())
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

/// Reads `content.xml` alone (no `styles.xml`).
///
/// # Errors
/// [`FormatError::Xml`] for malformed XML.
pub fn read_content(xml: &str) -> Result<Extracted, FormatError> {
    read_content_with_styles(xml, None)
}

/// Reads `content.xml`, with the styles of `styles.xml` when the file has one.
///
/// # Errors
/// [`FormatError::Xml`] for malformed XML, [`FormatError::TooLarge`] when the text
/// read expands past the part limit.
pub fn read_content_with_styles(
    xml: &str,
    styles_xml: Option<&str>,
) -> Result<Extracted, FormatError> {
    let mut styles = Styles::default();
    if let Some(styles_xml) = styles_xml {
        styles.read(styles_xml, STYLES)?;
    }
    // The automatic styles of content.xml come last: their names win.
    styles.read(xml, CONTENT)?;
    let mut content = Content {
        changes: read_changes(xml)?,
        styles,
        ..Content::default()
    };
    content.read(xml)?;
    content.out.body_end = content.out.text.len();
    // Notes, in the order of their references; a text box in a note may not hold
    // another note, but a hostile file could: those are read in turn.
    while !content.notes.is_empty() {
        let notes = std::mem::take(&mut content.notes);
        for (note, inner) in notes {
            content.note = Some(note);
            content.note_paragraphs = 0;
            content.read(&inner)?;
        }
    }
    content.note = None;
    content
        .out
        .marks
        .sort_by_key(|m| (m.span.start, m.span.end));
    Ok(content.out)
}

/// A table being read: its number, the current row, the grid column of the current
/// cell and of the next one.
#[derive(Debug, Clone, Copy, Default)]
struct Table {
    number: usize,
    row: usize,
    column: usize,
    next: usize,
}

/// The reading of `content.xml`.
#[derive(Debug, Default)]
struct Content {
    out: Extracted,
    changes: HashMap<String, Change>,
    styles: Styles,
    paragraph_start: Option<usize>,
    /// Paragraphs open (a paragraph in a note or frame is inside another).
    depth_text: usize,
    /// Skipped subtrees, innermost last: the tracked-changes declarations,
    /// annotations' bodies, images' titles and descriptions, notes' citations.
    skip: Vec<&'static str>,
    /// The comment being read: where it is, author, text, name.
    annotation: Option<(usize, Option<String>, String, Option<String>)>,
    /// Hidden text being read: where it stood, the text.
    hidden: Option<(usize, String)>,
    /// For each open span, whether it opened the hidden text.
    hidden_spans: Vec<bool>,
    /// For each open section, whether it is hidden; and how many hidden ones are open.
    sections: Vec<bool>,
    hidden_sections: usize,
    insertions: HashMap<String, usize>,
    tables: Vec<Table>,
    table_count: usize,
    in_creator: bool,
    in_date: bool,
    /// The content of the text boxes met in the current paragraph, read once it ends.
    boxes: Vec<String>,
    box_depth: usize,
    /// Notes met in the body, read after it: which note, its content.
    notes: Vec<(Note, String)>,
    footnotes: usize,
    endnotes: usize,
    /// The note being read, and how many of its paragraphs were read.
    note: Option<Note>,
    note_paragraphs: usize,
}

impl Content {
    fn push(&mut self, s: &str) {
        match &mut self.hidden {
            Some((_, text)) => text.push_str(s),
            None => self.out.text.push_str(s),
        }
    }

    fn start_hidden(&mut self) -> bool {
        if self.hidden.is_none() {
            self.hidden = Some((self.out.text.len(), String::new()));
            true
        } else {
            false
        }
    }

    fn flush_hidden(&mut self) {
        if let Some((at, text)) = self.hidden.take()
            && !text.trim().is_empty()
        {
            self.out.marks.push(Mark {
                kind: MarkKind::Hidden,
                span: at..at,
                text: text.trim_end().to_string(),
                author: None,
            });
        }
    }

    fn end_paragraph(&mut self, start: usize) {
        let cell = self.tables.last().map(|t| Cell {
            table: t.number,
            row: t.row,
            column: t.column,
        });
        self.out
            .end_paragraph(start, cell, self.note, &mut self.note_paragraphs);
    }

    /// Reads the text boxes kept aside, as paragraphs of their own, outside any table
    /// of the paragraph that anchors them.
    fn read_boxes(&mut self) -> Result<(), FormatError> {
        if self.boxes.is_empty() {
            return Ok(());
        }
        let boxes = std::mem::take(&mut self.boxes);
        let tables = std::mem::take(&mut self.tables);
        self.box_depth += 1;
        for content in &boxes {
            self.read(content)?;
        }
        self.box_depth -= 1;
        self.tables = tables;
        Ok(())
    }

    /// Reads `content.xml`, or the slice of it that a note or a text box holds.
    fn read(&mut self, xml: &str) -> Result<(), FormatError> {
        let mut reader = Reader::from_str(xml);
        loop {
            // « <text:s text:c="1000"/> » makes a few bytes of XML into a thousand
            // spaces: the text read is bounded like the parts themselves.
            if self.out.text.len() as u64 > super::xml::PART_LIMIT {
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
                    if let Some(top) = self.skip.last() {
                        if !empty && name == *top {
                            self.skip.push(top);
                        }
                        if let Some((_, _, text, _)) = self.annotation.as_mut()
                            && name == "text:p"
                            && !text.is_empty()
                        {
                            text.push(' ');
                        }
                        if name == "dc:creator" && self.annotation.is_some() {
                            self.in_creator = true;
                        }
                        if name == "dc:date" && self.annotation.is_some() {
                            self.in_date = true;
                        }
                        continue;
                    }
                    self.start(&mut reader, xml, e, empty)?;
                }
                Event::End(ref e) => {
                    let name = e.name();
                    let name = name.as_ref();
                    if let Some(top) = self.skip.last() {
                        if name == *top {
                            self.skip.pop();
                            if self.skip.is_empty()
                                && name == "office:annotation"
                                && let Some((at, author, text, _)) = self.annotation.take()
                            {
                                self.out.marks.push(Mark {
                                    kind: MarkKind::Comment,
                                    span: at..at,
                                    text: text.trim().to_string(),
                                    author,
                                });
                            }
                        }
                        if name == "dc:creator" {
                            self.in_creator = false;
                        }
                        if name == "dc:date" {
                            self.in_date = false;
                        }
                        continue;
                    }
                    self.end(name)?;
                }
                Event::Text(ref t) => {
                    let text = t.xml10_content();
                    if let Some((_, author, body, _)) = self.annotation.as_mut() {
                        if self.in_creator {
                            *author = Some(text.trim().to_string());
                        } else if !self.in_date {
                            body.push_str(&text);
                        }
                    } else if self.skip.is_empty() && self.depth_text > 0 {
                        self.push(&text);
                    }
                }
                Event::GeneralRef(ref r) => {
                    if let Some(c) = resolve_ref(r) {
                        let s = c.to_string();
                        if let Some((_, _, body, _)) = self.annotation.as_mut() {
                            body.push_str(&s);
                        } else if self.skip.is_empty() && self.depth_text > 0 {
                            self.push(&s);
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        // A text box whose paragraph was never closed is still read.
        self.read_boxes()
    }

    fn start<'x>(
        &mut self,
        reader: &mut Reader<&'x [u8]>,
        xml: &'x str,
        e: &BytesStart,
        empty: bool,
    ) -> Result<(), FormatError> {
        let name = e.name();
        match name.as_ref() {
            "text:tracked-changes" if !empty => self.skip.push("text:tracked-changes"),
            // The titles and descriptions of images are not the body's text, nor is
            // the citation of a note (« 1 »), read as the note's number.
            "svg:title" if !empty => self.skip.push("svg:title"),
            "svg:desc" if !empty => self.skip.push("svg:desc"),
            "text:note-citation" if !empty => self.skip.push("text:note-citation"),
            // A note is read after the body, a text box after its paragraph.
            "text:note" if !empty => {
                let kind = match attr(e, "text:note-class").as_deref() {
                    Some("endnote") => NoteKind::Endnote,
                    _ => NoteKind::Footnote,
                };
                let content = inner(reader, xml, e, CONTENT)?;
                if self.note.is_none()
                    && let Some(content) = content
                {
                    let counter = match kind {
                        NoteKind::Footnote => &mut self.footnotes,
                        NoteKind::Endnote => &mut self.endnotes,
                    };
                    *counter += 1;
                    let note = Note {
                        kind,
                        number: *counter,
                    };
                    self.notes.push((note, content.to_string()));
                }
            }
            "draw:text-box" if !empty => {
                let content = inner(reader, xml, e, CONTENT)?;
                if let Some(content) = content
                    && self.box_depth < MAX_BOX_DEPTH
                {
                    self.boxes.push(content.to_string());
                }
            }
            "office:annotation" if !empty => {
                let id = attr(e, "office:name");
                self.annotation = Some((self.out.text.len(), None, String::new(), id));
                self.skip.push("office:annotation");
            }
            "text:section" if !empty => {
                let hidden = section_hidden(e);
                self.sections.push(hidden);
                if hidden {
                    self.hidden_sections += 1;
                    self.start_hidden();
                }
            }
            "text:h" | "text:p" if !empty => {
                self.depth_text += 1;
                if self.depth_text == 1 {
                    self.paragraph_start = Some(self.out.text.len());
                }
                if attr(e, "text:style-name").is_some_and(|s| self.styles.hidden(&s)) {
                    self.start_hidden();
                }
            }
            "text:h" | "text:p" => {
                let start = self.out.text.len();
                self.end_paragraph(start);
            }
            "text:span" if !empty => {
                let hidden = attr(e, "text:style-name").is_some_and(|s| self.styles.hidden(&s));
                let opened = hidden && self.start_hidden();
                self.hidden_spans.push(opened);
            }
            "text:hidden-text" | "text:hidden-paragraph" => {
                let text = attr(e, "text:string-value").unwrap_or_default();
                if !text.is_empty() {
                    let at = self.out.text.len();
                    self.out.marks.push(Mark {
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
                self.push(&" ".repeat(n.min(1000)));
            }
            "text:tab" => self.push("\t"),
            "text:line-break" => self.push("\n"),
            "text:change-start" => {
                if let Some(id) = attr(e, "text:change-id") {
                    self.insertions.insert(id, self.out.text.len());
                }
            }
            "text:change-end" => {
                if let Some(id) = attr(e, "text:change-id")
                    && let Some(start) = self.insertions.remove(&id)
                    && !self
                        .changes
                        .get(&id)
                        .is_some_and(|c| c.format || c.deletion)
                {
                    let end = self.out.text.len().max(start);
                    let author = self.changes.get(&id).and_then(|c| c.author.clone());
                    self.out.marks.push(Mark {
                        kind: MarkKind::Insertion,
                        span: start..end,
                        text: self
                            .out
                            .text
                            .get(start..end)
                            .unwrap_or_default()
                            .to_string(),
                        author,
                    });
                }
            }
            "text:change" => {
                if let Some(change) = attr(e, "text:change-id").and_then(|id| self.changes.get(&id))
                    && change.deletion
                {
                    let at = self.out.text.len();
                    let mark = Mark {
                        kind: MarkKind::Deletion,
                        span: at..at,
                        text: change.text.clone(),
                        author: change.author.clone(),
                    };
                    self.out.marks.push(mark);
                }
            }
            "office:annotation-end" => {
                let id = attr(e, "office:name");
                let end = self.out.text.len();
                if let Some(m) = self
                    .out
                    .marks
                    .iter_mut()
                    .rev()
                    .find(|m| m.kind == MarkKind::Comment && m.span.is_empty() && id.is_some())
                {
                    m.span.end = end;
                }
            }
            "table:table" if !empty => {
                self.table_count += 1;
                self.tables.push(Table {
                    number: self.table_count,
                    ..Table::default()
                });
            }
            "table:table-row" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.row += 1;
                    t.next = 1;
                }
            }
            // A cell written once for several identical ones takes their columns.
            "table:table-cell" | "table:covered-table-cell" => {
                let repeated = attr(e, "table:number-columns-repeated")
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1024);
                if let Some(t) = self.tables.last_mut() {
                    t.column = t.next.max(1);
                    t.next = t.column.saturating_add(repeated);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), FormatError> {
        match name {
            "text:h" | "text:p" => {
                self.depth_text = self.depth_text.saturating_sub(1);
                if self.depth_text == 0 {
                    if self.hidden_sections == 0 {
                        self.flush_hidden();
                    } else if let Some((_, text)) = self.hidden.as_mut()
                        && !text.is_empty()
                        && !text.ends_with(' ')
                    {
                        // The paragraphs of a hidden section make one mark.
                        text.push(' ');
                    }
                    let start = self.paragraph_start.take().unwrap_or(self.out.text.len());
                    self.end_paragraph(start);
                    self.read_boxes()?;
                }
            }
            "text:span" => {
                let opened_hidden = self.hidden_spans.pop() == Some(true);
                if opened_hidden && self.hidden_sections == 0 {
                    self.flush_hidden();
                }
            }
            "text:section" => {
                let hidden = self.sections.pop() == Some(true);
                if hidden {
                    self.hidden_sections = self.hidden_sections.saturating_sub(1);
                    if self.hidden_sections == 0 {
                        self.flush_hidden();
                    }
                }
            }
            "table:table" => {
                self.tables.pop();
            }
            // The cached number of a heading (« ARTICLE 1 – ») is followed by its
            // text, as LibreOffice shows it.
            "text:number" if !self.out.text.ends_with(char::is_whitespace) => {
                self.push(" ");
            }
            _ => {}
        }
        Ok(())
    }
}

/// Whether a `text:section` is hidden: `text:display="none"`, or a display under a
/// condition that is a constant true (`ooow:TRUE`, `ooow:1`). A condition on a
/// variable cannot be evaluated here: the section is read as shown.
fn section_hidden(e: &BytesStart) -> bool {
    match attr(e, "text:display").as_deref() {
        Some("none") => true,
        Some("condition") => attr(e, "text:condition").is_some_and(|c| {
            let c = c.trim();
            let c = c.split_once(':').map_or(c, |(_, v)| v).trim();
            c.eq_ignore_ascii_case("true") || c == "1"
        }),
        _ => false,
    }
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

/// One style, as far as hiding goes.
#[derive(Debug, Clone, Default)]
struct Style {
    parent: Option<String>,
    /// `text:display` (or `fo:display`) of its text properties: `Some(true)` hides,
    /// `Some(false)` shows, `None` inherits.
    hides: Option<bool>,
}

/// The paragraph and text styles of a document, with inheritance through
/// `style:parent-style-name`. Names are taken across families: a paragraph style and
/// a text style of the same name are not told apart.
#[derive(Debug, Clone, Default)]
struct Styles {
    styles: HashMap<String, Style>,
}

impl Styles {
    /// Reads the `style:style` elements of `styles.xml` (common and automatic styles)
    /// or of `content.xml` (automatic styles, before the body).
    fn read(&mut self, xml: &str, part: &str) -> Result<(), FormatError> {
        let mut reader = Reader::from_str(xml);
        let mut current: Option<(String, Style)> = None;
        loop {
            match reader.read_event().map_err(|e| xml_error(part, e))? {
                Event::Start(e) if e.name().as_ref() == "style:style" => {
                    current = attr(&e, "style:name").map(|name| {
                        let parent = attr(&e, "style:parent-style-name");
                        (
                            name,
                            Style {
                                parent,
                                hides: None,
                            },
                        )
                    });
                }
                Event::Empty(e) if e.name().as_ref() == "style:style" => {
                    if let Some(name) = attr(&e, "style:name") {
                        let parent = attr(&e, "style:parent-style-name");
                        self.styles.insert(
                            name,
                            Style {
                                parent,
                                hides: None,
                            },
                        );
                    }
                }
                Event::Empty(e) | Event::Start(e)
                    if e.name().as_ref() == "style:text-properties" =>
                {
                    if let Some((_, style)) = current.as_mut() {
                        let display = attr(&e, "text:display").or_else(|| attr(&e, "fo:display"));
                        match display.as_deref() {
                            Some("none") => style.hides = Some(true),
                            Some(_) => style.hides = Some(false),
                            None => {}
                        }
                    }
                }
                Event::End(e) if e.name().as_ref() == "style:style" => {
                    if let Some((name, style)) = current.take() {
                        self.styles.insert(name, style);
                    }
                }
                Event::Start(e) if e.name().as_ref() == "office:body" => break,
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether style `name` hides its text, itself or through its parents (at most ten
    /// levels, so that a loop in the file cannot hang).
    fn hidden(&self, name: &str) -> bool {
        let mut current = Some(name.to_string());
        for _ in 0..10 {
            let Some(style) = current.as_deref().and_then(|n| self.styles.get(n)) else {
                return false;
            };
            if let Some(hides) = style.hides {
                return hides;
            }
            current = style.parent.clone();
        }
        false
    }
}
