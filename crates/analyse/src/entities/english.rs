//! Names in English text, by rule: no English training data is available
//! here (see the note in `models/README.md`), but English, unlike German,
//! capitalises only names, so capitalised word runs plus the lexicons and a
//! little context type them well enough to be useful.
//!
//! A candidate is a run of capitalised words (with "of", "de", "van", "al"…
//! inside), not counting sentence-initial function words, months, weekdays
//! and role titles (which become ROLE mentions). It is typed by the lexicons
//! (organisations and their heads, first names and surnames, places,
//! nationality adjectives), by context (after a role: a person; after "in",
//! "from", "at": a place; coordinated with a typed name: the same type), and
//! by the document (a word that was part of a person's name earlier is that
//! person). Confidence says which kind of evidence decided.

use rustc_hash::FxHashMap;
use wirewatch_model::{Mention, MentionForm, MentionType, Sentence, TokenKind};

use super::lexicon::{Lexicon, LexiconTags};
use super::rules::NameRules;

/// Entity and role mentions of an English text.
pub fn mentions(text: &str, sentences: &[Sentence]) -> Vec<Mention> {
    let lexicon = Lexicon::german();
    let rules = NameRules::shared();
    let mut found: Vec<Mention> = Vec::new();
    // Words seen inside person names: later single mentions of them are that person.
    let mut person_words: FxHashMap<String, ()> = FxHashMap::default();
    for sentence in sentences {
        let tokens = crate::segment::tokens(text, sentence.start, sentence.end);
        let words: Vec<&str> = tokens.iter().map(|t| text.get(t.start..t.end).unwrap_or("")).collect();
        let tags = lexicon.annotate(&words);
        // First word of the sentence, or first after an opening quotation mark.
        let initial =
            |index: usize| index == 0 || tokens.get(index - 1).is_some_and(|t| t.kind == TokenKind::Quote);
        let capitalised = |index: usize| {
            let word = words[index];
            tokens[index].kind == TokenKind::Word
                && word.chars().next().is_some_and(char::is_uppercase)
                && !rules.has("function_words", word)
                && !rules.has("calendar_words", word)
        };
        let mut index = 0;
        let mut sentence_mentions: Vec<(usize, usize, MentionType, Option<MentionForm>, f32)> = Vec::new();
        while index < words.len() {
            // Roles: "President", "Prime Minister", "spokeswoman".
            if lexicon.role(words[index]).is_some()
                || (words[index].chars().next().is_some_and(char::is_lowercase)
                    && tags[index].has(LexiconTags::ROLE))
            {
                let start = if index > 0 && rules.has("role_modifiers", words[index - 1]) {
                    index - 1
                } else {
                    index
                };
                sentence_mentions.retain(|m| m.1 <= start);
                sentence_mentions.push((start, index + 1, MentionType::Role, None, 1.0));
                index += 1;
                continue;
            }
            if !capitalised(index)
                || (rules.has("role_modifiers", words[index])
                    && index + 1 < words.len()
                    && lexicon.role(words[index + 1]).is_some())
            {
                index += 1;
                continue;
            }
            let start = index;
            let mut end = index + 1;
            loop {
                if end < words.len() && capitalised(end) && lexicon.role(words[end]).is_none() {
                    end += 1;
                } else if end + 1 < words.len() && rules.has("connectors", words[end]) && capitalised(end + 1)
                {
                    end += 2;
                } else {
                    break;
                }
            }
            index = end;
            let span_tags = tags[start..end].iter().fold(0u32, |all, t| all | t.0);
            let single = end - start == 1;
            let word = strip_possessive(words[start]);
            let last = strip_possessive(words[end - 1]);
            let org_head =
                |word: &str, tag: LexiconTags| tag.has(LexiconTags::ORG_HEAD) || rules.has("org_heads", word);
            let place_prefix = place_match_end(&tags, start, end);
            // "Phil Ford" is a person even though "Ford" is a company.
            let person_first = !single
                && tags[start].has(LexiconTags::FIRST_NAME)
                && !tags[start].has(LexiconTags::ORGANISATION);
            let typed = if (tags[start..end].iter().any(|t| t.has(LexiconTags::ORGANISATION))
                && !person_first)
                || org_head(last, tags[end - 1])
                || (!single
                    && org_head(words[start], tags[start])
                    && rules.has("connectors", words[start + 1]))
            {
                // "… Patrol", "University of …".
                Some((MentionType::Org, None, 0.9))
            } else if place_prefix == Some(end) && !single {
                // The whole run is one gazetteer place ("San Diego"), even if
                // its first word is also a first name.
                Some((MentionType::Loc, None, 0.9))
            } else if place_prefix.is_some_and(|prefix| prefix < end) && last.len() > 3 && last.ends_with('s')
            {
                // A place, then a plural: a team or club ("San Diego Chargers").
                Some((MentionType::Org, None, 0.6))
            } else if !single
                && (tags[start].has(LexiconTags::FIRST_NAME) || tags[start].has(LexiconTags::PERSON_PREFIX))
            {
                Some((MentionType::Per, None, 0.9))
            } else if !single && (rules.has("place_heads", last) || rules.has("place_leads", words[start])) {
                // A place word decides before the lexicon reads "Aden" or "Cook" as a name.
                Some((MentionType::Loc, None, 0.8))
            } else if single && person_words.contains_key(word) {
                // Part of a person's name earlier in the document: "Obama" after
                // "Barack Obama" is the person, not the town in the gazetteer.
                Some((MentionType::Per, None, 0.85))
            } else if start > 0 && tags[start - 1].has(LexiconTags::PERSON_PREFIX) {
                Some((MentionType::Per, None, 0.85))
            } else if span_tags & (LexiconTags::PLACE) != 0
                && (single || tags[start].has(LexiconTags::MATCH_BEGIN))
            {
                Some((MentionType::Loc, None, 0.9))
            } else if single && tags[start].has(LexiconTags::PLACE_AMBIGUOUS) {
                Some((MentionType::Loc, None, 0.7))
            } else if single && demonym_of(lexicon, word) {
                Some((MentionType::Loc, Some(MentionForm::Deriv), 0.8))
            } else if single && demonym_in_text(text, word) {
                Some((MentionType::Loc, Some(MentionForm::Deriv), 0.6))
            } else if person_words.contains_key(word)
                || span_tags & LexiconTags::SURNAME != 0
                // A name right after a role word: "Secretary Rubio".
                || (start > 0
                    && sentence_mentions.last().is_some_and(|m| m.2 == MentionType::Role && m.1 == start))
            {
                Some((MentionType::Per, None, 0.8))
            } else if start > 0 && rules.has("place_prepositions", words[start - 1]) {
                Some((MentionType::Loc, None, 0.6))
            } else if words.get(end).is_some_and(|w| rules.has("speech_verbs", w)) {
                Some((MentionType::Per, None, 0.6))
            } else if single
                && start > 0
                && rules.has("team_articles", words[start - 1])
                && span_tags == 0
                && word.len() > 3
                && word.ends_with('s')
            {
                // "the Colts", "the Saints": a capitalised plural after an
                // article names a team or group, not a person.
                Some((MentionType::Org, None, 0.5))
            } else if single
                && word.len() >= 2
                && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                Some((MentionType::Org, None, 0.5))
            } else if initial(start) && single {
                // A capitalised first word with no other evidence is usually just a first word.
                None
            } else if let Some(kind) = coordinated_type(&words, start, end, &sentence_mentions) {
                Some((kind, None, 0.6))
            } else if single && has_demonym_in_text(text, word) {
                // "Kalvonia" where the text also says "Kalvonian": a place.
                Some((MentionType::Loc, None, 0.6))
            } else {
                Some((if single { MentionType::Oth } else { MentionType::Per }, None, 0.4))
            };
            if let Some((kind, form, confidence)) = typed {
                if kind == MentionType::Per {
                    for word in &words[start..end] {
                        person_words.insert(strip_possessive(word).to_string(), ());
                    }
                }
                sentence_mentions.push((start, end, kind, form, confidence));
            }
        }
        for (start, end, kind, form, confidence) in sentence_mentions {
            let (Some(first), Some(last)) = (tokens.get(start), tokens.get(end - 1)) else { continue };
            let mut end_byte = last.end;
            if let Some(word) = text.get(last.start..last.end) {
                end_byte = last.start + strip_possessive(word).len();
            }
            found.push(Mention {
                start: first.start,
                end: end_byte,
                text: text.get(first.start..end_byte).unwrap_or("").to_string(),
                kind,
                form,
                confidence,
                role_of: None,
            });
        }
    }
    harmonise(&mut found);
    link_roles(&mut found, text);
    found
}

