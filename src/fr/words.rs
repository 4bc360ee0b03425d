//! Words of French text, as a spelling checker needs them: elisions (« l'article »),
//! hyphenated compounds (« co-construction »), words broken over a line by PDF
//! hyphenation (« expéri-\nmentation »), whether a word starts a sentence, and how it
//! is capitalised.

use crate::source::Span;

/// How a word is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// « convention »: no capital.
    Lower,
    /// « Convention »: a capital, then lowercase letters (or a single capital).
    Capitalized,
    /// « CONVENTION »: two letters or more, all capitals.
    Upper,
    /// « McKinsey », « eIDAS »: anything else.
    Mixed,
}

/// One word of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte offsets in the text: for a word hyphenated at a line end, from its first
    /// letter to its last, the hyphen and line break included.
    pub span: Span,
    /// The word as read: apostrophes normalised to `'`, a line-end hyphenation joined
    /// (« expérimentation »).
    pub text: String,
    /// For a word hyphenated at a line end, the form with its hyphen kept
    /// (« porte-parole » broken after « porte- »), which is right when the hyphen
    /// belongs to a compound.
    pub hyphenated: Option<String>,
    /// Whether a digit is part of it (« 1er », « 2016/679 », « A4 »).
    pub has_digit: bool,
    /// Whether it starts a sentence: at the start of the text or of a paragraph (after
    /// a blank line), after « . », « ! », « ? » or « … », or at the start of a line
    /// that follows a line ending with « : » or « ; » (an item of a list).
    pub sentence_start: bool,
    /// How it is capitalised.
    pub shape: Shape,
}

/// Words that drop their last vowel before a vowel and join the next word with an
/// apostrophe (« l'article », « qu'il », « jusqu'au »), in lowercase.
pub const ELIDED: [&str; 16] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    "quelqu", "entr",
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The shape of `word` (letters only are looked at).
pub fn shape(word: &str) -> Shape {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Shape::Lower;
    };
    // No list of the letters: this runs on every word of the document.
    let (mut any_upper, mut all_lower, mut all_upper) = (false, true, true);
    for c in letters {
        any_upper |= c.is_uppercase();
        all_lower &= c.is_lowercase();
        all_upper &= c.is_uppercase();
    }
    if !first.is_uppercase() {
        return if any_upper {
            Shape::Mixed
        } else {
            Shape::Lower
        };
    }
    if all_lower {
        Shape::Capitalized
    } else if all_upper {
        Shape::Upper
    } else {
        Shape::Mixed
    }
}

/// Every word of `text[range]`, in order. A word is a run of letters and digits, with
/// apostrophes and hyphens inside it (« aujourd'hui », « co-construction »); an elided
/// article or pronoun is left out (« l'article » gives « article »); a hyphen
/// at the end of a line followed by a lowercase letter at the start of the next joins
/// the two halves (PDF hyphenation). Spans are byte offsets into `text`. An iterator:
/// nothing is kept, so a 200 MB text costs no more memory than one word.
pub fn words(text: &str, range: Span) -> Words<'_> {
    Words {
        text,
        at: range.start,
        range,
    }
}

/// The iterator of [`words`].
#[derive(Debug, Clone)]
pub struct Words<'t> {
    text: &'t str,
    range: Span,
    at: usize,
}

impl Iterator for Words<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        let (text, range) = (self.text, self.range.clone());
        next_word(text, range, &mut self.at)
    }
}

