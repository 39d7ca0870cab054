#!/usr/bin/python3
"""Intake with 1 and 2 document workers (issue 15).

    /usr/bin/python3 bench/ingest_workers.py [--beian build/beian] [--mails 200] [--workers 1,2]

Writes MAILS generated mails of 4 attachments each (a card front, a card back, a 备案表 and a
proof, drawn in turn from tests/data/ocr's set-A images; each mail a different synthetic
person with a valid ID number) into a temp Maildir, and runs the real `beian ingest` on them
once per worker count (a fresh SQLite store each time, --no-replies, --json).  Prints, per
count: wall time, pages read, pages/s, the speed-up over the first count, the largest
resident size a worker reached (its document's process included) and the parent's own.
Target on a 2-core machine: 2 workers >= 1.8x the 1-worker rate, < 400 MB per worker.
Run it alone on the machine: anything else running changes the figures.  Stdlib only.
"""
import argparse, json, os, subprocess, sys, tempfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(REPO, "tests", "data", "ocr")
FRONTS = ["0000-id_front-clean.jpg", "0002-id_front-rotate_90.jpg",
          "0005-id_front-phone_photo.jpg", "0006-id_front-blur.jpg",
          "0010-id_front-low_res.jpg"]
BACKS = ["0014-id_back-rotate_180.jpg", "0016-id_back-phone_photo.jpg"]
FORMS = ["0022-form-clean.jpg", "0024-form-rotate_90.jpg"]
PROOFS = ["0049-referral-noise.jpg", "0051-commitment-rotate_180.jpg",
          "0037-id_both-uneven_light.jpg"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(n):
    body = "11010519491231%03d" % n
    total = sum(int(c) * w for c, w in zip(body, WEIGHTS))
    return body + "10X98765432"[total % 11]


def mail(n, files):
    import base64
    parts = [f"From: citizen{n}@qq.com\r\nTo: beian@ybj.example.cn\r\n"
             f"Subject: 测试{n:03d}+{id_number(n)}+跨省异地就医备案\r\n"
             f"Message-ID: <bench{n}@qq.com>\r\nMIME-Version: 1.0\r\n"
             "Content-Type: multipart/mixed; boundary=B\r\n\r\n"]
    for name in files:
        with open(os.path.join(DATA, name), "rb") as f:
            data = base64.encodebytes(f.read()).decode().replace("\n", "\r\n")
        parts.append(f"--B\r\nContent-Type: image/jpeg; name={name}\r\n"
                     "Content-Transfer-Encoding: base64\r\n\r\n" + data)
    parts.append("--B--\r\n")
    return "".join(parts).encode()


def write_mails(folder, count):
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    for n in range(count):
        files = [FRONTS[n % len(FRONTS)], BACKS[n % len(BACKS)],
                 FORMS[n % len(FORMS)], PROOFS[n % len(PROOFS)]]
        with open(os.path.join(folder, "new", f"{n:04d}.bench"), "wb") as f:
            f.write(mail(n + 1, files))


def run(beian, maildir, workers, work):
    store = os.path.join(work, f"w{workers}")
    cmd = [beian, "--db", store + ".db", "--data-dir", store + ".data",
           "--config-dir", os.path.join(REPO, "config"), "--ocr-workers", str(workers),
           "ingest", "--region", "510682", "--no-replies", "--json", maildir]
    start = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"beian ingest failed ({done.returncode}):\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout)["run"]
    return seconds, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--beian", default=os.path.join(REPO, "build", "beian"))
    ap.add_argument("--mails", type=int, default=200)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="beian-bench-") as work:
        maildir = os.path.join(work, "mails")
        write_mails(maildir, args.mails)
        print(f"{args.mails} mails x 4 attachments, {os.cpu_count()} cores")
        print(f"{'workers':>7} {'seconds':>8} {'pages':>6} {'pages/s':>8} {'speed-up':>8}"
              f" {'worker MB':>9} {'parent MB':>9} {'lost':>4}")
        base = None
        for w in [int(x) for x in args.workers.split(",")]:
            seconds, r = run(args.beian, maildir, w, work)
            rate = r["pages_read"] / seconds
            base = base or rate
            reading = r.get("reading") or {}
            print(f"{w:>7} {seconds:>8.1f} {r['pages_read']:>6} {rate:>8.2f} {rate / base:>7.2f}x"
                  f" {reading.get('peak_rss_kb', 0) / 1024:>9.0f}"
                  f" {reading.get('self_rss_kb', 0) / 1024:>9.0f} {reading.get('lost', 0):>4}",
                  flush=True)


if __name__ == "__main__":
    main()
