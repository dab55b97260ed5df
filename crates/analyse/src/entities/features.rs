//! Token features for the entity tagger, hashed to 64-bit ids.
//!
//! Every feature is a template number plus a string (the word, its suffix,
//! its shape, a neighbour, a lexicon class, a word-class path prefix…),
//! hashed with FNV-1a so that a model trained on one machine means the same
//! on any other (no per-process hash seeds). The model keeps weights only for
//! ids it saw in training.

/// What the lexicons and word classes say about one token; computed once per
/// token by the tagger and read by the feature templates of its neighbours too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenInfo {
    /// Lexicon membership bits (`lexicon::LexiconTags`).
    pub lexicon: u32,
    /// Distributional word-class path, MSB-first, and its length; `len == 0` when unknown.
    pub class_bits: u64,
    /// Length of `class_bits`.
    pub class_len: u8,
    /// Frequency bucket of the lower-cased word (0 = unknown).
    pub frequency: u8,
    /// Lexicon bits of the parts of a hyphenated compound ("Nato-Gipfel",
    /// "Trump-Putin-Deal"), which GermEval tags as `-part` names.
    pub part_lexicon: u32,
    /// Packed context profile of a capitalised word
    /// ([`profiles::ContextProfiles::buckets`](super::profiles::ContextProfiles::buckets)),
    /// [`profiles::NO_PROFILE`](super::profiles::NO_PROFILE) for a word without one;
    /// 0 (no feature) unless an experiment switched profiles on.
    pub profile: u64,
}

/// FNV-1a, 64 bit: stable across platforms and releases.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new(template: u8) -> Fnv {
        Fnv(Fnv::OFFSET).byte(template)
    }

    fn byte(self, byte: u8) -> Fnv {
        Fnv((self.0 ^ u64::from(byte)).wrapping_mul(Fnv::PRIME))
    }

    fn bytes(mut self, bytes: &[u8]) -> Fnv {
        for &byte in bytes {
            self = self.byte(byte);
        }
        self
    }

    fn u64(self, value: u64) -> Fnv {
        self.bytes(&value.to_le_bytes())
    }
}

/// Feature ids of every token of a sentence, reusing buffers across calls.
#[derive(Debug, Default)]
pub struct FeatureExtractor {
    lower: Vec<String>,
    shapes: Vec<String>,
    short_shapes: Vec<String>,
    quoted: Vec<bool>,
}

/// Templates; the numbers are part of the model format, so never reuse one.
mod template {
    pub const BIAS: u8 = 0;
    pub const WORD: u8 = 1;
    pub const LOWER: u8 = 2;
    pub const PREFIX: u8 = 3;
    pub const SUFFIX: u8 = 4;
    pub const SHAPE: u8 = 5;
    pub const SHORT_SHAPE: u8 = 6;
    pub const FLAGS: u8 = 7;
    pub const PREV_LOWER: u8 = 8;
    pub const NEXT_LOWER: u8 = 9;
    pub const PREV2_LOWER: u8 = 10;
    pub const NEXT2_LOWER: u8 = 11;
    pub const PREV_SHAPE: u8 = 12;
    pub const NEXT_SHAPE: u8 = 13;
    pub const PREV_BIGRAM: u8 = 14;
    pub const NEXT_BIGRAM: u8 = 15;
    pub const HYPHEN_FIRST: u8 = 16;
    pub const HYPHEN_LAST: u8 = 17;
    pub const SHAPE_TRIGRAM: u8 = 18;
    pub const LEXICON: u8 = 19;
    pub const PREV_LEXICON: u8 = 20;
    pub const NEXT_LEXICON: u8 = 21;
    pub const CLASS: u8 = 22;
    pub const PREV_CLASS: u8 = 23;
    pub const NEXT_CLASS: u8 = 24;
    pub const FREQUENCY: u8 = 25;
    pub const LEXICON_SHAPE: u8 = 26;
    pub const QUOTED: u8 = 27;
    pub const HYPHEN_FIRST_LEXICON: u8 = 28;
    pub const WORD_SUFFIX_LENGTH: u8 = 29;
    pub const EXTRA: u8 = 30;
    pub const PART_LEXICON: u8 = 31;
    pub const PROFILE: u8 = 32;
}

