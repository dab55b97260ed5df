//! Quotes: who said what — direct quotations, reported speech, scare-quoted
//! terms and source attributions, with the cue and the speaker, in German and
//! English.
//!
//! Every word the rules know comes from `rules/quotes/{de,en}.cues` (format:
//! `rules/quotes/README.md`), parsed once into a [`QuoteFinder`]. The steps:
//!
//! 1. `marks` pairs quotation marks of every style into outermost quoted
//!    spans, across paragraphs when a paragraph re-opens the quote;
//! 2. each span looks for a reporting clause after it (`„…“, sagte Trump`,
//!    `"…," he said`, `„…“, so Trump`), before it (`Trump sagte: „…“`), or a
//!    cue elsewhere in its sentence (a partial quote); a short span with none
//!    is a scare-quoted term;
//! 3. a quote right after a reporting clause with none of its own is the
//!    second part of a split quote; a quote with no speaker takes the
//!    previous speaker of its paragraph;
//! 4. reported speech: a cue followed by a `dass`/`that` clause or a clause
//!    with a Konjunktiv I verb, a clause followed by `, sagte X`, and
//!    Konjunktiv I sentences that continue a speaker's reported speech;
//! 5. attributions: `laut X`, `X zufolge`, `nach dpa-Informationen`,
//!    `according to X`;
//! 6. speakers resolve to mentions: a person inside the phrase, a role's
//!    person, a pronoun's nearest preceding person.
//!
//! For SpkAtt-style evaluation on pre-tokenised sentences,
//! [`QuoteFinder::cue_tokens`] lists cue tokens (speech, thought and
//! speech-event words, separated particles) and [`QuoteFinder::cue_events`]
//! adds each cue's source and message by the same phrase rules.
//!
//! Everything is linear in the text (bounded look-around per token), uses no
//! recursion and never panics on input.

mod context;
mod lexicon;
mod marks;
pub mod roles;

use context::Ctx;
use lexicon::{CueClass, Lexicon, PronounClass};
use std::sync::OnceLock;
use wirewatch_model::{Mention, MentionType, Quote, QuoteKind, Sentence, Speaker, TextRange, TokenKind};

const GERMAN: (&str, &str) = ("de.cues", include_str!("../../rules/quotes/de.cues"));
const ENGLISH: (&str, &str) = ("en.cues", include_str!("../../rules/quotes/en.cues"));

/// Longest quote, in words, that can still be a scare-quoted term.
const TERM_MAX_WORDS: usize = 4;
/// Longest quote, in words, that is a term when embedded in running syntax.
const EMBEDDED_TERM_MAX_WORDS: usize = 6;
/// How far after a cue the comma of its reported clause may stand, in tokens.
const CUE_TO_COMMA: usize = 7;
/// How far into a clause its Konjunktiv I verb may stand, in tokens.
const SUBJUNCTIVE_REACH: usize = 10;
/// How far into a sentence of its own a Konjunktiv I verb may stand, in tokens.
const STANDALONE_SUBJUNCTIVE_REACH: usize = 25;
/// Tokens allowed after the speaker of a trailing reporting clause
/// ("…, sagte ein Sprecher der Stadt am Montag").
const CLAUSE_TAIL: usize = 5;

/// The quote rules of both languages, parsed once; cheap to share across threads.
#[derive(Debug, Default)]
pub struct QuoteFinder {
    german: Lexicon,
    english: Lexicon,
    both: Lexicon,
}

impl QuoteFinder {
    /// Parses the rule files compiled into the binary.
    pub fn new() -> Result<QuoteFinder, String> {
        let mut german = Lexicon { capitalised_nouns: true, ..Lexicon::default() };
        german.add_file(GERMAN.0, GERMAN.1)?;
        let mut english = Lexicon::default();
        english.add_file(ENGLISH.0, ENGLISH.1)?;
        let mut both = Lexicon { capitalised_nouns: true, ..Lexicon::default() };
        both.add_file(GERMAN.0, GERMAN.1)?;
        both.add_file(ENGLISH.0, ENGLISH.1)?;
        Ok(QuoteFinder { german, english, both })
    }

