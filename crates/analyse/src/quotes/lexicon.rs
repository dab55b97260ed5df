//! The quote rule files (`rules/quotes/*.cues`), parsed into word sets.
//!
//! Every word is stored lower-cased; lookups lower-case the token first, so
//! the files need not list capitalised variants. The format is documented in
//! `rules/quotes/README.md`.

use rustc_hash::{FxHashMap, FxHashSet};

/// What a cue word announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueClass {
    /// A speech verb: attributes direct quotes and introduces reported speech.
    Speech,
    /// A thought verb: introduces reported speech only.
    Thought,
    /// A speech-event noun or verb counted only by `cue_tokens`.
    Event,
}

/// How a subject pronoun resolves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PronounClass {
    /// Third person: resolves to the nearest preceding person mention.
    Person,
    /// The speaker or writer ("ich", "we"): never resolved.
    SelfRef,
    /// Generic ("man", "they"): never resolved.
    Generic,
    /// Impersonal ("hieß es"): no speaker at all.
    Impersonal,
}

/// One cue word form and the separable particles its verb may take.
#[derive(Clone, Debug)]
pub struct CueEntry {
    /// Speech, thought or event.
    pub class: CueClass,
    /// Separated particles ("ab" of "lehnte … ab"), lower-cased.
    pub particles: Vec<String>,
}

/// The parsed rules of one language, or of several merged.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Cue word forms.
    pub cues: FxHashMap<String, CueEntry>,
    /// Reporting particles after a quote ("so").
    pub so: FxHashSet<String>,
    /// Subject pronouns.
    pub pronouns: FxHashMap<String, PronounClass>,
    /// Articles, possessives and quantifiers that open a noun phrase.
    pub determiners: FxHashSet<String>,
    /// Definite articles: a role phrase with one refers back to the person last named.
    pub definite_articles: FxHashSet<String>,
    /// Coordinating conjunctions: a comma before one ends a reported clause.
    pub coordinators: FxHashSet<String>,
    /// Prepositions: a noun phrase after one is no subject.
    pub prepositions: FxHashSet<String>,
    /// Adverbs allowed between a cue and its subject.
    pub skip: FxHashSet<String>,
    /// Capitalised sentence openers that are never a speaker.
    pub not_subject: FxHashSet<String>,
    /// Words that open a reported clause ("dass", "that").
    pub complementizers: FxHashSet<String>,
    /// Konjunktiv I forms: they mark reported speech on their own.
    pub subjunctive: FxHashSet<String>,
    /// Konjunktiv II forms: they mark reported speech only after a cue.
    pub subjunctive_weak: FxHashSet<String>,
    /// Auxiliaries that make a participle cue passive ("gesprochen werde").
    pub passive: FxHashSet<String>,
    /// Multi-word source markers before the source, as lower-cased word lists.
    pub attribution_before: Vec<Vec<String>>,
    /// Source markers after the source.
    pub attribution_after: FxHashSet<String>,
    /// `nach dpa-Informationen`: preposition and the compound's last part.
    pub attribution_compound: Vec<(String, String)>,
    /// Whether German noun capitalisation applies (capitalised mid-sentence
    /// words are nouns, never verb cues).
    pub capitalised_nouns: bool,
}

