//! The grammar loader: turns the line-based rule files under `rules/time/`
//! into lexicon entries, rules, vetoes and tense cues.
//!
//! The format is documented in `rules/time/README.md`; every error names the
//! file and line so a broken grammar is fixed in seconds.

use super::GrammarError;
use rustc_hash::FxHashMap as HashMap;

/// A slot of the semantic frame a match fills. Names are the keys used in
/// grammar files (`y=`, `m=`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    Year,
    Year2,
    Month,
    Day,
    Weekday,
    Week,
    Season,
    Quarter,
    Half,
    Decade,
    Century,
    Hour,
    Minute,
    Pm,
    DayPart,
    Number,
    Unit,
    Shift,
    Direction,
    Reference,
    Modifier,
    Anchor,
    Since,
    Easter,
    Split,
    BeforeChrist,
    Day2,
    Month2,
    Year2nd,
    Century2,
    /// The second count of a range split in two ("18 – 35 Jahren").
    Number2,
    Clock,
    Fraction,
}

/// Number of [`Field`] variants, for fixed-size frames.
pub(crate) const FIELD_COUNT: usize = 33;

impl Field {
    fn parse(name: &str) -> Option<Field> {
        Some(match name {
            "y" => Field::Year,
            "y2" => Field::Year2,
            "m" => Field::Month,
            "d" => Field::Day,
            "wd" => Field::Weekday,
            "w" => Field::Week,
            "season" => Field::Season,
            "q" => Field::Quarter,
            "half" => Field::Half,
            "decade" => Field::Decade,
            "century" => Field::Century,
            "h" => Field::Hour,
            "min" => Field::Minute,
            "pm" => Field::Pm,
            "part" => Field::DayPart,
            "n" => Field::Number,
            "unit" => Field::Unit,
            "shift" => Field::Shift,
            "dir" => Field::Direction,
            "ref" => Field::Reference,
            "mod" => Field::Modifier,
            "anchor" => Field::Anchor,
            "since" => Field::Since,
            "easter" => Field::Easter,
            "split" => Field::Split,
            "bc" => Field::BeforeChrist,
            "d2" => Field::Day2,
            "m2" => Field::Month2,
            "yb" => Field::Year2nd,
            "c2" => Field::Century2,
            "n2" => Field::Number2,
            "hm" => Field::Clock,
            "frac" => Field::Fraction,
            _ => return None,
        })
    }

    /// Position in a frame array.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// A field value: a number, a word (`SU`, `END`, `past`), or a reference to
/// another field's number, possibly negated (`shift=-n`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Value {
    Number(f64),
    /// Borrowed from the grammar source, which is compiled in (`'static`),
    /// so frames copy without allocating.
    Word(&'static str),
    FieldRef {
        field: Field,
        negate: bool,
    },
}

/// Assignments carried by a lexicon entry or a rule action.
pub(crate) type Assignments = Vec<(Field, Value)>;

/// One meaning of a word form: its class and what it assigns.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub class: u16,
    pub fields: Assignments,
}

/// One way a pattern element can match a single token.
#[derive(Clone, Debug)]
pub(crate) enum Atom {
    /// The token, lower-cased, equals this.
    Literal(Box<str>),
    /// The token has an entry of this class: its fields are merged, or, with
    /// a target field (`@month=m2`), its first number goes there instead.
    Class(u16, Option<Field>),
    /// An all-digit token whose value is in the range (and, if set, has exactly this many digits).
    Digits { low: u32, high: u32, width: Option<u8>, field: Option<Field> },
    /// A capitalised word with no lexicon entry that does not start a line or sentence.
    Name,
    /// Any token.
    Any,
}

/// One position of a pattern.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub atoms: Vec<Atom>,
    pub optional: bool,
    /// Must follow the previous token without whitespace.
    pub glued: bool,
    /// Negated: matches one token that matches none of the atoms, or nothing at a line start/end.
    pub negated: bool,
    /// Part of a veto's focus (the tokens that may not be time expressions).
    pub focus: bool,
    /// Context only: must match but is not part of the expression's span.
    pub context: bool,
    /// The token must be capitalised (`X^`): "65-Jährige" is an age, "zweijährige" a duration.
    pub capital: bool,
    /// The token must be lower-case (`X_`): "may" the modal verb, "the march".
    pub lower: bool,
}