/// Lexicon bits that are worth a feature of their own (all of the low 16).
const LEXICON_BITS: u32 = 0xffff;
/// Bits that mark the position inside a multi-token lexicon match.
const MATCH_POSITION_BITS: u32 = 0x3_0000;

impl FeatureExtractor {
    /// A new extractor with empty buffers.
    pub fn new() -> FeatureExtractor {
        FeatureExtractor::default()
    }

    /// Appends the feature ids of every token to `out` (one `Vec` per token,
    /// cleared first). `info` must have one entry per token.
    pub fn sentence(&mut self, tokens: &[&str], info: &[TokenInfo], out: &mut Vec<Vec<u64>>) {
        self.prepare(tokens);
        out.resize_with(tokens.len(), Vec::new);
        out.truncate(tokens.len());
        for (index, features) in out.iter_mut().enumerate() {
            features.clear();
            self.token(tokens, info, index, features);
        }
    }

    fn prepare(&mut self, tokens: &[&str]) {
        self.lower.resize_with(tokens.len(), String::new);
        self.shapes.resize_with(tokens.len(), String::new);
        self.short_shapes.resize_with(tokens.len(), String::new);
        self.quoted.clear();
        let mut inside_quotes = false;
        for (index, token) in tokens.iter().enumerate() {
            let lower = &mut self.lower[index];
            lower.clear();
            lower.extend(token.chars().flat_map(char::to_lowercase));
            shape(token, &mut self.shapes[index], &mut self.short_shapes[index]);
            // Titles of works and events are often quoted: mark tokens between
            // an opening and a closing quotation mark in the same sentence.
            let is_quote = token
                .chars()
                .all(|c| matches!(c, '"' | '„' | '“' | '”' | '»' | '«' | '‚' | '‘' | '’' | '\''));
            if is_quote && !token.is_empty() {
                inside_quotes = !inside_quotes;
                self.quoted.push(false);
            } else {
                self.quoted.push(inside_quotes);
            }
        }
    }

