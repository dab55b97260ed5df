//! Distributional word classes (Brown clusters) learned from unlabeled text,
//! used as features by the entity tagger.
//!
//! Training follows Liang (2005, "Semi-supervised learning for natural
//! language", §3.2): the `C` most frequent words start as `C` clusters; each
//! further word (in frequency order) enters as a cluster of its own and the
//! pair of clusters whose merge loses the least average mutual information
//! (AMI) of the class bigram model is merged, so there are always `C` clusters
//! again. When every word is placed, the `C` clusters are merged on until one
//! remains; that second phase builds the binary tree whose root-to-leaf path
//! is a word's bit string. Words of one cluster share a path, and clusters
//! that share a long prefix were merged late, i.e. they behave alike.
//!
//! The merge losses are kept in a table and updated incrementally (Liang's
//! O(C²) per step), and every logarithm of an integer count comes from a
//! precomputed table, so a C = 256 run over a million tokens takes minutes.
//! Training is deterministic: words are ordered by (count desc, text asc) and
//! ties between merges go to the first pair in slot order.
//!
//! Case is kept as written (German capitalisation matters) and every ASCII
//! digit is mapped to `0` before counting and before lookup, so "2024" and
//! "1999" share one entry "0000".
//!
//! File format (`rules/entities/word_classes_de.tsv`): header lines start with
//! `#` and contain no tab; every other line is `word<TAB>path<TAB>count`, with
//! `path` a string of `0`/`1` (empty for a single-cluster model).

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The German class file compiled into the binary.
const GERMAN_TSV: &str = include_str!("../../rules/entities/word_classes_de.tsv");

/// Paths longer than this are cut to their first 64 bits (a `u64` holds them);
/// with C = 256 the tree is far shallower in practice.
const MAX_PATH_BITS: usize = 64;

/// Most leaf clusters [`WordClasses::train`] builds: the state holds a few
/// (C + 1)² tables, so an absurd request must not exhaust memory.
pub const MAX_CLUSTERS: usize = 4096;

/// Entries of the table of integer logarithms (32 MiB); larger counts are
/// computed with `ln()`.
const LN_TABLE_LEN: usize = 1 << 22;

/// Distributional word classes learned from unlabeled text.
#[derive(Clone, Debug, Default)]
pub struct WordClasses {
    /// Word (digits mapped to `0`) → index into `entries`.
    index: FxHashMap<Box<str>, u32>,
    /// One entry per known word, in file order.
    entries: Vec<Entry>,
    /// Header comment lines (without the leading `#`), kept for `to_tsv`.
    header: Vec<String>,
}

/// One word's class.
#[derive(Clone, Debug)]
struct Entry {
    word: Box<str>,
    bits: u64,
    len: u8,
    count: u64,
}