    /// The process-wide finder. Never panics: should a shipped rule file be
    /// broken, this is an empty finder (finding nothing) and
    /// [`QuoteFinder::new`] returns the error.
    pub fn shared() -> &'static QuoteFinder {
        static SHARED: OnceLock<QuoteFinder> = OnceLock::new();
        SHARED.get_or_init(|| QuoteFinder::new().unwrap_or_default())
    }

    fn lexicon(&self, language: Option<&str>) -> &Lexicon {
        let code = language.unwrap_or("").get(..2).unwrap_or("").to_ascii_lowercase();
        match code.as_str() {
            "de" => &self.german,
            "en" => &self.english,
            _ => &self.both,
        }
    }

    /// All quotes of a document text, in text order of their start.
    /// `sentences` are the document's sentences (computed here when empty);
    /// `mentions` may be empty (then speakers are text spans with `mention: None`).
    pub fn find(
        &self,
        text: &str,
        sentences: &[Sentence],
        mentions: &[Mention],
        language: Option<&str>,
    ) -> Vec<Quote> {
        let lex = self.lexicon(language);
        let computed;
        let sentences = if sentences.is_empty() {
            computed = crate::segment::sentences(text, language);
            &computed[..]
        } else {
            sentences
        };
        let mut ctx = Ctx::new(text, lex, sentences, mentions);
        let mut found = direct_quotes(&mut ctx);
        indirect_speech(&ctx, &mut found);
        carry_speakers(&ctx, &mut found);
        attributions(&ctx, &mut found);
        // Headlines and captions are no body text: nothing is reported there.
        let headings = heading_paragraphs(&ctx);
        found.retain(|f| !headings.contains(&f.paragraph));
        let mut quotes: Vec<Quote> = found.into_iter().filter_map(|f| f.into_quote(&ctx)).collect();
        quotes.sort_by_key(|q| (q.start, q.end));
        quotes.dedup_by(|b, a| a.start == b.start && a.end == b.end && a.kind == b.kind);
        quotes
    }

    /// Speech-cue tokens of one tokenised sentence: indices of speech,
    /// thought and speech-event words, separated verb particles
    /// ("lehnt … ab"), reporting "so" and attribution markers, in order.
    pub fn cue_tokens(&self, tokens: &[&str], language: Option<&str>) -> Vec<usize> {
        let lex = self.lexicon(language);
        let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
        let mut out = Vec::new();
        let initial = |i: usize| {
            lower.get(..i).is_none_or(|before| before.iter().all(|w| !w.chars().any(char::is_alphanumeric)))
        };
        for (i, word) in lower.iter().enumerate() {
            let capital = tokens.get(i).and_then(|t| t.chars().next()).is_some_and(char::is_uppercase);
            if let Some(entry) = lex.cues.get(word) {
                let verb_as_noun =
                    entry.class != CueClass::Event && capital && lex.capitalised_nouns && !initial(i);
                if !verb_as_noun {
                    out.push(i);
                    // The particle closes the clause: the last match before a
                    // comma or the sentence end.
                    for particle in &entry.particles {
                        let clause_end = lower
                            .iter()
                            .enumerate()
                            .skip(i + 1)
                            .find(|(_, w)| matches!(w.as_str(), "," | ";" | ":"))
                            .map_or(lower.len(), |(j, _)| j);
                        if let Some(j) = (i + 1..clause_end).rev().find(|&j| lower.get(j) == Some(particle)) {
                            out.push(j);
                        }
                    }
                }
                continue;
            }
            let after_comma = i.checked_sub(1).and_then(|p| lower.get(p)).is_some_and(|w| w == ",");
            if (lex.so.contains(word) && after_comma) || lex.attribution_after.contains(word) {
                out.push(i);
            } else {
                for marker in &lex.attribution_before {
                    let hit = marker.iter().enumerate().all(|(k, m)| lower.get(i + k) == Some(m));
                    if hit {
                        out.extend(i..i + marker.len());
                        break;
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// One speech event of a tokenised sentence, SpkAtt style: token indices
/// into the sentence given to [`QuoteFinder::cue_events`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CueEvent {
    /// The cue: the speech/thought/event word, with a separated particle.
    pub cue: Vec<usize>,
    /// Who speaks: the subject phrase of a verb cue, a possessive or
    /// genitive of a noun cue ("ihr Antrag", "Antrag der Linken"); may be empty.
    pub source: Vec<usize>,
    /// What is said: the reported clause, or the verb's object up to the
    /// clause end; may be empty.
    pub message: Vec<usize>,
    /// The other roles found by the trained labeller ([`roles`]):
    /// `Addr`, `Topic`, `Medium`, `Evidence`, `PTC`, with their tokens.
    pub other_roles: Vec<(String, Vec<usize>)>,
}

impl QuoteFinder {
    /// Speech events of one tokenised sentence (SpkAtt-style evaluation on
    /// pre-tokenised input): every cue of [`QuoteFinder::cue_tokens`] with
    /// the source and message found by the same phrase rules as
    /// [`QuoteFinder::find`]. Tokens are joined with spaces internally.
    pub fn cue_events(&self, tokens: &[&str], language: Option<&str>) -> Vec<CueEvent> {
        self.cue_events_with_next(tokens, &[], language)
    }

    /// [`QuoteFinder::cue_events`] where the roles may run on into the `next`
    /// sentence (indices from `tokens.len()` on point into `next`); cues are
    /// always in `tokens`. Only the trained labeller looks at `next`.
    pub fn cue_events_with_next(
        &self,
        tokens: &[&str],
        next: &[&str],
        language: Option<&str>,
    ) -> Vec<CueEvent> {
        // The trained models are German (SpkAtt): other languages keep the phrase rules.
        let german = language.is_none_or(|language| language == "de");
        let labeller = if german { roles::RoleLabeller::german().ok() } else { None };
        self.cue_events_labelled(tokens, next, language, labeller)
    }

    /// [`QuoteFinder::cue_events_with_next`] with the given trained models
    /// (cue tagger and role labeller) instead of the shipped German ones;
    /// `None` keeps the lexicon cues and phrase rules. Lets training and
    /// evaluation score a model before it is shipped.
    pub fn cue_events_labelled(
        &self,
        tokens: &[&str],
        next: &[&str],
        language: Option<&str>,
        labeller: Option<&roles::RoleLabeller>,
    ) -> Vec<CueEvent> {
        let lex = self.lexicon(language);
        let mut text = String::new();
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(tokens.len());
        for token in tokens {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(token);
            spans.push((start, text.len()));
        }
        let sentences = [Sentence { start: 0, end: text.len() }];
        let mut ctx = Ctx::new(&text, lex, &sentences, &[]);
        mark_quoted(&mut ctx);
        // Input token of a context token, and the first context token of an input token.
        let to_input = |k: usize| -> Option<usize> {
            let start = ctx.toks.get(k)?.start;
            let i = spans.partition_point(|&(_, end)| end <= start);
            spans.get(i).filter(|span| span.0 <= start).map(|_| i)
        };
        let to_ctx = |i: usize| -> Option<usize> {
            let (start, end) = *spans.get(i)?;
            let k = ctx.toks.partition_point(|t| t.end <= start);
            ctx.toks.get(k).filter(|t| t.start < end).map(|_| k)
        };
        let tokens_of = |(a, b): (usize, usize)| -> Vec<usize> {
            let mut out: Vec<usize> = (a..b).filter_map(to_input).collect();
            out.dedup();
            out
        };
        let n = ctx.toks.len();
        let end = trim_sentence_end(&ctx, 0, n);
        let mut events: Vec<CueEvent> = Vec::new();
        let lexicon_cues = self.cue_tokens(tokens, language);
        // A trained cue tagger decides the cues, with the lexicon as a feature.
        if let Some(learned) = labeller.and_then(|m| m.cues(tokens, &lexicon_cues)) {
            events = learned.into_iter().map(|cue| CueEvent { cue, ..CueEvent::default() }).collect();
            let all_cues: Vec<usize> = events.iter().flat_map(|event| event.cue.iter().copied()).collect();
            if let Some(labeller) = labeller {
                let window: Vec<&str> = tokens.iter().chain(next).copied().collect();
                for event in &mut events {
                    for (role, indices) in labeller.label_among(&window, &event.cue, &all_cues, tokens.len())
                    {
                        match role.as_str() {
                            "Source" => event.source.extend(indices),
                            "Message" => event.message.extend(indices),
                            _ => event.other_roles.push((role, indices)),
                        }
                    }
                }
            }
            return events;
        }
        for i in lexicon_cues {
            let lower = tokens.get(i).map(|t| t.to_lowercase()).unwrap_or_default();
            // A separated particle joins the event of its verb.
            let particle_of = events.iter_mut().rev().find(|e| {
                e.cue
                    .first()
                    .and_then(|&v| tokens.get(v))
                    .and_then(|v| lex.cues.get(&v.to_lowercase()))
                    .is_some_and(|entry| entry.particles.contains(&lower))
            });
            if let Some(event) = particle_of {
                event.cue.push(i);
                event.message.retain(|&m| m != i);
                continue;
            }
            // "according to", "nach Angaben": one event per marker.
            if events.last().is_some_and(|e| e.cue.last().is_some_and(|&l| l + 1 == i))
                && !lex.cues.contains_key(&lower)
            {
                if let Some(event) = events.last_mut() {
                    event.cue.push(i);
                }
                continue;
            }
            let mut event = CueEvent { cue: vec![i], ..CueEvent::default() };
            let Some(c) = to_ctx(i) else {
                events.push(event);
                continue;
            };
            let capital = ctx.toks.get(c).is_some_and(|t| t.capital);
            let noun = lex.capitalised_nouns && capital && !ctx.sentence_initial(c);
            if noun {
                // "ihr Antrag" / "der Antrag der Linken".
                if c > 0 && ctx.pronoun(c - 1).is_none() && is_possessive(ctx.lower(c - 1)) {
                    event.source = tokens_of((c - 1, c));
                } else if matches!(ctx.lower(c + 1), "der" | "des") {
                    if let Some(phrase) = ctx.phrase_forward(c + 1, end) {
                        event.source = tokens_of(phrase);
                    }
                }
            } else {
                let subject = ctx.subject_of(c, 0, end);
                if let Some(phrase) = subject {
                    event.source = tokens_of(phrase);
                }
                let message = reported_clause(&ctx, c, end).or_else(|| {
                    // The verb's object, up to the clause end.
                    let mut from = c + 1;
                    if let Some((a, b)) = subject.filter(|&(a, _)| a > c) {
                        if a <= from + 1 {
                            from = b;
                        }
                    }
                    let to = (from..end).find(|&k| ctx.is_punct(k, &[",", ";", ":", "–"])).unwrap_or(end);
                    if to > from && (from..to).any(|k| ctx.is_word(k)) {
                        return Some((from, to));
                    }
                    // A cue closing its clause ("Das wissen auch Sie", "…, sagen
                    // Sie"): the message precedes it.
                    let boundary = |k: usize| ctx.is_punct(k, &[",", ";", ":", "–"]);
                    let mut before_end = c;
                    if ctx.is_punct(c.wrapping_sub(1), &[","]) {
                        before_end = c - 1;
                    }
                    let lo = (0..before_end).rev().find(|&k| boundary(k)).map_or(0, |k| k + 1);
                    (before_end > lo && (lo..before_end).any(|k| ctx.is_word(k))).then_some((lo, before_end))
                });
                if let Some(range) = message {
                    event.message = tokens_of(range);
                }
            }
            event.message.retain(|m| !event.cue.contains(m) && !event.source.contains(m));
            events.push(event);
        }
        // A labeller without a cue tagger: its roles replace the phrase
        // rules' source and message on the lexicon's cues.
        if let Some(labeller) = labeller {
            let window: Vec<&str> = tokens.iter().chain(next).copied().collect();
            for event in &mut events {
                let found = labeller.label(&window, &event.cue, tokens.len());
                event.source.clear();
                event.message.clear();
                event.other_roles.clear();
                for (role, indices) in found {
                    match role.as_str() {
                        "Source" => event.source.extend(indices),
                        "Message" => event.message.extend(indices),
                        _ => event.other_roles.push((role, indices)),
                    }
                }
            }
        }
        events
    }
}

/// A possessive determiner ("ihr", "seinem", "unserer", "their").
fn is_possessive(word: &str) -> bool {
    ["mein", "dein", "sein", "ihr", "unser", "euer", "eur", "their", "his", "her", "its", "our", "my"]
        .iter()
        .any(|stem| word.starts_with(stem) && word.len() <= stem.len() + 3)
}

/// Pairs the quotation marks of `ctx` and flags the tokens inside.
fn mark_quoted(ctx: &mut Ctx) -> Vec<marks::QuoteSpan> {
    let marks: Vec<marks::MarkToken> = ctx
        .toks
        .iter()
        .map(|t| marks::MarkToken { start: t.start, end: t.end, kind: t.kind, paragraph: t.paragraph })
        .collect();
    let spans = marks::pair(ctx.text, &marks);
    for span in &spans {
        let last = span.close_token.unwrap_or(span.inner_end.saturating_sub(1));
        for flag in ctx.quoted.get_mut(span.open_token..=last).into_iter().flatten() {
            *flag = true;
        }
    }
    spans
}

/// A quote under construction, in token terms.
#[derive(Clone, Debug)]
struct Found {
    kind: QuoteKind,
    /// Content byte ranges.
    parts: Vec<(usize, usize)>,
    /// Cue byte range.
    cue: Option<(usize, usize)>,
    speaker: Option<Speaker>,
    /// Direct quotes: token index of the opening mark, and the token after
    /// its reporting clause when it has one after it.
    open_token: usize,
    clause_after_end: Option<usize>,
    paragraph: usize,
}

impl Found {
    fn into_quote(self, ctx: &Ctx) -> Option<Quote> {
        let first = self.parts.first()?;
        let last = self.parts.last()?;
        let pieces: Vec<&str> = self.parts.iter().filter_map(|&(a, b)| ctx.text.get(a..b)).collect();
        Some(Quote {
            start: first.0,
            end: last.1,
            text: pieces.join(" … "),
            kind: self.kind,
            parts: self.parts.iter().map(|&(start, end)| TextRange { start, end }).collect(),
            cue: self.cue.map(|(start, end)| TextRange { start, end }),
            speaker: self.speaker,
        })
    }
}

/// The speaker for the tokens `[a, b)`, resolved to a mention.
fn speaker(ctx: &Ctx, (a, b): (usize, usize)) -> Option<Speaker> {
    let (start, end) = ctx.bytes(a, b)?;
    let text = ctx.text.get(start..end)?.to_string();
    if b == a + 1 && ctx.pronoun(a) == Some(PronounClass::Impersonal) {
        return None;
    }
    let mention = if b == a + 1 && ctx.pronoun(a).is_some() {
        match ctx.pronoun(a) {
            Some(PronounClass::Person) => antecedent(ctx, a),
            _ => None,
        }
    } else {
        phrase_mention(ctx, start, end)
    };
    Some(Speaker { start, end, text, mention })
}

/// The mention a speaker phrase stands for: its (last) person, else a
/// role's person or the role, else an organisation or other name.
fn phrase_mention(ctx: &Ctx, start: usize, end: usize) -> Option<usize> {
    let inside = || ctx.mentions.iter().enumerate().filter(|(_, m)| m.start < end && start < m.end);
    if let Some((i, _)) = inside().rfind(|(_, m)| m.kind == MentionType::Per) {
        return Some(i);
    }
    if let Some((i, role)) = inside().find(|(_, m)| m.kind == MentionType::Role) {
        if let Some(person) = role.role_of.filter(|&p| p < ctx.mentions.len()) {
            return Some(person);
        }
        // "der FDP-Politiker" with the definite article refers back to the
        // person last named.
        return definite_description_person(ctx, start).or(Some(i));
    }
    if let Some((i, _)) = inside().find(|(_, m)| matches!(m.kind, MentionType::Org | MentionType::Oth)) {
        return Some(i);
    }
    // "der 63-Jährige": a definite description without a name.
    definite_description_person(ctx, start)
}

/// The person a definite description starting at byte `start` ("der
/// FDP-Politiker", "die 61-Jährige") refers back to: the nearest preceding
/// person mention outside quotations.
fn definite_description_person(ctx: &Ctx, start: usize) -> Option<usize> {
    let first = ctx.toks.binary_search_by_key(&start, |t| t.start).ok()?;
    if !ctx.lex.definite_articles.contains(ctx.lower(first)) {
        return None;
    }
    antecedent(ctx, first)
}

/// The nearest person mention before token `pronoun`, outside quotations.
fn antecedent(ctx: &Ctx, pronoun: usize) -> Option<usize> {
    let at = ctx.toks.get(pronoun)?.start;
    let quoted_at = |byte: usize| {
        ctx.toks
            .binary_search_by_key(&byte, |t| t.start)
            .ok()
            .and_then(|i| ctx.quoted.get(i).copied())
            .unwrap_or(false)
    };
    ctx.mentions
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, m)| m.end <= at && !quoted_at(m.start))
        .find(|(_, m)| m.kind == MentionType::Per || (m.kind == MentionType::Role && m.role_of.is_some()))
        .map(|(i, m)| if m.kind == MentionType::Role { m.role_of.unwrap_or(i) } else { i })
}

fn cue_bytes(ctx: &Ctx, cue: usize) -> Option<(usize, usize)> {
    ctx.toks.get(cue).map(|t| (t.start, t.end))
}

/// Direct quotations and terms, with speakers, split parts merged and
/// speakers carried over.
fn direct_quotes(ctx: &mut Ctx) -> Vec<Found> {
    let all_spans = mark_quoted(ctx);
    let (spans, nested): (Vec<_>, Vec<_>) = all_spans.into_iter().partition(|span| span.depth == 0);
    let mut found: Vec<Found> = Vec::new();
    for span in &spans {
        let paragraph = ctx.toks.get(span.open_token).map_or(0, |t| t.paragraph);
        let inner = span.open_token + 1..span.inner_end;
        let words = inner.clone().filter(|&i| ctx.is_word(i)).count();
        let terminal_inside = inner.clone().any(|i| ctx.is_punct(i, &[".", "!", "?", "…", ":", ";"]));
        let content_end_char =
            span.parts.last().and_then(|&(_, b)| ctx.text.get(..b)).and_then(|s| s.chars().next_back());
        let ends_like_speech = content_end_char.is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | ','));
        let short = span.parts.len() == 1 && words <= TERM_MAX_WORDS && !terminal_inside && !ends_like_speech;
        let mut cue = None;
        let mut who = None;
        let mut clause_after_end = None;
        if let Some(close) = span.close_token {
            if let Some((c, s, end)) = clause_after(ctx, close, content_end_char) {
                cue = Some(c);
                who = s;
                clause_after_end = Some(end);
            }
        }
        if cue.is_none() {
            if let Some((c, s)) = clause_before(ctx, span.open_token) {
                cue = c;
                who = Some(s);
            }
        }
        // A partial quote takes the cue of its sentence. A short one stays a
        // term ("sprach von einem „Gebietstausch“", a label someone used),
        // keeping that cue and speaker as who used it.
        let attached = cue.is_some() || who.is_some();
        let mut governed = false;
        if !attached && !ctx.sentence_initial(span.open_token) {
            if let Some((c, s)) = cue_in_sentence(ctx, span.open_token) {
                cue = Some(c);
                who = s;
                governed = c < span.open_token && utterance_object(ctx, c, span.open_token);
            }
        }
        // A phrase quoted inside running syntax, a word on both sides and no
        // sentence of its own ("als „leises, genaues … menschliches“ Porträt",
        // "was “kicking the can down the road” on"), is a label too.
        let embedded = span.parts.len() == 1
            && words <= EMBEDDED_TERM_MAX_WORDS
            && !terminal_inside
            && !ends_like_speech
            && span.open_token.checked_sub(1).is_some_and(|b| ctx.is_word(b))
            && span.close_token.is_some_and(|c| ctx.is_word(c + 1));
        let kind =
            if (short || embedded) && !attached && !governed { QuoteKind::Term } else { QuoteKind::Direct };
        found.push(Found {
            kind,
            parts: span.parts.clone(),
            cue: cue.and_then(|c| cue_bytes(ctx, c)),
            speaker: who.and_then(|range| speaker(ctx, range)),
            open_token: span.open_token,
            clause_after_end,
            paragraph,
        });
    }
    let mut found = merge_split_quotes(ctx, found);
    // A quote inside a quote with its own introduction ("„Sie hat gesagt:
    // ‚…‘ …“") is a direct quote of its own.
    for span in &nested {
        let Some(outer) =
            spans.iter().find(|o| o.open_token < span.open_token && span.open_token < o.inner_end)
        else {
            continue;
        };
        let Some(colon) = span.open_token.checked_sub(1).filter(|&c| ctx.is_punct(c, &[":"])) else {
            continue;
        };
        let (sentence_lo, _) = ctx.sentence_of(colon);
        let lo = sentence_lo.max(outer.open_token + 1);
        let Some(cue) = (lo..colon).rev().find(|&i| ctx.is_verb_cue(i, false)) else { continue };
        let subject = ctx.subject_of(cue, lo, colon);
        found.push(Found {
            kind: QuoteKind::Direct,
            parts: span.parts.clone(),
            cue: cue_bytes(ctx, cue),
            speaker: subject.and_then(|range| speaker(ctx, range)),
            open_token: span.open_token,
            clause_after_end: None,
            paragraph: ctx.toks.get(span.open_token).map_or(0, |t| t.paragraph),
        });
    }
    found.sort_by_key(|f| f.parts.first().map_or(0, |p| p.0));
    found
}

