"""Hostile input, round two: special files where a regular file is expected, temporary
files the build does not own, two builds into one folder, logos with hidden payloads.

The one-command cases are in tests/hostile/cases.yaml; these need more than one command,
a process of their own, or a look inside the PDF.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hostile.harness import (HOSTILE, ROOT, assert_clean_output, assert_out_complete,
                             one_leaflet_project, pdfs_in, run_leaflets)

TOPIC = "stage4-cancer"


def _project(tmp_path: Path) -> Path:
    return one_leaflet_project(tmp_path, TOPIC)


def _build(root: Path, out: Path, *extra: str) -> list[str]:
    return ["build", "--root", str(root), "--out", str(out), "--topic", TOPIC,
            "--locale", "en", "--paper", "a4", *extra]


# ------------------------------------------------------------------ the build manifest

@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_manifest_that_is_not_a_file_never_hangs_and_is_replaced(tmp_path, kind):
    root, out = _project(tmp_path), tmp_path / "out"
    out.mkdir()
    manifest = out / ".build-manifest.json"
    if kind == "fifo":
        os.mkfifo(manifest)
    elif kind == "dev-zero":
        manifest.symlink_to("/dev/zero")
    else:
        manifest.mkdir()
    started = time.monotonic()
    result = run_leaflets(*_build(root, out), cwd=tmp_path, timeout=60)
    assert time.monotonic() - started < 60
    assert_clean_output(result)
    if kind == "folder":    # cannot be replaced by a file: one clear error, PDF written
        assert "build-manifest.json" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert manifest.is_file() and not manifest.is_symlink()
    assert sorted(assert_out_complete(out)) == [f"en/{TOPIC}-a4.pdf"]


def test_a_manifest_larger_than_its_limit_is_not_read(tmp_path):
    from generator.build.cache import read_manifest
    from generator.files import LIMITS

    big = tmp_path / "manifest.json"
    with open(big, "wb") as handle:          # sparse: costs no disk
        handle.truncate(LIMITS["manifest"] + 1)
    assert read_manifest(big) is None


# ------------------------------------------------------------------ special input files

def test_a_logo_that_is_a_fifo_is_named_as_such(tmp_path):
    root, out = _project(tmp_path), tmp_path / "out"
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    os.mkfifo(clinic / "logo.png")
    (clinic / "clinic.yaml").write_text('name: "A"\nphone: "1 555"\nlogo: logo.png\n')
    result = run_leaflets(*_build(root, out, "--clinic", str(clinic / "clinic.yaml")),
                          cwd=tmp_path, timeout=60)
    assert_clean_output(result)
    assert result.returncode == 2
    assert "logo 'logo.png': logo file is not a regular file (it is a named pipe)" \
        in result.stderr
    assert pdfs_in(out) == []


@pytest.mark.parametrize("what", ["fifo", "dev-zero"])
def test_a_catalog_or_leaflet_that_is_not_a_file_never_hangs(tmp_path, what):
    root, out = _project(tmp_path), tmp_path / "out"
    folder = root / "locales" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for path in (folder / f"{TOPIC}.po", root / "leaflets" / "other.yaml"):
        if what == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
    result = run_leaflets("build", "--root", str(root), "--out", str(out), "--topic",
                          TOPIC, "--locale", "fr", "--paper", "a4", cwd=tmp_path, timeout=60)
    assert_clean_output(result)
    assert result.returncode in (1, 2)
    assert "is not a regular file" in result.stderr


def test_a_font_that_is_a_device_is_refused(tmp_path):
    root, out = _project(tmp_path), tmp_path / "out"
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "NotoSans-Regular.ttf").symlink_to("/dev/zero")
    result = run_leaflets(*_build(root, out), cwd=tmp_path, timeout=60,
                          env={"LEAFLETS_FONT_PATH": str(fonts)})
    assert_clean_output(result)
    assert result.returncode == 1
    assert "NotoSans-Regular.ttf: font file is not a regular file (it is a device)" \
        in result.stderr


def test_read_regular_bounds_and_kinds(tmp_path):
    from generator.files import Missing, NotRegular, TooLarge, read_regular

    small = tmp_path / "small"
    small.write_bytes(b"abc")
    assert read_regular(small, 3) == b"abc"
    with pytest.raises(TooLarge):
        read_regular(small, 2)
    with pytest.raises(NotRegular):
        read_regular(tmp_path, 10)
    with pytest.raises(NotRegular):
        read_regular("/dev/zero", 10)
    with pytest.raises(Missing):
        read_regular(tmp_path / "nope", 10)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(NotRegular):
        read_regular(fifo, 10)
    assert time.monotonic() - started < 5


# ------------------------------------------------------------------ temporary files

def test_the_build_removes_only_temporary_files_it_owns(tmp_path):
    from generator import files as output

    root, out = _project(tmp_path), tmp_path / "out"
    (out / "en").mkdir(parents=True)
    mine = out / ".tmp-notes.txt"                      # a user's own file
    mine.write_text("mine")
    live = out / "en" / (output._temp_prefix().replace(str(os.getpid()), str(os.getpid()))
                         + "inflight.part")            # a live build's file (this process)
    live.write_bytes(b"%PDF-in-flight")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        other = out / "en" / f".tmp-leaflets-{output._MACHINE}-{sleeper.pid}-abc.part"
        other.write_bytes(b"%PDF-another-build")
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout.strip()
        stale = out / "en" / f".tmp-leaflets-{output._MACHINE}-{dead}-xyz.part"
        stale.write_bytes(b"left by a killed build")
        elsewhere = out / "en" / f".tmp-leaflets-00000000-{dead}-xyz.part"
        elsewhere.write_bytes(b"made on another machine")

        result = run_leaflets(*_build(root, out), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert mine.read_text() == "mine"
        assert live.exists() and other.exists() and elsewhere.exists()
        assert not stale.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_two_builds_into_one_folder_do_not_break_each_other(tmp_path):
    root, out = _project(tmp_path), tmp_path / "out"
    args = ["build", "--root", str(root), "--out", str(out), "--topic", TOPIC, "--locale",
            "en", "--force", "--jobs", "1"]
    results = [None, None]

    def build(index):
        results[index] = subprocess.run([sys.executable, "-m", "generator", *args],
                                        cwd=ROOT, capture_output=True, text=True, timeout=300)

    threads = [threading.Thread(target=build, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        assert result.returncode == 0, result.stderr
        assert_clean_output(result)
    assert f"en/{TOPIC}-a4.pdf" in assert_out_complete(out)


# ------------------------------------------------------------------ logos

def _jpeg_with_payload(tmp_path: Path) -> Path:
    """A 40 x 20 JPEG, red on the left half, with EXIF orientation 6 (rotate 90° clockwise
    to view), a comment segment and 4 KB of bytes after the end of the image."""
    from PIL import Image

    image = Image.new("RGB", (40, 20), "white")
    image.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"SECRET-COMMENT", quality=95)
    path = tmp_path / "clinic" / "logo.jpg"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(buffer.getvalue() + b"TRAILING-PAYLOAD" * 256)
    return path


def test_a_logo_is_written_again_upright_without_metadata_or_payload(tmp_path):
    from PIL import Image

    from generator.content.clinic import load_clinic

    logo = _jpeg_with_payload(tmp_path)
    clinic_file = logo.parent / "clinic.yaml"
    clinic_file.write_text('name: "A"\nphone: "1 555"\nlogo: logo.jpg\n')
    clinic = load_clinic(clinic_file)
    assert clinic.logo_png.startswith(b"\x89PNG")
    assert b"TRAILING-PAYLOAD" not in clinic.logo_png
    assert b"SECRET-COMMENT" not in clinic.logo_png and b"Exif" not in clinic.logo_png
    with Image.open(io.BytesIO(clinic.logo_png)) as image:
        assert image.size == (20, 40)                 # the EXIF rotation is applied
        assert image.getpixel((10, 5))[0] > 200 and image.getpixel((10, 5))[1] < 60  # red top
        assert image.getpixel((10, 35))[1] > 200    # white bottom
        assert "exif" not in image.info

    root, out = _project(tmp_path), tmp_path / "out"
    result = run_leaflets(*_build(root, out, "--clinic", str(clinic_file)), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = next(out.glob(f"*/en/{TOPIC}-a4.pdf")).read_bytes()   # the clinic's own folder
    assert b"TRAILING-PAYLOAD" not in pdf and b"SECRET-COMMENT" not in pdf
    assert b"/DCTDecode" not in pdf                  # not the JPEG as given


def test_the_same_logo_gives_the_same_bytes(tmp_path):
    from generator.content.clinic import load_clinic

    logo = _jpeg_with_payload(tmp_path)
    clinic_file = logo.parent / "clinic.yaml"
    clinic_file.write_text('name: "A"\nphone: "1 555"\nlogo: logo.jpg\n')
    assert load_clinic(clinic_file).logo_png == load_clinic(clinic_file).logo_png


def test_hostile_corpus_logo_is_still_a_png(tmp_path):
    from generator.content.clinic import load_clinic

    folder = tmp_path / "clinic"
    folder.mkdir()
    shutil.copy(HOSTILE / "clinics" / "logo.png", folder)
    (folder / "clinic.yaml").write_text('name: "A"\nphone: "1 555"\nlogo: logo.png\n')
    assert re.match(rb"\x89PNG", load_clinic(folder / "clinic.yaml").logo_png)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_temporary_file_of_an_ended_unreaped_worker_is_removed(tmp_path):
    """The worker of a killed build can stay a zombie until its new parent reaps it: it
    writes nothing any more, so its temporary file is stale."""
    from generator import files

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.time() + 10
    while time.time() < deadline and not files._zombie(child.pid):
        time.sleep(0.01)           # ended, not yet reaped (no wait() until the end)
    stale = tmp_path / f".tmp-leaflets-{files._MACHINE}-{child.pid}-abc.part"
    stale.write_bytes(b"%PDF half")
    try:
        files.remove_stale_temps(tmp_path)
        assert not stale.exists()
    finally:
        child.wait()
