"""Run Debian's headless Chromium on a built page: what does a reader see?

A small script is injected into a copy of the page; it measures the page as
laid out (visibility, computed colours) and writes the result as JSON into
the DOM, which ``--dump-dom`` prints.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "apt-get update && apt-get install -y chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1",
]

#: visible(el), onTop(el), box(el): what a reader sees of an element
PROBE_HELPERS = r"""
  function visible(el) {
    if (!el) return false;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" &&
      s.display !== "none" && parseFloat(s.opacity) > 0;
  }
  function onTop(el) {
    // Is the element itself what a reader sees at its centre (not covered)?
    // "instant": themes such as furo set scroll-behavior: smooth, which would
    // leave the page unscrolled while this synchronous script runs.
    el.scrollIntoView({block: "center", behavior: "instant"});
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 8));
    window.__lastHit = hit ? (hit.tagName + "." + hit.className) : "nothing";
    return !!hit && (hit === el || el.contains(hit));
  }
  function box(el) {
    if (!el) return null;
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    return {
      text: (el.innerText || el.textContent || "").trim(), visible: visible(el), on_top: onTop(el),
      border_left_color: s.borderLeftColor, border_left_width: parseFloat(s.borderLeftWidth),
      background: s.backgroundColor, color: s.color,
      top: r.top + window.scrollY, height: r.height, width: r.width, hit: window.__lastHit,
    };
  }
"""

PROBE_END = r"""
  window.scrollTo({top: 0, behavior: "instant"});
  const out = document.createElement("pre");
  out.id = "doccode-probe";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
"""


def probe_script(body: str) -> str:
    """A probe: ``body`` (JavaScript) sets ``const result = {...}`` using the helpers."""
    return "(function () {\n" + PROBE_HELPERS + body + PROBE_END + "})();\n"


PROBE_SCRIPT = probe_script(r"""
  const page = document.querySelector("section.doccode-pattern-page");
  const result = {
    h1: box(document.querySelector("h1")),
    tldr: box(document.querySelector(".doccode-tldr")),
    tldr_title: box(document.querySelector(".doccode-tldr .admonition-title")),
    reasons: box(document.querySelector(".doccode-reasons")),
    reason_items: Array.from(document.querySelectorAll(".doccode-reasons li")).map(box),
    examples: Array.from(document.querySelectorAll(".doccode-code-example")).map(function (ex) {
      const label = ex.querySelector(".doccode-example-label strong");
      return {
        kind: Array.from(ex.classList).filter(c => c.startsWith("doccode-kind-"))[0],
        box: box(ex), label: box(label),
        label_before: label ? getComputedStyle(label, "::before").content : null,
        code: box(ex.querySelector("pre")),
      };
    }),
    body_color: getComputedStyle(page || document.body).color,
    body_background: getComputedStyle(document.body).backgroundColor,
  };
""")


def available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def _run(args: list[str], timeout: float = 120) -> str:
    """Run Chromium in its own process group; on timeout kill that group only."""
    with tempfile.TemporaryDirectory(prefix="doccode-chromium-") as profile:
        command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        if process.returncode != 0:
            raise RuntimeError(f"chromium failed ({process.returncode}): {err[-2000:]}")
        return out


def probe(
    page: Path, width: int = 1280, height: int = 900, script_text: str = PROBE_SCRIPT
) -> dict[str, Any]:
    """Lay out ``page`` and return what the probe script measured (``script_text`` must
    write its JSON into ``<pre id="doccode-probe">``, as :data:`PROBE_SCRIPT` does)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    script = soup.new_tag("script")
    script.string = script_text
    assert soup.body is not None
    soup.body.append(script)
    probed = page.with_name(page.stem + ".probe.html")
    probed.write_text(str(soup), encoding="utf-8")
    dom = _run([f"--window-size={width},{height}", "--dump-dom", probed.as_uri()])
    result = BeautifulSoup(dom, "html.parser").select_one("#doccode-probe")
    assert result is not None, "probe script did not run:\n" + dom[-2000:]
    return json.loads(result.get_text())  # type: ignore[no-any-return]


def screenshot(page: Path, target: Path, width: int = 1280, height: int = 2600) -> Path:
    _run([f"--window-size={width},{height}", f"--screenshot={target}", page.as_uri()])
    assert target.is_file() and target.stat().st_size > 10_000, "empty screenshot"
    return target


def rgb(css_colour: str) -> tuple[float, float, float, float]:
    """``rgb(1, 2, 3)`` / ``rgba(1, 2, 3, 0.5)`` -> (r, g, b, alpha)."""
    inner = css_colour[css_colour.index("(") + 1 : css_colour.rindex(")")]
    parts = [float(p) for p in inner.replace("/", ",").replace(" ", ",").split(",") if p]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)
