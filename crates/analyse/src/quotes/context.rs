//! The token view of one document that the quote rules work on: tokens with
//! their lower-cased form, sentence, paragraph and mention, and the
//! noun-phrase helpers that find speakers next to a cue.

use super::lexicon::{CueClass, Lexicon, PronounClass};
use wirewatch_model::{Mention, MentionType, Sentence, TokenKind};

/// Longest speaker phrase, in tokens; keeps runaway capitalised runs (headlines) short.
const MAX_PHRASE: usize = 10;

/// One token of the document.
#[derive(Clone, Debug)]
pub struct Tok {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Token kind from the segmenter.
    pub kind: TokenKind,
    /// Lower-cased text.
    pub lower: String,
    /// Starts with an upper-case letter.
    pub capital: bool,
    /// Sentence index.
    pub sentence: usize,
    /// Paragraph index (paragraphs are separated by blank lines).
    pub paragraph: usize,
    /// Index of the person/organisation/role/other mention covering it.
    pub mention: Option<usize>,
}

/// Starts with a capital, or is a number compound of a capitalised noun ("61-Jährige").
fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_ascii_digit() => {
            word.split_once('-').and_then(|(_, rest)| rest.chars().next()).is_some_and(char::is_uppercase)
        }
        _ => false,
    }
}

/// A document prepared for the quote rules.
pub struct Ctx<'a> {
    /// The document text.
    pub text: &'a str,
    /// The rules of its language.
    pub lex: &'a Lexicon,
    /// All tokens.
    pub toks: Vec<Tok>,
    /// Token range `[lo, hi)` of each sentence.
    pub sentence_tokens: Vec<(usize, usize)>,
    /// The entity mentions.
    pub mentions: &'a [Mention],
    /// True for tokens inside a direct quotation (its marks included).
    pub quoted: Vec<bool>,
}

impl<'a> Ctx<'a> {
    /// Tokenises `text` and links tokens to sentences, paragraphs and mentions.
    pub fn new(text: &'a str, lex: &'a Lexicon, sentences: &[Sentence], mentions: &'a [Mention]) -> Ctx<'a> {
        let raw = crate::segment::tokens(text, 0, text.len());
        let mut toks = Vec::with_capacity(raw.len());
        let mut sentence = 0usize;
        let mut paragraph = 0usize;
        let mut mention = 0usize;
        let mut previous_end = 0usize;
        for token in raw {
            let slice = text.get(token.start..token.end).unwrap_or("");
            // A blank line between two tokens starts a new paragraph.
            if text.get(previous_end..token.start).is_some_and(|gap| gap.matches('\n').count() >= 2) {
                paragraph += 1;
            }
            previous_end = token.end;
            while sentences.get(sentence).is_some_and(|s| s.end <= token.start) {
                sentence += 1;
            }
            while mentions.get(mention).is_some_and(|m| m.end <= token.start) {
                mention += 1;
            }
            let covering = mentions
                .get(mention)
                .filter(|m| m.start <= token.start && token.end <= m.end)
                .map(|_| mention);
            toks.push(Tok {
                start: token.start,
                end: token.end,
                kind: token.kind,
                lower: slice.to_lowercase(),
                capital: capitalised(slice),
                sentence,
                paragraph,
                mention: covering,
            });
        }
        let mut sentence_tokens: Vec<(usize, usize)> = Vec::new();
        let mut lo = 0;
        for i in 1..=toks.len() {
            let boundary = match (toks.get(i - 1), toks.get(i)) {
                (Some(a), Some(b)) => a.sentence != b.sentence || a.paragraph != b.paragraph,
                _ => true,
            };
            if boundary {
                let id = sentence_tokens.len();
                for tok in toks.get_mut(lo..i).into_iter().flatten() {
                    tok.sentence = id;
                }
                sentence_tokens.push((lo, i));
                lo = i;
            }
        }
        let quoted = vec![false; toks.len()];
        Ctx { text, lex, toks, sentence_tokens, mentions, quoted }
    }

    /// The token range of the sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> (usize, usize) {
        self.toks.get(i).and_then(|t| self.sentence_tokens.get(t.sentence)).copied().unwrap_or((i, i))
    }