/// The TIMEX3 type a rule produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Date,
    Time,
    Duration,
    Set,
}

/// A pattern with what it produces.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub elements: Vec<Element>,
    pub kind: Kind,
    pub action: Assignments,
    /// File and line the rule came from; shown by `{:?}` when a rule misbehaves.
    #[allow(dead_code)]
    pub origin: (&'static str, usize),
}

/// Tense cues of one language.
#[derive(Clone, Debug, Default)]
pub(crate) struct TenseCues {
    pub words: HashMap<String, Tense>,
    /// (suffix, minimum word length, tense): for lower-case words only.
    pub suffixes: Vec<(String, usize, Tense)>,
    /// Words (articles, determiners) after which a word the suffix rule
    /// would read as a verb is an attributive adjective ("die absolute
    /// Mehrheit", "the armed forces"): no cue.
    pub attributive: rustc_hash::FxHashSet<String>,
}

/// The grammatical tense of a sentence region, as far as cues tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// Past (Präteritum, Perfekt, Plusquamperfekt; English past and perfect).
    Past,
    /// Present (or no cue).
    Present,
    /// Future (werden, sollen, planen; will, going to).
    Future,
}

/// A fully loaded grammar for one language (the neutral grammar merged in).
#[derive(Debug, Default)]
pub(crate) struct Grammar {
    pub words: HashMap<String, Vec<Entry>>,
    /// Entries for word endings (forms written `-krieg`): a word without
    /// entries of its own that ends so ("Befreiungskrieg") takes them.
    pub suffixes: Vec<(String, Vec<Entry>)>,
    /// The last two bytes of every ending: a word ending otherwise is not scanned.
    pub suffix_tails: rustc_hash::FxHashSet<[u8; 2]>,
    pub class_names: Vec<String>,
    pub rules: Vec<Rule>,
    pub vetoes: Vec<Rule>,
    pub tense: TenseCues,
    /// Rules by the literal or class of a token that can start them.
    pub by_literal: HashMap<String, Vec<usize>>,
    pub by_class: HashMap<u16, Vec<usize>>,
    pub by_digits: Vec<usize>,
    pub by_any: Vec<usize>,
    /// Vetoes by the token that can start them, like the rules.
    pub veto_starts: StartIndex,
}

/// Patterns by the literal, class or digits of a token that can start them,
/// so that each token tries only the patterns it can begin.
#[derive(Debug, Default)]
pub(crate) struct StartIndex {
    pub by_literal: HashMap<String, Vec<usize>>,
    pub by_class: HashMap<u16, Vec<usize>>,
    pub by_digits: Vec<usize>,
    pub by_any: Vec<usize>,
}

impl StartIndex {
    fn build(patterns: &[Rule]) -> StartIndex {
        let mut index = StartIndex::default();
        for (number, pattern) in patterns.iter().enumerate() {
            // Every element up to and including the first required one can start a match.
            for element in &pattern.elements {
                for atom in &element.atoms {
                    if element.negated {
                        index.by_any.push(number);
                        continue;
                    }
                    match atom {
                        Atom::Literal(word) => {
                            index.by_literal.entry(word.to_string()).or_default().push(number)
                        }
                        Atom::Class(class, _) => index.by_class.entry(*class).or_default().push(number),
                        Atom::Digits { .. } => index.by_digits.push(number),
                        Atom::Name | Atom::Any => index.by_any.push(number),
                    }
                }
                if !element.optional {
                    break;
                }
            }
        }
        for list in index.by_literal.values_mut().chain(index.by_class.values_mut()) {
            list.dedup();
        }
        index.by_digits.dedup();
        index.by_any.dedup();
        index
    }
}

/// Upper bound on forms a compound directive may generate, so a grammar typo
/// cannot blow up memory.
const MAX_COMPOUND_FORMS: usize = 20_000;

