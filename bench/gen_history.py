#!/usr/bin/env python3
"""Generate a deterministic git repository with a long history for
``jwtscan --history`` benchmarks.

Usage:
    bench/gen_history.py OUTDIR [--commits N] [--seed S] [--force] [--no-gc]

OUTDIR becomes a git repository (branch ``main`` checked out) whose refs hold
exactly N commits in total (``git rev-list --all --count`` == N):

* ``main``: a growing tree of JavaScript, Python, Go and Java sources (about
  120 files at first, a few hundred at the end, 0.5-4 KB each) in which every
  commit modifies 1-5 files, now and then adding a file;
* four branches with commits of their own: ``feature/auth-refactor`` (merged
  back into ``main`` by a merge commit), ``feature/payments``,
  ``release/1.x`` and ``experiment/go-service`` (never merged), so that only
  a scan of all refs sees everything; plus an annotated tag ``v1.0.0``.

About one commit in 50 adds a hardcoded JWT signing key, each one unique:
``jwt.sign(p, "<key>")`` (JavaScript), ``jwt.encode(p, "<key>",
algorithm="HS256")`` (Python) or ``token.SignedString([]byte("<key>"))`` (Go).
Later commits on ``main`` replace about a third of them with the environment
(``process.env.JWT_SECRET``, ``os.environ["JWT_SECRET"]``,
``os.Getenv("JWT_SECRET")``) and delete about a third (so those exist only in
history); the rest, and every key planted on an unmerged branch, stay. A few
percent of the code also uses JWT libraries safely (keys from the
environment or config), which no scanner should report.

Every planted key is listed in ``OUTDIR.expected.tsv`` (beside OUTDIR, so
that it is not part of the repository) as
``key<TAB>commit<TAB>path``: the key, the full SHA-1 of the commit that
introduced it (taken from ``git fast-import --export-marks``) and the path
in that commit. ``OUTDIR.info.json`` holds counts (commits, files, keys by
fate and by ref).

The history is written with ``git fast-import`` (dates, authors and content
all derive from the seed, so the same seed and N give the same commit
SHAs), then packed with ``git gc`` (unless --no-gc) and checked out. 10,000
commits take about 10-20 s on 2 cores. Python 3.9+ standard library only;
needs git.

The content generators here are also used by ``bench/gen_staged.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import string
import subprocess
import sys
import time

# --------------------------------------------------------------------------
# Vocabulary and identifiers
# --------------------------------------------------------------------------

NOUNS = (
    "user account order invoice payment product cart item session profile "
    "customer address shipment report metric event message notification "
    "comment post article tag category team project task job queue worker "
    "cache config setting permission role group tenant subscription plan "
    "price discount coupon review rating file upload image document record "
    "entry audit webhook channel device region warehouse inventory supplier "
    "ticket release build deployment cluster node volume snapshot backup "
    "schedule reminder calendar contact lead campaign asset license quota"
).split()
VERBS = (
    "get fetch load save update delete create find list build parse validate "
    "format render handle process sync compute resolve register remove apply "
    "merge filter sort map normalize serialize refresh archive restore import "
    "export check count publish notify schedule retry enqueue"
).split()
FIELDS = (
    "name title status createdAt updatedAt ownerId total amount currency "
    "email phone label priority version region quantity weight score"
).split()
WORDS = (
    "the a request response value result data record list cache timeout "
    "retry limit page offset batch default invalid missing empty stale "
    "pending active disabled remote local primary fallback"
).split()
KEY_ALPHABET = string.ascii_letters + string.digits
NUMBERS = ("1", "2", "3", "5", "10", "20", "25", "30", "50", "60", "100", "250", "500", "1000", "3600")


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def snake(s: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", s).lower()


SFIELDS = tuple(snake(f) for f in FIELDS)


class Ident:
    """Random identifiers and literals for the templates (@@name@@).

    Picks with ``seq[int(random() * len(seq))]``: about twice as fast as
    random.choice, and as deterministic."""

    def __init__(self, r: random.Random):
        self.r = r
        self._rnd = r.random

    def _c(self, seq):
        return seq[int(self._rnd() * len(seq))]

    def fn(self):
        return self._c(VERBS) + cap(self._c(NOUNS))

    def Fn(self):
        return cap(self._c(VERBS)) + cap(self._c(NOUNS))

    def sfn(self):
        return self._c(VERBS) + "_" + self._c(NOUNS)

    def var(self):
        return self._c(NOUNS) + self._c(("", "Id", "s", "List", "Map"))

    def svar(self):
        return self._c(NOUNS) + self._c(("", "_id", "s", "_list"))

    def VAR(self):
        return self._c(NOUNS).upper() + "_" + self._c(("LIMIT", "TIMEOUT", "DEFAULTS", "OPTIONS", "RETRIES"))

    def Cls(self):
        return cap(self._c(NOUNS)) + self._c(("", "Service", "Repository", "Handler", "Client", "Record"))

    def noun(self):
        return self._c(NOUNS)

    def field(self):
        return self._c(FIELDS)

    def Field(self):
        return cap(self._c(FIELDS))

    def sfield(self):
        return self._c(SFIELDS)

    def n(self):
        return self._c(NUMBERS)

    def word(self):
        return self._c(WORDS)

    def msg(self):
        return "%s %s %s" % (cap(self._c(WORDS)), self._c(WORDS), self._c(WORDS))

    def pkg(self):
        return self._c(NOUNS)


_PH = re.compile(r"@@([A-Za-z]+)(\d?)@@")


def fill(tpl: str, ident: Ident, preset: dict | None = None) -> list[str]:
    """Fill @@name@@ / @@name2@@ placeholders (one value per distinct
    placeholder in a template) and return the lines."""
    vals = dict(preset or ())

    def rep(m: re.Match) -> str:
        k = m.group(0)
        v = vals.get(k)
        if v is None:
            v = vals[k] = getattr(ident, m.group(1))()
        return v

    return _PH.sub(rep, tpl).split("\n")


# --------------------------------------------------------------------------
# Code templates: header, blocks, safe JWT blocks, planted-key blocks
# --------------------------------------------------------------------------

JS_BLOCKS = [
    """async function @@fn@@(@@var@@) {
  const @@var2@@ = await db.@@noun@@.findOne({ id: @@var@@ });
  if (!@@var2@@) {
    throw new Error("@@noun@@ not found: " + @@var@@);
  }
  return @@var2@@;
}""",
    """function @@fn@@(@@var@@, options = {}) {
  const limit = options.limit || @@n@@;
  return @@var@@
    .filter((x) => x.@@field@@ !== undefined)
    .slice(0, limit)
    .map((x) => ({ id: x.id, @@field@@: x.@@field@@ }));
}""",
    """const @@VAR@@ = {
  timeout: @@n@@,
  retries: @@n2@@,
  endpoint: "/api/@@noun@@s/@@noun2@@",
};""",
    """router.get("/@@noun@@s/:id", async (req, res, next) => {
  try {
    const item = await @@fn@@(req.params.id);
    res.json(item);
  } catch (err) {
    next(err);
  }
});""",
    """// @@msg@@
