"""Benchmark of the leaflet builder: `./run bench` (or .venv/bin/python bench/run.py).

Prints every figure of docs/performance.md beside its target, each the median of several
runs where a run is short enough to repeat:

  warm render     one leaflet rendered in this process after a first render (fonts
                  registered, catalogs parsed): en, the shaped scripts ar, fa, hi, and
                  zh_Hans (--allow-fallback semantics: an untranslated string is printed in
                  English, same length); with the shaping cache's hits per script
  tagging cost    leaflet, quiz and answer key in en, ar, hi and zh_Hans rendered in this
                  process tagged and untagged (render.pdf._TAGGED, a switch only this bench
                  sets): CPU time and bytes, tagged against untagged
  cold start      wall time of a fresh `python -m generator build --topic T --locale en
                  --paper a4 --force` (the leaflet, its quiz and answer key) and of a fresh
                  `python -m generator --help`, alternating
  CPU per PDF     `build --jobs 1 --force --allow-fallback` of every locale with one or all
                  topics and one or both papers (54 to 216 PDFs, the same mix of scripts):
                  the slope of a least-squares line through (PDFs made, CPU seconds) is what
                  one more PDF costs, its intercept what every build pays once (imports,
                  content, fonts)
  full matrix     `leaflets build --force --allow-fallback` of every topic, locale, paper,
                  quiz and key into a temporary folder, with --jobs 1 and --jobs <cores>;
                  its CPU time divided by the PDFs made
  no-op rebuild   the same build again, nothing changed, against `--help` (same run)
  peak memory     largest peak RSS of any process of a full build (RUSAGE_CHILDREN)
  PDF sizes       the largest leaflet, quiz and key per writing system, against budgets

Warm renders, tagging and CPU per PDF are judged on CPU time (the process's own), cold
start and no-op on wall time (what a user waits); other work on the machine inflates wall
time most, so the bench prints the load average, and both times where they differ. Plain Python, no extra packages; about two minutes on 2 cores. The bench
never fails (exit 0 whatever it measured) unless a build it runs fails. `--json FILE` also
writes the figures as JSON.
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

# figure -> (name, limit, unit, compare); the targets of docs/performance.md (issue 22's)
TARGETS = {
    "cpu_per_pdf_ms": ("CPU per PDF, full build", 30, "ms", "<="),
    "cpu_slope_ms": ("CPU per PDF, slope of fit", 30, "ms", "<="),
    "cold_leaflet_s": ("cold single leaflet", 0.25, "s", "<="),
    "noop_ratio": ("no-op rebuild / --help", 3, "x", "<="),
    "warm_en_cpu_ms": ("warm English leaflet (CPU)", 25, "ms", "<="),
    "warm_shaped_cpu_ms": ("warm shaped, max ar fa hi (CPU)", 45, "ms", "<="),
    "tag_time_pct": ("tagging, extra time", 20, "%", "<="),
    "tag_bytes_pct": ("tagging, extra bytes", 30, "%", "<="),
    "speedup": ("speed-up 1 -> N jobs", 1.7, "x", ">="),
    "peak_rss_mb": ("peak memory per process", 300, "MB", "<="),
    "latin_leaflet_kb": ("Latin leaflet size", 150, "KB", "<="),
    "cjk_leaflet_kb": ("CJK leaflet size", 600, "KB", "<="),
}
WARM_LOCALES = ("en", "ar", "fa", "hi", "zh_Hans")
SHAPED = ("ar", "fa", "hi")
TAG_LOCALES = ("en", "ar", "hi", "zh_Hans")
# Child process: run a command, then report the largest peak RSS among its process tree.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=open(sys.argv[1], "w"))
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": done.returncode, "seconds": time.perf_counter() - start,
                  "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}))
"""


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topic", default="stage4-cancer", help="topic of the single leaflets")
    parser.add_argument("--runs", type=int, default=7, help="runs per warm figure (median)")
    parser.add_argument("--cold-runs", type=int, default=5, help="runs of the cold CLI")
    parser.add_argument("--matrix-runs", type=int, default=2,
                        help="full-matrix builds per --jobs value, alternating (each takes "
                             "~7-15 s)")
    parser.add_argument("--jobs", type=int, default=cores(), help="the parallel --jobs")
    parser.add_argument("--skip", action="append", default=[],
                        choices=("warm", "tagging", "cold", "fit", "matrix"),
                        help="leave a part out (repeatable)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()

    figures: dict = {"cores": cores(), "load_before": os.getloadavg()[0],
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
        for part, run in (("warm", warm), ("tagging", tagging), ("cold", cold),
                          ("fit", fit), ("matrix", matrix)):
            if part not in args.skip:
                run(args, figures, temp)
    figures["load_after"] = os.getloadavg()[0]
    figures["bench_seconds"] = round(time.perf_counter() - started, 1)
    print(f"\nbench took {figures['bench_seconds']} s; load average now "
          f"{figures['load_after']:.2f}")
    verdict(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


# ---------------------------------------------------------------- in this process

def _project():
    from generator.build.project import find_project
    return find_project(ROOT)


def _timed(call, runs: int) -> tuple[float, float, object]:
    """(median wall ms, median CPU ms, last result) of `runs` calls, each made as a build
    makes a document (build.runner.collected_once: the garbage collector paused during
    it, one collection after it, counted)."""
    from generator.build.runner import collected_once

    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        with collected_once():
            result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, result


def warm(args, figures: dict, temp: Path) -> None:
    from generator.localize.catalogs import COMMON_DOMAIN, load_translations
    from generator.render.leaflet import RenderOptions, render_leaflet

    print(f"\nwarm render, one {args.topic} leaflet (A4) in this process, median of "
          f"{args.runs} (target: en <= {TARGETS['warm_en_cpu_ms'][1]} ms, ar fa hi <= "
          f"{TARGETS['warm_shaped_cpu_ms'][1]} ms, judged on CPU time); shaping caches: hits / lookups of lines "
          "(scripts.lines._visual_runs), of shaped runs (scripts.lines.shape, asked by a line not "
          "yet made) and of word widths (scripts.rtl._word_width):")
    project = _project()
    leaflet = project.leaflet(args.topic)
    for locale in WARM_LOCALES:
        translations = load_translations(project.locales_dir, locale,
                                         [args.topic, COMMON_DOMAIN])
        options = RenderOptions(paper="a4", allow_fallback=True)
        before = _cache_counts()
        first, _cpu, _ = _timed(lambda: render_leaflet(leaflet, locale, translations, options),
                                1)                                  # registers fonts
        middle = _cache_counts()
        ms, cpu, _ = _timed(lambda: render_leaflet(leaflet, locale, translations, options),
                            args.runs)
        after = _cache_counts()
        figures[f"warm_{locale}_ms"] = round(ms, 1)
        figures[f"warm_{locale}_cpu_ms"] = round(cpu, 1)
        print(f"  {locale:8} {ms:7.1f} ms   (cpu {cpu:.1f} ms; first render {first:.0f} ms, "
              f"fonts included)")
        for name in before:
            cold_hits, cold_all = _delta(before[name], middle[name])
            warm_hits, warm_all = _delta(middle[name], after[name])
            if cold_all:
                figures[f"cache_{name}_{locale}"] = {"first": [cold_hits, cold_all],
                                                     "warm": [warm_hits, warm_all]}
                warm_text = (f"{100 * warm_hits / warm_all:.0f}% of {warm_all}" if warm_all
                             else "no lookups")
                print(f"           {name}: first render {cold_hits}/{cold_all} hits "
                      f"({100 * cold_hits / cold_all:.0f}%), warm renders {warm_text}")
    figures["warm_shaped_ms"] = max(figures[f"warm_{loc}_ms"] for loc in SHAPED)
    figures["warm_shaped_cpu_ms"] = max(figures[f"warm_{loc}_cpu_ms"] for loc in SHAPED)


def _cache_counts() -> dict:
    from generator.scripts import lines, rtl

    counts = {}
    for name, cached in (("lines", getattr(lines, "_visual_runs", None)),
                         ("shaped runs", getattr(lines, "shape", None)),
                         ("word widths", getattr(rtl, "_word_width", None))):
        if hasattr(cached, "cache_info"):
            info = cached.cache_info()
            counts[name] = (info.hits, info.misses)
    return counts


def _delta(before: tuple, after: tuple) -> tuple[int, int]:
    hits, misses = after[0] - before[0], after[1] - before[1]
    return hits, hits + misses


def tagging(args, figures: dict, temp: Path) -> None:
    from generator.render import pdf as render_pdf
    from generator.render.leaflet import RenderOptions, render_leaflet
    from generator.quiz.maker import QuizMaker, QuizOptions

    runs = max(3, args.runs)
    print(f"\ntagging cost: {args.topic} leaflet, quiz A and key A (A4) in "
          f"{', '.join(TAG_LOCALES)}, rendered in this process untagged and tagged, median "
          f"CPU of {runs} (target: at most +{TARGETS['tag_time_pct'][1]}% time and "
          f"+{TARGETS['tag_bytes_pct'][1]}% bytes):")
    project = _project()
    leaflet = project.leaflet(args.topic)
    totals = {kind: {"untagged": [0.0, 0], "tagged": [0.0, 0]}
              for kind in ("leaflet", "quiz", "key")}
    for locale in TAG_LOCALES:
        translations = project.translations(args.topic, locale)
        maker = QuizMaker(project, args.topic, locale, QuizOptions(allow_fallback=True),
                          translations)
        version = maker.version("A")
        makers = {
            "leaflet": lambda: render_leaflet(leaflet, locale, translations, RenderOptions(
                paper="a4", allow_fallback=True)).pdf,
            "quiz": lambda: maker.pdf(version, "a4", key=False),
            "key": lambda: maker.pdf(version, "a4", key=True),
        }
        for kind, make in makers.items():
            for mode in ("untagged", "tagged"):
                render_pdf._TAGGED = mode == "tagged"            # noqa: SLF001
                try:
                    make()                                        # fonts, page cache
                    _wall, cpu, pdf = _timed(make, runs)
                finally:
                    render_pdf._TAGGED = True                     # noqa: SLF001
                totals[kind][mode][0] += cpu
                totals[kind][mode][1] += len(pdf)
    time_pct, bytes_pct = [], []
    for kind, modes in totals.items():
        (t0, b0), (t1, b1) = modes["untagged"], modes["tagged"]
        dt, db = 100 * (t1 / t0 - 1), 100 * (b1 / b0 - 1)
        time_pct.append(dt)
        bytes_pct.append(db)
        figures[f"tag_{kind}"] = {"untagged_ms": round(t0, 1), "tagged_ms": round(t1, 1),
                                  "untagged_bytes": b0, "tagged_bytes": b1}
        print(f"  {kind:8} CPU {t0:6.1f} -> {t1:6.1f} ms ({dt:+4.0f}%)   bytes "
              f"{b0 / 1024:6.0f} -> {b1 / 1024:6.0f} KB ({db:+4.0f}%)   "
              f"(sums over the {len(TAG_LOCALES)} locales)")
    figures["tag_time_pct"] = round(max(time_pct), 1)
    figures["tag_bytes_pct"] = round(max(bytes_pct), 1)


# ---------------------------------------------------------------- fresh processes

def cold(args, figures: dict, temp: Path) -> None:
    out = temp / "cold"
    build = [sys.executable, "-m", "generator", "build", "--topic", args.topic,
             "--locale", "en", "--paper", "a4", "--force", "--out", str(out)]
    help_ = [sys.executable, "-m", "generator", "--help"]
    _run(build, temp)      # the first run may fill the merged-font cache
    times, helps = [], []
    for _ in range(args.cold_runs):
        times.append(_run(build, temp)["seconds"])
        helps.append(_run(help_, temp)["seconds"])
    figures["cold_leaflet_s"] = round(statistics.median(times), 3)
    figures["help_s"] = round(statistics.median(helps), 3)
    print(f"\ncold start, median of {args.cold_runs}:\n"
          f"  single leaflet (fresh `python -m generator build --topic {args.topic} --locale "
          f"en --paper a4 --force`: leaflet, quiz and key): {figures['cold_leaflet_s']:.3f} s "
          f"(min {min(times):.3f} s; target <= {TARGETS['cold_leaflet_s'][1]} s)\n"
          f"  `python -m generator --help`: {figures['help_s']:.3f} s (min {min(helps):.3f} s)")


def fit(args, figures: dict, temp: Path) -> None:
    topics = sorted(p.stem for p in (ROOT / "leaflets").glob("*.yaml"))
    sizes = [(topics[:1], ["a4"]), (topics[:1], ["a4", "letter"]), (topics, ["a4"]),
             (topics, ["a4", "letter"])]
    print("\nCPU per PDF: `build --jobs 1 --force --allow-fallback` of every locale, with one "
          "or all topics and one or both papers (leaflets, quizzes and keys; the same mix of "
          "scripts at every size):")
    points = []
    for chosen, papers in sizes:
        out = temp / f"fit-{len(chosen)}-{len(papers)}"
        command = [sys.executable, "-m", "generator", "build", "--allow-fallback", "--force",
                   "--jobs", "1", "--out", str(out)]
        for topic in chosen:
            command += ["--topic", topic]
        for paper in papers:
            command += ["--paper", paper]
        result = _run(command, temp, check_out=out, keep=False)
        points.append((result["outputs"], result["cpu"]))
        print(f"  {len(chosen)} topic(s), {'+'.join(papers):9}: {result['outputs']:4} PDFs, "
              f"{result['cpu']:6.2f} s CPU ({1000 * result['cpu'] / result['outputs']:.1f} ms "
              "per PDF)")
    slope, intercept = _least_squares(points)
    figures["cpu_slope_ms"] = round(slope * 1000, 1)
    figures["cpu_fixed_s"] = round(intercept, 3)
    print(f"  least-squares fit: {slope * 1000:.1f} ms CPU per PDF (target <= "
          f"{TARGETS['cpu_slope_ms'][1]} ms), {intercept:.2f} s CPU per build (imports, "
          "content, fonts of every script)")


def _least_squares(points: list[tuple[float, float]]) -> tuple[float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x in xs)
    return slope, my - slope * mx


def matrix(args, figures: dict, temp: Path) -> None:
    base = [sys.executable, "-m", "generator", "build", "--allow-fallback"]
    print("\nfull matrix (every topic x locale x paper, quizzes and keys; --force "
          f"--allow-fallback), {args.matrix_runs} run(s) each:")
    results: dict[int, list] = {jobs: [] for jobs in dict.fromkeys((1, args.jobs))}
    for n in range(args.matrix_runs):          # alternate, so both see the same machine
        for jobs in results:
            out = temp / f"matrix-j{jobs}-{n}"
            results[jobs].append(_run(base + ["--force", "--jobs", str(jobs), "--out", str(out)],
                                      temp, check_out=out, keep=n == 0))
    for jobs, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        peak = max(r["maxrss_kb"] for r in runs) / 1024
        figures[f"matrix_j{jobs}_s"] = round(seconds, 2)
        figures[f"peak_rss_j{jobs}_mb"] = round(peak, 1)
        cpu = statistics.median(r["cpu"] for r in runs)
        figures[f"matrix_j{jobs}_cpu_s"] = round(cpu, 2)
        print(f"  --jobs {jobs}: {seconds:6.2f} s ({cpu:.1f} s CPU: {cpu / seconds:.2f} cores "
              f"busy), {runs[0]['outputs']} PDFs, peak RSS of the largest process "
              f"{peak:.0f} MB")
    pdfs = results[1][0]["outputs"]
    figures["pdfs"] = pdfs
    figures["cpu_per_pdf_ms"] = round(1000 * figures["matrix_j1_cpu_s"] / pdfs, 1)
    figures["speedup"] = round(figures["matrix_j1_s"] / figures[f"matrix_j{args.jobs}_s"], 2)
    figures["peak_rss_mb"] = max(figures[f"peak_rss_j{j}_mb"] for j in results)
    print(f"  CPU per PDF (--jobs 1): {figures['cpu_per_pdf_ms']:.1f} ms (target <= "
          f"{TARGETS['cpu_per_pdf_ms'][1]} ms)\n"
          f"  speed-up 1 -> {args.jobs} jobs: {figures['speedup']:.2f}x")

    out = temp / f"matrix-j{args.jobs}-0"
    help_ = [sys.executable, "-m", "generator", "--help"]
    noop: list[float] = []
    helps: list[float] = []
    for _ in range(8):          # 3 runs that really had nothing to do
        result = _run(base + ["--jobs", str(args.jobs), "--out", str(out)], temp)
        written = re.search(r"^(\d+) written", result["log"], re.M)
        if written and written.group(1) == "0":
            noop.append(result["seconds"])
            helps.append(_run(help_, temp)["seconds"])
            if len(noop) == 3:
                break
        else:
            print("  (a no-op run made files: the generator or content changed during the "
                  "bench; run again)")
    if not noop:
        sys.exit("bench: every no-op rebuild made files again")
    figures["noop_s"] = round(statistics.median(noop), 3)
    figures["noop_help_s"] = round(statistics.median(helps), 3)
    figures["noop_ratio"] = round(figures["noop_s"] / figures["noop_help_s"], 1)
    print(f"\nno-op rebuild of the full matrix (nothing changed), median of {len(noop)}: "
          f"{figures['noop_s']:.3f} s; `--help` in between: {figures['noop_help_s']:.3f} s; "
          f"ratio {figures['noop_ratio']:.1f}x (target <= {TARGETS['noop_ratio'][1]}x)")
    sizes(out, figures)


def sizes(out: Path, figures: dict) -> None:
    from generator.scripts.registry import script_for_locale

    found: dict[str, dict[str, list[int]]] = {}
    for pdf in sorted(out.rglob("*.pdf")):
        locale = pdf.relative_to(out).parts[0]
        kind = "leaflet" if "quiz" not in pdf.parts else \
            "key" if "-key-" in pdf.name else "quiz"
        found.setdefault(script_for_locale(locale), {}).setdefault(kind, []).append(
            pdf.stat().st_size)
    print("\nPDF sizes per writing system, largest (median) in KB; budgets: leaflets in "
          f"Latin and Cyrillic <= {TARGETS['latin_leaflet_kb'][1]} KB, CJK <= "
          f"{TARGETS['cjk_leaflet_kb'][1]} KB:")
    for script in sorted(found):
        kinds = found[script]
        shown = "   ".join(f"{kind} {max(v) / 1024:4.0f} ({statistics.median(v) / 1024:3.0f})"
                           for kind in ("leaflet", "quiz", "key") if (v := kinds.get(kind)))
        print(f"  {script:5} {shown}")
        figures[f"leaflet_kb_{script}"] = round(max(kinds.get("leaflet", [0])) / 1024, 1)
        figures[f"quizkey_kb_{script}"] = round(
            max(kinds.get("quiz", [0]) + kinds.get("key", [0])) / 1024, 1)
    total = sum(sum(v) for kinds in found.values() for v in kinds.values())
    figures["matrix_mb"] = round(total / 1024 / 1024, 2)
    print(f"  all PDFs together: {figures['matrix_mb']:.1f} MB")
    latin = [figures[k] for k in ("leaflet_kb_Latn", "leaflet_kb_Cyrl") if k in figures]
    cjk = [figures[k] for k in ("leaflet_kb_Hans", "leaflet_kb_Hant", "leaflet_kb_Jpan",
                                "leaflet_kb_Hang") if k in figures]
    figures["latin_leaflet_kb"] = max(latin) if latin else 0
    figures["cjk_leaflet_kb"] = max(cjk) if cjk else 0


def verdict(figures: dict) -> None:
    print("\nfigure                               measured       target")
    for key, (name, limit, unit, compare) in TARGETS.items():
        value = figures.get(key)
        if value is None:
            continue
        good = value <= limit if compare == "<=" else value >= limit
        print(f"  {name:33} {value:8.2f} {unit:3} {compare} {limit:<6} "
              f"{'ok' if good else 'MISSED'}")


# ---------------------------------------------------------------- helpers

def _run(command: list[str], temp: Path, check_out: Path | None = None,
         keep: bool = True) -> dict:
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
        if not keep:
            shutil.rmtree(check_out, ignore_errors=True)
    return result


if __name__ == "__main__":
    sys.exit(main())
