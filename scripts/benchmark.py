#!/usr/bin/env python3
"""Times paraphe, Grammalecte and typos on the same conventions, and checks paraphe's
performance targets.

    python3 scripts/benchmark.py [--quick]

Run from a clone after the README's set-up. It installs what it lacks: hyperfine, GNU
time and grammalecte-cli from Debian (apt-get, as root or through sudo), typos from PyPI
(in a virtual environment under target/benchmark), the corpus with
scripts/generate-corpus.py, and paraphe with `cargo build --release`. paraphe runs with
every rule, spelling included, with the dictionary pinned in fixtures/dictionary (the
same words on every machine).

It prints the machine, then for each tool and input the median wall time (hyperfine),
the throughput in MB/s (10^6 bytes of input per second), the peak memory (GNU time's
maximum resident set size), the defects of the corpus each tool finds, and the targets
of issue 7 as ratios. Results also go to target/benchmark/results.json.

Grammalecte takes about a second a file: it runs on the template and the 1- and
100-document corpora only (one run each for 100 files). `--quick` makes fewer runs.
"""
import json
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "benchmark"
CORPUS = ROOT / "target" / "corpus"
PARAPHE = ROOT / "target" / "release" / "paraphe"
DICTIONARY = ROOT / "fixtures" / "dictionary" / "fr-toutesvariantes.dic"
TEMPLATE = ROOT / "fixtures" / "documents" / "convention-engagement-template.txt"
QUICK = "--quick" in sys.argv


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def ensure_tools():
    missing = [p for p, c in [("hyperfine", "hyperfine"), ("time", "/usr/bin/time"),
                              ("grammalecte-cli", "grammalecte-cli")] if not shutil.which(c)]
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(sudo + ["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL)
        run(sudo + ["apt-get", "install", "-y", "-qq", *missing], env=env,
            stdout=subprocess.DEVNULL)
    venv = OUT / "venv"
    typos = venv / "bin" / "typos"
    if not typos.exists():
        run([sys.executable, "-m", "venv", str(venv)])
        run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
             "typos==1.40.0"])
    if not (CORPUS / "manifest.json").exists() or not (CORPUS / "big-200mb.txt").exists():
        run([sys.executable, str(ROOT / "scripts" / "generate-corpus.py"), str(CORPUS)])
    run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    return str(typos)


def machine():
    cpu = "?"
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = pathlib.Path("/proc/meminfo").read_text().split()[1]
    return (f"{cpu}, {os.cpu_count()} processors, {int(mem) // 1048576} GiB, "
            f"{platform.system()} {platform.release()}")


def size(path):
    path = pathlib.Path(path)
    if path.is_dir():
        return sum(p.stat().st_size for p in path.glob("*.txt"))
    return path.stat().st_size


def files(path):
    path = pathlib.Path(path)
    return sorted(path.glob("*.txt")) if path.is_dir() else [path]


def paraphe_cmd(path, threads=1):
    return (f"{PARAPHE} check --format json -j {threads} --no-config "
            f"--dictionary {DICTIONARY} {path}")


def grammalecte_cmd(path):
    return " ".join(f"grammalecte-cli -f {f} -j -cl;" for f in files(path))


def typos_cmd(typos, path):
    return f"{typos} --format json {path}"


def hyperfine(name, cmd, runs):
    """Median wall time (seconds) of `cmd` over `runs` runs, after one warm-up."""
    export = OUT / f"{name}.json"
    warmup = ["--warmup", "1"] if runs > 1 else []
    run(["hyperfine", "--style", "none", "--ignore-failure", *warmup, "--runs", str(runs),
         "--export-json", str(export), "--shell", "bash", cmd],
        stdout=subprocess.DEVNULL)
    times = json.loads(export.read_text())["results"][0]["times"]
    return statistics.median(times)