    fn token(&self, tokens: &[&str], info: &[TokenInfo], index: usize, out: &mut Vec<u64>) {
        use template::*;
        let word = tokens[index];
        let lower = self.lower[index].as_str();
        let default_info = TokenInfo::default();
        let here = info.get(index).copied().unwrap_or_default();
        let at = |offset: isize| -> Option<usize> {
            let position = index as isize + offset;
            (position >= 0 && (position as usize) < tokens.len()).then_some(position as usize)
        };
        let lower_at = |offset: isize| at(offset).map_or("<s>", |i| self.lower[i].as_str());
        let short_shape_at = |offset: isize| at(offset).map_or("<s>", |i| self.short_shapes[i].as_str());
        let info_at = |offset: isize| at(offset).and_then(|i| info.get(i)).copied().unwrap_or(default_info);

        out.push(Fnv::new(BIAS).0);
        out.push(Fnv::new(WORD).bytes(word.as_bytes()).0);
        out.push(Fnv::new(LOWER).bytes(lower.as_bytes()).0);

        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let lower_chars: Vec<(usize, char)> = lower.char_indices().collect();
        for length in 1..=4usize {
            if let Some(&(end, _)) = chars.get(length) {
                out.push(Fnv::new(PREFIX).byte(length as u8).bytes(&word.as_bytes()[..end]).0);
            }
        }
        for length in 1..=5usize {
            if lower_chars.len() > length {
                let (start, _) = lower_chars[lower_chars.len() - length];
                out.push(Fnv::new(SUFFIX).byte(length as u8).bytes(&lower.as_bytes()[start..]).0);
            }
        }
        out.push(Fnv::new(SHAPE).bytes(self.shapes[index].as_bytes()).0);
        out.push(Fnv::new(SHORT_SHAPE).bytes(self.short_shapes[index].as_bytes()).0);

        let first_char = word.chars().next();
        let upper_initial = first_char.is_some_and(char::is_uppercase);
        let flags = [
            index == 0,
            upper_initial,
            word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
                && word.chars().any(char::is_alphabetic),
            word.chars().any(|c| c.is_ascii_digit()),
            word.contains('-'),
            word.ends_with('.'),
            upper_initial && index == 0,
        ];
        let length_bucket = chars.len().min(12) as u8;
        let mut flag_bits = 0u8;
        for (bit, set) in flags.iter().enumerate() {
            if *set {
                flag_bits |= 1 << bit;
            }
        }
        out.push(Fnv::new(FLAGS).byte(flag_bits).0);
        out.push(Fnv::new(WORD_SUFFIX_LENGTH).byte(length_bucket).byte(upper_initial as u8).0);

        out.push(Fnv::new(PREV_LOWER).bytes(lower_at(-1).as_bytes()).0);
        out.push(Fnv::new(NEXT_LOWER).bytes(lower_at(1).as_bytes()).0);
        out.push(Fnv::new(PREV2_LOWER).bytes(lower_at(-2).as_bytes()).0);
        out.push(Fnv::new(NEXT2_LOWER).bytes(lower_at(2).as_bytes()).0);
        out.push(Fnv::new(PREV_SHAPE).bytes(short_shape_at(-1).as_bytes()).0);
        out.push(Fnv::new(NEXT_SHAPE).bytes(short_shape_at(1).as_bytes()).0);
        out.push(Fnv::new(PREV_BIGRAM).bytes(lower_at(-1).as_bytes()).byte(0).bytes(lower.as_bytes()).0);
        out.push(Fnv::new(NEXT_BIGRAM).bytes(lower.as_bytes()).byte(0).bytes(lower_at(1).as_bytes()).0);
        out.push(
            Fnv::new(SHAPE_TRIGRAM)
                .bytes(short_shape_at(-1).as_bytes())
                .byte(0)
                .bytes(self.short_shapes[index].as_bytes())
                .byte(0)
                .bytes(short_shape_at(1).as_bytes())
                .0,
        );

        // Names inside compounds ("Troia-Ausstellung", "Trump-Putin-Deal"):
        // the parts around the hyphens say what the compound contains.
        if let (Some(first), Some(last)) = (lower.split('-').next(), lower.rsplit('-').next()) {
            if lower.contains('-') && !first.is_empty() && !last.is_empty() {
                out.push(Fnv::new(HYPHEN_FIRST).bytes(first.as_bytes()).0);
                out.push(Fnv::new(HYPHEN_LAST).bytes(last.as_bytes()).0);
                let first_upper = word
                    .split('-')
                    .next()
                    .and_then(|part| part.chars().next())
                    .is_some_and(char::is_uppercase);
                out.push(
                    Fnv::new(HYPHEN_FIRST_LEXICON).byte(first_upper as u8).u64(u64::from(here.lexicon)).0,
                );
            }
        }

        push_lexicon(out, LEXICON, here.lexicon);
        push_lexicon(out, PART_LEXICON, here.part_lexicon);
        push_lexicon(out, PREV_LEXICON, info_at(-1).lexicon);
        push_lexicon(out, NEXT_LEXICON, info_at(1).lexicon);
        if here.lexicon & LEXICON_BITS != 0 {
            out.push(
                Fnv::new(LEXICON_SHAPE)
                    .u64(u64::from(here.lexicon))
                    .bytes(self.short_shapes[index].as_bytes())
                    .0,
            );
        }

        // Word classes: a coarse (6-bit) and the full path of the word, and a
        // mid-level (8-bit) class of each neighbour. Cross-validation on dev
        // preferred this to finer prefix ladders, which overfit 2,200 sentences.
        if here.class_len > 0 {
            for prefix in [6u8, 64] {
                let length = prefix.min(here.class_len);
                out.push(
                    Fnv::new(CLASS).byte(length).u64(path_prefix(here.class_bits, here.class_len, length)).0,
                );
                if length == here.class_len {
                    break;
                }
            }
        } else {
            out.push(Fnv::new(CLASS).byte(0).0);
        }
        for (offset, template) in [(-1isize, PREV_CLASS), (1, NEXT_CLASS)] {
            let neighbour = info_at(offset);
            let length = 8.min(neighbour.class_len);
            out.push(
                Fnv::new(template)
                    .byte(length)
                    .u64(path_prefix(neighbour.class_bits, neighbour.class_len, length))
                    .0,
            );
        }
        out.push(
            Fnv::new(FREQUENCY).byte(here.frequency).byte(upper_initial as u8).byte((index == 0) as u8).0,
        );
        if self.quoted[index] {
            out.push(Fnv::new(QUOTED).byte(upper_initial as u8).0);
        }
        // Context profiles of capitalised words, when an experiment switched
        // them on (`profiles::use_in_features`): one feature per context (its
        // ratio bucket) and the occurrence bucket, or "no profile".
        if upper_initial && here.profile != 0 {
            if here.profile == super::profiles::NO_PROFILE {
                out.push(Fnv::new(PROFILE).byte(0xff).0);
            } else {
                let (buckets, occurrences) = super::profiles::unpack(here.profile);
                for (context, bucket) in buckets.iter().enumerate() {
                    out.push(Fnv::new(PROFILE).byte(context as u8).byte(*bucket).0);
                }
                out.push(Fnv::new(PROFILE).byte(0xfe).byte(occurrences).0);
            }
        }
    }
}

