#!/usr/bin/python3
"""OCR evaluation set B -- the HELD-OUT set.  Never tune the reader on it; it is only measured.

Written from scratch, independently of samples/synth and samples/ocr/generate_eval.py
("set A", the tuning set).  It draws synthetic people (people_b.py), lays out ID card faces,
three 备案表 templates and supporting documents as HTML (cards_b.py, forms_b.py, proofs_b.py),
renders them with headless Chromium (chrome_b.py) and turns each page into a phone photo,
scan or photocopy with Pillow (photo_b.py).  With --mails it also writes whole citizen mails
(mails_b.py).

    /usr/bin/python3 samples/ocr_b/generate.py OUT_DIR [--seed S] [--count N] [--mails M]

Output: OUT_DIR/NNNN-<kind>-<variant>.jpg, OUT_DIR/truth.json and, with --mails M > 0,
OUT_DIR/mails/mail-NNNN.eml + OUT_DIR/mails/truth.json.  The truth (and, on the same Debian
packages and fonts, the pictures) is a function of the seed only.
"""

import argparse
import collections
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import cards_b  # noqa: E402
import chrome_b  # noqa: E402
import forms_b  # noqa: E402
import htmlkit_b  # noqa: E402
import mails_b  # noqa: E402
import people_b  # noqa: E402
import photo_b  # noqa: E402
import proofs_b  # noqa: E402

# Variant -> weight.  The variant names are the "distortion" in truth.json.
CARD_VARIANTS = [("photo", 28), ("tilt", 9), ("rot90", 5), ("rot180", 4), ("rot270", 5), ("persp", 8),
                 ("blur", 7), ("lowq", 6), ("thumb", 5), ("small", 5), ("glare", 6), ("shadow", 5),
                 ("hand", 6), ("copy", 7), ("scan", 5)]
BOTH_VARIANTS = [("copy", 6), ("copy_dark", 3), ("scan_color", 3), ("photo", 4), ("rot90", 2), ("rot180", 1),
                 ("lowq", 1)]
FORM_VARIANTS = [("scan", 5), ("scan_gray", 4), ("photo", 5), ("photo_tilt", 2), ("rot90", 1), ("rot180", 1),
                 ("rot270", 1), ("copy", 2), ("shadow", 2), ("lowq", 1)]
PROOF_VARIANTS = [("scan", 3), ("photo", 4), ("copy", 2), ("rot90", 1)]
MAIL_CARD_VARIANTS = [("photo", 12), ("tilt", 3), ("rot90", 2), ("rot180", 1), ("rot270", 1), ("persp", 2),
                      ("blur", 2), ("lowq", 1), ("glare", 2), ("shadow", 2), ("hand", 2), ("copy", 2),
                      ("scan", 2), ("thumb", 1), ("small", 1)]
PROOF_MIX = (["hukou"] * 3 + ["residence_permit"] * 3 + ["referral"] * 3 + ["commitment"] * 3
             + ["employment"] * 3 + ["other:receipt"] * 2 + ["other:landscape", "other:blank", "other:bankcard"])
DEFAULT_MIX = {"id_front": 150, "id_back": 80, "id_both": 20, "form": 60, "proof": 20}

# Where a thumb may cover a card edge without hiding printed values:
# (corner a, corner b, range of t along a->b, max depth as a fraction of the card width).
# Corners: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left.
SAFE_FRONT = [(0, 3, (0.15, 0.9), 0.04), (0, 1, (0.05, 0.95), 0.04), (1, 2, (0.08, 0.72), 0.045)]
SAFE_BACK = [(0, 3, (0.1, 0.9), 0.04), (0, 1, (0.05, 0.95), 0.03), (1, 2, (0.05, 0.65), 0.04)]


def stratified(rng, weighted, n):
    pool = [v for v, w in weighted for _ in range(w)]
    rng.shuffle(pool)
    return [pool[i % len(pool)] for i in range(n)]


