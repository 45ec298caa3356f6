"""The researcher's path in a real browser: JupyterLab from the venv, a chapter notebook, Run All.

Debian's Chromium (installed by `make browserdeps`, which `make test` runs) is driven by
Python Playwright through ``executable_path``: Playwright's own browser download cannot work
on these machines. The notebook is a copy in a temporary folder, so the committed notebook
(without outputs) is never touched; its ``data_path`` ("data/demo") is found from the
repository root as the README promises.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
NOTEBOOK = "01-kemajuan-implementasi.ipynb"
KERNEL_DISPLAY_NAME = "Python 3 (evaltools)"
# Flags for a closed network and a root user (see the machine notes): no background
# connections, no sandbox, no GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server from the venv on a free port, with a private config and runtime."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make browserdeps` (as root it installs Debian's "
            "chromium), or apt-get install chromium"
        )
    home = tmp_path_factory.mktemp("lab")
    work = home / "work"
    work.mkdir()
    shutil.copy(REPO / "notebooks" / NOTEBOOK, work / NOTEBOOK)
    port, token = _free_port(), "evaltools-browser-test"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "IPYTHONDIR": str(home / "ipython"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    jupyter = Path(sys.executable).with_name("jupyter")
    log = open(home / "lab.log", "w")  # noqa: SIM115 - closed in the teardown below
    proc = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={work}",
            "--ServerApp.port_retries=0",
        ],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (home / "lab.log").read_text())
                time.sleep(0.5)
        yield {"base": base, "token": token, "work": work, "log": home / "lab.log"}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_run_all_in_jupyterlab_shows_chart_and_finding_without_errors(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{lab['base']}/lab/tree/{NOTEBOOK}?token={lab['token']}")
            page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
            # the kernel the README names, found in the venv, shown in the notebook's toolbar
            kernel = page.locator(".jp-NotebookPanel-toolbar .jp-Toolbar-kernelName")
            kernel.filter(has_text=KERNEL_DISPLAY_NAME).wait_for(timeout=60_000)

            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

            code_cells = page.locator(".jp-Notebook .jp-CodeCell")
            n_code = code_cells.count()
            assert n_code >= 3
            # done when every code cell shows an execution count and none is queued ("[*]")
            page.wait_for_function(
                """() => {
                    const prompts = [...document.querySelectorAll(
                        '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
                    return prompts.length > 0
                        && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                }""",
                timeout=240_000,
            )
            # no cell shows an error (tracebacks render with the error MIME type)
            errors = page.locator(
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
            )
            assert errors.count() == 0, errors.first.inner_text()
            # the chart: at least one figure rendered as an image with real pixels
            image = page.locator(".jp-RenderedImage img").first
            image.scroll_into_view_if_needed()
            image.wait_for(timeout=30_000)
            size = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
            assert size[0] > 200 and size[1] > 100, size
            # the finding: the chapter's sentences name the region taken from the data
            outputs = page.locator(".jp-Notebook .jp-OutputArea-output").all_inner_texts()
            text = "\n".join(outputs)
            assert "Kota Bekasi" in text, text[:2000]
            page.screenshot(path=str(lab["work"] / "jupyterlab.png"), full_page=False)
        finally:
            browser.close()

    # The browser session executed the copy only; the committed notebook keeps no outputs.
    committed = json.loads((REPO / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))
    assert all(not c.get("outputs") for c in committed["cells"] if c["cell_type"] == "code")
