//! Shared helpers for the XML parts of ZIP-based formats (DOCX, ODT).

use std::io::{Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart};

use super::FormatError;

/// The largest a part may inflate to, in bytes: a convention's XML is a few MiB at
/// most; beyond this, the archive is refused rather than exhausting memory.
pub const PART_LIMIT: u64 = 64 * 1024 * 1024;

/// Opens a ZIP archive, refusing one whose central directory names an entry twice
/// (a reader may take either copy: the text checked could differ from the one shown).
///
/// # Errors
/// [`FormatError::Zip`] for a damaged archive, [`FormatError::DuplicatePart`] for a
/// name given twice.
pub fn open_archive<R: Read + Seek>(reader: R) -> Result<zip::ZipArchive<R>, FormatError> {
    let archive = zip::ZipArchive::new(reader).map_err(|e| FormatError::Zip(e.to_string()))?;
    if !archive.has_duplicate_names() {
        return Ok(archive);
    }
    let start = archive.central_directory_start();
    let name = duplicate_name(archive.into_inner(), start).unwrap_or_else(|| "?".to_string());
    Err(FormatError::DuplicatePart(name))
}

/// The first name the central directory, at byte `start` of `reader`, gives twice.
/// The zip crate keeps one entry per name and only says that some name came twice: its
/// central directory records (APPNOTE 4.3.12: signature, 46 bytes of fixed fields,
/// then the name, the extra field and the comment) are walked again to name it.
fn duplicate_name<R: Read + Seek>(mut reader: R, start: u64) -> Option<String> {
    reader.seek(std::io::SeekFrom::Start(start)).ok()?;
    let mut reader = std::io::BufReader::new(reader);
    let mut seen = std::collections::HashSet::new();
    // The zip crate read the same records: a bound keeps a lying count harmless.
    for _ in 0..1_000_000 {
        let mut header = [0u8; 46];
        reader.read_exact(&mut header).ok()?;
        if header[..4] != [0x50, 0x4B, 0x01, 0x02] {
            return None;
        }
        let u16_at = |i: usize| u64::from(u16::from_le_bytes([header[i], header[i + 1]]));
        let mut name = vec![0u8; u16_at(28) as usize];
        reader.read_exact(&mut name).ok()?;
        let skip = u16_at(30) + u16_at(32);
        std::io::copy(&mut (&mut reader).take(skip), &mut std::io::sink()).ok()?;
        let name = String::from_utf8_lossy(&name).into_owned();
        if !seen.insert(name.clone()) {
            return Some(name);
        }
    }
    None
}

/// Reads a part of a ZIP archive as text, refusing it past [`PART_LIMIT`]. `Ok(None)`
/// when the archive has no such part.
pub fn read_part<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, FormatError> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(FormatError::Zip(e.to_string())),
    };
    let too_large = || FormatError::TooLarge {
        part: name.to_string(),
        limit: PART_LIMIT / (1024 * 1024),
    };
    if entry.size() > PART_LIMIT {
        return Err(too_large());
    }
    // The declared size can lie: the reader is bounded too.
    let mut bytes = Vec::new();
    entry
        .take(PART_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FormatError::Zip(e.to_string()))?;
    if bytes.len() as u64 > PART_LIMIT {
        return Err(too_large());
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| FormatError::Xml {
            part: name.to_string(),
            message: e.to_string(),
        })
}

/// The character an entity or character reference stands for (`&amp;`, `&#233;`).
pub fn resolve_ref(r: &BytesRef) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match &**r {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The value of attribute `name` (qualified, e.g. `w:val`), unescaped.
pub fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// A malformed-XML error for `part`.
pub fn xml_error(part: &str, e: impl std::fmt::Display) -> FormatError {
    FormatError::Xml {
        part: part.to_string(),
        message: e.to_string(),
    }
}

/// The inner XML of the element whose start tag `reader` just read (`e`), up to its end
/// tag, as a slice of `xml`; the reader moves past the end tag.
///
/// # Errors
/// [`FormatError::Xml`] naming `part` when the element is not closed.
pub fn inner<'x>(
    reader: &mut Reader<&'x [u8]>,
    xml: &'x str,
    e: &BytesStart,
    part: &str,
) -> Result<Option<&'x str>, FormatError> {
    let span = reader
        .read_to_end(e.name())
        .map_err(|e| xml_error(part, e))?;
    Ok(usize::try_from(span.start)
        .ok()
        .zip(usize::try_from(span.end).ok())
        .and_then(|(start, end)| xml.get(start..end)))
}