/// Where a gazetteer place that begins at `start` ends, if one does and it
/// lies within `start..end`.
fn place_match_end(tags: &[LexiconTags], start: usize, end: usize) -> Option<usize> {
    let first = tags.get(start)?;
    if !first.has(LexiconTags::PLACE) || !first.has(LexiconTags::MATCH_BEGIN) {
        return None;
    }
    let mut stop = start + 1;
    while stop < end && tags[stop].has(LexiconTags::MATCH_INSIDE) && tags[stop].has(LexiconTags::PLACE) {
        stop += 1;
    }
    // A match that runs on past the name is some other entry.
    if tags.get(stop).is_some_and(|t| t.has(LexiconTags::MATCH_INSIDE)) && stop == end {
        return None;
    }
    Some(stop)
}

/// "Austria's" → "Austria".
fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word)
}

/// "Russian" (Russia), "European" (Europe), "Ukrainian" (Ukraine), "Chinese" (China).
fn demonym_of(lexicon: &Lexicon, word: &str) -> bool {
    let is_place =
        |candidate: &str| lexicon.annotate(&[candidate]).first().is_some_and(|t| t.has(LexiconTags::PLACE));
    let mut candidates = Vec::new();
    for suffix in ["ian", "an", "n", "ese", "ish", "i", "ic"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.chars().count() >= 3 {
                candidates.push(stem.to_string());
                candidates.push(format!("{stem}a"));
                candidates.push(format!("{stem}e"));
                candidates.push(format!("{stem}ia"));
                candidates.push(format!("{stem}y"));
                candidates.push(format!("{stem}en"));
            }
        }
    }
    candidates.iter().any(|candidate| is_place(candidate))
}