def clamp(v, lo, hi):
    return int(max(lo, min(hi, v)))


FRONT_KEYS = ("name", "sex", "ethnicity", "birth", "address", "id_number")
BACK_KEYS = ("authority", "valid_from", "valid_to")


# ---------------------------------------------------------------------------
# One picture: build the HTML, its truth and its look

def both_page(rng, p):
    """Front and back of one card on an A4 page (photocopy layout)."""
    W = rng.choice([1240, 1240, 1654, 1654, 2480])
    H = round(W * 297 / 210)
    dpi = W / 8.27
    scale = rng.choice([1.0] * 5 + [1.2, 1.4])
    cw = round(3.37 * dpi * scale)
    ch = cards_b.card_height(cw)
    front, _ = cards_b.card_front(rng, p, cw, rounded=True)
    back, _ = cards_b.card_back(rng, p, cw, rounded=True)
    layout = rng.choice(["stacked", "stacked", "stacked", "side", "diagonal"])
    gap = rng.uniform(0.03, 0.12) * H
    if layout == "side" and 2 * cw + 0.04 * W > 0.94 * W:
        layout = "stacked"
    if layout == "stacked":
        x1 = x2 = (W - cw) / 2 + rng.uniform(-0.05, 0.05) * W
        y1 = rng.uniform(0.08, 0.2) * H
        y2 = y1 + ch + gap
    elif layout == "side":
        g = rng.uniform(0.02, 0.06) * W
        x1 = (W - 2 * cw - g) / 2
        x2 = x1 + cw + g
        y1 = y2 = rng.uniform(0.1, 0.3) * H
    else:
        x1, y1 = rng.uniform(0.04, 0.1) * W, rng.uniform(0.06, 0.15) * H
        x2, y2 = W - cw - rng.uniform(0.04, 0.1) * W, y1 + ch + gap
    if rng.random() < 0.3:  # back first
        (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
    outline = rng.choice(["none", f"{max(1, W // 1240)}px solid #999", "none"])

    def placed(div, x, y):
        return (f"<div style='position:absolute;left:{x:.0f}px;top:{y:.0f}px;outline:{outline};"
                f"border-radius:{cw * 32 / 856:.0f}px;transform:rotate({rng.uniform(-2, 2):.2f}deg)'>{div}</div>")

    parts = [placed(front, x1, y1), placed(back, x2, y2)]
    bottom = max(y1, y2) + ch
    if rng.random() < 0.45 and bottom + 0.12 * H < H:
        note = rng.choice(["此复印件仅供办理跨省异地就医备案使用", "仅供异地就医备案使用，他用无效",
                           "本复印件仅用于医保备案"])
        color = rng.choice(["#c0282d", "#1d2f7a", "#222"])
        parts.append(f"<div style='position:absolute;left:{rng.uniform(0.1, 0.3) * W:.0f}px;"
                     f"top:{bottom + rng.uniform(0.03, 0.06) * H:.0f}px;transform:rotate({rng.uniform(-4, 3):.1f}deg)'>"
                     f"{htmlkit_b.hand_text(rng, note, W / 34, color)}<div style='margin-top:{W / 60:.0f}px;"
                     f"margin-left:{W / 6:.0f}px'>{htmlkit_b.signature(rng, p['name'], W / 26, color)}</div></div>")
    if rng.random() < 0.2:
        parts.append(f"<div style='position:absolute;left:0;right:0;top:{0.03 * H:.0f}px;text-align:center;"
                     f"font:{W / 40:.0f}px \"Noto Sans CJK SC\"'>居民身份证复印件</div>")
    html = htmlkit_b.page("".join(parts), W, H, bg=rng.choice(["#fff", "#fcfcfc", "#fafaf7"]))
    return html, W, H


def build_piece(seed_str, kind, variant, person, sub):
    """-> dict(html, w, h, look, shape, safe, fields) for one picture."""
    rng = random.Random(seed_str)
    fields, safe = {}, None
    if kind in ("id_front", "id_back"):
        look = photo_b.pick_look(rng, "card", variant)
        rw = clamp(look.out_w * look.frac * rng.uniform(1.0, 1.15), 320, 1600)
        if kind == "id_front":
            div, _ = cards_b.card_front(rng, person, rw)
            fields = {k: person[k] for k in FRONT_KEYS}
            safe = SAFE_FRONT
        else:
            div, _ = cards_b.card_back(rng, person, rw)
            fields = {k: person[k] for k in BACK_KEYS}
            safe = SAFE_BACK
        h = cards_b.card_height(rw)
        return dict(html=htmlkit_b.page(div, rw, h), w=rw, h=h, look=look, shape="card", safe=safe, fields=fields)
    if kind == "id_both":
        look = photo_b.pick_look(rng, "both", variant)
        html, w, h = both_page(rng, person)
        fields = {k: person[k] for k in FRONT_KEYS + BACK_KEYS}
        return dict(html=html, w=w, h=h, look=look, shape="a4", safe=None, fields=fields)
    if kind == "form":
        look = photo_b.pick_look(rng, "a4", variant)
        rw = clamp(look.out_w * look.frac * 1.05, 1000, 1700)  # ~150-200 dpi; bigger photos upscale
        html, fields = forms_b.form_html(rng, person, sub, rw)
        return dict(html=html, w=rw, h=forms_b.a4_height(rw), look=look, shape="a4", safe=None, fields=fields)
    # proofs and other pages
    width = rng.randint(1000, 1500)
    html, w, h, shape = proofs_b.proof_html(rng, kind, person, width, sub)
    if shape == "scene":
        look = photo_b.Look(mode="scene", out_w=w, light=rng.uniform(0, 0.2), noise=rng.uniform(1, 4),
                            jpeg_quality=rng.randint(70, 92))
    else:
        look = photo_b.pick_look(rng, {"card": "card", "receipt": "receipt"}.get(shape, "a4"), variant)
    return dict(html=html, w=w, h=h, look=look, shape="card" if shape == "card" else "a4", safe=None,
                fields={})


def compose_worker(args):
    png, look_dict, seed_str, shape, safe, out_path = args
    from PIL import Image
    rng = random.Random(seed_str + ":photo")
    look = photo_b.Look(**look_dict)
    with Image.open(png) as im:
        doc = im.convert("RGB")
    img = photo_b.compose(doc, look, rng, shape, safe)
    img.save(out_path, "JPEG", quality=look.jpeg_quality)
    os.remove(png)
    return out_path, img.size


class Pipeline:
    """Renders pages in this process (one Chromium) and composes pictures in two workers."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.pool = multiprocessing.get_context("fork").Pool(2)   # before Chromium: no pipe fds in workers
        self.renderer = chrome_b.Renderer(tmp)
        self.pending = []
        self.n = 0
        self.t_render = self.t_wait = 0.0

    def add(self, piece, seed_str, out_path):
        self.n += 1
        png = os.path.join(self.tmp, f"r{self.n:05d}.png")
        t = time.time()
        self.renderer.render(piece["html"], piece["w"], piece["h"], png)
        self.t_render += time.time() - t
        args = (png, dict(piece["look"].__dict__), seed_str, piece["shape"], piece["safe"], out_path)
        self.pending.append(self.pool.apply_async(compose_worker, (args,)))
        while True:  # collect finished work (raising its errors); keep at most 12 PNGs waiting
            keep = []
            for r in self.pending:
                if r.ready():
                    r.get()
                else:
                    keep.append(r)
            self.pending = keep
            if len(self.pending) <= 12:
                break
            t = time.time()
            self.pending[0].wait()
            self.t_wait += time.time() - t

    def finish(self):
        t = time.time()
        for r in self.pending:
            r.get()
        self.t_wait += time.time() - t
        if os.environ.get("OCRB_TIMING"):
            print(f"pipeline: {self.n} pages, render {self.t_render:.0f} s, waiting for workers {self.t_wait:.0f} s")
        self.pool.close()
        self.pool.join()
        self.renderer.close()


# ---------------------------------------------------------------------------

def plan_images(seed, count):
    rng = random.Random(f"{seed}:plan")
    total = sum(DEFAULT_MIX.values())
    n = {k: round(count * v / total) for k, v in DEFAULT_MIX.items()}
    n["proof"] = max(0, count - sum(v for k, v in n.items() if k != "proof"))
    plan = []
    for kind, variants in (("id_front", CARD_VARIANTS), ("id_back", CARD_VARIANTS), ("id_both", BOTH_VARIANTS)):
        plan += [(kind, v, None) for v in stratified(rng, variants, n[kind])]
    templates = [("ABC"[i % 3]) for i in range(n["form"])]
    plan += [("form", v, t) for v, t in zip(stratified(rng, FORM_VARIANTS, n["form"]), templates)]
    mix = list(PROOF_MIX)
    rng.shuffle(mix)
    for i, v in enumerate(stratified(rng, PROOF_VARIANTS, n["proof"])):
        m = mix[i % len(mix)]
        if m.startswith("other:"):
            sub = m.split(":")[1]
            plan.append(("other", {"landscape": "photo", "blank": "scan"}.get(sub, "photo"), sub))
        else:
            plan.append((m, v, None))
    rng.shuffle(plan)
    return plan


def generate_images(seed, count, out_dir, pipe):
    plan = plan_images(seed, count)
    truth = []
    for i, (kind, variant, sub) in enumerate(plan, 1):
        person = people_b.make_person(random.Random(f"{seed}:person:{i}"))
        piece = build_piece(f"{seed}:img:{i}", kind, variant, person, sub)
        name = f"{i:04d}-{kind}-{variant}.jpg"
        pipe.add(piece, f"{seed}:img:{i}", os.path.join(out_dir, name))
        item = {"file": name, "kind": kind, "distortion": variant, "fields": piece["fields"],
                "claim": {"name": person["name"], "id_number": person["id_number"]}}
        if kind == "form":
            item["layout"] = f"form-{sub}"
        elif kind == "other":
            item["layout"] = sub
        truth.append(item)
    return truth


def generate_mails(seed, count, out_dir, pipe, tmp):
    rng = random.Random(f"{seed}:mails")
    flaws = mails_b.flaw_plan(rng, count)
    mdir = os.path.join(out_dir, "mails")
    os.makedirs(mdir, exist_ok=True)
    plans = []
    for m in range(count):
        mrng = random.Random(f"{seed}:mail:{m}")
        person = people_b.make_person(mrng)
        pieces, when = mails_b.plan_mail(mrng, person, flaws[m])
        paths = []
        for k, pc in enumerate(pieces):
            kind = pc["kind"]
            vrng = random.Random(f"{seed}:mail:{m}:{k}:variant")
            variants = {"id_front": MAIL_CARD_VARIANTS, "id_back": MAIL_CARD_VARIANTS,
                        "id_both": BOTH_VARIANTS, "form": FORM_VARIANTS}.get(kind, PROOF_VARIANTS)
            pc["distortion"] = stratified(vrng, variants, 1)[0]
            seed_str = f"{seed}:mail:{m}:{k}"
            piece = build_piece(seed_str, kind, pc["distortion"], person, pc.get("sub"))
            pc["fields"] = piece["fields"]
            path = os.path.join(tmp, f"mail{m:04d}-{k}.jpg")
            pipe.add(piece, seed_str, path)
            paths.append(path)
        plans.append((m, person, flaws[m], pieces, when, paths, mrng))
    return plans, mdir


def write_mails(plans, mdir):
    truth = []
    for m, person, flaw, pieces, when, paths, mrng in plans:
        images = []
        for p in paths:
            with open(p, "rb") as f:
                images.append(f.read())
        raw, subject = mails_b.build_mail(mrng, m + 1, person, flaw, pieces, when, images)
        name = f"mail-{m + 1:04d}.eml"
        with open(os.path.join(mdir, name), "wb") as f:
            f.write(raw)
        truth.append({"file": name, "flaw": flaw, "person": mails_b.mail_person(person),
                      "attachments": [{"filename": pc["filename"], "kind": pc["kind"], "fields": pc["fields"],
                                       "distortion": pc["distortion"]} for pc in pieces]})
    with open(os.path.join(mdir, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    return truth


def check_truth(truth, mail_truth):
    """IDs valid, birth/sex agree with the number; form/card fields in the expected shape."""
    people = []
    for t in truth:
        f = t["fields"]
        people.append(t["claim"])
        if "id_number" in f:
            people.append({"id_number": f["id_number"], "birth": f.get("birth"), "sex": f.get("sex")})
    for mt in mail_truth:
        people.append(mt["person"])
    for p in people:
        idn = p["id_number"]
        assert people_b.id_is_valid(idn), idn
        if p.get("birth"):
            assert idn[6:14] == p["birth"].replace("-", ""), (idn, p["birth"])
        if p.get("sex"):
            assert (int(idn[16]) % 2 == 1) == (p["sex"] == "男"), (idn, p["sex"])


def summary(truth, mail_truth, seconds):
    kinds = collections.Counter(t["kind"] for t in truth)
    print(f"images: {len(truth)}  (whole run {seconds:.0f} s)")
    for k in ("id_front", "id_back", "id_both", "form", "hukou", "residence_permit", "referral", "commitment",
              "employment", "other"):
        if kinds[k]:
            var = collections.Counter(t["distortion"] for t in truth if t["kind"] == k)
            print(f"  {k:17s} {kinds[k]:4d}  " + " ".join(f"{v}={c}" for v, c in sorted(var.items())))
    forms = collections.Counter(t.get("layout") for t in truth if t["kind"] == "form")
    if forms:
        print("  form templates:  " + " ".join(f"{k}={v}" for k, v in sorted(forms.items())))
    xs = sum(1 for t in truth if t["fields"].get("id_number", "").endswith("X"))
    print(f"  ID numbers ending in X on id_front/id_both/form pages: {xs}")
    if mail_truth:
        fl = collections.Counter(mt["flaw"] or "clean" for mt in mail_truth)
        att = sum(len(mt["attachments"]) for mt in mail_truth)
        print(f"mails: {len(mail_truth)} ({att} attachments)  " + " ".join(f"{k}={v}" for k, v in sorted(fl.items())))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--seed", default="B1")
    ap.add_argument("--count", type=int, default=330)
    ap.add_argument("--mails", type=int, default=0)
    a = ap.parse_args(argv)
    t0 = time.time()
    os.makedirs(a.out_dir, exist_ok=True)
    for f in os.listdir(a.out_dir):  # a rerun replaces the set
        if f.endswith(".jpg") or f == "truth.json":
            os.remove(os.path.join(a.out_dir, f))
    if os.path.isdir(os.path.join(a.out_dir, "mails")):
        shutil.rmtree(os.path.join(a.out_dir, "mails"))
    tmp = tempfile.mkdtemp(prefix="ocrb-")
    try:
        pipe = Pipeline(tmp)
        try:
            truth = generate_images(a.seed, a.count, a.out_dir, pipe)
            plans, mdir = (generate_mails(a.seed, a.mails, a.out_dir, pipe, tmp) if a.mails > 0 else ([], None))
        finally:
            pipe.finish()
        with open(os.path.join(a.out_dir, "truth.json"), "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1)
        mail_truth = write_mails(plans, mdir) if plans else []
        check_truth(truth, mail_truth)
        summary(truth, mail_truth, time.time() - t0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