/// A reporting clause right after the closing mark `close`: the cue token,
/// the speaker phrase, and the token after the clause.
type ClauseAfter = (usize, Option<(usize, usize)>, usize);

fn clause_after(ctx: &Ctx, close: usize, content_end: Option<char>) -> Option<ClauseAfter> {
    let mut j = close + 1;
    let same_paragraph =
        |i: usize| ctx.toks.get(i).map(|t| t.paragraph) == ctx.toks.get(close).map(|t| t.paragraph);
    let mut allowed = matches!(content_end, Some(',' | '!' | '?'));
    if ctx.is_punct(j, &[",", "–", "—", "-"]) {
        j += 1;
        allowed = true;
    }
    if !same_paragraph(j) {
        return None;
    }
    if !allowed {
        return None;
    }
    let (_, hi) = ctx.sentence_of(j);
    let hi = hi.max(j + 1).min(ctx.toks.len());
    if ctx.is_verb_cue(j, false) {
        let subject =
            ctx.phrase_forward(ctx.skip_adverbs(j + 1, hi), hi).map(|s| named_apposition(ctx, s, hi));
        let end = subject.map_or(j + 1, |(_, b)| b);
        return Some((j, subject, end));
    }
    if ctx.lex.so.contains(ctx.lower(j)) {
        let subject = named_apposition(ctx, ctx.phrase_forward(j + 1, hi)?, hi);
        return Some((j, Some(subject), subject.1));
    }
    let subject = ctx.phrase_forward(j, hi)?;
    let cue = ctx.skip_adverbs(subject.1, hi);
    if ctx.is_verb_cue(cue, false) {
        return Some((cue, Some(subject), cue + 1));
    }
    None
}