/// The word at or after byte `*pos`, moving `*pos` past it.
fn next_word(text: &str, range: Span, pos: &mut usize) -> Option<Word> {
    let bytes = text.as_bytes();
    while *pos < range.end {
        let at = *pos;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if !is_word_char(c) {
            *pos += c.len_utf8();
            continue;
        }
        let start = at;
        let mut joined = String::new();
        let mut hyphenated: Option<String> = None;
        let mut end = at;
        loop {
            // A run of letters and digits.
            let run_end = text[end..range.end]
                .char_indices()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(range.end, |(i, _)| end + i);
            joined.push_str(&text[end..run_end]);
            if let Some(h) = hyphenated.as_mut() {
                h.push_str(&text[end..run_end]);
            }
            end = run_end;
            let Some(next) = text[end..range.end].chars().next() else {
                break;
            };
            let after = end + next.len_utf8();
            let follows = text[after..range.end]
                .chars()
                .next()
                .is_some_and(is_word_char);
            if (is_apostrophe(next) || next == '-') && follows {
                let sep = if next == '-' { '-' } else { '\'' };
                joined.push(sep);
                if let Some(h) = hyphenated.as_mut() {
                    h.push(sep);
                }
                end = after;
                continue;
            }
            if next == '-' {
                // « expéri-\nmentation »: hyphen, optional spaces, line break, optional
                // indentation, then a lowercase letter.
                let mut k = after;
                while k < range.end && matches!(bytes[k], b' ' | b'\t') {
                    k += 1;
                }
                if k < range.end && bytes[k] == b'\n' {
                    k += 1;
                    while k < range.end && matches!(bytes[k], b' ' | b'\t') {
                        k += 1;
                    }
                    if text[k..range.end]
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
                    {
                        let mut h = joined.clone();
                        h.push('-');
                        hyphenated = Some(h);
                        end = k;
                        continue;
                    }
                }
            }
            break;
        }
        // « l'article », « d'EPT »: the word is what follows the elision.
        let sentence_start = starts_sentence(text, start);
        let mut word_start = start;
        if let Some(tail) = after_elision(&joined) {
            let cut = joined.len() - tail.len();
            let tail = tail.to_string();
            if let Some(h) = hyphenated.as_mut() {
                h.drain(..cut);
            }
            joined = tail;
            word_start = text[start..end]
                .char_indices()
                .find(|&(_, c)| is_apostrophe(c))
                .map_or(start, |(i, c)| start + i + c.len_utf8());
        }
        let has_digit = joined.chars().any(|c| c.is_ascii_digit());
        *pos = end;
        return Some(Word {
            span: word_start..end,
            shape: shape(&joined),
            sentence_start,
            text: joined,
            hyphenated,
            has_digit,
        });
    }
    None
}

/// Whether the word at byte `at` of `text` starts a sentence (see [`Word::sentence_start`]).
pub fn starts_sentence(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let mut newlines = 0;
    for c in before.chars().rev() {
        match c {
            '\n' => newlines += 1,
            c if c.is_whitespace() => {}
            '«' | '"' | '“' | '(' | '•' | '-' | '–' | '—' | '*' | '·' | '▪' | '\u{f0a7}'
            | '\u{f0b7}' | '#' | '>' => {}
            '.' | '!' | '?' | '…' => return true,
            ':' | ';' => return newlines > 0,
            _ => return newlines > 1,
        }
    }
    true
}

/// The part of an elided word after its apostrophe when the part before is one of
/// [`ELIDED`] (« l'article » → « article »), else `None`.
pub fn after_elision(word: &str) -> Option<&str> {
    let (head, tail) = word.split_once('\'')?;
    let head_lower = head.to_lowercase();
    ELIDED
        .contains(&head_lower.as_str())
        .then_some(tail)
        .filter(|t| !t.is_empty())
}

/// Damerau–Levenshtein distance (optimal string alignment: insertions, deletions,
/// substitutions and transpositions of adjacent characters, each counting 1) between
/// `a` and `b`, counted in characters; stops early and returns `limit + 1` once the
/// distance is known to exceed `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        let mut best = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = d;
            best = best.min(d);
        }
        if best > limit {
            return limit + 1;
        }
    }
    rows[a.len() % 3][b.len()].min(limit + 1)
}

/// The accented forms a letter written without its accent may stand for, French
/// orthography only (« e » → « é », « è », « ê », « ë »; « c » → « ç »), lowercase.
fn accented(c: char) -> &'static [char] {
    match c {
        'e' => &['é', 'è', 'ê', 'ë'],
        'a' => &['à', 'â'],
        'i' => &['î', 'ï'],
        'o' => &['ô'],
        'u' => &['ù', 'û', 'ü'],
        'c' => &['ç'],
        _ => &[],
    }
}

