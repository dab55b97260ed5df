//! `wirewatch train …`: rebuilding the models the project ships, from files,
//! reproducibly (fixed seed, data hashes recorded in the model).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wirewatch_analyse::entities::labelled::parse_germeval;
use wirewatch_analyse::entities::train::TrainOptions;
use wirewatch_analyse::entities::{EntityTagger, TrainingFile, TrainingRecord};

/// Mention-replacement copies of each training sentence for the shipped
/// entity tagger: with the default averaged runs, 5-fold CV on GermEval dev
/// gave outer F1 68.35 without copies and 69.14 with 2
/// (`wirewatch eval ner --split dev-cv --augment 2` reproduces it).
pub const NER_AUGMENT_COPIES: usize = 2;

/// Decoding bias of the shipped entity tagger (label pattern = score added
/// at every token, `wirewatch_analyse::entities::parse_bias`). Empty: 5-fold
/// CV on GermEval dev over three seeds found the F1 curve flat around no
/// bias (an `O` penalty buys recall with more precision than it gains; see
/// `crates/analyse/models/README.md`), so none is applied. A non-empty value
/// is stored in the model and the confidence temperature is calibrated on
/// the biased scores.
pub const NER_DECODE_BIAS: &str = "";

/// Trains the entity tagger on `data` (GermEval-style TSV) and writes it to
/// `out`; returns a one-paragraph summary for the user.
///
/// Refuses any file whose name says it is a test split: the evaluation
/// scores on test, so a model must never have seen it.
pub fn train_ner(data: &[PathBuf], out: &Path, epochs: usize, seed: u64) -> Result<String, String> {
    let mut sentences = Vec::new();
    let mut files = Vec::new();
    for path in data {
        let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
        if name.contains("test") {
            return Err(format!("{}: refusing to train on a test split", path.display()));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let text = String::from_utf8(bytes.clone()).map_err(|_| format!("{}: not UTF-8", path.display()))?;
        let parsed = parse_germeval(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let sha256 = Sha256::digest(&bytes).iter().fold(String::new(), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        });
        files.push(TrainingFile {
            // Only the file name: the record must not depend on where the checkout lives.
            path: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            sha256,
            sentences: parsed.len(),
            tokens: parsed.iter().map(|s| s.tokens.len()).sum(),
        });
        sentences.extend(parsed);
    }
    let options =
        TrainOptions { epochs, seed, augment_copies: NER_AUGMENT_COPIES, ..TrainOptions::default() };
    let record = TrainingRecord {
        command: format!(
            "wirewatch train ner {} --out {} --epochs {epochs} --seed {seed}",
            files.iter().map(|f| format!("--data {}", f.path)).collect::<Vec<_>>().join(" "),
            out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        ),
        data: files,
        ..TrainingRecord::default()
    };
    let started = std::time::Instant::now();
    let bias = wirewatch_analyse::entities::parse_bias(NER_DECODE_BIAS)?;
    let mut tagger = EntityTagger::train(&sentences, options, record);
    let calibration = EntityTagger::calibrate_decoding(&sentences, options, 5, std::slice::from_ref(&bias));
    let (temperature, loss) = (calibration.temperature, calibration.loss);
    tagger.set_decode_bias(calibration.bias);
    tagger.set_temperature(temperature);
    let seconds = started.elapsed().as_secs_f64();
    let file = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    tagger.write(std::io::BufWriter::new(file)).map_err(|e| format!("{}: {e}", out.display()))?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    Ok(format!(
        "trained on {} sentences in {seconds:.1} s: {} weighted features; confidence temperature {temperature} \
         (5-fold held-out loss {loss:.4} per token); wrote {} ({:.1} MB)",
        sentences.len(),
        tagger.feature_count(),
        out.display(),
        size as f64 / 1e6
    ))
}

/// Trains the speech-role labeller on SpkAtt-style JSON speeches (every
/// `*.json` in the `data` folders) and writes it to `out`.
///
/// The examples are those of [`wirewatch_eval::quote_eval::spkatt_examples`].
/// Refuses folders named like a test split.
pub fn train_speech_roles(data: &[PathBuf], out: &Path, epochs: usize, seed: u64) -> Result<String, String> {
    use wirewatch_analyse::quotes::roles::RoleLabeller;
    use wirewatch_eval::quote_eval::{parse_spkatt, spkatt_examples};

    let mut files = Vec::new();
    for folder in data {
        let name = folder.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
        if name.contains("test") {
            return Err(format!("{}: refusing to train on a test split", folder.display()));
        }
        let entries = std::fs::read_dir(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        found.sort();
        files.extend(found);
    }
    let mut hasher = Sha256::new();
    let mut examples = Vec::new();
    let mut cue_examples = Vec::new();
    let mut speeches = 0;
    for path in &files {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        hasher.update(&bytes);
        let text = String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8", path.display()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let speech = parse_spkatt(&name, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        speeches += 1;
        let (speech_examples, speech_cue_examples) = spkatt_examples(&speech);
        examples.extend(speech_examples);
        cue_examples.extend(speech_cue_examples);
    }
    let sha256 = hasher.finalize().iter().fold(String::new(), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    });
    let record = format!(
        "wirewatch train speech-roles {} --out {} --epochs {epochs} --seed {seed}; role labeller: mean of {} runs (seeds {seed}..); {} speeches, {} events, sha256 of the files in order {sha256}",
        data.iter().map(|d| format!("--data {}", d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())).collect::<Vec<_>>().join(" "),
        out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        wirewatch_analyse::quotes::roles::ROLE_RUNS,
        speeches,
        examples.len()
    );
    let options = TrainOptions { epochs, seed, ..TrainOptions::default() };
    let labeller = RoleLabeller::train(&examples, &cue_examples, options, record.clone());
    let file = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    labeller.write(std::io::BufWriter::new(file)).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(format!("{record}; wrote {}", out.display()))
}