/// Is the quote opening at `open` the utterance object of the cue at `cue`
/// ("ruft sie immer wieder „Ich bin eine Möwe“"), not a label after a
/// preposition or article ("sprach von einem „Erfolg“")? Only the subject and
/// adverbs may stand between, and the quote starts with a capital.
fn utterance_object(ctx: &Ctx, cue: usize, open: usize) -> bool {
    let starts_capital = ctx.toks.get(open + 1).is_some_and(|t| t.capital);
    let between_ok = (cue + 1..open).all(|i| {
        ctx.pronoun(i).is_some()
            || ctx.lex.skip.contains(ctx.lower(i))
            || ctx.toks.get(i).is_some_and(|t| t.mention.is_some())
    });
    starts_capital && between_ok
}

/// "sagte die Chefvolkswirtin der Hansebank, Marie Lindner": a role phrase
/// followed by the person's name after a comma gives way to the name.
fn named_apposition(ctx: &Ctx, subject: (usize, usize), hi: usize) -> (usize, usize) {
    if ctx.has_person(subject) {
        return subject;
    }
    let reach = hi.min(subject.1 + 6);
    let comma = (subject.1..reach).find(|&i| ctx.is_punct(i, &[","]));
    let between_plain = comma.is_some_and(|c| (subject.1..c).all(|i| ctx.is_word(i)));
    match comma.filter(|_| between_plain).and_then(|c| ctx.person_at(c + 1)) {
        Some(person) => person,
        None => subject,
    }
}