impl WordClasses {
    /// The shared German instance, parsed once from the file compiled into the
    /// binary (`include_str!`). A malformed shipped file (ruled out by the
    /// tests) yields an empty instance rather than a panic.
    pub fn german() -> &'static WordClasses {
        static GERMAN: OnceLock<WordClasses> = OnceLock::new();
        GERMAN.get_or_init(|| WordClasses::parse(GERMAN_TSV).unwrap_or_default())
    }

    /// Parses the TSV format (see the module docs). Fails on a line that is
    /// neither a header comment nor three tab-separated fields with a 0/1
    /// path and a decimal count, and on a word listed twice.
    pub fn parse(tsv: &str) -> Result<WordClasses, String> {
        let mut classes = WordClasses::default();
        for (number, line) in tsv.lines().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                if !line.contains('\t') {
                    classes.header.push(comment.strip_prefix(' ').unwrap_or(comment).to_string());
                    continue;
                }
            }
            let mut fields = line.split('\t');
            let (Some(word), Some(path), Some(count), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(format!("line {}: expected word<TAB>path<TAB>count", number + 1));
            };
            if word.is_empty() {
                return Err(format!("line {}: empty word", number + 1));
            }
            let (bits, len) =
                parse_path(path).ok_or_else(|| format!("line {}: bad path {path:?}", number + 1))?;
            let count: u64 =
                count.parse().map_err(|_| format!("line {}: bad count {count:?}", number + 1))?;
            let key = normalise(word);
            if classes.index.contains_key(key.as_ref()) {
                return Err(format!("line {}: duplicate word {word:?}", number + 1));
            }
            let id = u32::try_from(classes.entries.len()).map_err(|_| "too many words".to_string())?;
            classes.index.insert(key.clone().into_owned().into_boxed_str(), id);
            classes.entries.push(Entry { word: key.into_owned().into_boxed_str(), bits, len, count });
        }
        Ok(classes)
    }

    /// Brown path of `word` as (bits, length) with bits MSB-first in a u64;
    /// None when unknown.
    ///
    /// "MSB-first" means the first bit of the path is the most significant of
    /// the `length` low bits: path `0110` is `(0b0110, 4)`, and its prefix of
    /// `k` bits is [`path_prefix`]`(bits, length, k)`. Digits are mapped to
    /// `0` first (allocating only when `word` has a digit).
    pub fn path(&self, word: &str) -> Option<(u64, u8)> {
        let key = normalise(word);
        let entry = self.entries.get(*self.index.get(key.as_ref())? as usize)?;
        Some((entry.bits, entry.len))
    }

    /// How often `word` (digits mapped to `0`) occurred in the training text.
    pub fn count(&self, word: &str) -> Option<u64> {
        let key = normalise(word);
        Some(self.entries.get(*self.index.get(key.as_ref())? as usize)?.count)
    }

    /// Number of words with a class.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no word has a class (an untrained or failed model).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of distinct paths (the leaf clusters).
    pub fn cluster_count(&self) -> usize {
        let mut paths: Vec<(u64, u8)> = self.entries.iter().map(|e| (e.bits, e.len)).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    }

    /// The header comment lines, without their leading `# `.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Appends a header comment line (provenance, command, hashes); newlines
    /// and tabs are replaced by spaces so the line stays a comment.
    pub fn push_header(&mut self, line: &str) {
        self.header.push(line.replace(['\n', '\r', '\t'], " "));
    }

    /// The words of the cluster with exactly this path, most frequent first.
    pub fn words_with_path(&self, bits: u64, len: u8) -> Vec<&str> {
        let mut words: Vec<&Entry> = self.entries.iter().filter(|e| e.bits == bits && e.len == len).collect();
        words.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
        words.into_iter().map(|e| e.word.as_ref()).collect()
    }

    /// Train from sentences (token texts); deterministic. `clusters` is the
    /// number of leaf clusters C (clamped to 1..=[`MAX_CLUSTERS`]),
    /// `min_count` the fewest occurrences a word needs to get a class.
    pub fn train(sentences: &[Vec<String>], clusters: usize, min_count: u32) -> WordClasses {
        WordClasses::train_with_progress(sentences, clusters, min_count, &mut |_, _| {})
    }

    /// [`WordClasses::train`] reporting `(words placed, words total)` after
    /// every placed word, for long runs.
    pub fn train_with_progress(
        sentences: &[Vec<String>],
        clusters: usize,
        min_count: u32,
        progress: &mut dyn FnMut(usize, usize),
    ) -> WordClasses {
        let corpus = Corpus::count(sentences, min_count);
        let clusters = clusters.clamp(1, MAX_CLUSTERS);
        let leaves = brown(&corpus, clusters, progress);
        let mut classes = WordClasses::default();
        classes.push_header(&format!(
            "wirewatch word classes: Brown clusters (Liang 2005), C = {clusters}, min count {min_count}"
        ));
        classes.push_header(&format!(
            "trained on {} tokens, {} word types kept; digits mapped to 0, case kept",
            corpus.tokens,
            corpus.words.len()
        ));
        classes.push_header("format: word<TAB>path<TAB>count (path: root-to-leaf bits, 0 = left)");
        let mut rows: Vec<(String, u64, u8, u64)> = Vec::with_capacity(corpus.words.len());
        for (word_id, (word, count)) in corpus.words.iter().enumerate() {
            let (bits, len) = leaves.get(word_id).copied().unwrap_or((0, 0));
            rows.push((word.clone(), bits, len, *count));
        }
        // Liang's order: by path (as a string), then most frequent first.
        rows.sort_by(|a, b| {
            path_string(a.1, a.2)
                .cmp(&path_string(b.1, b.2))
                .then_with(|| b.3.cmp(&a.3))
                .then_with(|| a.0.cmp(&b.0))
        });
        for (word, bits, len, count) in rows {
            let id = classes.entries.len() as u32;
            classes.index.insert(word.clone().into_boxed_str(), id);
            classes.entries.push(Entry { word: word.into_boxed_str(), bits, len, count });
        }
        classes
    }

    /// Serialise to the TSV format (header comments first, then one line per
    /// word in stored order); [`WordClasses::parse`] reads it back unchanged.
    pub fn to_tsv(&self) -> String {
        let mut out = String::with_capacity(self.entries.len() * 24);
        for line in &self.header {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        for entry in &self.entries {
            out.push_str(&entry.word);
            out.push('\t');
            out.push_str(&path_string(entry.bits, entry.len));
            out.push('\t');
            out.push_str(&entry.count.to_string());
            out.push('\n');
        }
        out
    }
}

