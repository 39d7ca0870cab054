#!/usr/bin/python3
"""Intake and reading throughput: 1, 2 and 4 processes on PostgreSQL against 1 on SQLite
(issue 18).

    /usr/bin/python3 bench/store_scaling.py [--beian build/beian] [--intake-mails 400]
                                            [--read-mails 16] [--processes 1,2,4]

Same mails for every configuration (bench/ingest_workers.py's generator: synthetic people
with valid ID numbers; 4 attachments each from tests/data/ocr for reading, 1 for intake).

- intake (OCR off): the mails split into P folders, P `beian ingest --no-ocr` processes
  at once on one store; mails stored and drafted per second of wall time.
- reading (OCR on): the mails stored unread first (`ingest --store-only`, not timed), then
  P `beian serve --roles read --ocr-workers 1` processes claim and read them; wall time
  until `beian status --json` shows no read waiting, the CPU seconds the readers and
  their OCR workers used (from start to their exit), and how many cases each opened.

Starts its own PostgreSQL (initdb as the `postgres` user, trust auth on 127.0.0.1, a temp
dir) and removes it after.  Run as root or as a user PostgreSQL accepts.  Anything else
running on the machine changes the figures.  Stdlib only.
"""
import argparse, json, os, resource, shutil, signal, socket, subprocess, sys, tempfile, time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
import ingest_workers  # noqa: E402  (the mail generator)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name):
    for v in ("17", "16", "15"):
        p = f"/usr/lib/postgresql/{v}/bin/{name}"
        if os.path.exists(p):
            return p
    return shutil.which(name) or sys.exit(f"no {name}: apt-get install postgresql")


class Postgres:
    def __init__(self, work):
        self.dir = os.path.join(work, "pg")
        self.port = free_port()
        os.makedirs(self.dir)
        self.as_user = []
        if os.geteuid() == 0:  # PostgreSQL refuses root
            shutil.chown(self.dir, "postgres", "postgres")
            os.chmod(work, 0o755)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.run([pg_bin("initdb"), "-D", self.dir + "/data", "-U", "postgres",
                  "--auth=trust", "-E", "UTF8"])
        self.run([pg_bin("pg_ctl"), "-D", self.dir + "/data", "-l", self.dir + "/log",
                  "-w", "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
                  " -c max_connections=100 -c fsync=on", "start"])

    def run(self, cmd):
        done = subprocess.run(self.as_user + cmd, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")

    def database(self, name):
        self.run([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                  "postgres", name])
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self):
        subprocess.run(self.as_user + [pg_bin("pg_ctl"), "-D", self.dir + "/data", "-m",
                                       "fast", "stop"], capture_output=True)


def write_config(path, store_line, data):
    with open(path, "w") as f:
        f.write(f"[store]\n{store_line}\ndata_dir = \"{data}/data\"\n"
                f"outbox_dir = \"{data}/outbox\"\n[service]\nidle_sleep = \"1s\"\n"
                "[[regions]]\ncode = \"510682\"\nname = \"什邡市\"\n")


def beian(args, config, *rest):
    return [args.beian, "--config", config, "--config-dir", os.path.join(REPO, "config"),
            "--templates-dir", os.path.join(REPO, "templates")] + list(rest)


def check(done, what):
    if done.returncode != 0:
        sys.exit(f"{what} failed ({done.returncode}):\n{done.stdout[-1500:]}"
                 f"{done.stderr[-1500:]}")


def make_folders(root, count, processes, attachments):
    """count mails, dealt round-robin into `processes` Maildirs."""
    whole = os.path.join(root, "all")
    ingest_workers.write_mails(whole, count)
    folders = [os.path.join(root, f"p{i}") for i in range(processes)]
    for folder in folders:
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(folder, sub))
    for n, name in enumerate(sorted(os.listdir(os.path.join(whole, "new")))):
        src = os.path.join(whole, "new", name)
        dst = os.path.join(folders[n % processes], "new", name)
        if attachments == 4:
            shutil.copy(src, dst)
        else:  # keep the first attachment only
            with open(src, "rb") as f:
                mail = f.read()
            parts = mail.split(b"--B\r\n")
            with open(dst, "wb") as f:
                f.write(b"--B\r\n".join(parts[:2]) + b"--B--\r\n")
    shutil.rmtree(whole)
    return folders


