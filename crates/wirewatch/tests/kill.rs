//! A batch killed with SIGKILL leaves a consistent store, and a re-run
//! completes it without duplicates.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wirewatch_store::Store;

const DOCUMENTS: u64 = 3000;

#[test]
fn sigkill_mid_batch_then_rerun_completes_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    for n in 0..DOCUMENTS {
        let body = format!(
            "Meldung Nummer {n}\n\nRiga - Am Dienstag trafen sich die Delegationen zum {n}. Mal. \
             Der Gesandte sprach von einem „produktiven“ Austausch, die Gegenseite schwieg.\n"
        );
        std::fs::write(inputs.join(format!("{n:05}.txt")), body).unwrap();
    }
    let db = dir.path().join("store.db");
    let ingest = || {
        Command::new(env!("CARGO_BIN_EXE_wirewatch"))
            .args(["ingest", "--quiet", "--batch-size", "25", "--db"])
            .arg(&db)
            .arg(&inputs)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };

    let mut child = ingest();
    let started = Instant::now();
    let killed_at = loop {
        let stored = Store::open(&db).ok().and_then(|store| store.count().ok()).unwrap_or(0);
        if stored >= 100 || started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush.
            break stored;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = child.wait();

    let store = Store::open(&db).expect("the store opens after SIGKILL");
    let after_kill = store.count().unwrap();
    assert!(after_kill >= killed_at, "committed batches survive");
    assert!(after_kill < DOCUMENTS, "the run was really interrupted ({after_kill} stored)");
    assert_eq!(store.raw_records().unwrap().len() as u64, after_kill, "every document has its raw record");
    drop(store);

    let rerun = ingest().wait_with_output().unwrap();
    let summary = String::from_utf8_lossy(&rerun.stderr);
    assert!(rerun.status.success(), "{summary}");
    assert!(
        summary.contains(&format!("{} ingested, {} duplicates", DOCUMENTS - after_kill, after_kill)),
        "the re-run adds exactly what was missing: {summary}"
    );
    assert_eq!(Store::open(&db).unwrap().count().unwrap(), DOCUMENTS);
}