/// The first `k` bits of a path `(bits, len)` as a number (the whole path
/// when `k >= len`): the usual prefix features (4, 6, 10, 20 bits).
pub fn path_prefix(bits: u64, len: u8, k: u8) -> u64 {
    if k >= len {
        bits
    } else {
        bits >> (len - k)
    }
}

/// The word as counted: every ASCII digit mapped to `0`; borrows unless the
/// word has a digit.
pub fn normalise(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        Cow::Owned(word.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect())
    } else {
        Cow::Borrowed(word)
    }
}

fn parse_path(path: &str) -> Option<(u64, u8)> {
    if path.len() > MAX_PATH_BITS {
        return None;
    }
    let mut bits = 0u64;
    for b in path.bytes() {
        bits = (bits << 1)
            | match b {
                b'0' => 0,
                b'1' => 1,
                _ => return None,
            };
    }
    Some((bits, path.len() as u8))
}

fn path_string(bits: u64, len: u8) -> String {
    (0..len).rev().map(|i| if (bits >> i) & 1 == 1 { '1' } else { '0' }).collect()
}

/// Word and bigram counts of the training text.
struct Corpus {
    /// Kept words in id order: (count desc, text asc).
    words: Vec<(String, u64)>,
    /// Per word: (right neighbour id, bigram count), sorted by id.
    right: Vec<Vec<(u32, u64)>>,
    /// Per word: (left neighbour id, bigram count), sorted by id.
    left: Vec<Vec<(u32, u64)>>,
    /// Tokens of kept words (the normaliser N of all probabilities).
    tokens: u64,
}

impl Corpus {
    fn count(sentences: &[Vec<String>], min_count: u32) -> Corpus {
        let mut counts: FxHashMap<Cow<'_, str>, u64> = FxHashMap::default();
        for sentence in sentences {
            for token in sentence {
                if usable(token) {
                    *counts.entry(normalise(token)).or_insert(0) += 1;
                }
            }
        }
        let mut words: Vec<(String, u64)> = counts
            .into_iter()
            .filter(|(_, n)| *n >= u64::from(min_count.max(1)))
            .map(|(w, n)| (w.into_owned(), n))
            .collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let ids: FxHashMap<&str, u32> =
            words.iter().enumerate().map(|(i, (w, _))| (w.as_str(), i as u32)).collect();
        let mut bigrams: FxHashMap<(u32, u32), u64> = FxHashMap::default();
        let mut previous: Option<u32>;
        for sentence in sentences {
            previous = None;
            for token in sentence {
                let id = if usable(token) { ids.get(normalise(token).as_ref()).copied() } else { None };
                if let (Some(a), Some(b)) = (previous, id) {
                    *bigrams.entry((a, b)).or_insert(0) += 1;
                }
                previous = id;
            }
        }
        let mut right = vec![Vec::new(); words.len()];
        let mut left = vec![Vec::new(); words.len()];
        for (&(a, b), &n) in &bigrams {
            if let Some(list) = right.get_mut(a as usize) {
                list.push((b, n));
            }
            if let Some(list) = left.get_mut(b as usize) {
                list.push((a, n));
            }
        }
        // Hash-map order is not deterministic; the accumulation order is.
        for list in right.iter_mut().chain(left.iter_mut()) {
            list.sort_unstable();
        }
        let tokens = words.iter().map(|(_, n)| n).sum();
        Corpus { words, right, left, tokens }
    }
}

/// A token that can be stored in the TSV: not empty, no tab or line break.
fn usable(token: &str) -> bool {
    !token.is_empty() && !token.contains(['\t', '\n', '\r'])
}

const NO_SLOT: u32 = u32::MAX;

