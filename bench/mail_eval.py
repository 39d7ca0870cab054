#!/usr/bin/python3
"""Whole mails, as a reviewer meets them (issue 14).

    /usr/bin/python3 samples/ocr_b/generate.py /tmp/ocrb --mails 60
    OMP_THREAD_LIMIT=1 /usr/bin/python3 bench/mail_eval.py /tmp/ocrb [--beian build/beian] [--verbose]

Ingests every OUT/mails/*.eml of an OCR set B folder with the real `beian` binary (OCR on,
SQLite store and data dir in a temp folder, `--no-replies`, one `ingest --region CODE` per
mailbox code taken from `To: ybj-CODE@...`), then reads each case with `cases show --json`
and asks `beian confirm` (no --force) whether it would be confirmed; the temp store is
thrown away (`--keep DIR` keeps it).  Compares against OUT/mails/truth.json:

  * clean mails (flaw null) READY: confirm would succeed (no blocking problem, with the
    region rules and the materials check that only confirm runs) and every field value the
    case took from images (source "ocr" = card pages, "form" = 备案表) equals the truth;
  * flawed mails flagged: the case carries one of FLAW_CODES[flaw] (shown or blocking);
  * field values read from images: correct / wrong / missing, per field.  A value for a
    field the mail's pages do not show counts wrong; a missing value does not stop READY.
Set B layout only: set A (samples/ocr/generate_eval.py) writes no mails with flaw labels.
Stdlib only.  Never tune beian on set B (samples/ocr_b/README.md).
"""
import argparse, collections, email, email.policy, json, os, re, subprocess, sys, tempfile, time
import tomllib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = {"ready": 80.0, "flagged": 90.0, "wrong": 2.0}

# Which beian problem codes flag which flaw (codes from src/ocr/draft_checks.cc,
# src/identity/id_number.cc, src/review/evaluate.cc).
FLAW_CODES = {
    "missing_back": {"missing_id_back"},
    "subject_name_differs": {"name_mismatch"},
    "bad_check_digit": {"id_check_digit", "id_mismatch"},  # subject number invalid / ≠ card
    "no_form": {"missing_form"},
    "no_proof": {"missing_proof", "missing_commitment"},  # missing_proof: only confirm computes it
}
# beian field name -> truth key, per source: "ocr" fields come from card pages
# (id_front/id_back/id_both truth), "form" fields from the 备案表 (form truth).
FIELD_MAP = {
    "ocr": {"name": "name", "sex": "sex", "ethnicity": "ethnicity", "birth": "birth",
            "address": "address", "id_number": "id_number", "authority": "authority",
            "valid_from": "valid_from", "valid_to": "valid_to"},
    "form": {"name": "name", "sex": "sex", "id_number": "id_number",
             "insured_place": "insured_place", "insurance_type": "insurance_type",
             "filing_type": "filing_type", "treatment_place": "treatment_place",
             "phone": "phone", "contact_address": "contact_address",
             "start_date": "start_date", "apply_date": "apply_date", "signature": "signature"},
}
GROUP_KINDS = {"ocr": ("id_front", "id_back", "id_both"), "form": ("form",)}
# Same meaning, different words: set B's 临时外出就医人员 (the national group name, used for
# temporary non-referral cases) is beian's 其他临时外出就医人员.
BEIAN_TYPE = {"临时外出就医人员": "其他临时外出就医人员"}
SAME = {"filing_type": {v: k for k, v in BEIAN_TYPE.items()}}
DATES = {"birth", "valid_from", "valid_to", "start_date", "apply_date", "end_date"}
# beian keeps letters, digits and CJK in addresses (ocr CleanCjkText): "23-1-703" -> "231703".
ADDRESS_PUNCT = re.compile(r"[-－–—_·.,，。、:：;；()（）#＃/]")
PROOFS = {"hukou", "residence_permit", "employment", "referral", "commitment"}


