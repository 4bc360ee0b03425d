//! Shared helpers for the XML parts of ZIP-based formats (DOCX, ODT).

use std::io::Read;

use quick_xml::events::{BytesRef, BytesStart};

use super::FormatError;

/// The largest a part may inflate to, in bytes: a convention's XML is a few MiB at
/// most; beyond this, the archive is refused rather than exhausting memory.
pub const PART_LIMIT: u64 = 64 * 1024 * 1024;

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
