"""Benchmark of the leaflet builder: `./run bench` (or .venv/bin/python bench/run.py).

Prints, each as the median of several runs where the run is short enough to repeat:

  warm render     one leaflet rendered in this process after a first render (fonts
                  registered, catalogs parsed): en, ar, zh_Hans, hi (--allow-fallback
                  semantics: an untranslated string is printed in English, same length)
  cold leaflet    wall time of a fresh `python -m generator build --topic T --locale en
                  --paper a4 --force` (the leaflet and its quiz and answer key)
  full matrix     `leaflets build --force --allow-fallback` of every topic, locale, paper,
                  quiz and key into a temporary folder, with --jobs 1 and --jobs <cores>
  no-op rebuild   the same build again, nothing changed
  peak memory     largest peak RSS of any process of a full build (RUSAGE_CHILDREN)
  PDF sizes       the largest leaflet per writing system

and the targets of docs/performance.md beside them. Plain Python, no extra packages;
about a minute on 2 cores. `--json FILE` also writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build.pool import default_workers  # noqa: E402 - after the path is set

TARGETS = {   # figure -> (limit, unit, compare)
    "warm_en_ms": (40, "ms", "<="),
    "warm_shaped_ms": (120, "ms", "<="),
    "cold_leaflet_s": (0.6, "s", "<="),
    "noop_s": (1.0, "s", "<="),
    "speedup": (1.7, "x", ">="),
    "peak_rss_mb": (300, "MB", "<="),
    "latin_leaflet_kb": (150, "KB", "<="),
    "cjk_leaflet_kb": (600, "KB", "<="),
}
WARM_LOCALES = ("en", "ar", "zh_Hans", "hi")
# Child process: run a command, then report the largest peak RSS among its process tree.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=open(sys.argv[1], "w"))
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": done.returncode, "seconds": time.perf_counter() - start,
                  "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topic", default="stage4-cancer", help="topic of the single leaflets")
    parser.add_argument("--runs", type=int, default=7, help="runs per warm figure (median)")
    parser.add_argument("--cold-runs", type=int, default=5, help="runs of the cold CLI")
    parser.add_argument("--matrix-runs", type=int, default=2,
                        help="full-matrix builds per --jobs value, alternating (each takes "
                             "~7-15 s)")
    parser.add_argument("--jobs", type=int, default=default_workers(), help="the parallel --jobs")
    parser.add_argument("--json", metavar="FILE", help="also write the figures here")
    args = parser.parse_args()

    figures: dict = {"cores": default_workers(), "load_before": os.getloadavg()[0],
                     "python": sys.version.split()[0]}
    started = time.perf_counter()
    print(f"leaflets benchmark: {figures['cores']} cores, Python {figures['python']}, "
          f"load average {figures['load_before']:.2f} (other work on the machine slows "
          "every figure)")
    # Byte-code first: with PYTHONDONTWRITEBYTECODE set (as on the project's machines) no
    # .pyc is ever written and every fresh process would compile the generator again.
    compileall.compile_dir(str(ROOT / "generator"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="leaflets-bench-") as temp:
        temp = Path(temp)
        warm(args, figures)
        cold(args, figures, temp)
        matrix(args, figures, temp)
    figures["load_after"] = os.getloadavg()[0]
    figures["bench_seconds"] = round(time.perf_counter() - started, 1)
    print(f"\nbench took {figures['bench_seconds']} s; load average now "
          f"{figures['load_after']:.2f}")
    verdict(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


# ---------------------------------------------------------------- figures

def warm(args, figures: dict) -> None:
    from generator.localize.catalogs import COMMON_DOMAIN, load_translations
    from generator.build.project import find_project
    from generator.render.leaflet import RenderOptions, render_leaflet

    print(f"\nwarm render, one {args.topic} leaflet (A4) in this process, median of "
          f"{args.runs}:")
    project = find_project(ROOT)
    leaflet = project.leaflet(args.topic)
    for locale in WARM_LOCALES:
        translations = load_translations(project.locales_dir, locale,
                                         [args.topic, COMMON_DOMAIN])
        options = RenderOptions(paper="a4", allow_fallback=True)
        start = time.perf_counter()
        render_leaflet(leaflet, locale, translations, options)      # registers fonts
        first = time.perf_counter() - start
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            render_leaflet(leaflet, locale, translations, options)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        ms = statistics.median(walls) * 1000
        figures[f"warm_{locale}_ms"] = round(ms, 1)
        print(f"  {locale:8} {ms:7.1f} ms   (cpu {statistics.median(cpus) * 1000:.1f} ms; "
              f"first render {first * 1000:.0f} ms, fonts included)")
    figures["warm_shaped_ms"] = max(figures[f"warm_{loc}_ms"] for loc in ("ar", "zh_Hans", "hi"))


def cold(args, figures: dict, temp: Path) -> None:
    out = temp / "cold"
    command = [sys.executable, "-m", "generator", "build", "--topic", args.topic,
               "--locale", "en", "--paper", "a4", "--force", "--out", str(out)]
    _run(command, temp)      # the first run may fill the merged-font cache
    times = [_run(command, temp)["seconds"] for _ in range(args.cold_runs)]
    figures["cold_leaflet_s"] = round(statistics.median(times), 3)
    print(f"\ncold single leaflet (fresh `python -m generator build --topic {args.topic} "
          f"--locale en --paper a4 --force`: leaflet, quiz and key), median of "
          f"{args.cold_runs}: {figures['cold_leaflet_s']:.2f} s "
          f"(min {min(times):.2f} s)")


def matrix(args, figures: dict, temp: Path) -> None:
    base = [sys.executable, "-m", "generator", "build", "--allow-fallback"]
    print("\nfull matrix (every topic x locale x paper, quizzes and keys; --force "
          f"--allow-fallback), {args.matrix_runs} run(s) each:")
    results: dict[int, list] = {jobs: [] for jobs in dict.fromkeys((1, args.jobs))}
    for n in range(args.matrix_runs):          # alternate, so both see the same machine
        for jobs in results:
            out = temp / f"matrix-j{jobs}-{n}"
            results[jobs].append(_run(base + ["--force", "--jobs", str(jobs), "--out", str(out)],
                                      temp, check_out=out))
    for jobs, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        peak = max(r["maxrss_kb"] for r in runs) / 1024
        figures[f"matrix_j{jobs}_s"] = round(seconds, 2)
        figures[f"peak_rss_j{jobs}_mb"] = round(peak, 1)
        cpu = statistics.median(r["cpu"] for r in runs)
        figures[f"matrix_j{jobs}_cpu_s"] = round(cpu, 2)
        print(f"  --jobs {jobs}: {seconds:6.2f} s ({cpu:.1f} s CPU: {cpu / seconds:.2f} cores "
              f"busy), {runs[0]['outputs']} files, peak RSS of the largest process "
              f"{peak:.0f} MB")
    figures["speedup"] = round(figures["matrix_j1_s"] / figures[f"matrix_j{args.jobs}_s"], 2)
    figures["peak_rss_mb"] = max(figures[f"peak_rss_j{j}_mb"] for j in results)
    print(f"  speed-up 1 -> {args.jobs} jobs: {figures['speedup']:.2f}x")

    out = temp / f"matrix-j{args.jobs}-0"
    noop: list[float] = []
    for _ in range(8):          # 3 runs that really had nothing to do
        result = _run(base + ["--jobs", str(args.jobs), "--out", str(out)], temp)
        written = re.search(r"^(\d+) written", result["log"], re.M)
        if written and written.group(1) == "0":
            noop.append(result["seconds"])
            if len(noop) == 3:
                break
        else:
            print("  (a no-op run made files: the generator or content changed during the "
                  "bench; run again)")
    if not noop:
        sys.exit("bench: every no-op rebuild made files again")
    figures["noop_s"] = round(statistics.median(noop), 3)
    print(f"\nno-op rebuild of the full matrix (nothing changed), median of {len(noop)}: "
          f"{figures['noop_s']:.2f} s")
    sizes(out, figures)


def sizes(out: Path, figures: dict) -> None:
    from generator.scripts.registry import script_for_locale

    per_script: dict[str, list[int]] = {}
    quizzes: dict[str, list[int]] = {}
    for pdf in sorted(out.rglob("*.pdf")):
        locale = pdf.relative_to(out).parts[0]
        script = script_for_locale(locale)
        (quizzes if "quiz" in pdf.parts else per_script).setdefault(script, []) \
            .append(pdf.stat().st_size)
    print("\nPDF sizes per writing system (leaflets; quizzes and keys in brackets):")
    for script in sorted(per_script):
        leaf, quiz = per_script[script], quizzes.get(script, [0])
        print(f"  {script}: leaflets {statistics.median(leaf) / 1024:5.0f} KB median, "
              f"{max(leaf) / 1024:5.0f} KB largest  (quiz/key largest "
              f"{max(quiz) / 1024:.0f} KB)")
        figures[f"leaflet_kb_{script}"] = round(max(leaf) / 1024, 1)
    latin = [figures[k] for k in figures if k in ("leaflet_kb_Latn", "leaflet_kb_Cyrl")]
    cjk = [figures[k] for k in figures
           if k in ("leaflet_kb_Hans", "leaflet_kb_Hant", "leaflet_kb_Jpan", "leaflet_kb_Hang")]
    figures["latin_leaflet_kb"] = max(latin) if latin else 0
    figures["cjk_leaflet_kb"] = max(cjk) if cjk else 0


def verdict(figures: dict) -> None:
    print("\nfigure                      measured     target")
    names = {"warm_en_ms": "warm English leaflet", "warm_shaped_ms": "warm shaped-script (max)",
             "cold_leaflet_s": "cold single leaflet", "noop_s": "no-op rebuild",
             "speedup": "speed-up 1 -> N jobs", "peak_rss_mb": "peak memory per process",
             "latin_leaflet_kb": "Latin leaflet size", "cjk_leaflet_kb": "CJK leaflet size"}
    for key, (limit, unit, compare) in TARGETS.items():
        value = figures.get(key)
        if value is None:
            continue
        good = value <= limit if compare == "<=" else value >= limit
        print(f"  {names[key]:26} {value:8.2f} {unit:3} {compare} {limit:<6} "
              f"{'ok' if good else 'MISSED'}")


# ---------------------------------------------------------------- helpers

def _run(command: list[str], temp: Path, check_out: Path | None = None) -> dict:
    log = temp / "build.log"
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(log), *command], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        sys.exit(f"bench: could not measure {' '.join(command)}:\n{done.stderr}")
    if result["rc"] != 0:
        sys.exit(f"bench: {' '.join(command[2:])} failed (exit {result['rc']}):\n"
                 + log.read_text(encoding="utf-8")[-3000:])
    result["log"] = log.read_text(encoding="utf-8")
    if check_out is not None:
        result["outputs"] = len(list(check_out.rglob("*.pdf")))
        if check_out.name.endswith("-0") is False:
            shutil.rmtree(check_out, ignore_errors=True)
    return result


if __name__ == "__main__":
    sys.exit(main())