impl Grammar {
    /// Parses the grammar files in order (later files add to earlier ones).
    pub(crate) fn load(files: &[(&'static str, &'static str)]) -> Result<Grammar, GrammarError> {
        let mut grammar = Grammar::default();
        // Class forms kept in order for compound generation.
        let mut class_forms: HashMap<u16, Vec<(String, Assignments)>> = HashMap::default();
        for (file, source) in files {
            let mut section = Section::None;
            for (number, raw) in source.lines().enumerate() {
                let line_no = number + 1;
                let err =
                    |message: String| GrammarError { file: (*file).to_string(), line: line_no, message };
                let line = strip_comment(raw).trim();
                if line.is_empty() {
                    continue;
                }
                // A veto such as `[x] [y]` also starts and ends with brackets: a
                // header is recognised by its keyword.
                let header = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')).filter(|h| {
                    matches!(
                        h.split_whitespace().next(),
                        Some("class" | "compound" | "rules" | "vetoes" | "tense")
                    ) || !h.contains(']')
                });
                if let Some(header) = header {
                    section = parse_header(&mut grammar, &mut class_forms, header.trim()).map_err(err)?;
                    continue;
                }
                match section {
                    Section::None => return Err(err("text before the first [section]".into())),
                    Section::Class(class) => {
                        let (forms, fields) = match line.split_once(':') {
                            Some((forms, fields)) => (forms, parse_assignments(fields).map_err(err)?),
                            None => (line, Vec::new()),
                        };
                        for form in forms.split_whitespace() {
                            let form = form.to_lowercase();
                            grammar.add_word(&form, class, fields.clone());
                            class_forms.entry(class).or_default().push((form, fields.clone()));
                        }
                    }
                    Section::Rules => {
                        let rule = parse_rule(&mut grammar, line, file, line_no, false).map_err(err)?;
                        grammar.rules.push(rule);
                    }
                    Section::Vetoes => {
                        let rule = parse_rule(&mut grammar, line, file, line_no, true).map_err(err)?;
                        if !rule.elements.iter().any(|e| e.focus) {
                            return Err(err("a veto needs a [focus] element".into()));
                        }
                        grammar.vetoes.push(rule);
                    }
                    Section::Tense => parse_tense(&mut grammar.tense, line).map_err(err)?,
                }
            }
        }
        grammar.build_index();
        Ok(grammar)
    }

    fn add_word(&mut self, form: &str, class: u16, fields: Assignments) {
        // "-krieg": an ending (a lone "-" or "--" is the dash itself).
        if let Some(ending) =
            form.strip_prefix('-').filter(|e| e.chars().count() >= 2 && e.chars().all(char::is_alphabetic))
        {
            let position = match self.suffixes.iter().position(|(s, _)| s == ending) {
                Some(position) => position,
                None => {
                    if let [.., a, b] = ending.as_bytes() {
                        self.suffix_tails.insert([*a, *b]);
                    }
                    self.suffixes.push((ending.to_string(), Vec::new()));
                    self.suffixes.len() - 1
                }
            };
            if let Some((_, entries)) = self.suffixes.get_mut(position) {
                if !entries.iter().any(|e| e.class == class && e.fields == fields) {
                    entries.push(Entry { class, fields });
                }
            }
            return;
        }
        let entries = self.words.entry(form.to_string()).or_default();
        if !entries.iter().any(|e| e.class == class && e.fields == fields) {
            entries.push(Entry { class, fields });
        }
    }

    /// The id of a class, created on first use.
    fn class_id(&mut self, name: &str) -> u16 {
        if let Some(index) = self.class_names.iter().position(|n| n == name) {
            return index as u16;
        }
        self.class_names.push(name.to_string());
        (self.class_names.len() - 1) as u16
    }

    fn known_class(&self, name: &str) -> Option<u16> {
        self.class_names.iter().position(|n| n == name).map(|i| i as u16)
    }

    fn build_index(&mut self) {
        let rules = StartIndex::build(&self.rules);
        self.by_literal = rules.by_literal;
        self.by_class = rules.by_class;
        self.by_digits = rules.by_digits;
        self.by_any = rules.by_any;
        self.veto_starts = StartIndex::build(&self.vetoes);
    }
}

enum Section {
    None,
    Class(u16),
    Rules,
    Vetoes,
    Tense,
}

fn strip_comment(line: &str) -> &str {
    // `#` starts a comment only at the line start or after whitespace, so `#` is usable nowhere else.
    let mut previous_space = true;
    for (i, ch) in line.char_indices() {
        if ch == '#' && previous_space {
            return &line[..i];
        }
        previous_space = ch.is_whitespace();
    }
    line
}