/// A reporting clause before the opening mark `open` ending in a colon or
/// comma: the cue (if any) and the speaker phrase.
fn clause_before(ctx: &Ctx, open: usize) -> Option<(Option<usize>, (usize, usize))> {
    let mark = open.checked_sub(1)?;
    let colon = ctx.is_punct(mark, &[":"]);
    if !colon && !ctx.is_punct(mark, &[","]) {
        return None;
    }
    let (sentence_lo, _) = ctx.sentence_of(mark);
    // The clause starts after the previous quotation in the sentence.
    let lo =
        (sentence_lo..mark).rev().find(|&i| ctx.quoted.get(i) == Some(&true)).map_or(sentence_lo, |i| i + 1);
    let reach = if colon { lo } else { mark.saturating_sub(4).max(lo) };
    if let Some(cue) = (reach..mark).rev().find(|&i| ctx.is_verb_cue(i, colon)) {
        let subject = ctx.subject_of(cue, lo, mark)?;
        return Some((Some(cue), subject));
    }
    if !colon {
        return None;
    }
    // A headline-style "Trump: „…“": the whole clause is the speaker.
    if let Some(subject) = ctx.phrase_backward(mark, lo) {
        if subject.0 == lo && subject.1 - subject.0 <= 6 {
            return Some((None, subject));
        }
    }
    // "Before sentencing, he addressed the court briefly: „…“": the first
    // pronoun or person of the introducing clause.
    (lo..mark).find_map(|i| {
        if ctx.quoted.get(i) == Some(&true) {
            return None;
        }
        if ctx.pronoun(i).is_some_and(|p| p != PronounClass::Impersonal) {
            return Some((None, (i, i + 1)));
        }
        ctx.person_at(i).map(|person| (None, person))
    })
}

/// A cue elsewhere in the quote's sentence (a partial quote): the nearest one
/// before the quote, else the first after it, with its subject.
fn cue_in_sentence(ctx: &Ctx, open: usize) -> Option<(usize, Option<(usize, usize)>)> {
    let (lo, hi) = ctx.sentence_of(open);
    let unquoted_cue = |i: &usize| ctx.quoted.get(*i) != Some(&true) && ctx.is_verb_cue(*i, false);
    let cue = (lo..open).rev().find(unquoted_cue).or_else(|| (open..hi).find(unquoted_cue))?;
    // The subject belongs to the cue's own clause: stop at the quote.
    // A cue after the quote governs it as an object ("hatte Trump Putin mit
    // „…“ gedroht"): its clause is the whole sentence.
    let clause_hi = if cue < open { open } else { hi };
    let subject = ctx.subject_of(cue, lo, clause_hi);
    Some((cue, subject))
}

/// Merges `„…“, sagte X. „…“` into one quote with two parts.
fn merge_split_quotes(ctx: &Ctx, found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for quote in found {
        let own = quote.cue.is_some() || quote.speaker.is_some();
        if let Some(previous) = out.last_mut() {
            let follows_clause = previous.clause_after_end.is_some_and(|end| {
                (end..quote.open_token).all(|i| ctx.is_punct(i, &[".", ",", ":", "!", "?"]))
                    && previous.paragraph == quote.paragraph
            });
            if !own && quote.kind == QuoteKind::Direct && previous.kind == QuoteKind::Direct && follows_clause
            {
                previous.parts.extend(quote.parts);
                previous.clause_after_end = None;
                continue;
            }
        }
        out.push(quote);
    }
    out
}

