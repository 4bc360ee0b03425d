#!/usr/bin/env python3
"""Writes a benchmark corpus of filled-in conventions, each with known defects.

    python3 scripts/generate-corpus.py [OUT]          (default OUT: target/corpus)

From the filled-in engagement convention that fixtures/documents/generate.py derives
from the real template, it writes, with a fixed seed (the same corpus on every machine):

    OUT/n1/0000.txt                 1 convention
    OUT/n100/0000.txt … 0099.txt    100 conventions
    OUT/n1000/0000.txt … 0999.txt   1000 conventions
    OUT/big-50mb.txt                conventions of n1000 concatenated (and repeated)
                                    up to 50 MiB
    OUT/big-200mb.txt               big-50mb.txt four times (for memory: a text file
                                    over 16 MiB is read in segments)
    OUT/manifest.json               the defects injected in each file of n1000 (n1 and
                                    n100 are its first files)

Each convention gets another commune (name, address, mayor, a SIREN with a valid Luhn
check digit), another subject and other dates, then zero to three defects drawn from
DEFECTS, each at a known line. The manifest lists, per file, each defect's kind, the
paraphe rule expected to report it and its 1-based line, so a comparison can count what
each tool finds.
"""
import importlib.util
import json
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = 20261129
BIG = 50 * 1024 * 1024

spec = importlib.util.spec_from_file_location(
    "documents", ROOT / "fixtures" / "documents" / "generate.py")
documents = importlib.util.module_from_spec(spec)
spec.loader.exec_module(documents)

COMMUNES = [
    ("Montreuil", "93100", "place Jean-Jaurès", "Patrice", "Bessac"),
    ("Vincennes", "94300", "53 bis, rue de Fontenay", "Charlotte", "Libert-Albanel"),
    ("Pantin", "93500", "45, avenue du Général-Leclerc", "Bertrand", "Kern"),
    ("Ivry-sur-Seine", "94200", "esplanade Georges-Marrane", "Philippe", "Bouyssou"),
    ("Clichy", "92110", "80, boulevard Jean-Jaurès", "Rémi", "Muzeau"),
    ("Nanterre", "92000", "88, rue du 8-Mai-1945", "Raphaël", "Adam"),
    ("Saint-Ouen-sur-Seine", "93400", "6, place de la République", "Karim", "Bouamrane"),
    ("Bondy", "93140", "esplanade Claude-Fuzier", "Stephen", "Hervé"),
    ("Créteil", "94000", "place Salvador-Allende", "Laurent", "Cathala"),
    ("Issy-les-Moulineaux", "92130", "62, rue du Général-Leclerc", "André", "Santini"),
    ("Aubervilliers", "93300", "2, rue de la Commune-de-Paris", "Karine", "Franclet"),
    ("Sceaux", "92330", "122, rue Houdan", "Philippe", "Laurent"),
]

SUBJECTS = [
    ("l’accueil des usagers", "d’assistant conversationnel pour l’accueil des usagers"),
    ("la gestion des demandes d’état civil", "de tri automatique des demandes d’état civil"),
    ("l’entretien de la voirie", "de détection des dégradations de la voirie"),
    ("la restauration scolaire", "de prévision de la fréquentation des cantines"),
    ("la gestion des archives", "de classement assisté des archives municipales"),
]

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]


def siren(rng):
    """Eight random digits and the Luhn check digit that makes them a valid SIREN."""
    digits = [rng.randrange(10) for _ in range(8)]
    digits[0] = 2  # communes' SIREN start with 2
    for check in range(10):
        number = digits + [check]
        total = 0
        for i, d in enumerate(reversed(number)):
            d = d * 2 if i % 2 == 1 else d
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return "".join(map(str, number))
    raise AssertionError("a Luhn check digit always exists")


