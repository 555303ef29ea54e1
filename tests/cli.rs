//! The `newsdesk` command as a user runs it: outputs, exit codes, and clear per-input
//! errors for bad input while the other inputs are still briefed.

use assert_cmd::Command;
use std::io::Write;
use std::path::{Path, PathBuf};

fn newsdesk() -> Command {
    let mut command = Command::cargo_bin("newsdesk").unwrap();
    command.env_remove("NEWSDESK_STORE");
    command
}

fn corpus_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/velmora-port-strike")
        .join(name)
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// The run failed as a whole (exit status 2) with an error that names `needle`.
fn assert_fails_naming(output: &std::process::Output, needle: &str) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(output));
    assert!(
        stderr_of(output).contains(needle),
        "{needle:?} not in: {}",
        stderr_of(output)
    );
}

#[test]
fn brief_example_writes_markdown_by_default() {
    let output = newsdesk().args(["brief", "--example"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("# "));
    assert!(stdout.contains("## Where the sources disagree"));
    assert!(stdout.contains("[^1]: Article"), "footnote-style citations");
}

#[test]
fn bad_inputs_get_clear_errors_and_the_rest_is_still_briefed() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| -> String {
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        path.display().to_string()
    };
    let empty = write("empty.txt", b"");
    let binary = write("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    let invalid = write(
        "latin1.txt",
        b"Caf\xe9 Owners Protest\n\nThe caf\xe9 on the quay closed.",
    );
    let huge = dir.path().join("huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let huge = huge.display().to_string();
    let missing = dir.path().join("missing.txt").display().to_string();
    let good = corpus_file("01-velmora-ledger.txt").display().to_string();
    let good_two = corpus_file("03-harbour-courier.txt").display().to_string();

    let output = newsdesk()
        .args(["brief", "--format", "json"])
        .args([&empty, &binary, &good, &invalid, &huge, &missing, &good_two])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "some inputs failed: exit 1");
    let stderr = stderr_of(&output);
    let expectations = [
        (&empty, "is empty"),
        (&binary, "binary"),
        (&invalid, "not valid UTF-8"),
        (&huge, "50.0 MiB, larger than the 10.0 MiB limit"),
        (&missing, "no such file or directory"),
    ];
    for (path, problem) in expectations {
        let line = stderr
            .lines()
            .find(|l| l.contains(path.as_str()))
            .unwrap_or_else(|| panic!("no error line for {path}:\n{stderr}"));
        assert!(line.contains(problem), "{line}");
        assert!(line.starts_with("newsdesk: error: "), "{line}");
    }
    assert!(
        stderr.contains("briefed 2 articles from 7 inputs; 5 failed"),
        "{stderr}"
    );
    let dossier: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(dossier["articles"].as_array().unwrap().len(), 2);
}

#[test]
fn nothing_usable_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let output = newsdesk().arg("brief").arg(&empty).output().unwrap();
    assert_fails_naming(&output, "no article could be read");
    assert!(output.stdout.is_empty());
}

#[test]
fn bad_ndjson_records_are_named_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.ndjson");
    std::fs::write(
        &path,
        "{\"title\":\"Quay Vote Delayed\",\"text\":\"The harbour council delayed its vote on the quay lease until the strike ends, officials said on Monday.\",\"outlet\":\"Valley Courier\",\"published\":\"2031-03-10\"}\nnot json\n{\"title\":\"No body\"}\n",
    )
    .unwrap();
    let output = newsdesk().arg("brief").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("records.ndjson:2: not a valid JSON record"),
        "{stderr}"
    );
    assert!(
        stderr.contains("records.ndjson:3: record has neither"),
        "{stderr}"
    );
}