/// Gives quotes without a speaker the previous speaker of their paragraph,
/// or of the paragraph before when the quote opens its own paragraph.
fn carry_speakers(ctx: &Ctx, found: &mut [Found]) {
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| found.get(i).and_then(|f| f.parts.first()).map_or(0, |p| p.0));
    let mut last: Option<(usize, Speaker)> = None;
    for i in order {
        let Some(quote) = found.get_mut(i) else { continue };
        if !matches!(quote.kind, QuoteKind::Direct | QuoteKind::Indirect) {
            continue;
        }
        match &quote.speaker {
            Some(s) => last = Some((quote.paragraph, s.clone())),
            None if quote.kind == QuoteKind::Direct => {
                let opens_paragraph = ctx.toks.get(quote.open_token).is_some_and(|t| {
                    quote.open_token == 0
                        || ctx.toks.get(quote.open_token - 1).is_some_and(|p| p.paragraph != t.paragraph)
                });
                if let Some((paragraph, s)) = &last {
                    let near = *paragraph == quote.paragraph
                        || (opens_paragraph && paragraph + 1 == quote.paragraph);
                    if near {
                        quote.speaker = Some(s.clone());
                    }
                }
            }
            None => {}
        }
    }
}

/// Paragraphs that are headlines or captions: no sentence-final punctuation
/// at their end, in a document of several paragraphs.
fn heading_paragraphs(ctx: &Ctx) -> Vec<usize> {
    let paragraphs = ctx.toks.last().map_or(0, |t| t.paragraph + 1);
    if paragraphs < 2 {
        return Vec::new();
    }
    let mut headings = Vec::new();
    let mut i = 0;
    while i < ctx.toks.len() {
        let paragraph = ctx.toks.get(i).map_or(0, |t| t.paragraph);
        let mut end = i;
        while ctx.toks.get(end).is_some_and(|t| t.paragraph == paragraph) {
            end += 1;
        }
        // The last token that is no closing mark or bracket.
        let last = (i..end).rev().find(|&k| !ctx.is_quote(k) && !ctx.is_punct(k, &[")", "]"]));
        let finished = last.is_some_and(|k| ctx.is_punct(k, &[".", "!", "?", "…", ":"]));
        if !finished {
            headings.push(paragraph);
        }
        i = end.max(i + 1);
    }
    headings
}

/// The token range `[lo, hi)` of a sentence without final punctuation and closing marks.
fn trim_sentence_end(ctx: &Ctx, lo: usize, mut hi: usize) -> usize {
    while hi > lo && ctx.is_punct(hi - 1, &[".", "!", "?", "…", ";", ":", ","]) {
        hi -= 1;
    }
    hi
}

/// Reported speech: `sagte, dass …`, `sagte, es sei …`, `said (that) …`,
/// `…, sagte X.`, and Konjunktiv I sentences continuing a speaker.
fn indirect_speech(ctx: &Ctx, found: &mut Vec<Found>) {
    let mut added: Vec<Found> = Vec::new();
    let english = !ctx.lex.capitalised_nouns;
    // Sentences that hold speech with a speaker, for Konjunktiv I continuation.
    let speaker_in_sentence = |found: &[Found], added: &[Found], sentence: usize| -> Option<Speaker> {
        let (lo, hi) = ctx.sentence_tokens.get(sentence).copied()?;
        let (start, end) = ctx.bytes(lo, hi)?;
        found
            .iter()
            .chain(added.iter())
            .filter(|f| f.kind != QuoteKind::Term && f.kind != QuoteKind::Attribution)
            .filter(|f| f.parts.first().is_some_and(|p| p.0 < end && start < p.1))
            .find_map(|f| f.speaker.clone())
    };
    for (sentence, &(lo, hi)) in ctx.sentence_tokens.iter().enumerate() {
        let paragraph = ctx.toks.get(lo).map_or(0, |t| t.paragraph);
        let end = trim_sentence_end(ctx, lo, hi);
        let mut hit = false;
        for c in lo..hi {
            if ctx.quoted.get(c) == Some(&true) {
                continue;
            }
            let is_so = ctx.lex.so.contains(ctx.lower(c));
            if !ctx.is_verb_cue(c, true) && !is_so {
                continue;
            }
            // `…, sagte X.` / `…, so X.` / `…, he said.` with unquoted content
            // before (a closing mark before the comma makes it a direct quote's clause).
            let after_quote =
                c.checked_sub(2).is_some_and(|q| ctx.is_quote(q) && ctx.quoted.get(q) == Some(&true));
            if c > lo && !after_quote {
                let comma_before = c.checked_sub(1).filter(|&p| ctx.is_punct(p, &[","]));
                if let Some(comma) = comma_before {
                    let subject = ctx.phrase_forward(ctx.skip_adverbs(c + 1, end), end);
                    // The clause ends the sentence (a genitive or a time may
                    // follow the speaker, no clause of its own).
                    let ends_sentence = |s: &(usize, usize)| {
                        end.saturating_sub(s.1) <= CLAUSE_TAIL
                            && (s.1..end).all(|i| {
                                let t = ctx.toks.get(i);
                                let lower_word = t.is_some_and(|t| !t.capital && t.kind == TokenKind::Word);
                                !ctx.is_punct(i, &[",", ":", ";"]) && (!lower_word || ctx.closed_class(i))
                            })
                    };
                    if let Some(subject) = subject.filter(ends_sentence) {
                        push_indirect(ctx, &mut added, (lo, comma), c, Some(subject), paragraph);
                        hit = true;
                        continue;
                    }
                }
                if english {
                    // "…, officials said."
                    if let Some((a, _)) = ctx.phrase_backward(c, lo) {
                        if a > lo && ctx.is_punct(a - 1, &[","]) && c + 1 >= end {
                            push_indirect(ctx, &mut added, (lo, a - 1), c, Some((a, c)), paragraph);
                            hit = true;
                            continue;
                        }
                    }
                }
            }
            if is_so {
                continue;
            }
            // The reported clause after the cue.
            let content = reported_clause(ctx, c, end);
            if let Some(content) = content {
                let subject = ctx.subject_of(c, lo, content.0);
                push_indirect(ctx, &mut added, content, c, subject, paragraph);
                hit = true;
            }
        }
        // A Konjunktiv I sentence: reported speech on its own ("Vor dem
        // Beginn von Verhandlungen sei eine Waffenruhe notwendig"); the
        // speaker is the previous sentence's, when it has one.
        if !hit && !ctx.lex.subjunctive.is_empty() {
            let verb = (lo..end.min(lo + STANDALONE_SUBJUNCTIVE_REACH))
                .find(|&i| ctx.quoted.get(i) != Some(&true) && ctx.subjunctive(i, false));
            let no_cue = !(lo..hi).any(|i| ctx.is_verb_cue(i, true));
            let mostly_unquoted =
                (lo..end).filter(|&i| ctx.quoted.get(i) == Some(&true)).count() * 2 < end - lo;
            if verb.is_some() && no_cue && mostly_unquoted {
                let same_paragraph = sentence
                    .checked_sub(1)
                    .and_then(|p| ctx.sentence_tokens.get(p))
                    .and_then(|&(plo, _)| ctx.toks.get(plo))
                    .is_some_and(|t| t.paragraph == paragraph);
                // The speaker of a quote in the same sentence ("… sei „sehr
                // hoch“, so Trump"), else of the previous sentence.
                let previous = speaker_in_sentence(found, &added, sentence).or_else(|| {
                    sentence
                        .checked_sub(1)
                        .filter(|_| same_paragraph)
                        .and_then(|p| speaker_in_sentence(found, &added, p))
                });
                // "Es ist ein Symbol: Nur er könne …": the report starts after a colon.
                let from = verb
                    .and_then(|v| (lo..v).rev().find(|&i| ctx.is_punct(i, &[":"])))
                    .map_or(lo, |colon| colon + 1);
                if let Some(parts) = ctx.bytes(from, end) {
                    added.push(Found {
                        kind: QuoteKind::Indirect,
                        parts: vec![parts],
                        cue: None,
                        speaker: previous,
                        open_token: lo,
                        clause_after_end: None,
                        paragraph,
                    });
                }
            }
        }
    }
    found.extend(added);
}