def vary(base, rng):
    """Another commune, subject and signature dates, keeping the text consistent."""
    name, postcode, street, first, last = rng.choice(COMMUNES)
    subject, solution = rng.choice(SUBJECTS)
    day1, day2 = rng.randrange(5, 16), rng.randrange(16, 29)
    pairs = [
        ("Commune de Montreuil", f"Commune de {name}"),
        ("est à Montreuil (93100), place Jean-Jaurès", f"est à {name} ({postcode}), {street}"),
        ("219300480", siren(rng)),
        ("M. Patrice Bessac", f"M. {first} {last}"),
        ("Patrice BESSAC", f"{first} {last.upper()}"),
        ("d’assistant conversationnel pour l’accueil des usagers", solution),
        ("l’accueil des usagers", subject),
        ("Le 15 janvier 2027", f"Le {day1} janvier 2027"),
        ("Le 20 janvier 2027", f"Le {day2} janvier 2027"),
    ]
    text = base
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


# Defects: (kind, paraphe rule expected, old, new). `old` must occur once in a
# convention; the defect's line is the line where `new` starts. « prestaire » is on
# paraphe's list of typos and unknown to the dictionary: `typo` and `spelling` flag it,
# and paraphe reports the two as one finding of either rule (same group).
DEFECTS = [
    ("champ non rempli", "placeholder", "jusqu’au \n31 décembre 2028. ", "jusqu’au \n[Date]. "),
    ("faute de frappe", "typo|spelling", "équipes du prestataire et de l’équipe de la Métropole et",
     "équipes du prestaire et de l’équipe de la Métropole et"),
    ("faute d’orthographe", "spelling", "pour participer à cette expérimentation",
     "pour participer à cette expérimentaion"),
    ("mot répété", "repeated-word", "après examen des justificatifs",
     "après examen des des justificatifs"),
    ("date impossible", "date-invalid", "jusqu’au \n31 décembre 2028. ", "jusqu’au \n31 juin 2028. "),
    ("nombre discordant", "number-mismatch", "délai de trente jours", "délai de trente (31) jours"),
    ("renvoi inexistant", "reference-broken", "exposés à l’article 1. Tout",
     "exposés à l’article 14. Tout"),
    ("jour faux", "date-weekday", "un début souhaité le 1er mars 2027.",
     "un début souhaité le dimanche 1er mars 2027."),
    ("capitale sans accent", "capital-accent", "ARTICLE 10 – RESPONSABILITÉ",
     "ARTICLE 10 – RESPONSABILITE"),
]


def inject(text, rng):
    """Zero to three defects of different kinds; returns the text and the defects."""
    count = rng.choice([0, 1, 1, 2, 3])
    chosen = []
    for defect in rng.sample(DEFECTS, len(DEFECTS)):
        if len(chosen) == count:
            break
        kind, rule, old, new = defect
        # Two defects on the same passage would hide each other.
        if text.count(old) != 1 or any(old == c[2] for c in chosen):
            continue
        chosen.append(defect)
        text = text.replace(old, new)
    found = []
    for kind, rule, old, new in chosen:
        at = text.index(new)
        # The line of the changed part: skip what `old` and `new` share at the start.
        common = 0
        while common < min(len(old), len(new)) and old[common] == new[common]:
            common += 1
        line = text.count("\n", 0, at + common) + 1
        found.append({"kind": kind, "rule": rule, "line": line})
    return text, found


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target" / "corpus"
    rng = random.Random(SEED)
    base = documents.filled()
    texts, manifest = [], {}
    for i in range(1000):
        text, defects = inject(vary(base, rng), rng)
        texts.append(text)
        manifest[f"{i:04}.txt"] = defects
    for n in (1, 100, 1000):
        folder = out / f"n{n}"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(n):
            (folder / f"{i:04}.txt").write_text(texts[i], encoding="utf-8")
    big, size, i = [], 0, 0
    while size < BIG:
        big.append(texts[i % len(texts)])
        size += len(texts[i % len(texts)].encode("utf-8"))
        i += 1
    (out / "big-50mb.txt").write_text("".join(big), encoding="utf-8")
    with open(out / "big-200mb.txt", "w", encoding="utf-8") as f:
        for _ in range(4):
            f.write("".join(big))
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    kinds = {}
    for defects in manifest.values():
        for d in defects:
            kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    print(f"{out}: 1, 100 and 1000 conventions, big-50mb.txt ({size / 1048576:.1f} MiB, "
          f"{i} conventions), big-200mb.txt ({4 * i} conventions), "
          f"{sum(kinds.values())} defects in n1000: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