#[test]
fn html_output_is_self_contained_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("hostile.ndjson");
    std::fs::write(
        &records,
        concat!(
            "{\"title\":\"Harbour <script>alert(1)</script> Talks\",",
            "\"text\":\"The mayor said the <b>talks</b> would resume on Monday. <script>alert('x')</script> Union leader Tomas Bell said members were ready.\",",
            "\"url\":\"javascript:alert(1)\",\"outlet\":\"Valley <i>Courier</i>\"}\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("dossier.html");
    let output = newsdesk()
        .args(["brief", "--format", "html", "--out"])
        .arg(&out)
        .arg(&records)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<script"), "source text must be escaped");
    assert!(html.contains("&lt;script&gt;"));
    assert!(
        !html.contains("href=\"javascript:"),
        "javascript: URLs are not links"
    );
    assert!(!html.contains("<i>Courier"), "outlet names are escaped");
    for external in ["src=\"http", "href=\"http://", "<link ", "@import"] {
        assert!(!html.contains(external), "external asset: {external}");
    }
    assert!(
        !dir.path().join("dossier.html.partial").exists(),
        "no temporary file left"
    );
}

#[test]
fn flags_set_metadata_and_bad_flags_are_refused() {
    let ledger = corpus_file("05-north-shore-gazette.txt");
    let output = newsdesk()
        .args([
            "brief",
            "--format",
            "json",
            "--published",
            "2031-03-08",
            "--outlet",
            "Shore Radio",
        ])
        .arg(&ledger)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let dossier: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(dossier["articles"][0]["published"], "2031-03-08");
    assert_eq!(dossier["articles"][0]["outlet"], "Shore Radio");

    let output = newsdesk()
        .args(["brief", "--published", "soon"])
        .arg(&ledger)
        .output()
        .unwrap();
    assert_fails_naming(&output, "--published \"soon\" is not a date");

    let output = newsdesk()
        .args(["brief", "--format", "pdf"])
        .arg(&ledger)
        .output()
        .unwrap();
    assert_fails_naming(&output, "use md, json or html");
}

#[test]
fn stdin_is_an_input() {
    let output = newsdesk()
        .args(["brief", "--format", "json", "-"])
        .write_stdin("Quay Vote Delayed\n\nThe harbour council delayed its vote on the quay lease until the strike ends, officials said on Monday.\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let dossier: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(dossier["headline"]["text"], "Quay Vote Delayed");
}

#[test]
fn extract_reports_each_input() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  ").unwrap();
    let output = newsdesk()
        .args(["extract", "--jsonl"])
        .arg(corpus_file("02-coastline-daily.html"))
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines[0]["title"],
        "Velmora Strike Deepens as Union Rejects Port Offer"
    );
    assert_eq!(lines[0]["author"], "Lena Park");
    assert_eq!(lines[0]["published"], "2031-03-05T09:30:00+01:00");
    assert!(lines[1]["error"].as_str().unwrap().contains("is empty"));
}