/// The clause a cue at `c` reports, up to `end`: after `dass`/`that`, after a
/// comma when the clause has a Konjunktiv I verb, or (English) directly.
fn reported_clause(ctx: &Ctx, c: usize, end: usize) -> Option<(usize, usize)> {
    let english = !ctx.lex.capitalised_nouns;
    let stop =
        |i: usize| ctx.is_quote(i) || ctx.is_punct(i, &[":", ";", "."]) || ctx.quoted.get(i) == Some(&true);
    // "wenn darüber gesprochen werde": a passive participle reports nothing.
    if ctx.lex.passive.contains(ctx.lower(c + 1)) {
        return None;
    }
    // The clause ends at a dash or semicolon outside quotations ("…, er wolle
    // … – eine Aussage, die …"), or at a comma before a coordinating
    // conjunction ("…, but added that …").
    let end = (c + 1..end)
        .find(|&i| {
            ctx.quoted.get(i) != Some(&true)
                && (ctx.is_punct(i, &["–", "—", ";"])
                    || (ctx.is_punct(i, &[","]) && ctx.lex.coordinators.contains(ctx.lower(i + 1))))
        })
        .unwrap_or(end);
    let mut comma = None;
    let mut i = c + 1;
    while i < end && i <= c + CUE_TO_COMMA {
        if stop(i) {
            break;
        }
        if ctx.lex.complementizers.contains(ctx.lower(i)) {
            return (i + 1 < end).then_some((i + 1, end));
        }
        if ctx.is_punct(i, &[","]) {
            comma = Some(i);
            break;
        }
        i += 1;
    }
    if let Some(comma) = comma {
        let from = comma + 1;
        if ctx.is_quote(from) || ctx.quoted.get(from) == Some(&true) {
            return None;
        }
        if ctx.lex.complementizers.contains(ctx.lower(from)) {
            return (from + 1 < end).then_some((from + 1, end));
        }
        let reach = end.min(from + SUBJUNCTIVE_REACH);
        let marked = |k: usize| ctx.subjunctive(k, true);
        // "kündigte an, die Lage genau zu beobachten": an infinitive reports nothing.
        let infinitive = end >= 2 && ctx.lower(end - 2) == "zu";
        if (from..reach).any(marked) || (!infinitive && main_clause_start(ctx, from)) {
            return Some((from, end));
        }
        return None;
    }
    // English "said the talks were productive", "told reporters (that) the
    // company would …": the clause follows directly, after an addressee.
    if english {
        let mut next = c + 1;
        if matches!(ctx.lower(c), "told" | "tells" | "tell") {
            next = ctx.phrase_forward(next, end).map_or(next, |(_, b)| b);
            if ctx.lex.complementizers.contains(ctx.lower(next)) {
                next += 1;
            }
        }
        let hard_stop = |i: usize| ctx.is_punct(i, &[":", ";"]);
        let words = (next..end).filter(|&k| ctx.is_word(k)).count();
        // "asked not to be named" is no report.
        let plain_start = ctx.is_word(next)
            && !ctx.lex.prepositions.contains(ctx.lower(next))
            && !ctx.lex.skip.contains(ctx.lower(next))
            && ctx.lower(next) != "not"
            && !ctx.is_verb_cue(next, true);
        if plain_start && words >= 3 && !(next..end).any(hard_stop) {
            return Some((next, end));
        }
    }
    None
}

/// Does a German main clause start at `i` ("sagte, wir müssen …", "glaube,
/// die Lage ist ernst"): a subject pronoun, or an article before a noun (not
/// a relative pronoun, "…, der gestern …"), then a lower-case verb?
fn main_clause_start(ctx: &Ctx, i: usize) -> bool {
    if !ctx.lex.capitalised_nouns {
        return false;
    }
    let verb_at = |k: usize| {
        ctx.toks.get(k).is_some_and(|t| !t.capital && t.kind == TokenKind::Word) && !ctx.closed_class(k)
    };
    if ctx.pronoun(i).is_some() || ctx.lower(i) == "es" {
        return verb_at(i + 1);
    }
    if ctx.lex.determiners.contains(ctx.lower(i)) && ctx.toks.get(i + 1).is_some_and(|t| t.capital) {
        return verb_at(i + 2);
    }
    false
}

fn push_indirect(
    ctx: &Ctx,
    added: &mut Vec<Found>,
    (a, b): (usize, usize),
    cue: usize,
    subject: Option<(usize, usize)>,
    paragraph: usize,
) {
    // Content that is itself a quotation is a direct quote already.
    if (a..b).all(|i| ctx.quoted.get(i) == Some(&true)) {
        return;
    }
    let Some(parts) = ctx.bytes(a, b) else { return };
    added.push(Found {
        kind: QuoteKind::Indirect,
        parts: vec![parts],
        cue: cue_bytes(ctx, cue),
        speaker: subject.and_then(|s| speaker(ctx, s)),
        open_token: a,
        clause_after_end: None,
        paragraph,
    });
}

/// An attribution marker found: cue bytes, source tokens, and the tokens of
/// marker and source together.
type Marker = ((usize, usize), (usize, usize), (usize, usize));