/// "Kalvonian" when the text also names "Kalvonia": a nationality adjective
/// of a place the lexicons do not know (a small or new country, a region).
fn demonym_in_text(text: &str, word: &str) -> bool {
    let Some(stem) =
        word.strip_suffix("ian").or_else(|| word.strip_suffix("an")).or_else(|| word.strip_suffix('n'))
    else {
        return false;
    };
    if stem.chars().count() < 3 {
        return false;
    }
    [format!("{stem}ia"), format!("{stem}a"), format!("{stem}e")].iter().any(|place| {
        text.match_indices(place.as_str()).any(|(at, _)| {
            let after = text.get(at + place.len()..).and_then(|rest| rest.chars().next());
            !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// "Kalvonia" when the text also says "Kalvonian" or "Kalvonians".
fn has_demonym_in_text(text: &str, word: &str) -> bool {
    if word.chars().count() < 4 || !word.ends_with(['a', 'e', 'y']) {
        return false;
    }
    let adjective = format!("{word}n");
    text.match_indices(adjective.as_str()).any(|(at, _)| {
        let after = text.get(at + adjective.len()..).and_then(|rest| rest.chars().next());
        !after.is_some_and(|c| c.is_alphanumeric() && c != 's')
    })
}

/// Within one document the same name has one type: a weakly typed mention
/// takes the type of a more confidently typed mention with the same text
/// (case-insensitive: a dateline "STAVRINSK" and "Stavrinsk").
fn harmonise(mentions: &mut [Mention]) {
    let mut best: FxHashMap<String, (MentionType, Option<MentionForm>, f32)> = FxHashMap::default();
    for mention in mentions.iter().filter(|m| m.kind != MentionType::Role) {
        let key = mention.text.to_lowercase();
        let entry = best.entry(key).or_insert((mention.kind, mention.form, mention.confidence));
        if mention.confidence > entry.2 {
            *entry = (mention.kind, mention.form, mention.confidence);
        }
    }
    for mention in mentions.iter_mut().filter(|m| m.kind != MentionType::Role) {
        if let Some(&(kind, form, confidence)) = best.get(&mention.text.to_lowercase()) {
            if confidence > mention.confidence {
                mention.kind = kind;
                mention.form = form;
            }
        }
    }
}

/// "X and Y", "X, Y": an untyped name coordinated with a typed one takes its type.
fn coordinated_type(
    words: &[&str],
    start: usize,
    end: usize,
    typed: &[(usize, usize, MentionType, Option<MentionForm>, f32)],
) -> Option<MentionType> {
    let before = typed.iter().rev().find(|m| m.1 + 1 == start && matches!(words[m.1], "and" | "or" | ","))?;
    let _ = end;
    (before.2 != MentionType::Role).then_some(before.2)
}

/// A role directly before a person ("President Zakhar Ostrovetsky") names them.
fn link_roles(mentions: &mut [Mention], text: &str) {
    for index in 0..mentions.len() {
        if mentions[index].kind != MentionType::Role {
            continue;
        }
        let role_end = mentions[index].end;
        if let Some(next) = mentions.get(index + 1) {
            let between = text.get(role_end..next.start).unwrap_or("x");
            if next.kind == MentionType::Per && between.trim().is_empty() {
                mentions[index].role_of = Some(index + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> Vec<(String, MentionType)> {
        let sentences = crate::segment::sentences(text, Some("en"));
        mentions(text, &sentences).into_iter().map(|m| (m.text, m.kind)).collect()
    }

    #[test]
    fn types_names_by_lexicon_and_context() {
        let found = tag("President Donald Trump met Vladimir Putin in Anchorage on Friday. The European Commission said Trump's envoy would return to Moscow.");
        assert!(found.contains(&("Donald Trump".into(), MentionType::Per)), "{found:?}");
        assert!(found.contains(&("Vladimir Putin".into(), MentionType::Per)), "{found:?}");
        assert!(found.contains(&("Anchorage".into(), MentionType::Loc)), "{found:?}");
        assert!(found.contains(&("European Commission".into(), MentionType::Org)), "{found:?}");
        assert!(found.contains(&("Trump".into(), MentionType::Per)), "{found:?}");
        assert!(found.contains(&("Moscow".into(), MentionType::Loc)), "{found:?}");
        assert!(found.iter().any(|(t, k)| t == "President" && *k == MentionType::Role), "{found:?}");
        assert!(!found.iter().any(|(t, _)| t.contains("Friday") || t == "The"), "{found:?}");
    }

    #[test]
    fn roles_link_to_the_person_after_them() {
        let text = "Prime Minister Merike Soovald arrived.";
        let sentences = crate::segment::sentences(text, Some("en"));
        let found = mentions(text, &sentences);
        let role = found.iter().find(|m| m.kind == MentionType::Role).expect("a role");
        assert_eq!(role.text, "Prime Minister");
        let person = &found[role.role_of.expect("linked")];
        assert_eq!(person.text, "Merike Soovald");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in ["", "'s", "A", "Of of Of", "’s’s", "İİ İ", "\"\"", "X-", "and And AND"] {
            let sentences = crate::segment::sentences(text, Some("en"));
            let _ = mentions(text, &sentences);
        }
    }
}
#[cfg(test)]
mod place_tests {
    use super::*;
    #[test]
    fn unknown_places_by_head_and_demonym() {
        let text = "Both countries claim an island in the Vaskna Delta, near the Kalvonian coast. Officials in Kalvonia agreed.";
        let sentences = crate::segment::sentences(text, Some("en"));
        let found: Vec<(String, MentionType)> =
            mentions(text, &sentences).into_iter().map(|m| (m.text, m.kind)).collect();
        assert!(found.contains(&("Vaskna Delta".into(), MentionType::Loc)), "{found:?}");
        assert!(found.contains(&("Kalvonia".into(), MentionType::Loc)), "{found:?}");
    }
}