#[test]
fn store_ingest_is_idempotent_and_clusters_stories() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    let store_arg = store.display().to_string();
    let output = newsdesk()
        .args(["ingest", "--example", "--store", &store_arg])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("ingested 8 new articles"),
        "{}",
        stderr_of(&output)
    );

    // The same articles again: nothing new, no new dossier version.
    let again = newsdesk()
        .args(["ingest", "--example", "--store", &store_arg])
        .output()
        .unwrap();
    assert!(again.status.success());
    let stderr = stderr_of(&again);
    assert!(
        stderr.contains("ingested 0 new articles") && stderr.contains("8 already stored"),
        "{stderr}"
    );
    assert!(!stderr.contains("is now version"), "{stderr}");

    // An unrelated article opens a second story.
    let unrelated = dir.path().join("orchard.txt");
    std::fs::write(
        &unrelated,
        "Orchard Growers Report Record Cherry Harvest\n\nCherry growers in the Alder Valley picked a record crop this summer, the growers' cooperative said on Monday, crediting a mild spring and new irrigation channels.\nCooperative chair Mirela Stan said prices held steady despite the larger harvest, and that pickers had been paid a bonus.\n",
    )
    .unwrap();
    let output = newsdesk()
        .args(["ingest", "--store", &store_arg])
        .arg(&unrelated)
        .output()
        .unwrap();
    assert!(
        stderr_of(&output).contains("to new story 3"),
        "{}",
        stderr_of(&output)
    );

    let listing = newsdesk()
        .args(["stories", "--json", "--store", &store_arg])
        .output()
        .unwrap();
    let stories: serde_json::Value = serde_json::from_slice(&listing.stdout).unwrap();
    let stories = stories.as_array().unwrap();
    assert_eq!(stories.len(), 3, "the example collection holds two stories");
    assert_eq!(stories[0]["id"], 3, "newest activity first");
    let strike = stories.iter().find(|s| s["id"] == 1).unwrap();
    assert_eq!(strike["articles"], 5);
    let storm = stories.iter().find(|s| s["id"] == 2).unwrap();
    assert_eq!(storm["articles"], 3);

    let shown = newsdesk()
        .args(["show", "1", "--format", "json", "--store", &store_arg])
        .output()
        .unwrap();
    assert!(shown.status.success());
    let dossier: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(dossier["schema"], "newsdesk.dossier/1");
    assert_eq!(dossier["story"]["id"], 1);
    assert_eq!(dossier["story"]["version"], 1);

    let missing = newsdesk()
        .args(["show", "7", "--store", &store_arg])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr_of(&missing).contains("there is no story 7"));
    let bad_version = newsdesk()
        .args(["show", "1", "--version", "4", "--store", &store_arg])
        .output()
        .unwrap();
    assert!(stderr_of(&bad_version).contains("has no version 4"));
}

#[test]
fn a_merged_story_id_still_shows_and_the_change_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let store_arg = path.display().to_string();
    let output = newsdesk()
        .args(["ingest", "--example", "--store", &store_arg])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    // Story 1 moves into a new story 3 (as maintenance does when two stories are one).
    {
        let mut store = newsdesk::store::Store::open(&path).unwrap();
        let survivor = store.create_story().unwrap();
        store.merge_stories(1, survivor, 0.42).unwrap();
        let articles = store.story_articles(survivor).unwrap();
        let dossier = newsdesk::pipeline::build_dossier(&articles).unwrap();
        store.save_dossier(survivor, &dossier).unwrap();
    }
    let shown = newsdesk()
        .args(["show", "1", "--format", "json", "--store", &store_arg])
        .output()
        .unwrap();
    assert!(shown.status.success(), "{}", stderr_of(&shown));
    assert!(stderr_of(&shown).contains("story 1 was merged into story 3"));
    let dossier: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(dossier["story"]["id"], 3);

    let changes = newsdesk()
        .args(["stories", "--changes", "--store", &store_arg])
        .output()
        .unwrap();
    let listed = String::from_utf8(changes.stdout).unwrap();
    assert!(
        listed.contains("story 1 merged into story 3 (5 articles moved) (similarity 0.42)"),
        "{listed}"
    );
    let listing = newsdesk()
        .args(["stories", "--json", "--store", &store_arg])
        .output()
        .unwrap();
    let stories: serde_json::Value = serde_json::from_slice(&listing.stdout).unwrap();
    let ids: Vec<_> = stories
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].clone())
        .collect();
    assert_eq!(ids, [3, 2], "story 1 is listed no more");
}

#[test]
fn a_failed_ingest_input_leaves_the_store_intact() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite").display().to_string();
    newsdesk()
        .args(["ingest", "--example", "--store", &store])
        .output()
        .unwrap();
    let before = newsdesk()
        .args(["show", "1", "--format", "json", "--store", &store])
        .output()
        .unwrap();
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, b"\x00\x01\x02binary").unwrap();
    let output = newsdesk()
        .args(["ingest", "--store", &store])
        .arg(&broken)
        .output()
        .unwrap();
    assert_fails_naming(&output, "binary");
    let after = newsdesk()
        .args(["show", "1", "--format", "json", "--store", &store])
        .output()
        .unwrap();
    assert_eq!(before.stdout, after.stdout);
}

