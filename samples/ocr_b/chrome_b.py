"""Headless Chromium as a page renderer for OCR set B.

One browser process is started per batch and driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: NUL-terminated JSON on fds 3/4), so each page costs one navigation
and one screenshot.  If that fails, each page falls back to one `chromium --screenshot` run.
No network is used: pages are local files and fonts are local system fonts.
"""

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BASE_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--hide-scrollbars", "--force-device-scale-factor=1", "--mute-audio",
              "--disable-extensions", "--font-render-hinting=none"]


class Renderer:
    """render(html, width, height, out) -> writes a screenshot of exactly width x height.

    Over DevTools the shot is a JPEG at quality 95 (much faster to encode and move than PNG; the
    photo step adds its own noise and JPEG anyway); the command-line fallback writes a PNG.
    Either way Pillow opens the file by its content, not its name."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.proc = None
        self.n = 0
        self._buf = b""
        self._id = 0
        try:
            self._start()
        except Exception as e:  # pragma: no cover - fallback path
            print(f"chrome_b: DevTools pipe unavailable ({e}); one chromium run per page")
            self.close()

    # -- DevTools over a pipe ------------------------------------------------
    def _start(self):
        self.profile = tempfile.mkdtemp(prefix="ocrb-chrome-", dir=self.workdir)
        self._buf = b""
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()

        def child():
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM] + BASE_FLAGS + ["--user-data-dir=" + self.profile,
                                       "--remote-debugging-pipe", "about:blank"],
            preexec_fn=child, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._w, self._r = to_chrome_w, from_chrome_r
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self._call("Target.attachToTarget",
                                  {"targetId": target, "flatten": True})["sessionId"]
        self._call("Page.enable", {}, self.session)

    def _send(self, method, params, session=None):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self._w, data)
            data = data[n:]
        return self._id

    def _recv(self, deadline):
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._r], [], [], left)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._r, 1 << 22)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def _call(self, method, params=None, session=None, wait_event=None, timeout=45):
        i = self._send(method, params or {}, session)
        deadline = time.monotonic() + timeout
        got, seen_event = None, wait_event is None
        while got is None or not seen_event:
            try:
                m = self._recv(deadline)
            except TimeoutError:
                raise TimeoutError(f"{method}: no answer from chromium in {timeout} s") from None
            if m.get("id") == i:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                got = m["result"]
            elif wait_event and m.get("method") == wait_event:
                seen_event = True
        return got

    def render(self, html, width, height, out_png):
        self.n += 1
        page = os.path.join(self.workdir, f"page{self.n % 4}.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write(html)
        width, height = int(width), int(height)
        for attempt in range(2):
            if self.proc is None:
                break
            try:
                return self._render_cdp(page, width, height, out_png)
            except (TimeoutError, EOFError, RuntimeError, OSError) as e:
                print(f"chrome_b: {e} on {page} ({width}x{height}); restarting chromium", file=sys.stderr)
                self.close(force=True)
                try:
                    self._start()
                except Exception as e2:  # pragma: no cover
                    print(f"chrome_b: restart failed ({e2})", file=sys.stderr)
                    self.close(force=True)
        return self._render_cli(page, width, height, out_png)

    def _render_cdp(self, page, width, height, out_png):
        self._call("Emulation.setDeviceMetricsOverride",
                   {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                   self.session)
        self._call("Page.navigate", {"url": "file://" + page}, self.session,
                   wait_event="Page.loadEventFired")
        # make sure web fonts (local()) are in before the shot
        self._call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => 1)",
                                        "awaitPromise": True}, self.session)
        shot = self._call("Page.captureScreenshot",
                          {"format": "jpeg", "quality": 95, "optimizeForSpeed": True,
                           "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
                          self.session)
        with open(out_png, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        return out_png

    def _render_cli(self, page, width, height, out_png):
        profile = tempfile.mkdtemp(prefix="ocrb-chrome-", dir=self.workdir)
        subprocess.run([CHROMIUM] + BASE_FLAGS + [
            "--user-data-dir=" + profile, f"--window-size={width},{height}",
            "--screenshot=" + out_png, "file://" + page],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False)
        shutil.rmtree(profile, ignore_errors=True)
        if not os.path.exists(out_png):
            raise RuntimeError("chromium produced no screenshot for " + page)
        return out_png

    def close(self, force=False):
        if self.proc is not None:
            try:
                if force:
                    raise RuntimeError
                self._send("Browser.close", {})
                self.proc.wait(timeout=15)
            except Exception:
                self.proc.kill()  # our own child only
                self.proc.wait()
            for fd in (self._w, self._r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.proc = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