function @@fn@@(@@var@@) {
  return String(@@var@@ || "").trim().toLowerCase();
}""",
    """class @@Cls@@ {
  constructor(client) {
    this.client = client;
    this.cache = new Map();
  }

  async @@fn@@(id) {
    if (this.cache.has(id)) return this.cache.get(id);
    const res = await this.client.get(`/@@noun@@s/${id}`);
    this.cache.set(id, res.data);
    return res.data;
  }
}""",
]
JS_SAFE = [
    """function @@fn@@(user) {
  return jwt.sign({ sub: user.id, role: user.role }, process.env.JWT_SECRET, { expiresIn: "1h" });
}""",
    """function @@fn@@(token) {
  return jwt.verify(token, config.jwtSecret, { algorithms: ["HS256"] });
}""",
]
JS_HEADER = """"use strict";

const express = require("express");
const db = require("../db");
const config = require("../config");
const router = express.Router();"""
JS_JWT_IMPORT = 'const jwt = require("jsonwebtoken");'
JS_FOOTER = "module.exports = router;"

TS_BLOCKS = [
    """export async function @@fn@@(@@var@@: string): Promise<@@Cls@@ | null> {
  const row = await db.@@noun@@.findOne({ where: { id: @@var@@ } });
  return row ? (row as @@Cls@@) : null;
}""",
    """export interface @@Cls@@ {
  id: string;
  @@field@@: string;
  @@field2@@?: number;
  createdAt: Date;
}""",
    """export const @@VAR@@: Readonly<Record<string, number>> = {
  timeout: @@n@@,
  retries: @@n2@@,
};""",
    """// @@msg@@