/// The forms of `lower` (a lowercase word written without accents) with accents
/// restored, fewest changes first, at most `limit` of them; letters that already carry
/// an accent are kept. Only the first letter is varied when `first_only` (a
/// capitalised word: only its capital can have lost its accent).
///
/// Source: French capitals keep their accents (Imprimerie nationale, *Lexique des
/// règles typographiques en usage à l'Imprimerie nationale*, « Accentuation des
/// majuscules »), so « RESPONSABILITE » is « RESPONSABILITÉ » missing its accent.
pub fn reaccented(lower: &str, first_only: bool, limit: usize) -> Vec<String> {
    let chars: Vec<char> = lower.chars().collect();
    let slots: Vec<usize> = (0..chars.len())
        .filter(|&i| (!first_only || i == 0) && !accented(chars[i]).is_empty())
        .collect();
    let mut found = Vec::new();
    // Breadth first on the number of accents added, so « durée » comes before « dûrée ».
    let mut frontier: Vec<(Vec<char>, usize)> = vec![(chars.clone(), 0)];
    while !frontier.is_empty() && found.len() < limit {
        let mut next = Vec::new();
        for (form, from) in &frontier {
            for (k, &slot) in slots.iter().enumerate().skip(*from) {
                for &a in accented(chars[slot]) {
                    let mut f = form.clone();
                    f[slot] = a;
                    found.push(f.iter().collect::<String>());
                    next.push((f, k + 1));
                    if found.len() >= limit {
                        return found;
                    }
                }
            }
        }
        frontier = next;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        words(text, 0..text.len()).map(|w| w.text).collect()
    }

    #[test]
    fn splits_words_with_elisions_compounds_and_hyphenation() {
        assert_eq!(
            texts("L’article 2, aujourd'hui : co-construction -- fin d'EPT."),
            [
                "article",
                "2",
                "aujourd'hui",
                "co-construction",
                "fin",
                "EPT"
            ]
        );
        let w: Vec<Word> = words("une expéri-  \n   mentation", 0..27).collect();
        assert_eq!(w[1].text, "expérimentation");
        assert_eq!(w[1].hyphenated.as_deref(), Some("expéri-mentation"));
        assert_eq!(w[1].span, 4..27);
        // A dash before a capital, or at a line end before a blank line, does not join.
        assert_eq!(texts("Paris-\nLa suite"), ["Paris", "La", "suite"]);
    }

    #[test]
    fn knows_sentence_starts_and_shapes() {
        let text = "Le Bénéficiaire s'engage.\nLa Métropole\nParis.\n\nEntre :\n• Les parties";
        let w: Vec<Word> = words(text, 0..text.len()).collect();
        let starts: Vec<(&str, bool)> = w
            .iter()
            .map(|w| (w.text.as_str(), w.sentence_start))
            .collect();
        assert_eq!(
            starts,
            [
                ("Le", true),
                ("Bénéficiaire", false),
                ("engage", false),
                ("La", true),
                ("Métropole", false),
                ("Paris", false),
                ("Entre", true),
                ("Les", true),
                ("parties", false),
            ]
        );
        assert_eq!(shape("DURÉE"), Shape::Upper);
        assert_eq!(shape("Étant"), Shape::Capitalized);
        assert_eq!(shape("eIDAS"), Shape::Mixed);
        assert_eq!(shape("A"), Shape::Capitalized);
    }

    #[test]
    fn elisions_and_distances() {
        assert_eq!(after_elision("l'article"), Some("article"));
        assert_eq!(after_elision("Qu'il"), Some("il"));
        assert_eq!(after_elision("aujourd'hui"), None);
        assert_eq!(edit_distance("ETP", "EPT", 2), 1);
        assert_eq!(edit_distance("prestaire", "prestataire", 2), 2);
        assert_eq!(edit_distance("opérationel", "opérationnel", 2), 1);
        assert_eq!(edit_distance("convention", "avenant", 2), 3);
        assert_eq!(edit_distance("", "abc", 5), 3);
    }

    #[test]
    fn restores_accents_fewest_first() {
        let forms = reaccented("duree", false, 100);
        assert!(forms.contains(&"durée".to_string()));
        let position = |w: &str| forms.iter().position(|f| f == w);
        assert!(position("durée") < position("dûrée"));
        assert_eq!(
            reaccented("etant", true, 10),
            ["étant", "ètant", "êtant", "ëtant"]
        );
        assert_eq!(reaccented("xyz", false, 10), Vec::<String>::new());
        assert_eq!(reaccented("responsabilite", false, 50).len(), 50);
    }
}