/// The clustering state over `k` slots (C + 1 during the first phase).
#[derive(Clone)]
struct Brown<'a> {
    corpus: &'a Corpus,
    k: usize,
    /// ln of every integer up to N (counts never exceed N).
    ln_table: Vec<f64>,
    ln_n: f64,
    inv_n: f64,
    active: Vec<bool>,
    /// Active slots in ascending order (rebuilt on change).
    order: Vec<usize>,
    /// Bigram counts slot→slot, `k × k`.
    bigram: Vec<u64>,
    /// Unigram count per slot (the marginal of both sides, as in Liang's code).
    size: Vec<u64>,
    /// q(s, t) = p(s,t) ln(p(s,t) / p(s) p(t)), `k × k`.
    q: Vec<f64>,
    /// AMI loss of merging s and t (s < t), `k × k`.
    loss: Vec<f64>,
    members: Vec<Vec<u32>>,
    word_slot: Vec<u32>,
    /// Tree node of each slot's cluster (second phase).
    node: Vec<usize>,
}

impl<'a> Brown<'a> {
    fn new(corpus: &'a Corpus, k: usize) -> Brown<'a> {
        let n = corpus.tokens.max(1);
        // Counts are at most N; beyond a table of this size fall back to ln().
        let table_len = (n as usize).saturating_add(1).min(LN_TABLE_LEN);
        let ln_table = (0..table_len).map(|i| (i as f64).ln()).collect();
        Brown {
            corpus,
            k,
            ln_table,
            ln_n: (n as f64).ln(),
            inv_n: 1.0 / n as f64,
            active: vec![false; k],
            order: Vec::with_capacity(k),
            bigram: vec![0; k * k],
            size: vec![0; k],
            q: vec![0.0; k * k],
            loss: vec![0.0; k * k],
            members: vec![Vec::new(); k],
            word_slot: vec![NO_SLOT; corpus.words.len()],
            node: vec![0; k],
        }
    }

    #[inline]
    fn ln(&self, x: u64) -> f64 {
        match self.ln_table.get(x as usize) {
            Some(&v) => v,
            None => (x as f64).ln(),
        }
    }

    /// q for a bigram count between clusters of sizes `a` and `b`.
    #[inline]
    fn q_of(&self, count: u64, a: u64, b: u64) -> f64 {
        if count == 0 || a == 0 || b == 0 {
            return 0.0;
        }
        count as f64 * self.inv_n * (self.ln(count) + self.ln_n - self.ln(a) - self.ln(b))
    }

    #[inline]
    fn c(&self, s: usize, t: usize) -> u64 {
        self.bigram[s * self.k + t]
    }

    #[inline]
    fn qq(&self, s: usize, t: usize) -> f64 {
        self.q[s * self.k + t]
    }

    /// The part of loss(t, u) that involves the third cluster `d`.
    #[inline]
    fn term(&self, t: usize, u: usize, d: usize) -> f64 {
        let merged = self.size[t] + self.size[u];
        self.qq(t, d) + self.qq(u, d) + self.qq(d, t) + self.qq(d, u)
            - self.q_of(self.c(t, d) + self.c(u, d), merged, self.size[d])
            - self.q_of(self.c(d, t) + self.c(d, u), self.size[d], merged)
    }

    /// AMI lost by merging s and t, computed from scratch (O(active)).
    fn fresh_loss(&self, s: usize, t: usize) -> f64 {
        let merged = self.size[s] + self.size[t];
        let inner = self.c(s, s) + self.c(s, t) + self.c(t, s) + self.c(t, t);
        let mut loss =
            self.qq(s, s) + self.qq(s, t) + self.qq(t, s) + self.qq(t, t) - self.q_of(inner, merged, merged);
        for &d in &self.order {
            if d != s && d != t {
                loss += self.term(s, t, d);
            }
        }
        loss
    }

    fn refresh_order(&mut self) {
        self.order.clear();
        self.order.extend((0..self.k).filter(|&s| self.active[s]));
    }

    /// Recomputes q for row and column `s`.
    fn refresh_q(&mut self, s: usize) {
        for i in 0..self.order.len() {
            let t = self.order[i];
            let st = self.q_of(self.c(s, t), self.size[s], self.size[t]);
            let ts = self.q_of(self.c(t, s), self.size[t], self.size[s]);
            self.q[s * self.k + t] = st;
            self.q[t * self.k + s] = ts;
        }
    }

    /// Adds `d`'s terms (sign +1) or removes them (sign -1) from every
    /// stored loss of a pair not involving the `skip` slots.
    fn shift_losses(&mut self, d: usize, sign: f64, skip: [usize; 2]) {
        let order = std::mem::take(&mut self.order);
        for (i, &t) in order.iter().enumerate() {
            if t == d || skip.contains(&t) {
                continue;
            }
            for &u in &order[i + 1..] {
                if u == d || skip.contains(&u) {
                    continue;
                }
                let delta = sign * self.term(t, u, d);
                self.loss[t * self.k + u] += delta;
            }
        }
        self.order = order;
    }

    fn refresh_losses_of(&mut self, s: usize) {
        for i in 0..self.order.len() {
            let t = self.order[i];
            if t != s {
                let (a, b) = if s < t { (s, t) } else { (t, s) };
                self.loss[a * self.k + b] = self.fresh_loss(a, b);
            }
        }
    }

    /// Puts word `w` into the free slot `s` as a cluster of its own.
    fn add_word(&mut self, w: u32, s: usize) {
        let k = self.k;
        self.active[s] = true;
        self.refresh_order();
        self.members[s] = vec![w];
        self.word_slot[w as usize] = s as u32;
        self.size[s] = self.corpus.words.get(w as usize).map_or(0, |(_, n)| *n);
        for &t in &self.order {
            self.bigram[s * k + t] = 0;
            self.bigram[t * k + s] = 0;
        }
        if let Some(right) = self.corpus.right.get(w as usize) {
            for &(u, n) in right {
                let t = self.word_slot.get(u as usize).copied().unwrap_or(NO_SLOT);
                if t != NO_SLOT {
                    self.bigram[s * k + t as usize] += n;
                }
            }
        }
        if let Some(left) = self.corpus.left.get(w as usize) {
            for &(u, n) in left {
                let t = self.word_slot.get(u as usize).copied().unwrap_or(NO_SLOT);
                // The self bigram (w, w) was counted from the right list.
                if t != NO_SLOT && t as usize != s {
                    self.bigram[t as usize * k + s] += n;
                }
            }
        }
        self.refresh_q(s);
        self.shift_losses(s, 1.0, [s, s]);
        self.refresh_losses_of(s);
    }

    /// The active pair with the least loss (first in slot order on ties).
    fn best_pair(&self) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize, f64)> = None;
        for (i, &s) in self.order.iter().enumerate() {
            for &t in &self.order[i + 1..] {
                let l = self.loss[s * self.k + t];
                if best.is_none_or(|(_, _, b)| l < b) {
                    best = Some((s, t, l));
                }
            }
        }
        best.map(|(s, t, _)| (s, t))
    }

    /// Merges the clusters in slots `a` and `b`; returns (kept slot, freed slot).
    fn merge(&mut self, a: usize, b: usize) -> (usize, usize) {
        let k = self.k;
        // The bigger member list stays put, so moving words is cheap overall.
        let (keep, gone) = if self.members[b].len() > self.members[a].len() { (b, a) } else { (a, b) };
        self.shift_losses(a, -1.0, [a, b]);
        self.shift_losses(b, -1.0, [a, b]);
        let inner = self.c(a, a) + self.c(a, b) + self.c(b, a) + self.c(b, b);
        for &t in &self.order {
            if t != a && t != b {
                self.bigram[keep * k + t] += self.bigram[gone * k + t];
                self.bigram[t * k + keep] += self.bigram[t * k + gone];
            }
            self.bigram[gone * k + t] = 0;
            self.bigram[t * k + gone] = 0;
        }
        self.bigram[keep * k + keep] = inner;
        self.size[keep] += self.size[gone];
        self.size[gone] = 0;
        let moved = std::mem::take(&mut self.members[gone]);
        for &w in &moved {
            if let Some(slot) = self.word_slot.get_mut(w as usize) {
                *slot = keep as u32;
            }
        }
        self.members[keep].extend(moved);
        self.active[gone] = false;
        self.refresh_order();
        self.refresh_q(keep);
        self.shift_losses(keep, 1.0, [keep, keep]);
        self.refresh_losses_of(keep);
        (keep, gone)
    }
}

