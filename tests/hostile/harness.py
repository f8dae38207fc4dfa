"""Helpers shared by the hostile-input tests (tests/test_hostile*.py).

The checks every hostile run must pass, whatever the input: nothing outside --out changes,
every PDF that was written is complete and carries no active content, and the output holds
no traceback and no raw terminal control sequence.
"""

from __future__ import annotations

import atexit
import io
import json
import os
import queue
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = Path(__file__).resolve().parent

# PDF names that would make a viewer act: links, actions, scripts, attachments.
ACTIVE_CONTENT = re.compile(
    rb"/(Annots|URI|Launch|JavaScript|JS|EmbeddedFile|OpenAction|AA|GoToR|GoToE|"
    rb"SubmitForm|ImportData|RichMedia)(?![A-Za-z0-9+_-])")


def run_leaflets(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120,
                 fresh: bool = False):
    """The real `leaflets` command (`python -m generator ARGS`) in a process of its own.

    By default the process is forked from a server that has the libraries imported already
    (tests/hostile/forkserver.py), which saves a third of a second per run; `fresh=True`
    starts a new interpreter, for tests that need the process itself (signals, limits).
    """
    full_env = dict(os.environ)
    full_env.pop("LEAFLETS_FONT_PATH", None)
    full_env.update(env or {})
    if fresh:
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                              capture_output=True, text=True, errors="backslashreplace",
                              env=full_env, timeout=timeout)
    try:
        server = _IDLE.get_nowait()
    except queue.Empty:
        server = _ForkServer()
    try:
        return server.run(list(args), cwd, full_env, timeout)
    finally:
        _IDLE.put(server)


class _ForkServer:
    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, str(HOSTILE / "forkserver.py")], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        _ALL.append(self)

    def run(self, args, cwd, env, timeout):
        request = {"args": args, "cwd": str(cwd), "env": env, "timeout": timeout}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the fork server died")
        answer = json.loads(line)
        if answer["timed_out"]:
            raise subprocess.TimeoutExpired(["leaflets", *args], timeout)
        return subprocess.CompletedProcess(["leaflets", *args], answer["returncode"],
                                           answer["stdout"], answer["stderr"])

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=10)


_IDLE: queue.Queue = queue.Queue()
_ALL: list[_ForkServer] = []


@atexit.register
def _close_servers() -> None:
    for server in _ALL:
        try:
            server.close()
        except Exception:  # noqa: BLE001 - best effort at interpreter exit
            server.process.kill()


def one_leaflet_project(tmp_path: Path, topic: str) -> Path:
    """A project folder holding only the real leaflet `topic` (no catalogs, no quizzes)."""
    root = tmp_path / "project"
    (root / "leaflets").mkdir(parents=True)
    shutil.copy(ROOT / "leaflets" / f"{topic}.yaml", root / "leaflets")
    return root


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, tuple]:
    """Every file and folder under `folder` (but `skip`) -> (kind, size, mtime)."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        if skip is not None and (here == skip or skip in here.parents):
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            path = here / name
            if skip is not None and path == skip:
                continue
            info = path.lstat()
            state[str(path.relative_to(folder))] = (path.is_dir(), info.st_size,
                                                    info.st_mtime_ns if not path.is_dir() else 0)
    return state


def assert_clean_output(result) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    # the build's safety net for unexpected exceptions: a bug in disguise, not a message
    assert "internal error" not in output, output[-3000:]
    assert "\x1b" not in output and "\x07" not in output, \
        "a raw terminal control character reached the terminal"


def pdfs_in(out: Path) -> list[Path]:
    return sorted(out.rglob("*.pdf")) if out.is_dir() else []


def assert_pdf_complete(path: Path) -> str:
    """The PDF opens, every page reads, it ends with %%EOF and has no active content.
    Returns its text (whitespace folded)."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-"), f"{path} is not a PDF"
    assert data.rstrip().endswith(b"%%EOF"), f"{path} is truncated (no %%EOF at the end)"
    objects = re.sub(rb"stream\r?\n.*?endstream", b"stream endstream", _unpacked(data),
                     flags=re.S)
    match = ACTIVE_CONTENT.search(objects)   # in the object dictionaries, not in streams
    assert match is None, f"{path} holds active content {match.group(0)!r}"
    reader = PdfReader(str(path), strict=True)
    assert len(reader.pages) >= 1
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())


def _unpacked(data: bytes) -> bytes:
    """The PDF written again by qpdf without object streams (the generator packs its
    dictionaries into compressed object streams), names in their plain spelling."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def assert_out_complete(out: Path) -> dict[str, str]:
    """Check every PDF under `out`; no temporary file is left. Returns {relative path: text}."""
    if out.is_dir():
        leftovers = [p for p in out.rglob(".tmp-*")]
        assert not leftovers, f"temporary files left behind: {leftovers}"
    return {p.relative_to(out).as_posix(): assert_pdf_complete(p) for p in pdfs_in(out)}


def po_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t"))


def po_entry(context: str, msgid: str, msgstr: str) -> str:
    return (f'\nmsgctxt "{po_escape(context)}"\nmsgid "{po_escape(msgid)}"\n'
            f'msgstr "{po_escape(msgstr)}"\n')


PO_HEADER = '''msgid ""
msgstr ""
"Project-Id-Version: leaflets\\n"
"Language: {locale}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"X-Review-Status: draft\\n"
'''


def complete_catalog(leaflet, present: set[tuple[str, str]], locale: str = "fr",
                     header: bool = True) -> str:
    """Entries that copy the English of every leaflet text not in `present` ((ctx, id))."""
    text = PO_HEADER.format(locale=locale) if header else ""
    for item in leaflet.texts():
        if (item.context, item.source) not in present:
            text += po_entry(item.context, item.source, item.source)
    return text


def complete_common(present: set[tuple[str, str]], header: bool = True, locale: str = "fr") -> str:
    """The generator's own strings (the `common` domain), each a copy of the English."""
    from generator.localize.ui import UI_STRINGS, ui_context  # noqa: PLC0415

    text = PO_HEADER.format(locale=locale) if header else ""
    for key, (english, _note, _limit) in UI_STRINGS.items():
        context = ui_context(key)
        if isinstance(english, str):
            if (context, english) not in present:
                text += po_entry(context, english, english)
        elif (context, english[0]) not in present:
            singular, plural = (po_escape(s) for s in english)
            text += (f'\nmsgctxt "{context}"\nmsgid "{singular}"\nmsgid_plural "{plural}"\n'
                     f'msgstr[0] "{singular}"\nmsgstr[1] "{plural}"\n')
    return text