/// A wire copy of the first corpus article as another outlet republished it: a dateline,
/// a trimmed ending and a credit line.
fn wire_copy(dir: &Path) -> PathBuf {
    let original = std::fs::read_to_string(corpus_file("01-velmora-ledger.txt")).unwrap();
    let mut lines: Vec<&str> = original.lines().collect();
    lines.truncate(lines.len() - 3);
    let body = lines[3..].join("\n");
    let copy = format!(
        "Velmora dockworkers strike over cranes\nPublished: March 4, 2031\nSource: Tidewire Syndicate\n\
         NORTH HARBOUR (Tidewire) — {body}\nReporting by Mara Lind; editing by Joel Amsel.\n"
    );
    let path = dir.join("tidewire-copy.txt");
    std::fs::write(&path, copy).unwrap();
    path
}

#[test]
fn wire_copies_are_linked_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let copy = wire_copy(dir.path());
    // In one brief: the copy is listed under the original, not briefed as coverage.
    let output = newsdesk()
        .args(["brief", "--format", "json"])
        .arg(corpus_file("01-velmora-ledger.txt"))
        .arg(&copy)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("a copy of"),
        "{}",
        stderr_of(&output)
    );
    let dossier: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(dossier["articles"].as_array().unwrap().len(), 1);
    let copies = &dossier["articles"][0]["also_published_by"];
    assert_eq!(copies[0]["outlet"], "Tidewire Syndicate");
    assert!(copies[0]["resemblance"].as_f64().unwrap() > 0.5);

    // In the store: the copy arriving later is linked to the stored original, and the
    // story's dossier lists it.
    let store = dir.path().join("store.sqlite");
    newsdesk()
        .args(["ingest", "--store"])
        .arg(&store)
        .arg(corpus_file("01-velmora-ledger.txt"))
        .assert()
        .success();
    let output = newsdesk()
        .args(["ingest", "--store"])
        .arg(&store)
        .arg(&copy)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert!(stderr.contains("ingested 0 new articles"), "{stderr}");
    assert!(
        stderr.contains("1 copy of stored articles linked"),
        "{stderr}"
    );
    let shown = newsdesk()
        .args(["show", "1", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let markdown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        markdown.contains("Article 1: Also published by Tidewire Syndicate (2031-03-04)."),
        "{markdown}"
    );
}

/// A tiny invented corpus in CoNLL-2003 layout (`WORD POS CHUNK NER`).
fn write_conll(dir: &Path, name: &str, sentences: &[&str]) {
    let mut text = String::from("-DOCSTART- -X- -X- O\n\n");
    for sentence in sentences {
        for item in sentence.split_whitespace() {
            let (word, tag) = item.split_once('/').unwrap_or((item, "O"));
            text.push_str(&format!("{word} NN I-NP {tag}\n"));
        }
        text.push('\n');
    }
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn train_ner_writes_a_model_that_eval_ner_scores() {
    let dir = tempfile::tempdir().unwrap();
    let sentences = [
        "Mayor/O Ines/I-PER Albarran/I-PER visited/O Castellane/I-LOC ./O",
        "The/O Velmora/I-ORG Port/I-ORG Authority/I-ORG said/O traffic/O rose/O ./O",
        "Tomas/I-PER Reyk/I-PER left/O Orlen/I-LOC for/O Castellane/I-LOC ./O",
    ];
    for name in ["eng.train", "eng.testa", "eng.testb"] {
        write_conll(dir.path(), name, &sentences);
    }
    let model = dir.path().join("model.bin.gz");
    let output = newsdesk()
        .args(["train", "ner", "--epochs", "3", "--data"])
        .arg(dir.path())
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("kept epochs") && stdout.contains("of 8 runs"),
        "{stdout}"
    );
    let output = newsdesk()
        .args(["eval", "ner", "--data"])
        .arg(dir.path())
        .arg("--model")
        .arg(&model)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("eval ner: all"));
}