/// One feature per lexicon class bit, plus the match position.
fn push_lexicon(out: &mut Vec<u64>, template: u8, bits: u32) {
    let mut classes = bits & LEXICON_BITS;
    while classes != 0 {
        let bit = classes.trailing_zeros();
        classes &= classes - 1;
        out.push(Fnv::new(template).byte(bit as u8).byte(((bits & MATCH_POSITION_BITS) >> 16) as u8).0);
    }
}

/// The first `length` bits of a MSB-first path of `total` bits.
fn path_prefix(bits: u64, total: u8, length: u8) -> u64 {
    let total = total.min(64);
    let length = length.min(total);
    if length == 0 {
        return 0;
    }
    bits >> (total - length)
}

/// Word shape: `Xxxx`-style classes per character (`X` upper, `x` lower,
/// `d` digit, the character itself otherwise), and a short shape where runs
/// of one class collapse to one symbol.
fn shape(word: &str, full: &mut String, short: &mut String) {
    full.clear();
    short.clear();
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if full.chars().count() < 10 {
            full.push(class);
        }
        if !short.ends_with(class) {
            short.push(class);
        }
    }
}

/// A feature id for a caller-defined template (e.g. the outer label as a
/// feature of the inner-entity model).
pub fn extra_feature(name: &str, value: &str) -> u64 {
    Fnv::new(template::EXTRA).bytes(name.as_bytes()).byte(0).bytes(value.as_bytes()).0
}

/// [`extra_feature`] of two values joined by a NUL byte, without allocating:
/// `extra_feature2(n, a, b) == extra_feature(n, "a\0b")`.
pub fn extra_feature2(name: &str, first: &str, second: &str) -> u64 {
    Fnv::new(template::EXTRA)
        .bytes(name.as_bytes())
        .byte(0)
        .bytes(first.as_bytes())
        .byte(0)
        .bytes(second.as_bytes())
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_deterministic_and_position_aware() {
        let tokens = ["Kremlchef", "Wladimir", "Putin", "sagte", "."];
        let info = vec![TokenInfo::default(); tokens.len()];
        let mut extractor = FeatureExtractor::new();
        let mut first = Vec::new();
        extractor.sentence(&tokens, &info, &mut first);
        let mut second = Vec::new();
        FeatureExtractor::new().sentence(&tokens, &info, &mut second);
        assert_eq!(first, second);
        assert_eq!(first.len(), tokens.len());
        assert_ne!(first[1], first[2]);
        // The bias feature is shared by every token.
        assert!(first.iter().all(|features| features[0] == first[0][0]));
    }

    #[test]
    fn odd_tokens_do_not_panic() {
        let tokens = ["", "-", "---", "ß-", "🙂", "„", "A-", "-b", "İ"];
        let info = vec![
            TokenInfo {
                class_len: 70,
                class_bits: u64::MAX,
                lexicon: u32::MAX,
                frequency: 9,
                part_lexicon: u32::MAX,
                profile: u64::MAX,
            };
            tokens.len()
        ];
        let mut out = Vec::new();
        FeatureExtractor::new().sentence(&tokens, &info, &mut out);
        assert_eq!(out.len(), tokens.len());
        FeatureExtractor::new().sentence(&[], &[], &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn shapes_collapse_runs() {
        let (mut full, mut short) = (String::new(), String::new());
        shape("US-Präsident", &mut full, &mut short);
        assert_eq!(short, "X-Xx");
        assert_eq!(full, "XX-Xxxxxxx");
    }
}
