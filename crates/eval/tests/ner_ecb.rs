//! The English name evaluation on ECB+: a run on the dev split when
//! ../shared is available (the scorer itself is unit-tested in the module).

use std::path::PathBuf;
use wirewatch_eval::ner_ecb::{eval_ecb_names, is_ecbplus};
use wirewatch_eval::unlabeled::shared_dir;

fn ecbplus_dir() -> Option<PathBuf> {
    let dir = shared_dir()?.join("corpora/ecbplus");
    is_ecbplus(&dir).then_some(dir)
}

#[test]
fn dev_split_is_scored_with_errors_listed_and_test_errors_hidden() {
    let Some(dir) = ecbplus_dir() else {
        eprintln!("skipping: ../shared/corpora/ecbplus not found");
        return;
    };
    let report = eval_ecb_names(&dir, "dev").expect("dev split reads");
    let overall = report.overall();
    assert_eq!(report.documents, 197, "the Cybulska-Vossen dev split has 197 documents");
    assert!(overall.gold > 300, "gold names derived: {}", overall.gold);
    assert!(overall.strict <= overall.lenient && overall.lenient <= overall.gold);
    assert!(overall.typed <= overall.lenient);
    // The rules must beat always answering the most frequent type.
    assert!(overall.type_accuracy() > report.majority_type_accuracy());
    assert!(!report.errors.is_empty(), "dev lists its errors");
    let json = report.to_json();
    assert_eq!(json["task"], "ner");
    assert!(json["system"]["type_accuracy"].is_number() && json["throughput"]["tokens_per_s"].is_number());

    let test = eval_ecb_names(&dir, "test").expect("test split reads");
    assert!(test.errors.is_empty(), "test errors are never shown");
    assert!(eval_ecb_names(&dir, "dev-cv").is_err(), "ECB+ has no dev-cv");
}
