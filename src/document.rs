//! The tree of a convention: front matter (title, parties), recitals (considérants),
//! articles, signature block. Every node carries a [`Span`] of byte offsets into the
//! [`Source`](crate::source::Source)'s normalised text.

use serde::Serialize;

use crate::source::Span;

/// A parsed convention. Produced by [`parser::parse`](crate::parser::parse), which never
/// fails: parts it could not find are `None` or empty.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// The title lines before the parties (« CONVENTION D’ENGAGEMENT … »).
    pub title: Option<Title>,
    /// The parties, between « Entre » and « Il est convenu ce qui suit ».
    pub parties: Option<Parties>,
    /// The recitals (« Étant exposé que », « Vu … », « Considérant … », « Préambule »).
    pub recitals: Option<Recitals>,
    /// « Il est convenu ce qui suit » (or « il a été convenu … »), when present.
    pub agreement: Option<Span>,
    /// The articles, in document order.
    pub articles: Vec<Article>,
    /// The signature block, from « Fait en … exemplaires » or « Fait à » to the end or
    /// to the first annex after it.
    pub signature: Option<SignatureBlock>,
    /// The annexes: headings « ANNEXE 1 – … » anywhere in the document, and the lines of
    /// a list of annexes (« Annexe 2 : plan du local »).
    pub annexes: Vec<Annex>,
    /// The lines that group articles: « TITRE I – … », « CHAPITRE 2 : … ».
    pub divisions: Vec<Division>,
}

/// A heading that groups articles (« TITRE I – DISPOSITIONS GÉNÉRALES »).
#[derive(Debug, Clone, Serialize)]
pub struct Division {
    /// Its label as written (« TITRE I », « Chapitre 2 »).
    pub label: String,
    /// The title after the separator, if any.
    pub title: String,
    /// Span of the whole line.
    pub span: Span,
}

/// An annex the document declares.
#[derive(Debug, Clone, Serialize)]
pub struct Annex {
    /// Its number or letter, normalised: « 2 » for « II », « A ».
    pub number: String,
    /// Its label as written (« ANNEXE 2 », « Annexe n° 2 »).
    pub label: String,
    /// The title after the separator, if any.
    pub title: String,
    /// Span of the whole line.
    pub span: Span,
}

/// The title of the convention.
#[derive(Debug, Clone, Serialize)]
pub struct Title {
    /// The title, its lines joined by single spaces.
    pub text: String,
    /// From the first to the last title line.
    pub span: Span,
}

/// The parties block.
#[derive(Debug, Clone, Serialize)]
pub struct Parties {
    /// From « Entre » to the end of the last party.
    pub span: Span,
    /// Each party in order of appearance.
    pub parties: Vec<Party>,
}

/// One party to the convention.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    /// The party's name as first written (up to the first comma), e.g.
    /// « La METROPOLE DU GRAND PARIS » or « [Structure publique] ».
    pub name: String,
    /// Span of the name.
    pub name_span: Span,
    /// The designations the front matter gives it (« la Métropole », « le Bénéficiaire »),
    /// without the quotation marks.
    pub designations: Vec<Designation>,
    /// From the first to the last line describing the party.
    pub span: Span,
}

/// A short name given to a party (« désignée sous le terme « la Métropole » »).
#[derive(Debug, Clone, Serialize)]
pub struct Designation {
    /// The designation without its quotation marks.
    pub text: String,
    /// Span of the designation text, inside the quotation marks.
    pub span: Span,
}

/// The recitals between the parties and the articles.
#[derive(Debug, Clone, Serialize)]
pub struct Recitals {
    /// From the opening cue to the last recital.
    pub span: Span,
    /// The opening cue as written (« Etant exposé que : », « Préambule »), if any.
    pub opening: Option<String>,
    /// Each alinéa (paragraph separated by a blank line) of the recitals.
    pub alineas: Vec<Span>,
}