fn parse_header(
    grammar: &mut Grammar,
    class_forms: &mut HashMap<u16, Vec<(String, Assignments)>>,
    header: &'static str,
) -> Result<Section, String> {
    let mut words = header.split_whitespace();
    match words.next() {
        Some("class") => {
            let name = words.next().ok_or("[class NAME] needs a name")?;
            Ok(Section::Class(grammar.class_id(name)))
        }
        Some("rules") => Ok(Section::Rules),
        Some("vetoes") => Ok(Section::Vetoes),
        Some("tense") => Ok(Section::Tense),
        Some("compound") => {
            // [compound NAME = part part …]: every concatenation of the parts' forms.
            let name = words.next().ok_or("[compound NAME = …] needs a name")?;
            if words.next() != Some("=") {
                return Err("expected `=` after the compound name".into());
            }
            let mut combos: Vec<(String, Assignments)> = vec![(String::new(), Vec::new())];
            let mut parts = 0;
            for part in words {
                parts += 1;
                let (part, optional) = match part.strip_suffix('?') {
                    Some(p) => (p, true),
                    None => (part, false),
                };
                let options: Vec<(String, Assignments)> = if let Some(class) = part.strip_prefix('@') {
                    let id = grammar.known_class(class).ok_or_else(|| format!("unknown class @{class}"))?;
                    class_forms.get(&id).cloned().unwrap_or_default()
                } else {
                    vec![(part.to_lowercase(), Vec::new())]
                };
                let mut next = Vec::new();
                for (prefix, fields) in &combos {
                    if optional {
                        next.push((prefix.clone(), fields.clone()));
                    }
                    for (form, extra) in &options {
                        next.push((format!("{prefix}{form}"), merge_sum(fields, extra)));
                    }
                }
                if next.len() > MAX_COMPOUND_FORMS {
                    return Err(format!("compound generates more than {MAX_COMPOUND_FORMS} forms"));
                }
                combos = next;
            }
            if parts < 2 {
                return Err("a compound needs at least two parts".into());
            }
            let class = grammar.class_id(name);
            for (form, fields) in combos {
                if !form.is_empty() {
                    grammar.add_word(&form, class, fields.clone());
                    class_forms.entry(class).or_default().push((form, fields));
                }
            }
            Ok(Section::None)
        }
        _ => Err(format!("unknown section [{header}]")),
    }
}

/// Merges two assignment lists; numbers in `n` add up ("drei" + "einhalb").
fn merge_sum(left: &Assignments, right: &Assignments) -> Assignments {
    let mut out = left.clone();
    for (field, value) in right {
        match (out.iter_mut().find(|(f, _)| f == field), value) {
            (Some((Field::Number, Value::Number(a))), Value::Number(b)) => *a += b,
            (Some(slot), _) => slot.1 = *value,
            (None, _) => out.push((*field, *value)),
        }
    }
    out
}

pub(crate) fn parse_assignments(text: &'static str) -> Result<Assignments, String> {
    let mut out = Vec::new();
    for item in text.split_whitespace() {
        let (key, value) = item.split_once('=').ok_or_else(|| format!("expected key=value, got `{item}`"))?;
        let field = Field::parse(key).ok_or_else(|| format!("unknown field `{key}`"))?;
        let value = if let Ok(number) = value.parse::<f64>() {
            Value::Number(number)
        } else if let Some(reference) = value.strip_prefix('-').and_then(Field::parse) {
            Value::FieldRef { field: reference, negate: true }
        } else if let Some(reference) = value.strip_prefix('$').or(Some(value)).and_then(Field::parse) {
            // `shift=n` / `q=$n`: the number another element assigned.
            Value::FieldRef { field: reference, negate: false }
        } else if value.is_empty() {
            return Err(format!("empty value for `{key}`"));
        } else {
            Value::Word(value)
        };
        out.push((field, value));
    }
    Ok(out)
}