#[test]
fn train_ner_refuses_zero_runs() {
    let dir = tempfile::tempdir().unwrap();
    let output = newsdesk()
        .args(["train", "ner", "--runs", "0", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_fails_naming(&output, "--runs 0");
}

#[test]
fn train_ner_and_eval_ner_name_the_missing_or_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = newsdesk()
        .args(["train", "ner", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_fails_naming(&output, "eng.train");
    write_conll(dir.path(), "eng.testb", &["Ines/I-PER left/O ./O"]);
    let damaged = dir.path().join("damaged.bin.gz");
    std::fs::write(&damaged, b"not a model").unwrap();
    let output = newsdesk()
        .args(["eval", "ner", "--data"])
        .arg(dir.path())
        .arg("--model")
        .arg(&damaged)
        .output()
        .unwrap();
    assert_fails_naming(&output, "damaged.bin.gz");
}

/// A Timeline17-shaped folder with one invented collection and its gold timeline.
fn write_mini_timeline17(dir: &Path) {
    let articles = [
        ("2031-03-04", "Dockworkers at Port Velmora walked off the job on Tuesday over automation plans .\nThe harbour authority said ferries would keep a reduced timetable ."),
        ("2031-03-09", "Talks between the union and the harbour authority broke down on Sunday .\nThe strike that began on March 4 has left cargo ships waiting outside the port ."),
        ("2031-03-20", "Union members voted on Thursday to accept a new contract that limits automation .\nThe walkout began on March 4 when dockworkers left the cranes idle at Port Velmora ."),
        ("2031-04-02", "The March 4 walkout at Port Velmora cost shippers millions , a trade group said .\nPort officials said new cranes would arrive in the autumn ."),
    ];
    let mut lines = String::new();
    for (i, (date, text)) in articles.iter().enumerate() {
        let record = serde_json::json!({
            "folder": "strike_velmoranews", "topic": "strike", "source": "velmoranews",
            "date": date, "doc_id": i.to_string(), "path": format!("InputDocs/{date}/{i}.htm.txt"),
            "text": text,
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    let file = std::fs::File::create(dir.join("t17_articles.jsonl.gz")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    gz.write_all(lines.as_bytes()).unwrap();
    gz.finish().unwrap();
    let timelines = dir.join("timelines/strike_velmoranews");
    std::fs::create_dir_all(&timelines).unwrap();
    std::fs::write(
        timelines.join("gold.txt"),
        "2031-03-04\nDockworkers at Port Velmora walk off the job .\n--------------------------------\n\
         2031-03-19\nUnion members accept a new contract .\n--------------------------------\n",
    )
    .unwrap();
}

#[test]
fn eval_timeline_scores_and_writes_predicted_timelines() {
    let dir = tempfile::tempdir().unwrap();
    write_mini_timeline17(dir.path());
    let out = dir.path().join("predicted");
    let output = newsdesk()
        .args(["eval", "timeline", "--data"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("eval timeline: all (1)"), "{stdout}");
    assert!(stdout.contains("align+ m:1 ROUGE-1 F1"), "{stdout}");
    let predicted =
        std::fs::read_to_string(out.join("strike_velmoranews/gold.txt")).expect("written");
    assert!(predicted.starts_with("2031-03-04\n"), "{predicted}");
}

#[test]
fn eval_timeline_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let output = newsdesk()
        .args(["eval", "timeline", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_fails_naming(&output, "t17_articles.jsonl.gz");
    write_mini_timeline17(dir.path());
    let output = newsdesk()
        .args(["eval", "timeline", "--topic", "volcano", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_fails_naming(&output, "volcano");
}

#[test]
fn show_since_lists_what_changed_between_versions() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    let store_arg = store.display().to_string();
    let first = dir.path().join("first.txt");
    std::fs::write(
        &first,
        "Ferry Crews Strike in Port Velmora\n\nCrews of the Calder Line walked off their ferries in Port Velmora on Monday, union leader Maren Oduya said.\nThe Calder Line said 40 crossings were cancelled on the first day of the ferry strike.\n",
    )
    .unwrap();
    let second = dir.path().join("second.txt");
    std::fs::write(
        &second,
        "Calder Line Ferry Strike Talks Open\n\nTalks between the Calder Line and its striking ferry crews opened in Port Velmora on Tuesday, union leader Maren Oduya said.\nThe Calder Line said 60 crossings had been cancelled since the ferry strike began on Monday.\n",
    )
    .unwrap();
    for (file, outlet) in [(&first, "Velmora Ledger"), (&second, "Harbour Courier")] {
        let output = newsdesk()
            .args([
                "ingest",
                "--outlet",
                outlet,
                "--published",
                "2031-05-06",
                "--store",
                &store_arg,
            ])
            .arg(file)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
    }
    let output = newsdesk()
        .args([
            "show", "1", "--since", "1", "--format", "json", "--store", &store_arg,
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let changes: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(changes["schema"], "newsdesk.changes/1");
    assert_eq!(changes["from_version"], 1);
    assert_eq!(changes["to_version"], 2);
    assert!(
        changes["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["section"] == "sources" && c["kind"] == "new"),
        "{changes}"
    );
    let output = newsdesk()
        .args(["show", "1", "--since", "2", "--store", &store_arg])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("Nothing changed."));
    let output = newsdesk()
        .args(["show", "1", "--since", "9", "--store", &store_arg])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("--since 9") && stderr_of(&output).contains("version 2"),
        "{}",
        stderr_of(&output)
    );
}

/// A PolNeAR-shaped split folder with five copies of one invented text whose quote names
/// its speaker only in the words before it (brat offsets count characters); a feature
/// needs five training quotes to get a weight.
fn write_polnear_split(dir: &std::path::Path, split: &str) {
    let text = "Ferry strike enters second week\nTalks broke down on Monday.\nNobody expects a quick end, said Dr Lena Varga at the University of Castelmar: “Both sides have dug in.”\n";
    let chars = |needle: &str| {
        let start = text[..text.find(needle).unwrap()].chars().count();
        (start, start + needle.chars().count())
    };
    let (source_start, source_end) = chars("Lena Varga");
    let (content_start, content_end) = chars("“Both sides have dug in.”");
    let ann = format!(
        "T1\tSource {source_start} {source_end}\tLena Varga\nT2\tContent {content_start} {content_end}\tquote\nE1\tAttribution:T2 Content:T2 Source:T1\n"
    );
    for copy in ["a", "b", "c", "d", "e"] {
        for (folder, name, body) in [
            ("text", format!("{copy}.txt"), text),
            ("attributions", format!("{copy}_x.ann"), ann.as_str()),
        ] {
            let path = dir.join(split).join(folder);
            std::fs::create_dir_all(&path).unwrap();
            std::fs::write(path.join(name), body).unwrap();
        }
    }
}

#[test]
fn train_speakers_writes_a_model_file_and_names_a_missing_split() {
    let dir = tempfile::tempdir().unwrap();
    let output = newsdesk()
        .args(["train", "speakers", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_fails_naming(&output, "train");
    write_polnear_split(dir.path(), "train");
    write_polnear_split(dir.path(), "dev");
    let model = dir.path().join("speakers.tsv");
    let output = newsdesk()
        .args(["train", "speakers", "--epochs", "3", "--data"])
        .arg(dir.path())
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("5 unattributed quotes in train (5 with a right candidate)"),
        "{stdout}"
    );
    let written = std::fs::read_to_string(&model).unwrap();
    let parsed = newsdesk::analyze::speakers::SpeakerModel::parse(&written).unwrap();
    // The named speaker is the right answer every time: taking a candidate is learned
    // over leaving the quote without a speaker.
    assert!(parsed.weights["candidate"] > 0.0, "{written}");
    assert!(parsed.weights["none"] < 0.0, "{written}");
}
