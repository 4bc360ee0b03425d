#!/usr/bin/env python3
"""Compares paraphe with Grammalecte on the same conventions: how many findings each
gives, and which of the template's known slips each finds.

Run from the repository root, after `cargo build --release` and
`apt-get install grammalecte-cli`:

    python3 scripts/compare-grammalecte.py [FILE ...]

Without FILE: the real template and the correct filled-in convention of
fixtures/documents. paraphe uses the dictionary pinned in fixtures/dictionary, so the
counts do not depend on the machine; Grammalecte is run with --concat_lines (-cl), which
joins the hard-wrapped lines of a paragraph as paraphe reads them.
"""
import collections
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PARAPHE = ROOT / "target" / "release" / "paraphe"
DICTIONARY = ROOT / "fixtures" / "dictionary" / "fr-toutesvariantes.dic"
DOCUMENTS = ROOT / "fixtures" / "documents"
DEFAULT = [
    DOCUMENTS / "convention-engagement-template.txt",
    DOCUMENTS / "convention-engagement-remplie.txt",
]
# The real slips of the template: (line, word).
SLIPS = {
    "convention-engagement-template.txt": [
        (69, "ETP"), (188, "prestaire"), (193, "prestaire"), (212, "DONNES"),
    ],
}
ORTHOGRAPHY = {"typo", "spelling", "capital-accent", "repeated-word"}


def paraphe(path):
    out = subprocess.run(
        [str(PARAPHE), "check", "--format", "json", "--dictionary", str(DICTIONARY), str(path)],
        capture_output=True, text=True, check=False,
    )
    if out.returncode not in (0, 1):
        sys.exit(f"paraphe failed on {path}: {out.stderr}")
    findings = json.loads(out.stdout)
    groups = collections.Counter()
    for f in findings:
        if f["rule"] in ORTHOGRAPHY:
            groups["orthographe"] += 1
        elif f["rule"] in TYPOGRAPHY:
            groups["typographie"] += 1
        else:
            groups["autres règles"] += 1
    found = {(f["line"], f["text"]) for f in findings if f["rule"] in ORTHOGRAPHY}
    return len(findings), groups, found


def grammalecte(path):
    out = subprocess.run(
        ["grammalecte-cli", "-f", str(path), "-j", "-cl"],
        capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        sys.exit(f"grammalecte-cli failed on {path}: {out.stderr}")
    data = json.loads(out.stdout)["data"]
    kinds = collections.Counter()
    found = set()
    for paragraph in data:
        for e in paragraph["lGrammarErrors"]:
            kinds[e["sType"]] += 1
        for e in paragraph["lSpellingErrors"]:
            kinds["orthographe"] += 1
            found.add((e["nStartY"], e["sValue"]))
    return sum(kinds.values()), kinds, found


TYPOGRAPHY = {
    "nbsp-missing", "space-before-punctuation", "double-space", "apostrophe-mixed",
    "quotes-mixed", "heading-separator-mixed",
}


def main():
    if not PARAPHE.exists():
        sys.exit("build paraphe first: cargo build --release")
    files = [pathlib.Path(a) for a in sys.argv[1:]] or DEFAULT
    print(f"{'fichier':40} {'outil':12} {'constats':>8}  détail")
    for path in files:
        p_total, p_groups, p_found = paraphe(path)
        g_total, g_kinds, g_found = grammalecte(path)
        print(f"{path.name:40} {'paraphe':12} {p_total:8}  "
              + ", ".join(f"{k} {v}" for k, v in sorted(p_groups.items())))
        print(f"{'':40} {'grammalecte':12} {g_total:8}  "
              + ", ".join(f"{k} {v}" for k, v in g_kinds.most_common()))
        slips = SLIPS.get(path.name)
        if slips:
            for tool, found in (("paraphe", p_found), ("grammalecte", g_found)):
                hits = [s for s in slips if s in found]
                missed = [f"{w} (l. {l})" for l, w in slips if (l, w) not in found]
                print(f"{'':40} {tool:12} fautes connues trouvées : {len(hits)}/{len(slips)}"
                      + (f" ; manquées : {', '.join(missed)}" if missed else ""))


if __name__ == "__main__":
    main()