/// One article of the convention.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// The number, as a path: `[5]` for « ARTICLE 5 », `[5, 2]` for « Article 5.2 ».
    pub number: Vec<u32>,
    /// « bis », « ter » … for an article inserted after another (« Article 2 bis »),
    /// lowercase.
    pub suffix: Option<String>,
    /// The label as written, keyword and number: « ARTICLE 1 », « Article 1er »,
    /// « Article premier », « ARTICLE II », « Article 2 bis ».
    pub label: String,
    /// The title after the separator, trimmed (may be empty: « Article 4. »).
    pub title: String,
    /// Span of the heading line, without leading and trailing spaces.
    pub heading: Span,
    /// Span of the label (keyword and number) in the heading.
    pub label_span: Span,
    /// Span of the title in the heading (empty at the end of the label when none).
    pub title_span: Span,
    /// The separator between number and title as written (« - », « – », « : », « . »),
    /// empty when there is none.
    pub separator: String,
    /// From the heading to the end of the article's last line (sub-articles included).
    pub span: Span,
    /// Body of the article: after the heading line, up to the next heading at the same
    /// or a higher level, or the signature block.
    pub body: Span,
    /// Sub-articles (« Article 5.1 ») found inside this article.
    pub children: Vec<Article>,
}

impl Article {
    /// The number written the usual way: « 5 », « 5.2 », « 2 bis ».
    pub fn number_text(&self) -> String {
        let number = self
            .number
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(".");
        match &self.suffix {
            Some(suffix) => format!("{number} {suffix}"),
            None => number,
        }
    }
}

/// The signature block at the end of the convention.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureBlock {
    /// From « Fait … » to the end of the document.
    pub span: Span,
    /// The number of originals (« Fait en deux exemplaires » → 2), when written.
    pub copies: Option<u64>,
    /// Span of the « Fait en … à » / « Fait à » line, or `None` when the block has no
    /// such line (it was recognised by its « Pour … » lines).
    pub made_at: Option<Span>,
    /// The place of signature, when one is written after « à ».
    pub place: Option<Span>,
    /// Each signatory introduced by « Pour » (« Pour la Métropole du Grand Paris »).
    pub signatories: Vec<Signatory>,
}

/// A signatory of the signature block.
#[derive(Debug, Clone, Serialize)]
pub struct Signatory {
    /// Who signs, after « Pour » (« La Métropole du Grand Paris », « [Structure] »).
    pub name: String,
    /// Span of the name.
    pub span: Span,
}

impl Document {
    /// All articles, sub-articles included, depth first.
    pub fn all_articles(&self) -> Vec<&Article> {
        fn walk<'a>(articles: &'a [Article], out: &mut Vec<&'a Article>) {
            for a in articles {
                out.push(a);
                walk(&a.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.articles, &mut out);
        out
    }

    /// The part of the convention that holds byte `offset`, named as lawyers do:
    /// « intitulé », « parties », « considérants », « articles », « signature »,
    /// « annexes »; `None` between parts (blank lines, « Il est convenu … »).
    pub fn part_at(&self, offset: usize) -> Option<&'static str> {
        let inside = |span: &Span| span.start <= offset && offset < span.end.max(span.start + 1);
        if self.article_at(offset).is_some() {
            Some("articles")
        } else if self.signature.as_ref().is_some_and(|s| inside(&s.span)) {
            Some("signature")
        } else if self.parties.as_ref().is_some_and(|p| inside(&p.span)) {
            Some("parties")
        } else if self.recitals.as_ref().is_some_and(|r| inside(&r.span)) {
            Some("considérants")
        } else if self.title.as_ref().is_some_and(|t| inside(&t.span)) {
            Some("intitulé")
        } else if self.annexes.first().is_some_and(|a| offset >= a.span.start) {
            Some("annexes")
        } else {
            None
        }
    }

    /// The innermost article whose span holds byte `offset`, if any.
    pub fn article_at(&self, offset: usize) -> Option<&Article> {
        // Articles at each level are in document order and do not overlap: a binary
        // search finds the candidate, so locating every finding stays O(log n) each.
        let mut found = None;
        let mut level = &self.articles;
        loop {
            let after = level.partition_point(|a| a.span.start <= offset);
            match after.checked_sub(1).map(|i| &level[i]) {
                Some(a) if a.span.contains(&offset) => {
                    found = Some(a);
                    level = &a.children;
                }
                _ => return found,
            }
        }
    }
}