def norm(field, value):
    """Both sides to the truth schema: no spaces, YYYY-MM-DD, 民族 without 族, upper-case X."""
    if value is None:
        return None
    v = re.sub(r"\s+", "", str(value))
    if field in DATES:
        m = re.fullmatch(r"(\d{4})\D(\d{1,2})\D(\d{1,2})\D?", v)
        if m:
            v = "%s-%02d-%02d" % (m.group(1), int(m.group(2)), int(m.group(3)))
    elif field == "id_number":
        v = v.upper()
    elif field == "name":
        v = re.sub("[•・‧.．]", "·", v)
    elif field == "ethnicity":
        v = v[:-1] if v.endswith("族") and len(v) > 1 else v
    elif field == "phone":
        v = re.sub(r"\D", "", v)
    elif field in ("address", "contact_address"):
        v = ADDRESS_PUNCT.sub("", v)
    elif field == "insurance_type":
        v = "职工医保" if "职工" in v else "居民医保" if ("居民" in v or "城乡" in v) else v
    return SAME.get(field, {}).get(v, v)


def truth_groups(mail):
    """{"ocr": {key: value}, "form": {key: value}} of what the mail's pages show."""
    groups = {}
    for src, kinds in GROUP_KINDS.items():
        g = {}
        for att in mail["attachments"]:
            if att["kind"] in kinds:
                g.update(att.get("fields") or {})
        if src == "form" and any(a["kind"] == "form" for a in mail["attachments"]):
            g.setdefault("signature", "empty")  # the generator omits it when unsigned
        groups[src] = g
    return groups


def load_rules(code):
    """config/rules/default.toml with config/rules/<code>.toml on top (as beian reads them)."""
    rules = {}
    for name in ("default", code):
        path = os.path.join(REPO, "config", "rules", name + ".toml")
        if os.path.exists(path):
            with open(path, "rb") as f:
                rules.update(tomllib.load(f))
    return rules


def proof_note(mail, rules):
    """Why beian's rules want a proof the mail did not bring, or "" (config/rules, evaluate.cc)."""
    ftype = mail["person"]["filing_type"]
    btype = BEIAN_TYPE.get(ftype, ftype)
    wanted = list(rules.get("materials", {}).get(btype, []))
    if not wanted:
        return "%s needs no proof under beian's rules" % ftype
    if rules.get("accept_commitment") and btype in rules.get("commitment_replaces", {}).get("types", []):
        wanted.append("commitment")
    sent = [a["kind"] for a in mail["attachments"] if a["kind"] in PROOFS]
    if set(sent) & set(wanted):
        return ""
    return "rules want %s for %s, mail has %s" % ("/".join(wanted), ftype, "/".join(sent) or "no proof")


class Beian:
    def __init__(self, binary, work):
        self.base = [binary, "--db", os.path.join(work, "beian.db"),
                     "--data-dir", os.path.join(work, "data"),
                     "--outbox-dir", os.path.join(work, "outbox"),
                     "--config-dir", os.path.join(REPO, "config"),
                     "--templates-dir", os.path.join(REPO, "templates"),
                     "--reviewer", "mail_eval"]
        self.env = dict(os.environ, OMP_THREAD_LIMIT=os.environ.get("OMP_THREAD_LIMIT", "1"))

    def run(self, *args, check=True):
        p = subprocess.run(self.base + list(args), capture_output=True, text=True, env=self.env)
        if check and p.returncode != 0:
            sys.exit("beian %s failed (%d): %s" % (" ".join(args[:2]), p.returncode, p.stderr))
        return p

    def json(self, *args):
        return json.loads(self.run(*args).stdout)


def region_of(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.compat32)
    m = re.search(r"ybj-(\d{6})@", str(msg.get("To", "")))
    return m.group(1) if m else "000000"


def evaluate_case(bn, case_no):
    """(show json, blocking codes or None when confirm would succeed, confirm error)."""
    show = bn.json("cases", "show", case_no, "--json")
    p = bn.run("confirm", case_no, check=False)
    if p.returncode == 0:
        return show, [], ""
    m = re.search(r"有阻止确认的问题: ([^。]+)。", p.stderr)
    if m:
        return show, [c.strip() for c in m.group(1).split(",")], ""
    return show, None, p.stderr.strip()