export function @@fn@@(items: @@Cls@@[], limit = @@n@@): @@Cls@@[] {
  return items.filter((x) => x.@@field@@ !== undefined).slice(0, limit);
}""",
]
TS_SAFE = [
    """export function @@fn@@(userId: string): string {
  return jwt.sign({ sub: userId }, process.env.JWT_SECRET as string, { expiresIn: "15m" });
}""",
    """export function @@fn@@(token: string): JwtPayload {
  return jwt.verify(token, config.auth.jwtSecret, { algorithms: ["HS256"] }) as JwtPayload;
}""",
]
TS_HEADER = """import { db } from "../db";
import { config } from "../config";"""
TS_JWT_IMPORT = 'import jwt, { JwtPayload } from "jsonwebtoken";'

PY_BLOCKS = [
    '''def @@sfn@@(@@svar@@, limit=@@n@@):
    """Return the @@noun@@s that belong to @@svar@@."""
    rows = session.query(@@Cls@@).filter_by(owner_id=@@svar@@).limit(limit).all()
    log.debug("loaded %d @@noun@@s", len(rows))
    return [row.to_dict() for row in rows]''',
    """class @@Cls@@:
    def __init__(self, client, timeout=@@n@@):
        self.client = client
        self.timeout = timeout

    def @@sfn@@(self, item_id):
        resp = self.client.get(f"/api/@@noun@@s/{item_id}", timeout=self.timeout)
        resp.raise_for_status()
        return resp.json()""",
    """@@VAR@@ = {
    "@@sfield@@": @@n@@,
    "@@sfield2@@": "@@word@@",
}""",
    """def @@sfn@@(items):
    # @@msg@@
    seen = set()
    out = []
    for item in items:
        if item.get("id") in seen:
            continue
        seen.add(item.get("id"))
        out.append(item)
    return out""",
]
PY_SAFE = [
    """def @@sfn@@(user_id):
    payload = {"sub": str(user_id), "exp": int(time.time()) + 3600}
    return jwt.encode(payload, os.environ["JWT_SECRET"], algorithm="HS256")""",
    """def @@sfn@@(token):
    try:
        return jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])
    except jwt.ExpiredSignatureError:
        return None""",
]
PY_HEADER = """import logging
import os
import time

from .db import session
from .settings import settings

log = logging.getLogger(__name__)"""
PY_JWT_IMPORT = "import jwt"

GO_BLOCKS = [
    """func @@Fn@@(ctx context.Context, id string) (*@@Cls@@, error) {
	if id == "" {
		return nil, errors.New("@@noun@@: empty id")
	}
	var out @@Cls@@
	if err := store.Get(ctx, "@@noun@@s", id, &out); err != nil {
		return nil, fmt.Errorf("get @@noun@@ %s: %w", id, err)
	}
	return &out, nil
}""",
    """type @@Cls@@ struct {
	ID        string `json:"id"`
	@@Field@@ string `json:"@@field@@"`
	CreatedAt int64  `json:"created_at"`
}""",
    """const @@fn@@Limit = @@n@@""",
    """// @@Fn@@ @@msg@@.