/// Runs both phases; returns each word's (path bits, length).
fn brown(corpus: &Corpus, clusters: usize, progress: &mut dyn FnMut(usize, usize)) -> Vec<(u64, u8)> {
    let words = corpus.words.len();
    if words == 0 {
        return Vec::new();
    }
    let c = clusters.min(words);
    let mut state = Brown::new(corpus, c + 1);
    // Phase 1: C initial clusters, then add one word and merge one pair at a time.
    for w in 0..c {
        state.add_word(w as u32, w);
        progress(w + 1, words);
    }
    for w in c..words {
        let free = (0..state.k).find(|&s| !state.active[s]).unwrap_or(c);
        state.add_word(w as u32, free);
        if let Some((a, b)) = state.best_pair() {
            state.merge(a, b);
        }
        progress(w + 1, words);
    }
    // Phase 2: merge the C clusters into one tree. Leaves are nodes 0..;
    // an inner node records (kept child = 0, merged-in child = 1).
    let leaves: Vec<usize> = state.order.clone();
    let leaf_members: Vec<Vec<u32>> = leaves.iter().map(|&s| state.members[s].clone()).collect();
    let mut children: Vec<Option<(usize, usize)>> = vec![None; leaves.len()];
    for (leaf, &slot) in leaves.iter().enumerate() {
        state.node[slot] = leaf;
    }
    while state.order.len() > 1 {
        let Some((a, b)) = state.best_pair() else { break };
        let (node_a, node_b) = (state.node[a], state.node[b]);
        let (keep, _) = state.merge(a, b);
        // Left (0) is always the cluster in the lower slot: a stable choice.
        children.push(Some((node_a, node_b)));
        state.node[keep] = children.len() - 1;
    }
    // Walk the tree from the root with an explicit stack (no recursion).
    let mut leaf_path: Vec<(u64, u8)> = vec![(0, 0); leaves.len()];
    let root = state.order.first().map_or(0, |&s| state.node[s]);
    let mut stack: Vec<(usize, u64, usize)> = vec![(root, 0, 0)];
    while let Some((node, bits, depth)) = stack.pop() {
        match children.get(node).copied().flatten() {
            Some((zero, one)) => {
                if depth < MAX_PATH_BITS {
                    stack.push((zero, bits << 1, depth + 1));
                    stack.push((one, (bits << 1) | 1, depth + 1));
                } else {
                    stack.push((zero, bits, depth));
                    stack.push((one, bits, depth));
                }
            }
            None => {
                if let Some(slot) = leaf_path.get_mut(node) {
                    *slot = (bits, depth as u8);
                }
            }
        }
    }
    let mut paths = vec![(0u64, 0u8); words];
    for (leaf, members) in leaf_members.iter().enumerate() {
        let path = leaf_path.get(leaf).copied().unwrap_or((0, 0));
        for &w in members {
            if let Some(p) = paths.get_mut(w as usize) {
                *p = path;
            }
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Brown<'_> {
        /// Average mutual information of the current clustering, from scratch.
        fn ami(&self) -> f64 {
            let mut total = 0.0;
            for &s in &self.order {
                for &t in &self.order {
                    total += self.q_of(self.c(s, t), self.size[s], self.size[t]);
                }
            }
            total
        }

        /// Every stored loss against a recomputation and against the AMI
        /// actually lost by performing the merge.
        fn check_losses(&self) {
            let before = self.ami();
            for (i, &s) in self.order.iter().enumerate() {
                for &t in &self.order[i + 1..] {
                    let stored = self.loss[s * self.k + t];
                    let fresh = self.fresh_loss(s, t);
                    let mut merged = self.clone();
                    merged.merge(s, t);
                    let actual = before - merged.ami();
                    assert!((stored - fresh).abs() < 1e-9, "stored {stored} vs fresh {fresh} for ({s}, {t})");
                    assert!((fresh - actual).abs() < 1e-9, "fresh {fresh} vs actual {actual} for ({s}, {t})");
                }
            }
        }
    }

    #[test]
    fn incremental_losses_match_the_definition() {
        // A small corpus with uneven counts, self bigrams and repeated pairs.
        let text = "a b c a b d e a a f g b c h a d d e f g h i j a b c e e g";
        let mut sentences = Vec::new();
        for shift in 0..6 {
            let words: Vec<String> = text.split(' ').skip(shift).map(str::to_string).collect();
            sentences.push(words);
        }
        let corpus = Corpus::count(&sentences, 1);
        let c = 4;
        let mut state = Brown::new(&corpus, c + 1);
        for w in 0..c {
            state.add_word(w as u32, w);
            state.check_losses();
        }
        for w in c..corpus.words.len() {
            let free = (0..state.k).find(|&s| !state.active[s]).unwrap_or(c);
            state.add_word(w as u32, free);
            state.check_losses();
            let (a, b) = state.best_pair().expect("a pair");
            state.merge(a, b);
            state.check_losses();
        }
        while state.order.len() > 1 {
            let (a, b) = state.best_pair().expect("a pair");
            state.merge(a, b);
            state.check_losses();
        }
    }
}