def intake(args, config, folders):
    start = time.monotonic()
    procs = [subprocess.Popen(beian(args, config, "--no-ocr", "ingest", "--region",
                                    "510682", "--no-replies", "--json", f),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in folders]
    stored = 0
    for p in procs:
        out, err = p.communicate()
        check(subprocess.CompletedProcess(p.args, p.returncode, out, err), "ingest")
        stored += json.loads(out)["run"]["cases_opened"]
    return time.monotonic() - start, stored


def reads_waiting(args, config):
    done = subprocess.run(beian(args, config, "status", "--json"), capture_output=True,
                          text=True)
    check(done, "status")
    return json.loads(done.stdout[done.stdout.find("{"):])["backlog"]["reads_waiting"]


def children_cpu():
    """CPU seconds of the children waited for so far (their children's too)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def reading(args, config, folders, processes, work):
    for f in folders:  # stored unread, not timed
        check(subprocess.run(beian(args, config, "ingest", "--store-only", "--region",
                                   "510682", "--no-replies", f),
                             capture_output=True, text=True), "ingest --store-only")
    waiting = reads_waiting(args, config)
    cpu = children_cpu()
    start = time.monotonic()
    logs = [open(os.path.join(work, f"read-{i}.log"), "w") for i in range(processes)]
    procs = [subprocess.Popen(beian(args, config, "--ocr-workers", "1", "serve",
                                    "--roles", "read"), stdout=log, stderr=log)
             for log in logs]
    try:
        while reads_waiting(args, config) > 0:
            if any(p.poll() is not None for p in procs):
                sys.exit(f"a reader stopped; see {work}/read-*.log")
            time.sleep(0.5)
        took = time.monotonic() - start
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait()
        for log in logs:
            log.close()
    cpu = children_cpu() - cpu  # the readers' and their OCR workers'
    split = []  # cases each reader opened: did they share the work?
    for i in range(processes):
        with open(os.path.join(work, f"read-{i}.log")) as f:
            split.append(sum("case_opened" in line for line in f))
    return took, waiting, split, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--beian", default=os.path.join(REPO, "build", "beian"))
    ap.add_argument("--intake-mails", type=int, default=400)
    ap.add_argument("--read-mails", type=int, default=16)
    ap.add_argument("--processes", default="1,2,4")
    args = ap.parse_args()
    counts = [int(c) for c in args.processes.split(",")]
    work = tempfile.mkdtemp(prefix="beian-scaling-")
    pg = Postgres(work)
    try:
        runs = [("SQLite", 1)] + [("PostgreSQL", p) for p in counts]
        print(f"{'store':<11} {'procs':>5} | {'intake mails':>12} {'s':>7} {'mails/s':>8}"
              f" | {'read mails':>10} {'s':>7} {'mails/s':>8} {'cpu s':>6}  by reader")
        for i, (backend, processes) in enumerate(runs):
            results = []
            for kind, mails, attachments in (("intake", args.intake_mails, 1),
                                             ("read", args.read_mails, 4)):
                data = os.path.join(work, f"{kind}{i}")
                os.makedirs(data)
                os.chmod(data, 0o777)
                store = (f'path = "{data}/beian.db"' if backend == "SQLite" else
                         f'url = "{pg.database(f"{kind}{i}")}"')
                config = os.path.join(data, "beian.toml")
                write_config(config, store, data)
                folders = make_folders(os.path.join(data, "mail"), mails, processes,
                                       attachments)
                if kind == "intake":
                    results.append(intake(args, config, folders))
                else:
                    results.append(reading(args, config, folders, processes, data))
            (ts, ns), (tr, nr, split, cpu) = results
            print(f"{backend:<11} {processes:>5} | {ns:>12} {ts:>7.1f} {ns / ts:>8.1f}"
                  f" | {nr:>10} {tr:>7.1f} {nr / tr:>8.2f} {cpu:>6.1f}  "
                  + "/".join(map(str, split)), flush=True)
        load = os.getloadavg()
        print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on "
              f"{os.cpu_count()} cores (other work on the machine slows reading)")
    finally:
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