    /// Lower-cased text of token `i` ("" when out of range).
    pub fn lower(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.lower.as_str())
    }

    /// Is token `i` a word (or an abbreviation such as "Dr.")?
    pub fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Abbreviation))
    }

    /// Is token `i` punctuation equal to one of `marks`?
    pub fn is_punct(&self, i: usize, marks: &[&str]) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Punct && marks.contains(&t.lower.as_str()))
    }

    /// The token range of the person mention starting at token `i`, if any.
    pub fn person_at(&self, i: usize) -> Option<(usize, usize)> {
        let m = self.toks.get(i)?.mention?;
        let mention = self.mentions.get(m)?;
        if mention.kind != MentionType::Per || self.toks.get(i)?.start != mention.start {
            return None;
        }
        let mut end = i;
        while self.toks.get(end).is_some_and(|t| t.mention == Some(m)) {
            end += 1;
        }
        Some((i, end))
    }

    /// Does the phrase `[a, b)` hold a person mention?
    pub fn has_person(&self, (a, b): (usize, usize)) -> bool {
        (a..b).any(|i| {
            self.toks
                .get(i)
                .and_then(|t| t.mention)
                .and_then(|m| self.mentions.get(m))
                .is_some_and(|m| m.kind == MentionType::Per)
        })
    }

    /// Is token `i` a quotation mark?
    pub fn is_quote(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Quote)
    }

    /// Does token `i` start its sentence (possibly after an opening mark)?
    pub fn sentence_initial(&self, i: usize) -> bool {
        let (lo, _) = self.sentence_of(i);
        (lo..i).all(|j| self.is_quote(j) || self.is_punct(j, &["(", "–", "-", "—"]))
    }

    /// The cue class of token `i`, when it is a cue word used as one here.
    pub fn cue(&self, i: usize) -> Option<CueClass> {
        let tok = self.toks.get(i)?;
        if !matches!(tok.kind, TokenKind::Word | TokenKind::Abbreviation) {
            return None;
        }
        let entry = self.lex.cues.get(&tok.lower)?;
        // A separable verb is a cue only with its particle: "wies … hin",
        // "teilte … mit"; joined forms ("hingewiesen") carry it inside.
        if !entry.particles.is_empty() && !entry.particles.iter().any(|p| tok.lower.starts_with(p.as_str())) {
            let (_, hi) = self.sentence_of(i);
            let has_particle = (i + 1..hi).any(|j| entry.particles.iter().any(|p| p == self.lower(j)));
            if !has_particle {
                return None;
            }
        }
        // "gesprochen werde(n)": a passive participle reports nothing.
        if entry.class != CueClass::Event && self.lex.passive.contains(self.lower(i + 1)) {
            return None;
        }
        // German nouns are capitalised: "Sagen" mid-sentence is no verb.
        if entry.class != CueClass::Event
            && tok.capital
            && self.lex.capitalised_nouns
            && !self.sentence_initial(i)
        {
            return None;
        }
        Some(entry.class)
    }

    /// Is token `i` a speech or thought verb?
    pub fn is_verb_cue(&self, i: usize, thought: bool) -> bool {
        match self.cue(i) {
            Some(CueClass::Speech) => true,
            Some(CueClass::Thought) => thought,
            _ => false,
        }
    }

    /// The pronoun class of token `i`.
    pub fn pronoun(&self, i: usize) -> Option<PronounClass> {
        self.lex.pronouns.get(self.lower(i)).copied()
    }

    fn speaker_mention(&self, i: usize) -> Option<usize> {
        let m = self.toks.get(i)?.mention?;
        let kind = self.mentions.get(m)?.kind;
        matches!(kind, MentionType::Per | MentionType::Org | MentionType::Role | MentionType::Oth)
            .then_some(m)
    }

    fn function_word(&self, i: usize) -> bool {
        let w = self.lower(i);
        let lex = self.lex;
        lex.determiners.contains(w)
            || lex.prepositions.contains(w)
            || lex.skip.contains(w)
            || lex.not_subject.contains(w)
            || lex.complementizers.contains(w)
            || lex.pronouns.contains_key(w)
            || lex.subjunctive.contains(w)
            || lex.subjunctive_weak.contains(w)
            || lex.passive.contains(w)
            || lex.so.contains(w)
            || lex.cues.contains_key(w)
    }

    /// Is token `i` a subjunctive verb form (Konjunktiv I; with `weak`, also
    /// Konjunktiv II)? German verbs are lower-case in mid-sentence, so "Sorge"
    /// is no form of "sorgen".
    pub fn subjunctive(&self, i: usize, weak: bool) -> bool {
        let Some(tok) = self.toks.get(i) else { return false };
        if tok.capital && self.lex.capitalised_nouns && !self.sentence_initial(i) {
            return false;
        }
        self.lex.subjunctive.contains(&tok.lower) || (weak && self.lex.subjunctive_weak.contains(&tok.lower))
    }

    /// Is token `i` an article, preposition or adverb (a word that carries no clause)?
    pub fn closed_class(&self, i: usize) -> bool {
        let w = self.lower(i);
        self.lex.determiners.contains(w) || self.lex.prepositions.contains(w) || self.lex.skip.contains(w)
    }

    /// A lower-case German attributive adjective ("außenpolitischer").
    fn adjective_like(&self, i: usize) -> bool {
        let Some(tok) = self.toks.get(i) else { return false };
        !tok.capital
            && self.is_word(i)
            && self.lex.capitalised_nouns
            && tok.lower.chars().count() >= 4
            && ["e", "en", "er", "es", "em"].iter().any(|s| tok.lower.ends_with(s))
            && !self.function_word(i)
    }

    /// A lower-case word that may belong to an English noun phrase ("officials").
    fn plain_lower(&self, i: usize) -> bool {
        let Some(tok) = self.toks.get(i) else { return false };
        !tok.capital
            && !self.lex.capitalised_nouns
            && tok.kind == TokenKind::Word
            && !self.function_word(i)
            && !tok.lower.ends_with("ly")
    }

    fn name_like(&self, i: usize, phrase_start: bool) -> bool {
        let Some(tok) = self.toks.get(i) else { return false };
        let closed_class = self.lex.prepositions.contains(&tok.lower)
            || self.lex.determiners.contains(&tok.lower)
            || self.lex.complementizers.contains(&tok.lower)
            || (phrase_start && self.lex.not_subject.contains(&tok.lower));
        tok.capital
            && self.is_word(i)
            && !closed_class
            && self.cue(i).is_none_or(|class| class == CueClass::Event)
    }

    /// The noun phrase starting at token `i` (before `hi`), as a token range:
    /// a pronoun, or determiner + adjectives + names/nouns (+ "des" genitive).
    pub fn phrase_forward(&self, i: usize, hi: usize) -> Option<(usize, usize)> {
        if i >= hi {
            return None;
        }
        if self.pronoun(i).is_some() {
            return Some((i, i + 1));
        }
        let mut j = i;
        if self.lex.determiners.contains(self.lower(j)) {
            j += 1;
        }
        let mut head_end = None;
        while j < hi && j - i < MAX_PHRASE {
            if let Some(m) = self.speaker_mention(j) {
                while j < hi && self.toks.get(j).is_some_and(|t| t.mention == Some(m)) {
                    j += 1;
                }
                head_end = Some(j);
                continue;
            }
            if self.name_like(j, j == i) {
                j += 1;
                head_end = Some(j);
                continue;
            }
            // English compounds continue after a head ("the control room").
            let english_compound = self.plain_lower(j) && j - i < 4;
            if (head_end.is_none() && self.adjective_like(j)) || english_compound {
                j += 1;
                if self.plain_lower(j - 1) {
                    head_end = Some(j);
                }
                continue;
            }
            // "ein Sprecher des Ministeriums": a genitive attribute belongs to the phrase.
            if head_end == Some(j) && self.lower(j) == "des" && self.name_like(j + 1, false) {
                j += 2;
                head_end = Some(j);
                continue;
            }
            break;
        }
        head_end.map(|end| (i, end))
    }

    /// The noun phrase ending just before token `end` (not before `lo`); none
    /// when it is the object of a preposition ("In der Folge").
    pub fn phrase_backward(&self, end: usize, lo: usize) -> Option<(usize, usize)> {
        // "Die NATO-Führung wiederum betonte": adverbs may stand between subject and verb.
        let mut end = end;
        while end > lo && end - 1 > lo && self.lex.skip.contains(self.lower(end - 1)) {
            end -= 1;
        }
        let last = end.checked_sub(1).filter(|&l| l >= lo)?;
        if self.pronoun(last).is_some() {
            return Some((last, end));
        }
        let (mut j, head) = self.walk_back(end, lo);
        if !head {
            return None;
        }
        if let Some(before) = j.checked_sub(1).filter(|&b| b >= lo) {
            if self.lex.prepositions.contains(self.lower(before)) {
                // "Diplomaten in Brüssel": a prepositional attribute of an
                // earlier noun phrase; "In der Folge" (nothing before) is none.
                let (outer, outer_head) = match before.checked_sub(1).filter(|&b| b >= lo) {
                    Some(_) => self.walk_back(before, lo),
                    None => (before, false),
                };
                if !outer_head || (outer > lo && self.lex.prepositions.contains(self.lower(outer - 1))) {
                    return None;
                }
                j = outer;
            }
        }
        Some((j, end))
    }

    /// Walks back over a noun phrase ending before `end`: its first token and
    /// whether it has a head noun or name.
    fn walk_back(&self, end: usize, lo: usize) -> (usize, bool) {
        let mut j = end;
        let mut head = false;
        while j > lo && end - j < MAX_PHRASE {
            let t = j - 1;
            if let Some(m) = self.speaker_mention(t) {
                while j > lo && self.toks.get(j - 1).is_some_and(|tok| tok.mention == Some(m)) {
                    j -= 1;
                }
                head = true;
                continue;
            }
            if head && self.lex.determiners.contains(self.lower(t)) {
                j = t;
                break;
            }
            if self.name_like(t, t == lo || self.sentence_initial(t)) {
                j = t;
                head = true;
                continue;
            }
            if head && self.adjective_like(t) {
                j = t;
                continue;
            }
            if self.plain_lower(t) && end - t <= 3 {
                j = t;
                head = true;
                continue;
            }
            break;
        }
        (j, head)
    }

    /// Skips adverbs allowed between a cue and its subject.
    pub fn skip_adverbs(&self, mut i: usize, hi: usize) -> usize {
        while i < hi && self.lex.skip.contains(self.lower(i)) {
            i += 1;
        }
        i
    }

    /// The subject of the cue at `cue` within `[lo, hi)`: before it
    /// ("Trump sagte"), before an auxiliary ("Trump hat … gesagt"), or after
    /// it ("sagte der Kremlchef").
    pub fn subject_of(&self, cue: usize, lo: usize, hi: usize) -> Option<(usize, usize)> {
        if let Some(phrase) = self.phrase_backward(cue, lo) {
            return Some(phrase);
        }
        // "Nadia Qureshi, general secretary of the union, told …": the
        // subject stands before an apposition between commas.
        if let Some(comma) = cue.checked_sub(1).filter(|&c| c > lo && self.is_punct(c, &[","])) {
            let opening =
                (comma.saturating_sub(MAX_PHRASE).max(lo)..comma).rev().find(|&i| self.is_punct(i, &[","]));
            if let Some(open) = opening {
                if let Some(phrase) = self.phrase_backward(open, lo) {
                    // "Its general secretary, Nadia Qureshi, told …": the name wins.
                    if !self.has_person(phrase) {
                        if let Some(person) = self.person_at(open + 1) {
                            return Some(person);
                        }
                    }
                    return Some(phrase);
                }
            }
        }
        let after = self.skip_adverbs(cue + 1, hi);
        if let Some(phrase) = self.phrase_forward(after, hi) {
            return Some(phrase);
        }
        // A participle or infinitive at the clause end: the subject stands
        // next to the finite verb further left ("Zugleich ließ er
        // durchblicken", "Zuletzt hatte Trump Putin … gedroht"): the leftmost
        // pronoun or person of the clause.
        let cue_quoted = self.quoted.get(cue) == Some(&true);
        let mut start = cue;
        while start > lo && cue - start < 16 {
            let t = start - 1;
            // Quotations are jumped over, unless the cue itself stands in one.
            let inside_quote = self.quoted.get(t) == Some(&true) && !cue_quoted;
            if !inside_quote && self.is_punct(t, &[",", ";", ":", "–", "—"]) {
                break;
            }
            start = t;
        }
        for j in start..cue {
            if self.quoted.get(j) == Some(&true) && !cue_quoted {
                continue;
            }
            if self.pronoun(j).is_some() {
                return Some((j, j + 1));
            }
            if let Some(m) = self.speaker_mention(j) {
                if self.mentions.get(m).is_some_and(|m| m.kind == MentionType::Per) {
                    let mut b = j;
                    while b < cue && self.toks.get(b).is_some_and(|t| t.mention == Some(m)) {
                        b += 1;
                    }
                    return Some((j, b));
                }
            }
        }
        None
    }

    /// The byte range of tokens `[a, b)`.
    pub fn bytes(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let first = self.toks.get(a)?;
        let last = self.toks.get(b.checked_sub(1)?)?;
        (first.start <= last.end).then_some((first.start, last.end))
    }
}