fn parse_rule(
    grammar: &mut Grammar,
    line: &'static str,
    file: &'static str,
    line_no: usize,
    veto: bool,
) -> Result<Rule, String> {
    let (pattern, action) = match line.split_once("=>") {
        Some((p, a)) => (p, Some(a)),
        None => (line, None),
    };
    let (kind, action) = match (veto, action) {
        (true, None) => (Kind::Date, Vec::new()),
        (true, Some(_)) => return Err("a veto has no `=> action`".into()),
        (false, None) => return Err("a rule needs `=> TYPE …`".into()),
        (false, Some(action)) => {
            let action = action.trim();
            let (head, rest) = action.split_once(char::is_whitespace).unwrap_or((action, ""));
            let kind = match head {
                "DATE" => Kind::Date,
                "TIME" => Kind::Time,
                "DURATION" => Kind::Duration,
                "SET" => Kind::Set,
                _ => return Err(format!("unknown type `{head}` (DATE, TIME, DURATION, SET)")),
            };
            (kind, parse_assignments(rest)?)
        }
    };
    let mut elements = Vec::new();
    for spec in pattern.split_whitespace() {
        elements.push(parse_element(grammar, spec)?);
    }
    if elements.is_empty() {
        return Err("empty pattern".into());
    }
    if elements.iter().all(|e| e.optional || e.negated) {
        return Err("a pattern needs at least one required, positive element".into());
    }
    if !veto && (elements.first().is_some_and(|e| e.negated) || elements.last().is_some_and(|e| e.negated)) {
        return Err("rules may use !negations only between other elements".into());
    }
    Ok(Rule { elements, kind, action, origin: (file, line_no) })
}

fn parse_element(grammar: &mut Grammar, spec: &str) -> Result<Element, String> {
    let mut rest = spec;
    let mut element = Element {
        atoms: Vec::new(),
        optional: false,
        glued: false,
        negated: false,
        focus: false,
        context: false,
        capital: false,
        lower: false,
    };
    if let Some(r) = rest.strip_prefix('~') {
        if !r.is_empty() {
            element.context = true;
            rest = r;
        }
    }
    if let Some(r) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        element.focus = true;
        rest = r;
    }
    if let Some(r) = rest.strip_prefix('+') {
        if !r.is_empty() {
            element.glued = true;
            rest = r;
        }
    }
    if let Some(r) = rest.strip_prefix('!') {
        if !r.is_empty() {
            element.negated = true;
            rest = r;
        }
    }
    if let Some(r) = rest.strip_suffix('?') {
        if !r.is_empty() {
            element.optional = true;
            rest = r;
        }
    }
    if let Some(r) = rest.strip_suffix('^') {
        if !r.is_empty() {
            element.capital = true;
            rest = r;
        }
    }
    if let Some(r) = rest.strip_suffix('_') {
        if !r.is_empty() {
            element.lower = true;
            rest = r;
        }
    }
    for alternative in split_alternatives(rest) {
        element.atoms.push(parse_atom(grammar, alternative)?);
    }
    if element.atoms.is_empty() {
        return Err(format!("empty element `{spec}`"));
    }
    Ok(element)
}

/// Splits `a|b|{1..9}=d` on `|`, keeping a lone `|` literal out of scope (never needed).
fn split_alternatives(text: &str) -> impl Iterator<Item = &str> {
    text.split('|').filter(|s| !s.is_empty())
}

fn parse_atom(grammar: &mut Grammar, text: &str) -> Result<Atom, String> {
    if let Some(class) = text.strip_prefix('@') {
        let (class, target) = match class.split_once('=') {
            Some((class, field)) => {
                (class, Some(Field::parse(field).ok_or_else(|| format!("unknown field `{field}`"))?))
            }
            None => (class, None),
        };
        let id = grammar.known_class(class).ok_or_else(|| format!("unknown class @{class}"))?;
        return Ok(Atom::Class(id, target));
    }
    if text == "^name" {
        return Ok(Atom::Name);
    }
    if text == "*" {
        return Ok(Atom::Any);
    }
    if let Some(body) = text.strip_prefix('{') {
        // {low..high}, {low..high:width}, optionally followed by =field
        let (range, field) = match body.split_once('}') {
            Some((range, after)) => {
                let field = match after.strip_prefix('=') {
                    Some(name) => Some(Field::parse(name).ok_or_else(|| format!("unknown field `{name}`"))?),
                    None if after.is_empty() => None,
                    None => return Err(format!("unexpected `{after}` after a digit range")),
                };
                (range, field)
            }
            None => return Err(format!("unclosed digit range `{text}`")),
        };
        let (range, width) = match range.split_once(':') {
            Some((r, w)) => (r, Some(w.parse::<u8>().map_err(|_| format!("bad width in `{text}`"))?)),
            None => (range, None),
        };
        let (low, high) =
            range.split_once("..").ok_or_else(|| format!("expected {{low..high}} in `{text}`"))?;
        let low = low.parse::<u32>().map_err(|_| format!("bad number in `{text}`"))?;
        let high = high.parse::<u32>().map_err(|_| format!("bad number in `{text}`"))?;
        return Ok(Atom::Digits { low, high, width, field });
    }
    if text.contains(['=', '{', '}', '[', ']', '@', '~', '?']) {
        return Err(format!("malformed element `{text}`"));
    }
    Ok(Atom::Literal(text.to_lowercase().into()))
}