impl Lexicon {
    /// Parses one rule file into `self` (so several files merge); `name` is for messages.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), String> {
        let mut section = String::new();
        let mut suffixes: Vec<String> = Vec::new();
        let mut participle: Option<String> = None;
        for (number, raw_line) in text.lines().enumerate() {
            let line = raw_line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let Some(title) = rest.strip_suffix(']') else {
                    return Err(format!("{name}:{}: unclosed section header", number + 1));
                };
                section = title.trim().to_string();
                continue;
            }
            let lower = line.to_lowercase();
            let words = || lower.split_whitespace().map(str::to_string);
            match section.as_str() {
                "suffixes" => suffixes.extend(words()),
                "participle" => participle = Some(lower.clone()),
                "cues" | "thought" | "events" => {
                    let class = match section.as_str() {
                        "cues" => CueClass::Speech,
                        "thought" => CueClass::Thought,
                        _ => CueClass::Event,
                    };
                    self.add_cue_line(&lower, class, &suffixes, participle.as_deref());
                }
                "so" => self.so.extend(words()),
                "pronouns" => {
                    let mut items = lower.split_whitespace();
                    let class = match items.next() {
                        Some("person") => PronounClass::Person,
                        Some("self") => PronounClass::SelfRef,
                        Some("generic") => PronounClass::Generic,
                        Some("impersonal") => PronounClass::Impersonal,
                        other => {
                            return Err(format!("{name}:{}: unknown pronoun class {other:?}", number + 1));
                        }
                    };
                    for word in items {
                        self.pronouns.insert(word.to_string(), class);
                    }
                }
                "determiners" => self.determiners.extend(words()),
                "prepositions" => self.prepositions.extend(words()),
                "definite_articles" => self.definite_articles.extend(words()),
                "coordinators" => self.coordinators.extend(words()),
                "skip" => self.skip.extend(words()),
                "not_subject" => self.not_subject.extend(words()),
                "complementizers" => self.complementizers.extend(words()),
                "subjunctive" => self.subjunctive.extend(words()),
                "subjunctive_weak" => self.subjunctive_weak.extend(words()),
                "passive" => self.passive.extend(words()),
                "attribution_before" => self.attribution_before.push(words().collect()),
                "attribution_after" => self.attribution_after.extend(words()),
                "attribution_compound" => {
                    let parts: Vec<String> = words().collect();
                    match parts.as_slice() {
                        [preposition, last] => {
                            self.attribution_compound.push((preposition.clone(), last.clone()))
                        }
                        _ => return Err(format!("{name}:{}: expected `preposition part`", number + 1)),
                    }
                }
                "" => return Err(format!("{name}:{}: entry outside a section", number + 1)),
                other => return Err(format!("{name}:{}: unknown section [{other}]", number + 1)),
            }
        }
        // Longest markers first, so "nach Angaben von" wins over "nach Angaben".
        self.attribution_before.sort_by_key(|marker| std::cmp::Reverse(marker.len()));
        self.attribution_before.retain(|marker| !marker.is_empty());
        Ok(())
    }

    /// One cue line: forms (`stem+` expands), `-form` removes, `| particle` at the end.
    fn add_cue_line(&mut self, line: &str, class: CueClass, suffixes: &[String], participle: Option<&str>) {
        let (forms_part, particle) = match line.split_once('|') {
            Some((forms, particle)) => (forms, Some(particle.trim().to_string())),
            None => (line, None),
        };
        let mut forms: Vec<String> = Vec::new();
        let mut removed: Vec<&str> = Vec::new();
        for item in forms_part.split_whitespace() {
            if let Some(gone) = item.strip_prefix('-') {
                removed.push(gone);
            } else if let Some(stem) = item.strip_suffix('+') {
                forms.push(stem.to_string());
                for suffix in suffixes {
                    // "state+" + "ed" is "stated", not "stateed".
                    let joined = if stem.ends_with('e') && suffix.starts_with('e') {
                        format!("{stem}{}", &suffix[1..])
                    } else {
                        format!("{stem}{suffix}")
                    };
                    forms.push(joined);
                }
                if let Some(pattern) = participle.filter(|p| p.contains('*')) {
                    forms.push(pattern.replace('*', stem));
                }
            } else {
                forms.push(item.to_string());
            }
        }
        for form in forms {
            if removed.contains(&form.as_str()) || form.is_empty() {
                continue;
            }
            let entry = self.cues.entry(form).or_insert(CueEntry { class, particles: Vec::new() });
            // A form listed both as speech and as event keeps the stronger class.
            if class_rank(class) > class_rank(entry.class) {
                entry.class = class;
            }
            if let Some(particle) = particle.as_ref().filter(|p| !p.is_empty()) {
                if !entry.particles.contains(particle) {
                    entry.particles.push(particle.clone());
                }
            }
        }
    }
}

fn class_rank(class: CueClass) -> u8 {
    match class {
        CueClass::Speech => 2,
        CueClass::Thought => 1,
        CueClass::Event => 0,
    }
}