func @@Fn@@(items []string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		if it != "" {
			out = append(out, it)
		}
	}
	return out
}""",
]
GO_SAFE = [
    """func @@Fn@@(userID string) (string, error) {
	claims := jwt.MapClaims{"sub": userID, "exp": time.Now().Add(time.Hour).Unix()}
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	return token.SignedString([]byte(os.Getenv("JWT_SECRET")))
}""",
]
GO_HEADER = """package @@pkg@@

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)"""
GO_JWT_IMPORT = '\t"github.com/golang-jwt/jwt/v5"'

JAVA_BLOCKS = [
    """    public Optional<@@Cls@@> @@fn@@(long id) {
        if (id <= 0) {
            return Optional.empty();
        }
        return repository.findById(id);
    }""",
    """    private static final int @@VAR@@ = @@n@@;""",
    """    // @@msg@@
    public List<@@Cls@@> @@fn@@(List<@@Cls@@> items) {
        List<@@Cls@@> out = new ArrayList<>();
        for (@@Cls@@ item : items) {
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }""",
]
JAVA_SAFE = [
    """    public String @@fn@@(String userId) {
        Algorithm algorithm = Algorithm.HMAC256(System.getenv("JWT_SECRET"));
        return JWT.create().withSubject(userId).sign(algorithm);
    }""",
]
JAVA_HEADER = """package com.example.@@pkg@@;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public class @@Cls@@ {"""
JAVA_JWT_IMPORT = "import com.auth0.jwt.JWT;"
JAVA_FOOTER = "}"

# Planted keys: the block, the line with the key, and its environment form.
PLANT = {
    "js": ("function @@fn@@(p) {\n  return jwt.sign(p, \"@@KEY@@\");\n}", "process.env.JWT_SECRET"),
    "py": ("def @@sfn@@(p):\n    return jwt.encode(p, \"@@KEY@@\", algorithm=\"HS256\")", 'os.environ["JWT_SECRET"]'),
    "go": ("func @@Fn@@(token *jwt.Token) (string, error) {\n\treturn token.SignedString([]byte(\"@@KEY@@\"))\n}",
           'os.Getenv("JWT_SECRET")'),
}

LANG = {
    "js": dict(ext=".js", header=JS_HEADER, jwt_import=JS_JWT_IMPORT, footer=JS_FOOTER, blocks=JS_BLOCKS, safe=JS_SAFE),
    "ts": dict(ext=".ts", header=TS_HEADER, jwt_import=TS_JWT_IMPORT, footer=None, blocks=TS_BLOCKS, safe=TS_SAFE),
    "py": dict(ext=".py", header=PY_HEADER, jwt_import=PY_JWT_IMPORT, footer=None, blocks=PY_BLOCKS, safe=PY_SAFE),
    "go": dict(ext=".go", header=GO_HEADER, jwt_import=GO_JWT_IMPORT, footer=None, blocks=GO_BLOCKS, safe=GO_SAFE),
    "java": dict(ext=".java", header=JAVA_HEADER, jwt_import=JAVA_JWT_IMPORT, footer=JAVA_FOOTER, blocks=JAVA_BLOCKS,
                 safe=JAVA_SAFE),
}


class SrcFile:
    """A source file as header lines + blocks (tuples of lines) + footer.

    Immutable by convention: edits build a new SrcFile, so branches can
    share them."""

    __slots__ = ("lang", "header", "blocks", "footer", "_size")

    def __init__(self, lang, header, blocks, footer):
        self.lang = lang
        self.header = tuple(header)
        self.blocks = tuple(tuple(b) for b in blocks)
        self.footer = tuple(footer)
        self._size = None

    def render(self) -> str:
        parts = ["\n".join(self.header)]
        parts.extend("\n".join(b) for b in self.blocks)
        if self.footer:
            parts.append("\n".join(self.footer))
        return "\n\n".join(parts) + "\n"

    def size(self) -> int:
        if self._size is None:
            self._size = sum(len(l) + 1 for l in self.header) + sum(
                len(l) + 1 for b in self.blocks for l in b) + sum(len(l) + 1 for l in self.footer) + len(self.blocks) + 2
        return self._size

    def has_jwt_import(self) -> bool:
        imp = LANG[self.lang]["jwt_import"]
        return imp in self.header

    def with_jwt_import(self) -> "SrcFile":
        if self.has_jwt_import():
            return self
        imp = LANG[self.lang]["jwt_import"]
        h = list(self.header)
        if self.lang == "go":
            h.insert(h.index(")"), imp)
        elif self.lang == "java":
            h.insert(h.index("import java.util.ArrayList;"), imp)
        elif self.lang == "js":
            h.insert(h.index('const express = require("express");'), imp)
        else:
            h.insert(0, imp)
        return SrcFile(self.lang, h, self.blocks, self.footer)


def is_jwt_block(block) -> bool:
    for l in block:
        if "jwt" in l or "JWT" in l or "SignedString" in l:
            return True
    return False


def new_block(r: random.Random, ident: Ident, lang: str) -> list[str]:
    return fill(r.choice(LANG[lang]["blocks"]), ident)


def new_file(r: random.Random, ident: Ident, lang: str, target: int, safe: bool = False) -> SrcFile:
    L = LANG[lang]
    header = fill(L["header"], ident)
    footer = [L["footer"]] if L["footer"] else []
    f = SrcFile(lang, header, [], footer)
    blocks = []
    size = f.size()
    while size < target or not blocks:
        b = new_block(r, ident, lang)
        blocks.append(b)
        size += sum(len(l) + 1 for l in b) + 1
    f = SrcFile(lang, header, blocks, footer)
    if safe:
        f = insert_block(r, f.with_jwt_import(), fill(r.choice(L["safe"]), ident))
    return f


def insert_block(r: random.Random, f: SrcFile, block) -> SrcFile:
    blocks = list(f.blocks)
    blocks.insert(r.randint(0, len(blocks)), tuple(block))
    return SrcFile(f.lang, f.header, blocks, f.footer)


def edit_file(r: random.Random, ident: Ident, f: SrcFile, lo: int = 600, hi: int = 4000) -> SrcFile:
    """One ordinary edit: add, change or delete a block (never a JWT one)."""
    size = f.size()
    editable = [i for i, b in enumerate(f.blocks) if not is_jwt_block(b)]
    x = r.random()
    if size < lo or not editable or (size < hi and x < 0.3):
        return insert_block(r, f, new_block(r, ident, f.lang))
    blocks = list(f.blocks)
    i = r.choice(editable)
    if size > hi or x < 0.5:
        if len(editable) > 1:
            del blocks[i]
            return SrcFile(f.lang, f.header, blocks, f.footer)
    # change one line of the block, or the whole block
    b = list(blocks[i])
    if len(b) > 2 and r.random() < 0.6:
        j = r.randrange(1, len(b) - 1) if len(b) > 2 else 0
        line = b[j]
        m = re.search(r"\b\d+\b", line)
        if m:
            b[j] = line[:m.start()] + ident.n() + line[m.end():]
        else:
            indent = line[: len(line) - len(line.lstrip())]
            cm = {"py": "# ", "go": "// ", "js": "// ", "ts": "// ", "java": "// "}[f.lang]
            b.insert(j, indent + cm + ident.msg())
        blocks[i] = tuple(b)
    else:
        blocks[i] = tuple(new_block(r, ident, f.lang))
    return SrcFile(f.lang, f.header, blocks, f.footer)


def render_markdown(r: random.Random, ident: Ident, target: int, safe: bool = False) -> str:
    out = ["# %s %s" % (cap(ident.noun()), ident.noun()), ""]
    size = 0
    sec = 0
    while size < target or sec == 0:
        sec += 1
        para = " ".join(ident.msg() + "." for _ in range(r.randint(2, 5)))
        chunk = ["## %s" % cap(ident.sfn().replace("_", " ")), "", para, ""]
        if r.random() < 0.4:
            chunk += ["```sh", "npm run %s -- --%s=%s" % (ident.fn(), ident.noun(), ident.n()), "```", ""]
        if r.random() < 0.3:
            chunk += ["- `%s`: %s" % (ident.field(), ident.msg()) for _ in range(r.randint(2, 5))] + [""]
        out += chunk
        size += sum(len(l) + 1 for l in chunk)
    if safe:
        out += ["## Authentication", "",
                "Tokens are signed with HS256. Set `JWT_SECRET` in the environment (at least 32 random bytes);",
                "never commit it. Rotate it with `make rotate-jwt-secret`.", ""]
    return "\n".join(out)


def render_json(r: random.Random, ident: Ident, target: int, safe: bool = False) -> str:
    obj = {"name": "%s-%s" % (ident.noun(), ident.noun()), "version": "1.%d.%d" % (r.randint(0, 20), r.randint(0, 9))}
    size = 60
    while size < target:
        sect = {}
        for _ in range(r.randint(3, 8)):
            kind = r.random()
            if kind < 0.25:
                v = int(ident.n())
            elif kind < 0.5:
                v = ident.word()
            elif kind < 0.75:
                v = r.random() < 0.5
            else:
                v = "/api/" + ident.noun()
            sect[ident.sfield()] = v
        k = ident.svar()
        obj[k] = sect
        size += len(k) + 8 + sum(len(str(kk)) + len(str(v)) + 12 for kk, v in sect.items())
    if safe:
        obj["auth"] = {"jwt": {"algorithm": "HS256", "expiresIn": "1h", "issuer": "%s-service" % ident.noun()}}
    return json.dumps(obj, indent=2) + "\n"


def target_size(r: random.Random, lo: int = 500, hi: int = 4000) -> int:
    return int(math.exp(r.uniform(math.log(lo), math.log(hi))))


class KeyGen:
    def __init__(self, r: random.Random):
        self.r = r
        self.used: set = set()

    def __call__(self, n: int = 40) -> str:
        while True:
            k = "".join(self.r.choices(KEY_ALPHABET, k=n))
            if k not in self.used and any(c.isdigit() for c in k) and any(c.isupper() for c in k):
                self.used.add(k)
                return k


# --------------------------------------------------------------------------
# History simulation
# --------------------------------------------------------------------------

AUTHORS = [
    ("Ada Park", "ada.park@example.com"),
    ("Bruno Silva", "bruno.silva@example.com"),
    ("Chen Wei", "chen.wei@example.com"),
    ("Dana Kowalski", "dana.kowalski@example.com"),
    ("Emeka Obi", "emeka.obi@example.com"),
    ("Farah Haddad", "farah.haddad@example.com"),
]
MAIN = "main"
BRANCHES = [
    # name, share of branch commits, fork point (fraction of main), merged?
    ("feature/auth-refactor", 0.30, 0.30, True),
    ("feature/payments", 0.25, 0.55, False),
    ("release/1.x", 0.25, 0.70, False),
    ("experiment/go-service", 0.20, 0.85, False),
]
TAG = ("v1.0.0", 0.5)
DIRS = {
    "js": ["web/src/routes", "web/src/services", "web/src/lib", "api/handlers", "api/middleware"],
    "py": ["backend/app/models", "backend/app/views", "backend/app/services", "tools/scripts", "backend/tests"],
    "go": ["svc/internal/store", "svc/internal/http", "svc/pkg/util", "svc/cmd/server"],
    "java": ["java/src/main/java/com/example/core", "java/src/main/java/com/example/web"],
}
LANG_WEIGHTS = [("js", 35), ("py", 30), ("go", 20), ("java", 15)]
PLANT_LANGS = ("js", "py", "go")


class Key:
    __slots__ = ("key", "lang", "path", "ref", "mark", "fate", "due", "state")

    def __init__(self, key, lang, path, ref, mark, fate, due):
        self.key, self.lang, self.path, self.ref, self.mark = key, lang, path, ref, mark
        self.fate, self.due, self.state = fate, due, "planted"


class Gen:
    def __init__(self, n_commits: int, seed: int):
        self.N = n_commits
        self.r = random.Random(seed)
        self.ident = Ident(self.r)
        self.keygen = KeyGen(random.Random(seed * 7919 + 1))
        self.mark = 0
        self.t = 1609750800  # 2021-01-04 09:00 UTC
        self.keys: list[Key] = []
        self.trees: dict[str, dict[str, SrcFile]] = {}
        self.tips: dict[str, int] = {}
        self.names_used: set = set()
        self.n_files_target_growth = 280
        self.stats = {"commits": 0, "merges": 0, "blobs": 0, "file_adds": 0}

    # -- helpers -----------------------------------------------------------
    def pick_lang(self) -> str:
        x = self.r.randrange(100)
        for lang, w in LANG_WEIGHTS:
            if x < w:
                return lang
            x -= w
        return "js"

    def new_path(self, lang: str, base_dir: str | None = None) -> str:
        while True:
            d = base_dir or self.r.choice(DIRS[lang])
            if lang == "py":
                name = self.ident.sfn()
            elif lang == "go":
                name = snake(self.ident.fn())
            elif lang == "java":
                name = self.ident.Cls()
            else:
                name = self.ident.fn()
            p = "%s/%s%s" % (d, name, LANG[lang]["ext"])
            if p not in self.names_used:
                self.names_used.add(p)
                return p

    def make_file(self, lang: str) -> SrcFile:
        return new_file(self.r, self.ident, lang, target_size(self.r, 600, 3200), safe=self.r.random() < 0.04)

    def commit_message(self) -> str:
        v = self.r.choice(VERBS)
        return "%s %s %s\n" % (cap(v), self.r.choice(NOUNS), self.r.choice(("handling", "logic", "tests", "docs", "limits", "errors", "cleanup")))

    # -- stream ------------------------------------------------------------
    def emit_commit(self, out, ref: str, changes: dict, parent: int | None = None, merge: int | None = None,
                    deletes=()) -> int:
        self.mark += 1
        m = self.mark
        self.t += self.r.randint(600, 4 * 3600)
        name, email = self.r.choice(AUTHORS)
        msg = self.commit_message().encode()
        w = out.write
        w(b"commit refs/heads/%s\nmark :%d\n" % (ref.encode(), m))
        w(b"author %s <%s> %d +0000\ncommitter %s <%s> %d +0000\n" % (
            name.encode(), email.encode(), self.t, name.encode(), email.encode(), self.t))
        w(b"data %d\n%s" % (len(msg), msg))
        if parent is not None:
            w(b"from :%d\n" % parent)
        if merge is not None:
            w(b"merge :%d\n" % merge)
        for p in deletes:
            w(b"D %s\n" % p.encode())
        for p in sorted(changes):
            data = changes[p].render().encode()
            w(b"M 100644 inline %s\ndata %d\n" % (p.encode(), len(data)))
            w(data)
            w(b"\n")
            self.stats["blobs"] += 1
        w(b"\n")
        self.tips[ref] = m
        self.stats["commits"] += 1
        return m

    def plant(self, ref: str, tree: dict, changes: dict, candidates, main_pos: int, main_len: int,
              fixable: bool) -> Key | None:
        files = [p for p in candidates if tree[p].lang in PLANT_LANGS]
        if not files:
            return None
        p = self.r.choice(sorted(files))
        f = tree[p].with_jwt_import()
        key = self.keygen(self.r.choice((32, 40, 40, 48, 64)))
        tpl, _env = PLANT[f.lang]
        f = insert_block(self.r, f, fill(tpl, self.ident, {"@@KEY@@": key}))
        tree[p] = changes[p] = f
        if fixable:
            x = self.r.random()
            fate = "stay" if x < 0.34 else ("env" if x < 0.67 else "delete")
        else:
            fate = "stay"
        due = main_pos + self.r.randint(10, max(20, main_len // 5))
        k = Key(key, f.lang, p, ref, self.mark + 1, fate, due)  # the mark of the commit being built
        self.keys.append(k)
        return k

    def fix(self, k: Key, tree: dict, changes: dict) -> bool:
        f = tree.get(k.path)
        if f is None:
            return False
        q = '"%s"' % k.key
        blocks = list(f.blocks)
        for i, b in enumerate(blocks):
            if any(q in l for l in b):
                if k.fate == "env":
                    blocks[i] = tuple(l.replace(q, PLANT[k.lang][1]) for l in b)
                else:
                    del blocks[i]
                tree[k.path] = changes[k.path] = SrcFile(f.lang, f.header, blocks, f.footer)
                k.state = "fixed-" + k.fate
                return True
        return False

    def ordinary_commit(self, ref: str, tree: dict, allowed_dir: str | None, p_add: float,
                        main_pos: int, main_len: int, plant_prob: float, fixable: bool,
                        force_plant: bool = False, changes: dict | None = None):
        r = self.r
        changes = {} if changes is None else changes
        nmod = r.choices((1, 2, 3, 4, 5), weights=(35, 30, 20, 10, 5))[0]
        pool = sorted(p for p in tree if allowed_dir is None or p.startswith(allowed_dir + "/"))
        if allowed_dir is not None and (not pool or r.random() < p_add):
            lang = "js"
            p = self.new_path(lang, allowed_dir)
            tree[p] = changes[p] = self.make_file(lang)
            self.stats["file_adds"] += 1
            pool.append(p)
        elif allowed_dir is None and r.random() < p_add:
            lang = self.pick_lang()
            p = self.new_path(lang)
            tree[p] = changes[p] = self.make_file(lang)
            self.stats["file_adds"] += 1
        while len(changes) < nmod and pool:
            p = r.choice(pool)
            if p in changes:
                if len(pool) <= len(changes):
                    break
                continue
            tree[p] = changes[p] = edit_file(r, self.ident, tree[p])
        if force_plant or r.random() < plant_prob:
            cands = [p for p in changes if tree[p].lang in PLANT_LANGS] or pool
            self.plant(ref, tree, changes, cands, main_pos, main_len, fixable)
        return changes

    # -- the whole history ---------------------------------------------------
    def run(self, out):
        r = self.r
        N = self.N
        n_branch = max(4 * 3, N * 6 // 100)
        shares = [b[1] for b in BRANCHES]
        blen = [max(3, int(n_branch * s)) for s in shares]
        n_main = N - sum(blen)  # includes the initial commit and the merge commit
        if n_main < 20:
            raise SystemExit("--commits too small: need at least %d" % (sum(blen) + 20))
        plant_prob = 1.0 / 50
        p_add = min(0.25, self.n_files_target_growth / max(1, n_main))

        # schedule: main position -> list of (branch index, j) to emit after it
        after: dict[int, list] = {}
        forks = {}
        merge_at = {}
        for bi, (name, _s, fork_frac, merged) in enumerate(BRANCHES):
            f = max(1, int((n_main - 2) * fork_frac))
            window = max(blen[bi], int(blen[bi] * 1.5)) if merged else max(blen[bi], (n_main - 2 - f))
            window = min(window, n_main - 2 - f)
            forks[bi] = f
            for j in range(blen[bi]):
                pos = f + (j * window) // blen[bi]
                after.setdefault(pos, []).append(bi)
            if merged:
                merge_at[bi] = f + window + 1
        tag_pos = int(n_main * TAG[1])

        # initial commit on main
        main_tree: dict[str, SrcFile] = {}
        for _ in range(120):
            lang = self.pick_lang()
            main_tree[self.new_path(lang)] = self.make_file(lang)
        self.emit_commit(out, MAIN, dict(main_tree))
        self.stats["file_adds"] += len(main_tree)
        self.trees[MAIN] = main_tree
        branch_trees = {}
        branch_done = {bi: 0 for bi in range(len(BRANCHES))}
        merged_dir = {}
        for bi, b in enumerate(BRANCHES):
            if b[3]:
                merged_dir[bi] = "web/src/auth"

        pos = 0  # main commits emitted so far (initial = 0)
        main_commits = 1
        while main_commits < n_main:
            # branch commits scheduled after main position `pos`
            for bi in after.get(pos, ()):
                name, _s, _ff, merged = BRANCHES[bi]
                first = bi not in branch_trees
                if first:
                    branch_trees[bi] = dict(main_tree)
                tree = branch_trees[bi]
                j = branch_done[bi]
                # at least one key per branch: plant on its middle commit
                force = j == blen[bi] // 2
                ch = self.ordinary_commit(name, tree, merged_dir.get(bi), 0.15 if merged else 0.05,
                                          pos, n_main, plant_prob, fixable=merged, force_plant=force)
                self.emit_commit(out, name, ch, parent=self.tips[MAIN] if first else None)
                branch_done[bi] += 1
            pos += 1
            # a merge commit?
            mbi = next((bi for bi, at in merge_at.items() if at == pos and bi in branch_trees), None)
            if mbi is not None:
                d = merged_dir[mbi] + "/"
                changes = {p: f for p, f in branch_trees[mbi].items() if p.startswith(d)}
                main_tree.update(changes)
                self.emit_commit(out, MAIN, changes, parent=self.tips[MAIN], merge=self.tips[BRANCHES[mbi][0]])
                for k in self.keys:
                    if k.ref == BRANCHES[mbi][0]:
                        k.ref = MAIN + "(merged)"
                self.stats["merges"] += 1
                main_commits += 1
            else:
                changes = {}
                # due fixes on main (one per commit at most)
                for k in self.keys:
                    if k.state == "planted" and k.fate != "stay" and k.due <= pos and k.ref.startswith(MAIN):
                        if self.fix(k, main_tree, changes):
                            break
                self.ordinary_commit(MAIN, main_tree, None, p_add, pos, n_main, plant_prob, fixable=True,
                                     changes=changes)
                self.emit_commit(out, MAIN, changes)
                main_commits += 1
            if pos == tag_pos:
                msg = b"Release v1.0.0\n"
                out.write(b"tag %s\nfrom :%d\ntagger %s <%s> %d +0000\ndata %d\n%s\n" % (
                    TAG[0].encode(), self.tips[MAIN], AUTHORS[0][0].encode(), AUTHORS[0][1].encode(), self.t,
                    len(msg), msg))
        # any branch commits still scheduled beyond the end (should not happen)
        for bi in range(len(BRANCHES)):
            if branch_done[bi] != blen[bi]:
                raise SystemExit("internal error: branch %s got %d of %d commits" % (BRANCHES[bi][0], branch_done[bi], blen[bi]))
        out.write(b"done\n")
        self.final_tree = main_tree
        self.branch_trees = branch_trees


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--commits", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--force", action="store_true", help="replace OUTDIR if it exists")
    ap.add_argument("--no-gc", action="store_true", help="leave fast-import's packs as they are")
    a = ap.parse_args()
    out = os.path.abspath(a.outdir.rstrip("/"))
    manifest = out + ".expected.tsv"
    info_path = out + ".info.json"
    if os.path.exists(out):
        if not a.force:
            print("error: %s exists (use --force)" % out, file=sys.stderr)
            return 2
        shutil.rmtree(out)
    for p in (manifest, info_path):
        if os.path.exists(p):
            os.remove(p)
    t0 = time.time()
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)

    def git(*args, **kw):
        return subprocess.run(["git", "-C", out] + list(args), check=True, env=env, **kw)

    os.makedirs(out)
    git("init", "-q", "-b", MAIN)
    git("config", "gc.auto", "0")
    git("config", "core.autocrlf", "false")
    marks = os.path.join(out, ".git", "bench-marks")
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--done", "--export-marks=" + marks],
                          stdin=subprocess.PIPE, env=env)
    g = Gen(a.commits, a.seed)
    try:
        g.run(fi.stdin)
        fi.stdin.close()
    except BrokenPipeError:
        pass
    if fi.wait() != 0:
        print("error: git fast-import failed", file=sys.stderr)
        return 1
    t1 = time.time()
    shas = {}
    with open(marks) as fh:
        for line in fh:
            m, sha = line.split()
            shas[int(m[1:])] = sha
    if not a.no_gc:
        git("gc", "-q")
    t2 = time.time()
    git("reset", "-q", "--hard", MAIN)
    t3 = time.time()

    with open(manifest, "w", encoding="utf-8", newline="\n") as fh:
        for k in g.keys:
            fh.write("%s\t%s\t%s\n" % (k.key, shas[k.mark], k.path))
    by_fate = {}
    by_ref = {}
    for k in g.keys:
        by_fate[k.state if k.state != "planted" else "in tip"] = by_fate.get(k.state if k.state != "planted" else "in tip", 0) + 1
        by_ref[k.ref] = by_ref.get(k.ref, 0) + 1
    info = {
        "commits": g.stats["commits"],
        "merge_commits": g.stats["merges"],
        "blob_writes": g.stats["blobs"],
        "files_in_main": len(g.final_tree),
        "file_adds": g.stats["file_adds"],
        "keys": len(g.keys),
        "keys_by_state": by_fate,
        "keys_by_ref": by_ref,
        "refs": [MAIN] + [b[0] for b in BRANCHES] + ["tag " + TAG[0]],
        "seed": a.seed,
        "seconds": {"generate+fast-import": round(t1 - t0, 2), "gc": round(t2 - t1, 2), "checkout": round(t3 - t2, 2)},
    }
    with open(info_path, "w") as fh:
        json.dump(info, fh, indent=2)
        fh.write("\n")
    print("gen_history: %s: %d commits (%d merge), %d files on main, %d keys (%s); "
          "fast-import %.1fs, gc %.1fs, checkout %.1fs" % (
              out, info["commits"], info["merge_commits"], info["files_in_main"], info["keys"],
              ", ".join("%s %d" % kv for kv in sorted(by_fate.items())), t1 - t0, t2 - t1, t3 - t2), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