fn parse_tense(cues: &mut TenseCues, line: &str) -> Result<(), String> {
    let mut words = line.split_whitespace();
    let head = words.next().unwrap_or_default();
    let (tense, suffix) = match head {
        "past:" => (Tense::Past, false),
        "future:" => (Tense::Future, false),
        "present:" => (Tense::Present, false),
        "past-suffix:" => (Tense::Past, true),
        "future-suffix:" => (Tense::Future, true),
        "attributive:" => {
            cues.attributive.extend(words.map(str::to_lowercase));
            return Ok(());
        }
        _ => {
            return Err(format!(
                "unknown tense line `{head}` (past:, future:, present:, past-suffix:, future-suffix:, attributive:)"
            ))
        }
    };
    for word in words {
        if suffix {
            // suffix/minlength, e.g. `ed/5`
            let (text, min) = word.split_once('/').ok_or("suffix cues are written SUFFIX/MINLENGTH")?;
            let min = min.parse::<usize>().map_err(|_| format!("bad minimum length in `{word}`"))?;
            cues.suffixes.push((text.to_lowercase(), min, tense));
        } else {
            cues.words.insert(word.to_lowercase(), tense);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(source: &'static str) -> Result<Grammar, GrammarError> {
        Grammar::load(&[("test.rules", source)])
    }

    #[test]
    fn shipped_grammars_load() {
        for files in [
            &[super::super::NEUTRAL][..],
            &[super::super::NEUTRAL, super::super::GERMAN],
            &[super::super::NEUTRAL, super::super::ENGLISH],
        ] {
            let grammar = Grammar::load(files).expect("grammar loads");
            assert!(!grammar.rules.is_empty());
        }
    }

    #[test]
    fn errors_name_file_and_line() {
        let error = load("[class month]\nmai : m=5\n\n[rules]\n@mont => DATE\n").unwrap_err();
        assert_eq!((error.file.as_str(), error.line), ("test.rules", 5));
        assert!(error.message.contains("@mont"), "{}", error.message);
        assert_eq!(load("stray text\n").unwrap_err().line, 1);
        assert!(load("[rules]\nmai => WHEN\n").unwrap_err().message.contains("WHEN"));
        assert!(load("[class x]\na : nofield=1\n").unwrap_err().message.contains("nofield"));
        assert!(load("[rules]\n{1..x}=d => DATE\n").is_err());
        assert!(load("[vetoes]\nmai\n").unwrap_err().message.contains("focus"));
        assert!(load("[rules]\nmai? => DATE\n").is_err());
        assert!(load("[nonsense]\n").is_err());
    }

    #[test]
    fn endings_and_attributive_words_are_read() {
        let grammar =
            load("[class span]\nkrieg -krieg - : unit=Y\n[tense]\nattributive: Der die\n").expect("loads");
        // "-krieg" is an ending; a lone "-" stays the dash itself.
        assert_eq!(grammar.suffixes.len(), 1);
        assert_eq!(grammar.suffixes[0].0, "krieg");
        assert!(grammar.words.contains_key("krieg") && grammar.words.contains_key("-"));
        assert!(grammar.tense.attributive.contains("der") && grammar.tense.attributive.contains("die"));
    }

    #[test]
    fn compounds_combine_forms_and_add_numbers() {
        let grammar = load(
            "[class ones]\ndrei : n=3\nzwei : n=2\n[class half]\neinhalb : n=0.5\n[compound halves = @ones @half]\n",
        )
        .expect("loads");
        let entries = grammar.words.get("dreieinhalb").expect("generated");
        assert_eq!(entries[0].fields, vec![(Field::Number, Value::Number(3.5))]);
        assert!(grammar.words.contains_key("zweieinhalb"));
    }

    #[test]
    fn comments_and_field_references() {
        let grammar =
            load("[rules]  # rules follow\nvor {1..99}=n jahren => DATE unit=Y shift=-n  # a comment\n")
                .expect("loads");
        assert_eq!(
            grammar.rules[0].action[1],
            (Field::Shift, Value::FieldRef { field: Field::Number, negate: true })
        );
    }
}