def compare_fields(show, mail, stats):
    """Counts into stats[(src, field)] and returns the list of wrong values as text."""
    groups, wrong = truth_groups(mail), []
    seen = set()
    for f in show["fields"]:
        src = f["source"]
        if src not in FIELD_MAP:
            continue  # subject / reviewer values are not read from images
        key = FIELD_MAP[src].get(f["name"])
        if key is None:
            stats[(src, f["name"], "unscored")] += 1
            continue
        seen.add((src, key))
        want, got = norm(key, groups[src].get(key)), norm(key, f["value"])
        if got == want:
            stats[(src, key, "correct")] += 1
        else:
            stats[(src, key, "wrong")] += 1
            wrong.append("%s.%s %r≠%r" % (src, key, f["value"], groups[src].get(key)))
    for src, g in groups.items():
        for key in g:
            if key in FIELD_MAP[src].values() and (src, key) not in seen:
                stats[(src, key, "missing")] += 1
    return wrong


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("set_dir", help="folder written by samples/ocr_b/generate.py --mails N")
    ap.add_argument("--beian", help="beian binary (default: build/beian or build/src/cli/beian)")
    ap.add_argument("--keep", help="use this new folder for the store and keep it")
    ap.add_argument("--verbose", action="store_true", help="why each clean mail is not ready")
    a = ap.parse_args()
    binary = a.beian or next((p for p in (os.path.join(REPO, "build", "beian"),
                                          os.path.join(REPO, "build", "src", "cli", "beian"))
                              if os.path.exists(p)), None)
    if not binary:
        sys.exit("no beian binary; build it or pass --beian")
    mdir = os.path.join(a.set_dir, "mails")
    with open(os.path.join(mdir, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    tmp = None if a.keep else tempfile.TemporaryDirectory(prefix="mail_eval.")
    work = a.keep or tmp.name
    os.makedirs(work, exist_ok=True)
    if os.path.exists(os.path.join(work, "beian.db")):
        sys.exit("%s already holds a store (confirm has run there); give a new folder" % work)
    bn = Beian(binary, work)

    t0 = time.time()
    by_region = collections.defaultdict(list)
    for m in truth:
        path = os.path.join(mdir, m["file"])
        by_region[region_of(path)].append(path)
    region = {}
    for code, paths in sorted(by_region.items()):
        region.update({os.path.basename(p): code for p in paths})
        bn.run("ingest", "--region", code, "--no-replies", "--json", *paths)
    t_ingest = time.time() - t0

    cases = {}  # mail file name -> (show, blocking codes, confirm error)
    for c in bn.json("cases", "list", "--json"):
        show, blocking, err = evaluate_case(bn, c["number"] or str(c["id"]))
        for ml in show["mail_list"]:
            cases[ml["source_key"]] = (show, blocking, err)
    summary = bn.json("summary", "--json")
    t_all = time.time() - t0

    stats = collections.Counter()
    clean = ready = 0
    not_ready, unflagged = [], []
    flag_n, flag_hit, flag_blocked = collections.Counter(), collections.Counter(), collections.Counter()
    hit_codes = collections.defaultdict(collections.Counter)
    clean_blocks, proof_rule, no_proof_free = collections.Counter(), 0, 0
    for m in truth:
        show, blocking, err = cases.get(m["file"], (None, None, "no case (quarantined?)"))
        wrong = compare_fields(show, m, stats) if show else []
        codes = {p["code"] for p in show["problem_list"]} if show else set()
        codes |= set(blocking or [])
        note = proof_note(m, load_rules(region[m["file"]]))
        if m["flaw"] is None:
            clean += 1
            clean_blocks.update(blocking or [])
            if blocking == [] and not wrong:
                ready += 1
            else:
                why = ("blocking " + ", ".join(blocking)) if blocking else err or "no blocking problem"
                if "missing_proof" in (blocking or []) and note:
                    why, proof_rule = why + " (%s)" % note, proof_rule + 1
                not_ready.append("  %s %s: %s%s" % (m["file"], show["number"] if show else "-",
                                                   why, ("; wrong " + "; ".join(wrong)) if wrong else ""))
        else:
            k = m["flaw"]
            flag_n[k] += 1
            hits = codes & FLAW_CODES[k]
            flag_hit[k] += bool(hits)
            flag_blocked[k] += bool(set(blocking or []) & FLAW_CODES[k])
            hit_codes[k].update(hits)
            no_proof_free += k == "no_proof" and "needs no proof" in note
            if not hits:
                unflagged.append("  %s %s (%s): problems %s%s" % (
                    m["file"], show["number"] if show else "-", k,
                    ", ".join(sorted(codes)) or err or "none", " (%s)" % note if k == "no_proof" else ""))

    print("mail_eval: %d mails in %d mailbox regions, %s; beian %s" % (
        len(truth), len(by_region), os.path.abspath(a.set_dir), binary))
    print("store: mails %d, quarantined %d, duplicates %d, cases %d" % (
        summary["mails"], summary["quarantined"], summary["duplicates"],
        sum(summary["cases_by_status"].values())))
    print("time: ingest %.1f s (%.2f s/mail), total %.1f s" % (t_ingest, t_ingest / max(len(truth), 1), t_all))
    print()
    r = pct(ready, clean)
    print("clean mails READY (no blocking problem, no wrong image value): %d / %d = %.1f %%   target >= %.0f %%  %s"
          % (ready, clean, r, TARGETS["ready"], "ok" if r >= TARGETS["ready"] else "MISSED"))
    print("  clean mails blocked, by code: " + ", ".join(
        "%s %d" % kv for kv in sorted(clean_blocks.items(), key=lambda kv: (-kv[1], kv[0]))))
    print("  of them missing_proof where the mail's proof is not one beian's rules accept for its type: %d"
          % proof_rule)
    print()
    print("flawed mails flagged:            flagged  blocking  codes that flagged it")
    for k in FLAW_CODES:
        print("  %-22s %3d / %-3d %3d       %s" % (k, flag_hit[k], flag_n[k], flag_blocked[k],
              ", ".join("%s %d" % kv for kv in sorted(hit_codes[k].items())) or "-"))
    print("  (no_proof mails of a type beian's rules need no proof for: %d)" % no_proof_free)
    tot_hit, tot_n = sum(flag_hit.values()), sum(flag_n.values())
    f = pct(tot_hit, tot_n)
    print("  all flaws: %d / %d = %.1f %%   target >= %.0f %%  %s" % (
        tot_hit, tot_n, f, TARGETS["flagged"], "ok" if f >= TARGETS["flagged"] else "MISSED"))
    print()
    rows = sorted({(s, k) for s, k, _ in stats}, key=lambda sk: (sk[0] != "ocr", sk[0], sk[1]))
    print("field values read from images:   correct  wrong  missing   (ocr = card pages, form = 备案表)")
    for s, k in rows:
        c, w, mi, u = (stats[(s, k, t)] for t in ("correct", "wrong", "missing", "unscored"))
        print("  %-5s %-16s %7d %6d %8d%s" % (s, k, c, w, mi, "   (%d with no truth key)" % u if u else ""))
    tc, tw, tm = (sum(v for (s, k, t), v in stats.items() if t == x) for x in ("correct", "wrong", "missing"))
    w = pct(tw, tc + tw)
    print("  read %d, wrong %d, missing %d; wrong = %.1f %% of values read   target <= %.0f %%  %s" % (
        tc + tw, tw, tm, w, TARGETS["wrong"], "ok" if w <= TARGETS["wrong"] else "MISSED"))
    if a.verbose:
        print("\nclean mails not ready:")
        print("\n".join(not_ready) or "  (none)")
        print("\nflawed mails not flagged:")
        print("\n".join(unflagged) or "  (none)")
    if a.keep:
        print("\nstore kept in %s" % work)


if __name__ == "__main__":
    main()