/// Attributions: `laut X`, `nach Angaben von X`, `X zufolge`,
/// `nach dpa-Informationen`, `according to X`; the content is the rest of
/// the clause (split by dashes and semicolons) around the marker.
fn attributions(ctx: &Ctx, found: &mut Vec<Found>) {
    let mut added = Vec::new();
    for &(lo, hi) in &ctx.sentence_tokens {
        let end = trim_sentence_end(ctx, lo, hi);
        let mut i = lo;
        while i < end {
            if ctx.quoted.get(i) == Some(&true) {
                i += 1;
                continue;
            }
            let mut hit: Option<Marker> = None;
            // Marker before its source.
            for marker in &ctx.lex.attribution_before {
                let matches = marker.iter().enumerate().all(|(k, word)| ctx.lower(i + k) == word.as_str());
                if matches {
                    let after = i + marker.len();
                    // A quoted source is named without its marks; the marker runs to the closing one.
                    let source = match quoted_source(ctx, after, end) {
                        Some(inner) => Some((inner, inner.1 + 1)),
                        None => ctx.phrase_forward(after, end).map(|plain| (plain, plain.1)),
                    };
                    if let (Some((source, marker_end)), Some(cue)) = (source, ctx.bytes(i, after)) {
                        hit = Some((cue, source, (i, marker_end)));
                    }
                    break;
                }
            }
            // `nach dpa-Informationen`: the source is the compound's first part.
            if hit.is_none() {
                if let Some((cue, source)) = compound_source(ctx, i) {
                    push_attribution(ctx, &mut added, lo, end, (i, i + 2), cue, source_speaker(ctx, source));
                    i += 2;
                    continue;
                }
            }
            // Marker after its source: `dem Bericht zufolge`.
            if hit.is_none() && ctx.lex.attribution_after.contains(ctx.lower(i)) {
                if let Some(source) = ctx.phrase_backward(i, lo) {
                    if let Some(cue) = ctx.bytes(i, i + 1) {
                        hit = Some((cue, source, (source.0, i + 1)));
                    }
                }
            }
            match hit {
                Some((cue, source, marker)) => {
                    let who = speaker(ctx, source);
                    push_attribution(ctx, &mut added, lo, end, marker, cue, who);
                    i = marker.1.max(i + 1);
                }
                None => i += 1,
            }
        }
    }
    found.extend(added);
}

/// A source named in quotation marks after an attribution marker (`laut
/// „Lindenauer Anzeiger“`, `nach Informationen der "Rundschau"`): the tokens
/// between the marks.
fn quoted_source(ctx: &Ctx, at: usize, end: usize) -> Option<(usize, usize)> {
    let open = if ctx.lex.determiners.contains(ctx.lower(at)) { at + 1 } else { at };
    if !ctx.is_quote(open) {
        return None;
    }
    let close = (open + 1..end.min(open + 8)).find(|&i| ctx.is_quote(i))?;
    (close > open + 1).then_some((open + 1, close))
}

/// `nach dpa-Informationen` at token `i`: the cue bytes and the source bytes ("dpa").
fn compound_source(ctx: &Ctx, i: usize) -> Option<((usize, usize), (usize, usize))> {
    let next = ctx.lower(i + 1);
    for (preposition, last) in &ctx.lex.attribution_compound {
        let Some(head) = next.strip_suffix(last.as_str()).and_then(|h| h.strip_suffix('-')) else { continue };
        if ctx.lower(i) != preposition || head.is_empty() {
            continue;
        }
        let first = ctx.toks.get(i)?;
        let compound = ctx.toks.get(i + 1)?;
        // Lower-casing may change byte lengths, so measure on the original text.
        let original = ctx.text.get(compound.start..compound.end)?;
        let dash = original.rfind('-')?;
        let source_end = compound.start + dash;
        if source_end <= compound.start {
            continue;
        }
        return Some(((first.start, compound.end), (compound.start, source_end)));
    }
    None
}

/// A speaker from a byte span (the first part of a compound).
fn source_speaker(ctx: &Ctx, (start, end): (usize, usize)) -> Option<Speaker> {
    let text = ctx.text.get(start..end)?.to_string();
    Some(Speaker { start, end, text, mention: phrase_mention(ctx, start, end) })
}

fn push_attribution(
    ctx: &Ctx,
    added: &mut Vec<Found>,
    lo: usize,
    end: usize,
    (m_lo, m_hi): (usize, usize),
    cue: (usize, usize),
    who: Option<Speaker>,
) {
    let boundary = |i: usize| ctx.is_punct(i, &["–", "—", ";", "-"]);
    let clause_lo = (lo..m_lo).rev().find(|&i| boundary(i)).map_or(lo, |i| i + 1);
    // The claim after the source ends before a coordinated clause ("…, although …").
    let claim_start = (m_hi..end).find(|&i| !ctx.is_punct(i, &[",", ":"])).unwrap_or(end);
    let clause_hi = (claim_start..end)
        .find(|&i| {
            boundary(i) || (ctx.is_punct(i, &[","]) && ctx.lex.coordinators.contains(ctx.lower(i + 1)))
        })
        .unwrap_or(end);
    let mut parts = Vec::new();
    // The claim is what follows the source ("Beide Delegationen werden laut
    // Außenministerium bereits … erwartet"), or what precedes it when little follows.
    let words_after = (m_hi..clause_hi).filter(|&k| ctx.is_word(k)).count();
    let sides =
        if words_after >= 2 { [(m_hi, clause_hi), (0, 0)] } else { [(clause_lo, m_lo), (m_hi, clause_hi)] };
    for (a, b) in sides {
        let (mut a, mut b) = (a, b);
        while a < b && ctx.is_punct(a, &[",", ":"]) {
            a += 1;
        }
        while b > a && ctx.is_punct(b - 1, &[",", ":"]) {
            b -= 1;
        }
        if (a..b).any(|k| ctx.is_word(k)) {
            if let Some(range) = ctx.bytes(a, b) {
                parts.push(range);
            }
        }
    }
    if parts.is_empty() {
        return;
    }
    let paragraph = ctx.toks.get(lo).map_or(0, |t| t.paragraph);
    added.push(Found {
        kind: QuoteKind::Attribution,
        parts,
        cue: Some(cue),
        speaker: who,
        open_token: m_lo,
        clause_after_end: None,
        paragraph,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rules_parse() {
        let finder = QuoteFinder::new().expect("rules parse");
        assert!(finder.german.cues.contains_key("sagte"));
        assert!(finder.german.cues.contains_key("gesagt"));
        assert!(finder.english.cues.contains_key("stated"));
        assert!(!finder.german.cues.contains_key("meine"));
    }
}
