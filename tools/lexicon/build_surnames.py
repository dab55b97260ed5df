#!/usr/bin/env python3
"""Builds crates/analyse/rules/entities/surnames_international.txt: Latin-script family names
from the locale tables of the Faker package (MIT licence; its lists cite
Wiktionary and national statistics), one per line.

A surname gazetteer is a soft feature of the entity tagger: many surnames
are also words ("Koch", "Wolf"), and the tagger learns how much to trust it.

Usage: python3 tools/lexicon/build_surnames.py   (downloads the pinned wheel once)
"""
import hashlib
import importlib
import os
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

WHEEL = "faker-40.54.0-py3-none-any.whl"
SHA256 = "2dd88ee8cb63a9149e19ef48bdd73879bc3854d8ba2d6c1535e902a762e603f7"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "crates/analyse/rules/entities/surnames_international.txt")


def wheel_path():
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "wirewatch-lexicon")
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, WHEEL)
    if not os.path.exists(path):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", cache, "faker==40.54.0"], check=True)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{path}: sha256 {digest} != {SHA256}")
    return path


def latin(name):
    return all(unicodedata.category(c).startswith("L") or c in "-' " for c in name) and all(ord(c) < 0x250 for c in name)


def main():
    unpacked = tempfile.mkdtemp()
    zipfile.ZipFile(wheel_path()).extractall(unpacked)
    sys.path.insert(0, unpacked)
    base = os.path.join(unpacked, "faker", "providers", "person")
    names = {}
    for locale in sorted(os.listdir(base)):
        if locale.startswith("__") or not os.path.isdir(os.path.join(base, locale)):
            continue
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        table = getattr(provider, "last_names", ())
        for name in (table.keys() if isinstance(table, dict) else table):
            name = name.strip()
            if len(name) >= 2 and latin(name) and name[0].isupper():
                names.setdefault(name, set()).add(locale)
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# Family names, Latin script, from the locale tables of Faker 40.54.0 (MIT licence,\n")
        out.write(f"# wheel sha256 {SHA256}); rebuilt by tools/lexicon/build_surnames.py.\n")
        for name in sorted(names):
            out.write(name + "\n")
    print(f"wrote {OUT}: {len(names)} names")


if __name__ == "__main__":
    main()