def peak_memory(cmd):
    """Maximum resident set size (MB, 10^6 bytes) of one run, from GNU time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M", "bash", "-c", cmd + " >/dev/null"],
                         capture_output=True, text=True, check=False)
    return int(out.stderr.strip().splitlines()[-1]) * 1024 / 1e6


def found_paraphe(path, manifest):
    out = subprocess.run(paraphe_cmd(path, threads=2), shell=True, capture_output=True,
                         text=True, check=False)
    lines = {}
    for f in json.loads(out.stdout)["findings"]:
        lines.setdefault(pathlib.Path(f["path"]).name, []).append((f["line"], f["rule"]))
    return score(manifest, lines, lambda d, rule: rule in d["rule"].split("|"))


def found_grammalecte(path, manifest):
    lines = {}
    for f in files(path):
        out = subprocess.run(["grammalecte-cli", "-f", str(f), "-j", "-cl"],
                             capture_output=True, text=True, check=False)
        for paragraph in json.loads(out.stdout)["data"]:
            for e in paragraph["lGrammarErrors"] + paragraph["lSpellingErrors"]:
                lines.setdefault(f.name, []).append((e["nStartY"], None))
    return score(manifest, lines, lambda d, rule: True)


def found_typos(typos, path, manifest):
    out = subprocess.run([typos, "--format", "json", str(path)], capture_output=True,
                         text=True, check=False)
    lines = {}
    for line in out.stdout.splitlines():
        e = json.loads(line)
        if e.get("type") == "typo":
            lines.setdefault(pathlib.Path(e["path"]).name, []).append((e["line_num"], None))
    return score(manifest, lines, lambda d, rule: True)


def score(manifest, lines, matches):
    """(defects found, defects injected, findings elsewhere): a defect is found when the
    tool reports something on its line (paraphe: with the rule expected)."""
    found = injected = elsewhere = 0
    for name, reported in lines.items():
        defect_lines = {d["line"] for d in manifest.get(name, [])}
        elsewhere += sum(1 for line, _ in reported if line not in defect_lines)
    for name, defects in manifest.items():
        for d in defects:
            injected += 1
            if any(line == d["line"] and matches(d, rule) for line, rule in lines.get(name, [])):
                found += 1
    return found, injected, elsewhere


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    typos = ensure_tools()
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    inputs = {
        "template": TEMPLATE,
        "n1": CORPUS / "n1",
        "n100": CORPUS / "n100",
        "n1000": CORPUS / "n1000",
        "50 MB": CORPUS / "big-50mb.txt",
        "200 MB": CORPUS / "big-200mb.txt",
    }
    few = 3 if QUICK else 10
    rows, results = [], {"machine": machine()}
    print(f"machine: {results['machine']}")

    def measure(tool, name, cmd, runs):
        seconds = hyperfine(f"{tool}-{name}".replace(" ", ""), cmd, runs)
        mb = size(inputs[name]) / 1e6
        memory = peak_memory(cmd)
        row = {"tool": tool, "input": name, "seconds": seconds, "mb_per_s": mb / seconds,
               "peak_mb": memory}
        rows.append(row)
        print(f"  {tool:<22} {name:<9} {seconds * 1e3:10.1f} ms {mb / seconds:8.2f} MB/s "
              f"{memory:8.1f} MB", flush=True)
        return row

    print("median wall time, throughput, peak memory:")
    startup = measure("paraphe (start-up)", "n1", f"{PARAPHE} rules --no-config", few)
    no_dict = measure("paraphe, no spelling", "n1",
                      paraphe_cmd(inputs["n1"]) + " --ignore orthography", few)
    p = {name: measure("paraphe", name, paraphe_cmd(path),
                       {"50 MB": 3, "200 MB": 1}.get(name, few))
         for name, path in inputs.items()}
    p2 = measure("paraphe -j 2", "n1000", paraphe_cmd(inputs["n1000"], threads=2), few)
    g = {name: measure("grammalecte-cli", name, grammalecte_cmd(inputs[name]),
                       few if name != "n100" else 1)
         for name in ("template", "n1", "n100")}
    t = {name: measure("typos", name, typos_cmd(typos, path), few)
         for name, path in inputs.items() if name != "200 MB"}

    n100 = {name: manifest[name] for name in sorted(manifest)[:100]}
    found = {
        "paraphe": found_paraphe(inputs["n100"], n100),
        "grammalecte-cli": found_grammalecte(inputs["n100"], n100),
        "typos": found_typos(typos, inputs["n100"], n100),
    }
    print("defects of the 100-document corpus found (a finding on the defect's line):")
    for tool, (hit, total, elsewhere) in found.items():
        print(f"  {tool:<16} {hit:4} of {total}   other findings: {elsewhere}")

    ratio = g["template"]["seconds"] / p["template"]["seconds"]
    speedup = p["n1000"]["seconds"] / p2["seconds"]
    targets = [
        ("template: paraphe vs grammalecte-cli", f"{ratio:.1f}× faster", ratio >= 50, "≥ 50×"),
        ("50 MB, one thread", f"{p['50 MB']['mb_per_s']:.1f} MB/s",
         p["50 MB"]["mb_per_s"] >= 50, "≥ 50 MB/s"),
        ("1000 documents, 2 threads vs 1", f"{speedup:.2f}×", speedup >= 1.6, "≥ 1.6×"),
        ("50 MB, peak memory", f"{p['50 MB']['peak_mb']:.0f} MB",
         p["50 MB"]["peak_mb"] < 100, "< 100 MB"),
        # Issue 4: a 200 MB text file works in bounded memory (read in segments).
        ("200 MB, peak memory bounded (≤ 1.2 × the 50 MB file's, < 100 MB)",
         f"{p['200 MB']['peak_mb']:.0f} MB",
         p["200 MB"]["peak_mb"] < 100
         and p["200 MB"]["peak_mb"] <= 1.2 * p["50 MB"]["peak_mb"], "bounded"),
    ]
    series = [p["n1"], p["n100"], p["n1000"]]
    per_doc = [r["seconds"] / n for r, n in zip(series, (1, 100, 1000))]
    print("series 1/100/1000 documents (paraphe, one thread): time "
          + " / ".join(f"{r['seconds'] * 1e3:.0f} ms" for r in series)
          + ", per document " + " / ".join(f"{x * 1e3:.1f} ms" for x in per_doc)
          + ", peak memory " + " / ".join(f"{r['peak_mb']:.0f} MB" for r in series))
    print(f"start-up (paraphe rules: built-in rules parsed, regexes compiled): "
          f"{startup['seconds'] * 1e3:.1f} ms; one convention, the orthography "
          f"rules left out: {no_dict['seconds'] * 1e3:.1f} ms")
    print("targets:")
    for name, measured, ok, goal in targets:
        print(f"  {'met   ' if ok else 'MISSED'} {name}: {measured} (target {goal})")
    results.update(rows=rows, found={k: list(v) for k, v in found.items()},
                   targets=[{"name": n, "measured": m, "met": ok, "goal": goal}
                            for n, m, ok, goal in targets])
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
