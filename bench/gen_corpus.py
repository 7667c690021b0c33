#!/usr/bin/env python3
"""Generate a deterministic, realistic benchmark corpus for jwtscan.

Usage:
    bench/gen_corpus.py OUTDIR [--size-mb N] [--seed S] [--force]

The corpus is a plain directory (not a git repository) of many small
project-like trees (``proj0000/``, ``proj0001/``, ...) in JavaScript,
TypeScript, Python, Go, Java and Kotlin, with Markdown, JSON, YAML, HTML,
CSS, ``.env`` files, PNG-like binary files and a few minified single-line
JS bundles.

Most files contain ordinary code. A few percent use JWT libraries safely
(keys from the environment or config). Hardcoded JWT signing keys are
planted at a rate of about one per 200 KB; each planted key is listed in
``<OUTDIR>/../<OUTDIR-name>.expected.tsv`` as
``relative_path<TAB>line<TAB>key`` (path relative to OUTDIR, ``/``
separators, 1-based line). The manifest lives outside the corpus so that it
is not scanned.

Sizes are in MiB (1 MB here = 2**20 bytes). Same seed + same size gives
byte-identical output. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import string
import sys
import time

MIB = 1 << 20
KIB = 1 << 10
PLANT_EVERY_BYTES = 200 * KIB  # about one planted finding per 200 KB
BUNDLE_EVERY_BYTES = 40 * MIB  # one minified bundle per ~40 MB (at least 1)
SAFE_JWT_FRACTION = 0.03  # fraction of code files using JWT safely

# --------------------------------------------------------------------------
# Vocabulary
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
    "export publish notify schedule retry enqueue collect transform"
).split()
ADJS = (
    "active pending recent default current next previous local remote cached "
    "raw primary internal public archived visible expired draft shared"
).split()
CLASS_SUFFIXES = (
    "Service Controller Repository Manager Handler Client Factory Validator "
    "Mapper Store Provider Resolver Builder Helper Adapter Gateway Registry"
).split()
MESSAGES = [
    "not found", "invalid input", "request failed", "missing required field",
    "unexpected response from upstream", "permission denied", "already exists",
    "rate limit exceeded", "failed to parse payload", "connection refused",
    "timed out waiting for response", "invalid token", "token expired",
    "unsupported content type", "could not acquire lock", "quota exceeded",
]
PROSE_WORDS = (
    "the a an this that these each every all some of for with to from in on "
    "by when if before after while during returns creates updates ensures "
    "handles reads writes stores checks validates loads caches logs sends "
    "receives value list request response client server database table "
    "field entry record result error default option configuration service "
    "endpoint handler key session user account data payload "
    "header cookie environment variable deployment release version feature "
    "support migration schema index query page limit offset timeout retry "
    "worker queue message event callback promise stream buffer file path"
).split()
ORGS = "acme globex initech umbrella hooli vandelay stark wayne wonka tyrell".split()
TLDS = ["example.com", "example.org", "example.net", "internal.example"]
FIRST_NAMES = "alice bob carol dave erin frank grace heidi ivan judy mallory nia oscar peggy rupert sybil trent victor walter".split()
LAST_NAMES = "smith jones brown taylor wilson davies evans thomas roberts walker wright thompson white hughes edwards green".split()


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def g_fn(r: random.Random) -> str:
    s = r.choice(VERBS) + cap(r.choice(NOUNS))
    if r.random() < 0.3:
        s += cap(r.choice(NOUNS))
    return s


def g_Fn(r: random.Random) -> str:
    return cap(g_fn(r))


def g_sfn(r: random.Random) -> str:
    s = r.choice(VERBS) + "_" + r.choice(NOUNS)
    if r.random() < 0.3:
        s += "_" + r.choice(NOUNS)
    return s


def g_var(r: random.Random) -> str:
    if r.random() < 0.5:
        return r.choice(NOUNS)
    return r.choice(ADJS) + cap(r.choice(NOUNS))


def g_svar(r: random.Random) -> str:
    n = r.choice(NOUNS)
    return n + "s" if r.random() < 0.6 else r.choice(ADJS) + "_" + n + "s"


def g_field(r: random.Random) -> str:
    if r.random() < 0.55:
        return r.choice(NOUNS) + r.choice(["Id", "Name", "Count", "Status", "Type", "Url", "Code", "Total", "At"])
    return r.choice(ADJS) + cap(r.choice(NOUNS))


def g_Field(r: random.Random) -> str:
    return cap(g_field(r))


def g_sfield(r: random.Random) -> str:
    return r.choice(NOUNS) + "_" + r.choice(["id", "name", "count", "status", "type", "url", "code", "total"])


def g_Cls(r: random.Random) -> str:
    return cap(r.choice(NOUNS)) + r.choice(CLASS_SUFFIXES)


def g_n(r: random.Random) -> str:
    return str(r.choice([5, 10, 20, 25, 30, 50, 60, 100, 200, 250, 500, 1000, 3000, 5000, 30000]))


def g_port(r: random.Random) -> str:
    return str(r.choice([3000, 4000, 5000, 8000, 8080, 8081, 9000, 9090]))


def g_msg(r: random.Random) -> str:
    return r.choice(NOUNS) + " " + r.choice(MESSAGES)


def g_path(r: random.Random) -> str:
    return "/api/v%d/%ss" % (r.choice([1, 1, 2]), r.choice(NOUNS))


def g_word(r: random.Random) -> str:
    return r.choice(NOUNS)


def g_ENV(r: random.Random) -> str:
    return r.choice(NOUNS).upper()


def g_sent(r: random.Random) -> str:
    k = r.randint(6, 16)
    words = [r.choice(PROSE_WORDS) for _ in range(k)]
    return cap(" ".join(words)) + "."


def g_uuid(r: random.Random) -> str:
    h = "%032x" % r.getrandbits(128)
    return "%s-%s-4%s-a%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:32])


def g_hex(r: random.Random) -> str:
    return "%040x" % r.getrandbits(160)


def g_email(r: random.Random) -> str:
    return "%s.%s@%s" % (r.choice(FIRST_NAMES), r.choice(LAST_NAMES), r.choice(TLDS))


def g_date(r: random.Random) -> str:
    return "20%02d-%02d-%02dT%02d:%02d:%02dZ" % (
        r.randint(19, 25), r.randint(1, 12), r.randint(1, 28),
        r.randint(0, 23), r.randint(0, 59), r.randint(0, 59))


GEN = {
    "fn": g_fn, "Fn": g_Fn, "sfn": g_sfn, "var": g_var, "svar": g_svar,
    "field": g_field, "Field": g_Field, "sfield": g_sfield, "Cls": g_Cls,
    "n": g_n, "port": g_port, "msg": g_msg, "path": g_path, "word": g_word,
    "ENV": g_ENV, "sent": g_sent, "uuid": g_uuid, "hex": g_hex,
    "email": g_email, "date": g_date,
}

PH = re.compile(r"@@([A-Za-z]+)(\d?)@@")


def fill(tpl: str, r: random.Random, preset: dict | None = None) -> str:
    """Replace @@kind@@ / @@kindN@@ placeholders; same token -> same value."""
    vals = dict(preset) if preset else {}

    def rep(m: re.Match) -> str:
        tok = m.group(0)
        v = vals.get(tok)
        if v is None:
            v = GEN[m.group(1)](r)
            vals[tok] = v
        return v

    return PH.sub(rep, tpl)


KEY_ALPHABET = string.ascii_letters + string.digits

# --------------------------------------------------------------------------
# Code templates. Each language: header(s), body snippets, safe JWT usage,
# planted (hardcoded key) snippets with @@KEY@@ on the same line as the
# signing/verifying call.
# --------------------------------------------------------------------------

JS_HEADERS = [
    '"use strict";\n\nconst express = require("express");\nconst { db } = require("../db");\nconst logger = require("../utils/logger");\n',
    'const path = require("path");\nconst fs = require("fs/promises");\nconst axios = require("axios");\nconst { HttpError } = require("../errors");\n',
    '// @@sent@@\nconst EventEmitter = require("events");\nconst config = require("../config");\nconst logger = require("../utils/logger");\n',
]
JS_JWT_IMPORT = 'const jwt = require("jsonwebtoken");\n'
JS_FOOTERS = ["\nmodule.exports = { @@fn@@, @@fn2@@ };\n", "\nmodule.exports = router;\n", ""]

JS_BODY = [
    '''
/**
 * @@sent@@
 * @param {object} @@var@@ - @@sent2@@
 * @returns {Promise<object[]>}
 */
async function @@fn@@(@@var@@, options = {}) {
  const { limit = @@n@@, offset = 0 } = options;
  const rows = await db.query(
    "SELECT * FROM @@svar@@ WHERE @@sfield@@ = $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3",
    [@@var@@.@@field@@, limit, offset]
  );
  if (!rows.length) {
    logger.debug("@@msg@@", { @@field@@: @@var@@.@@field@@ });
    return [];
  }
  return rows.map((row) => ({
    id: row.id,
    @@field@@: row.@@sfield@@,
    @@field2@@: row.@@sfield2@@ ?? null,
    createdAt: new Date(row.created_at),
  }));
}
''',
    '''
router.get("@@path@@/:id", authenticate, async (req, res, next) => {
  try {
    const token = req.headers.authorization?.split(" ")[1];
    const @@var@@ = await @@Cls@@.@@fn@@(req.params.id, { token });
    if (!@@var@@) {
      return res.status(404).json({ error: "@@msg@@" });
    }
    res.json(@@var@@);
  } catch (err) {
    next(err);
  }
});
''',
    '''
class @@Cls@@ {
  constructor(client, cache) {
    this.client = client;
    this.cache = cache;
    this.@@field@@ = new Map();
  }

  async @@fn@@(id) {
    const cached = this.cache.get(`@@svar@@:${id}`);
    if (cached) {
      return cached;
    }
    const result = await this.client.get(`@@path@@/${id}`);
    this.cache.set(`@@svar@@:${id}`, result.data, @@n@@);
    return result.data;
  }

  @@fn2@@(items) {
    return items
      .filter((item) => item.@@field@@ !== undefined)
      .sort((a, b) => a.@@field2@@ - b.@@field2@@);
  }
}
''',
    '''
const @@fn@@ = (input) => {
  if (typeof input !== "string") {
    throw new TypeError("@@msg@@");
  }
  return input
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, @@n@@);
};
''',
    '''
function @@fn@@(req) {
  const pageToken = req.query.pageToken || null;
  const csrfToken = req.get("X-CSRF-Token");
  if (!csrfToken || csrfToken !== req.session.csrfToken) {
    throw new HttpError(403, "invalid csrf token");
  }
  return { pageToken, pageSize: Math.min(Number(req.query.pageSize) || @@n@@, 100) };
}
''',
    '''
const @@var@@Config = {
  baseUrl: process.env.@@ENV@@_URL || "http://localhost:@@port@@",
  timeoutMs: @@n@@,
  retries: 3,
  clientId: process.env.@@ENV@@_CLIENT_ID,
  clientSecret: process.env.@@ENV@@_CLIENT_SECRET,
};
''',
    '''
function @@fn@@(list, key = "@@field@@") {
  const groups = {};
  for (const item of list) {
    const k = item[key];
    (groups[k] ||= []).push(item);
  }
  return Object.entries(groups).map(([name, items]) => ({
    name,
    count: items.length,
    total: items.reduce((sum, it) => sum + (it.@@field2@@ || 0), 0),
  }));
}
''',
    '''
async function @@fn@@(url, attempts = 3) {
  let lastError;
  for (let i = 0; i < attempts; i += 1) {
    try {
      const res = await axios.get(url, { timeout: @@n@@ });
      return res.data;
    } catch (err) {
      lastError = err;
      logger.warn(`@@msg@@ (attempt ${i + 1}/${attempts})`, { url });
      await new Promise((resolve) => setTimeout(resolve, 2 ** i * 100));
    }
  }
  throw lastError;
}
''',
    '''
emitter.on("@@word@@:@@fn@@", async (@@var@@) => {
  const started = Date.now();
  try {
    await @@fn2@@(@@var@@);
    metrics.timing("@@svar@@.@@fn@@", Date.now() - started);
  } catch (err) {
    logger.error("@@msg@@", { err, id: @@var@@.id });
  }
});
''',
]

JS_TEST_HEADER = 'const request = require("supertest");\nconst app = require("../src/app");\n'
JS_TEST_BODY = [
    '''
describe("@@fn@@", () => {
  beforeEach(() => {
    jest.resetAllMocks();
  });

  it("@@sent@@", async () => {
    const res = await request(app).get("@@path@@").set("Authorization", `Bearer ${testToken}`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(@@n@@);
  });

  it("returns 404 when the @@word@@ does not exist", async () => {
    const res = await request(app).get("@@path@@/does-not-exist");
    expect(res.status).toBe(404);
    expect(res.body.error).toMatch(/not found/);
  });
});
''',
]

JS_SAFE = [
    '''
function @@fn@@(user) {
  return jwt.sign({ sub: user.id, role: user.role }, process.env.JWT_SECRET, { expiresIn: '1h' });
}
''',
    '''
function authenticate(req, res, next) {
  const token = (req.headers.authorization || "").replace(/^Bearer /, "");
  try {
    req.user = jwt.verify(token, config.jwtSecret, { algorithms: ["HS256"] });
    next();
  } catch (err) {
    res.status(401).json({ error: "invalid token" });
  }
}
''',
]

JS_PLANT = [
    '''
function @@fn@@(user) {
  return jwt.sign({ id: user.id }, "@@KEY@@", { expiresIn: "1h" });
}
''',
    '''
const @@fn@@ = (req, res) => {
  const token = jwt.sign({id: 1}, '@@KEY@@');
  res.json({ token });
};
''',
    '''
function @@fn@@(token) {
  const decoded = jwt.verify(token, "@@KEY@@");
  return decoded.sub;
}
''',
]

TS_HEADERS = [
    'import { Router, Request, Response, NextFunction } from "express";\nimport { db } from "../db";\nimport { logger } from "../utils/logger";\n',
    'import axios, { AxiosInstance } from "axios";\nimport { config } from "../config";\n',
    '/* @@sent@@ */\nimport { Injectable } from "@nestjs/common";\nimport { Repository } from "typeorm";\n',
]
TS_JWT_IMPORT = 'import jwt from "jsonwebtoken";\n'
TS_FOOTERS = ["", "\nexport default @@fn@@;\n"]

TS_BODY = [
    '''
export interface @@Cls@@ {
  id: string;
  @@field@@: string;
  @@field2@@?: number;
  createdAt: Date;
  updatedAt?: Date;
}
''',
    '''
export async function @@fn@@(id: string, opts: { limit?: number } = {}): Promise<@@Cls@@[]> {
  const limit = opts.limit ?? @@n@@;
  const rows = await db.@@var@@.findMany({ where: { ownerId: id }, take: limit });
  logger.debug("@@sent@@", { id, count: rows.length });
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
}
''',
    '''
export class @@Cls@@ {
  private readonly cache = new Map<string, @@Cls2@@>();

  constructor(private readonly http: AxiosInstance, private readonly tokenProvider: () => Promise<string>) {}

  async @@fn@@(id: string): Promise<@@Cls2@@ | undefined> {
    if (this.cache.has(id)) {
      return this.cache.get(id);
    }
    const token = await this.tokenProvider();
    const res = await this.http.get<@@Cls2@@>(`@@path@@/${id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    this.cache.set(id, res.data);
    return res.data;
  }
}
''',
    '''
export type @@Cls@@Status = "@@word@@" | "@@word2@@" | "archived";

export function @@fn@@(items: ReadonlyArray<{ @@field@@: string; @@field2@@: number }>): Record<string, number> {
  return items.reduce<Record<string, number>>((acc, item) => {
    acc[item.@@field@@] = (acc[item.@@field@@] ?? 0) + item.@@field2@@;
    return acc;
  }, {});
}
''',
    '''
export const @@fn@@ = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
  try {
    const pageToken = typeof req.query.pageToken === "string" ? req.query.pageToken : undefined;
    const result = await @@fn2@@({ pageToken, pageSize: @@n@@ });
    res.json({ items: result.items, nextPageToken: result.nextPageToken });
  } catch (err) {
    logger.error("@@msg@@", err);
    next(err);
  }
};
''',
    '''
export enum @@Cls@@Kind {
  @@Field@@ = "@@word@@",
  @@Field2@@ = "@@word2@@",
  Unknown = "unknown",
}

export const @@var@@Defaults: Readonly<Partial<@@Cls@@>> = Object.freeze({
  @@field@@: "@@word@@",
  @@field2@@: @@n@@,
});
''',
] + JS_BODY[3:5]

TS_SAFE = [
    '''
export function @@fn@@(payload: object): string {
  const secret = config.get<string>("auth.jwtSecret");
  return jwt.sign(payload, secret, { algorithm: "HS256", expiresIn: "15m" });
}
''',
    '''
export function @@fn@@(token: string): jwt.JwtPayload {
  return jwt.verify(token, process.env.JWT_SECRET as string) as jwt.JwtPayload;
}
''',
]

TS_PLANT = [
    '''
export function @@fn@@(payload: Record<string, unknown>): string {
  return jwt.sign(payload, "@@KEY@@", { algorithm: "HS256", expiresIn: "15m" });
}
''',
    '''
export const @@fn@@ = (token: string) => jwt.verify(token, '@@KEY@@') as jwt.JwtPayload;
''',
]

PY_HEADERS = [
    'import logging\nimport os\nfrom dataclasses import asdict, dataclass, field\nfrom datetime import datetime\nfrom typing import Optional\n\nlogger = logging.getLogger(__name__)\n',
    '"""@@sent@@"""\n\nimport json\nimport time\n\nimport requests\n\nfrom .models import @@Cls@@\n',
    'from __future__ import annotations\n\nimport os\nfrom typing import Any, Iterable\n\nfrom flask import Blueprint, jsonify, request\n\nbp = Blueprint("@@svar@@", __name__)\n',
]
PY_JWT_IMPORT = "import jwt\n"

PY_BODY = [
    '''

def @@sfn@@(@@svar@@, limit=@@n@@):
    """@@sent@@"""
    results = []
    for item in @@svar@@:
        if item.get("@@sfield@@") is None:
            continue
        results.append({"id": item["id"], "@@sfield@@": item["@@sfield@@"]})
        if len(results) >= limit:
            break
    return results
''',
    '''

class @@Cls@@:
    """@@sent@@"""

    def __init__(self, session, timeout=@@n@@):
        self.session = session
        self.timeout = timeout
        self._cache = {}

    def @@sfn@@(self, item_id):
        if item_id in self._cache:
            return self._cache[item_id]
        resp = self.session.get(f"@@path@@/{item_id}", timeout=self.timeout)
        resp.raise_for_status()
        data = resp.json()
        self._cache[item_id] = data
        return data

    def @@sfn2@@(self, items):
        return sorted(items, key=lambda x: (x.get("@@sfield@@") or "", x["id"]))
''',
    '''

def @@sfn@@(request):
    auth = request.headers.get("Authorization", "")
    token = auth.removeprefix("Bearer ").strip()
    if not token:
        raise PermissionError("missing bearer token")
    secret_name = os.environ.get("@@ENV@@_SECRET_NAME", "@@word@@-secret")
    return token, secret_name
''',
    '''

@dataclass
class @@Cls@@:
    id: int
    @@sfield@@: str
    @@sfield2@@: Optional[str] = None
    created_at: datetime = field(default_factory=datetime.utcnow)

    def to_dict(self) -> dict:
        return asdict(self)
''',
    '''

@bp.route("@@path@@", methods=["GET"])
def @@sfn@@():
    page_token = request.args.get("page_token")
    page_size = min(int(request.args.get("page_size", @@n@@)), 100)
    items, next_token = @@sfn2@@(page_token=page_token, page_size=page_size)
    return jsonify({"items": items, "next_page_token": next_token})
''',
    '''

def @@sfn@@(path, encoding="utf-8"):
    """@@sent@@

    Raises:
        ValueError: @@sent2@@
    """
    with open(path, encoding=encoding) as fh:
        rows = [line.rstrip("\\n").split(",") for line in fh if line.strip()]
    if not rows:
        raise ValueError("@@msg@@")
    header, *body = rows
    return [dict(zip(header, row)) for row in body]
''',
    '''

def @@sfn@@(func=None, *, attempts=3, delay=0.5):
    def decorator(fn):
        def wrapper(*args, **kwargs):
            for attempt in range(attempts):
                try:
                    return fn(*args, **kwargs)
                except (ConnectionError, TimeoutError) as exc:
                    logger.warning("@@msg@@: %s (attempt %d)", exc, attempt + 1)
                    time.sleep(delay * 2 ** attempt)
            return fn(*args, **kwargs)
        return wrapper
    return decorator(func) if func else decorator
''',
]

PY_TEST_HEADER = "import pytest\n\nfrom app import create_app\n"
PY_TEST_BODY = [
    '''

@pytest.fixture
def @@svar@@_client():
    app = create_app({"TESTING": True})
    with app.test_client() as client:
        yield client


def test_@@sfn@@(@@svar@@_client):
    """@@sent@@"""
    resp = @@svar@@_client.get("@@path@@")
    assert resp.status_code == 200
    assert len(resp.get_json()["items"]) <= @@n@@
''',
]

PY_SAFE = [
    '''

def @@sfn@@(user_id):
    payload = {"sub": str(user_id), "exp": int(time.time()) + 3600}
    return jwt.encode(payload, os.environ["JWT_SECRET"], algorithm="HS256")
''',
    '''

def @@sfn@@(token):
    try:
        return jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])
    except jwt.ExpiredSignatureError:
        return None
''',
]

PY_PLANT = [
    '''

def @@sfn@@(p):
    return jwt.encode(p, "@@KEY@@", algorithm="HS256")
''',
    '''

def @@sfn@@(token):
    data = jwt.decode(token, '@@KEY@@', algorithms=["HS256"])
    return data.get("sub")
''',
]

GO_HEADERS = [
    'package @@word@@\n\nimport (\n\t"context"\n\t"database/sql"\n\t"encoding/json"\n\t"errors"\n\t"fmt"\n\t"net/http"\n\t"os"\n\t"time"\n)\n',
    '// Package @@word@@ @@sent@@\npackage @@word@@\n\nimport (\n\t"context"\n\t"fmt"\n\t"log/slog"\n\t"sync"\n)\n',
]
GO_JWT_IMPORT = 'import "github.com/golang-jwt/jwt/v5"\n'

GO_BODY = [
    '''
// @@Fn@@ @@sent@@
func (s *@@Cls@@) @@Fn@@(ctx context.Context, id string) (*@@Cls2@@, error) {
	ctx, cancel := context.WithTimeout(ctx, @@n@@*time.Millisecond)
	defer cancel()
	row := s.db.QueryRowContext(ctx, "SELECT id, @@sfield@@ FROM @@svar@@ WHERE id = $1", id)
	var out @@Cls2@@
	if err := row.Scan(&out.ID, &out.@@Field@@); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("@@sfn@@: %w", err)
	}
	return &out, nil
}
''',
    '''
func (h *Handler) @@Fn@@(w http.ResponseWriter, r *http.Request) {
	token := r.Header.Get("Authorization")
	if token == "" {
		http.Error(w, "missing token", http.StatusUnauthorized)
		return
	}
	var req @@Cls@@Request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "@@field@@": req.@@Field@@})
}
''',
    '''
// @@Cls@@ @@sent@@
type @@Cls@@ struct {
	ID         string    `json:"id"`
	@@Field@@  string    `json:"@@field@@"`
	@@Field2@@ int       `json:"@@field2@@,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
}
''',
    '''
func @@fn@@(items []@@Cls@@, pred func(@@Cls@@) bool) []@@Cls@@ {
	out := make([]@@Cls@@, 0, len(items))
	for _, it := range items {
		if pred(it) {
			out = append(out, it)
		}
	}
	return out
}
''',
    '''
type @@fn@@Cache struct {
	mu    sync.RWMutex
	items map[string]@@Cls@@
	ttl   time.Duration
}

func (c *@@fn@@Cache) Get(key string) (@@Cls@@, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.items[key]
	return v, ok
}
''',
    '''
func @@Fn@@FromEnv() (*Config, error) {
	cfg := &Config{
		Addr:         getenv("@@ENV@@_ADDR", ":@@port@@"),
		ReadTimeout:  @@n@@ * time.Millisecond,
		WebhookToken: os.Getenv("@@ENV@@_WEBHOOK_SECRET"),
	}
	if cfg.WebhookToken == "" {
		return nil, errors.New("@@msg@@")
	}
	return cfg, nil
}
''',
]

GO_TEST_HEADER = 'package @@word@@\n\nimport "testing"\n'
GO_TEST_BODY = [
    '''
func Test@@Fn@@(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"@@word@@", "@@word2@@", @@n@@},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := @@fn@@(tt.in); got != tt.want {
				t.Errorf("@@fn@@(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}
''',
]

GO_SAFE = [
    '''
func @@Fn@@(userID string) (string, error) {
	claims := jwt.MapClaims{"sub": userID, "exp": time.Now().Add(time.Hour).Unix()}
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	return token.SignedString([]byte(os.Getenv("JWT_SECRET")))
}
''',
]

GO_PLANT = [
    '''
func @@Fn@@(userID string) (string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": userID})
	return token.SignedString([]byte("@@KEY@@"))
}
''',
    '''
func @@Fn@@(claims jwt.MapClaims) (string, error) {
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("@@KEY@@"))
	return signed, err
}
''',
]

JAVA_HEADERS = [
    'package com.@@ORG@@.@@APP@@.@@JPKG@@;\n\nimport java.util.List;\nimport java.util.Optional;\nimport java.util.stream.Collectors;\nimport org.springframework.data.domain.PageRequest;\nimport org.springframework.data.domain.Pageable;\nimport org.springframework.stereotype.Service;\n',
    'package com.@@ORG@@.@@APP@@.@@JPKG@@;\n\nimport jakarta.servlet.http.HttpServletRequest;\nimport java.util.Map;\nimport org.springframework.beans.factory.annotation.Value;\nimport org.springframework.web.bind.annotation.*;\n',
]
JAVA_JWT_IMPORT = "import com.auth0.jwt.JWT;\nimport com.auth0.jwt.algorithms.Algorithm;\n"
JAVA_CLASS_OPEN = [
    "\n/**\n * @@sent@@\n */\n@Service\npublic class @@CLASS@@ {\n\n    private final @@Cls@@Repository repository;\n\n    public @@CLASS@@(@@Cls@@Repository repository) {\n        this.repository = repository;\n    }\n",
    "\n@RestController\n@RequestMapping(\"@@path@@\")\npublic class @@CLASS@@ {\n",
]
JAVA_CLASS_CLOSE = "}\n"

JAVA_BODY = [
    '''
    /**
     * @@sent@@
     */
    public Optional<@@Cls@@> @@fn@@(Long id) {
        if (id == null || id <= 0) {
            throw new IllegalArgumentException("@@msg@@");
        }
        return repository.findById(id)
                .filter(e -> e.get@@Field@@() != null)
                .map(this::enrich);
    }
''',
    '''
    public List<@@Cls@@Dto> @@fn@@(int page, int size) {
        Pageable pageable = PageRequest.of(page, Math.min(size, @@n@@));
        return repository.findAll(pageable)
                .stream()
                .map(mapper::toDto)
                .collect(Collectors.toList());
    }
''',
    '''
    private String @@fn@@(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            return header.substring(7);
        }
        return null;
    }
''',
    '''
    @GetMapping("/{id}/@@svar@@")
    public Map<String, Object> @@fn@@(@PathVariable String id, @RequestParam(defaultValue = "@@n@@") int limit) {
        log.debug("@@sent@@ id={}", id);
        var items = service.@@fn2@@(id, limit);
        return Map.of("items", items, "count", items.size());
    }
''',
    '''
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof @@Cls@@ other)) return false;
        return java.util.Objects.equals(@@field@@, other.@@field@@)
                && java.util.Objects.equals(@@field2@@, other.@@field2@@);
    }
''',
    '''
    private static final int MAX_@@ENV@@ = @@n@@;
    private static final String @@ENV@@_CACHE = "@@svar@@";

    public void @@fn@@(List<@@Cls@@> items) {
        for (@@Cls@@ item : items) {
            if (item.get@@Field@@() == null) {
                continue;
            }
            cache.put(@@ENV@@_CACHE + ":" + item.getId(), item);
        }
    }
''',
]

JAVA_SAFE = [
    '''
    @Value("${jwt.secret}")
    private String jwtSecret;

    public String @@fn@@(String userId) {
        return JWT.create().withSubject(userId).sign(Algorithm.HMAC256(jwtSecret));
    }
''',
    '''
    public String @@fn@@(String userId) {
        Algorithm algorithm = Algorithm.HMAC256(System.getenv("JWT_SECRET"));
        return JWT.create().withSubject(userId).sign(algorithm);
    }
''',
]

JAVA_PLANT = [
    '''
    public String @@fn@@(String userId) {
        Algorithm algorithm = Algorithm.HMAC256("@@KEY@@");
        return JWT.create().withSubject(userId).sign(algorithm);
    }
''',
    '''
    public String @@fn@@(String userId) {
        return JWT.create().withIssuer("@@ORG@@").withSubject(userId).sign(Algorithm.HMAC256("@@KEY@@"));
    }
''',
]

KT_HEADERS = [
    'package com.@@ORG@@.@@APP@@.@@JPKG@@\n\nimport io.ktor.server.application.*\nimport io.ktor.server.response.*\nimport io.ktor.server.routing.*\nimport java.time.Instant\n',
    'package com.@@ORG@@.@@APP@@.@@JPKG@@\n\nimport org.springframework.stereotype.Service\nimport kotlinx.coroutines.flow.Flow\n',
]
KT_JWT_IMPORT = "import io.jsonwebtoken.Jwts\nimport io.jsonwebtoken.security.Keys\n"
KT_CLASS_OPEN = [
    "\n/**\n * @@sent@@\n */\nclass @@CLASS@@(\n    private val repository: @@Cls@@Repository,\n) {\n",
    "\n@Service\nclass @@CLASS@@(private val client: HttpClient) {\n",
]
KT_CLASS_CLOSE = "}\n"

KT_BODY = [
    '''
    suspend fun @@fn@@(id: Long): @@Cls@@? {
        require(id > 0) { "@@msg@@" }
        return repository.findById(id)?.takeIf { it.@@field@@ != null }
    }
''',
    '''
    fun @@fn@@(items: List<@@Cls@@>, limit: Int = @@n@@): Map<String, List<@@Cls@@>> =
        items.asSequence()
            .filter { it.@@field@@.isNotBlank() }
            .take(limit)
            .groupBy { it.@@field2@@.toString() }
''',
    '''
    private fun @@fn@@(call: ApplicationCall): String? {
        val token = call.request.headers["Authorization"]?.removePrefix("Bearer ")
        if (token.isNullOrBlank()) {
            return null
        }
        return token
    }
''',
    '''
    data class @@Cls@@(
        val id: Long,
        val @@field@@: String,
        val @@field2@@: Int = @@n@@,
        val createdAt: Instant = Instant.now(),
    )
''',
    '''
    /** @@sent@@ */
    fun @@fn@@(input: String): String = input
        .trim()
        .lowercase()
        .replace(Regex("[^a-z0-9]+"), "-")
        .take(@@n@@)
''',
    '''
    suspend fun @@fn@@(id: String): Result<@@Cls@@> = runCatching {
        val response = client.get("@@path@@/$id")
        if (response.status.value >= 400) {
            error("@@msg@@: ${response.status}")
        }
        response.body<@@Cls@@>()
    }
''',
]

KT_SAFE = [
    '''
    private val signingKey = Keys.hmacShaKeyFor(System.getenv("JWT_SECRET").toByteArray())

    fun @@fn@@(userId: String): String =
        Jwts.builder().subject(userId).signWith(signingKey).compact()
''',
]

KT_PLANT = [
    '''
    private val @@var@@Key = Keys.hmacShaKeyFor("@@KEY@@".toByteArray())
''',
    '''
    fun @@fn@@(userId: String): String {
        val key = Keys.hmacShaKeyFor("@@KEY@@".toByteArray(Charsets.UTF_8))
        return Jwts.builder().subject(userId).signWith(key).compact()
    }
''',
]

# Snippets that mention secrets (reading config from the environment):
# ordinary, but at most one per file.
JS_RARE = [JS_BODY[5]]
PY_RARE = [PY_BODY[2]]
GO_RARE = [GO_BODY[5]]
JS_BODY = JS_BODY[:5] + JS_BODY[6:]
PY_BODY = PY_BODY[:2] + PY_BODY[3:]
GO_BODY = GO_BODY[:5] + GO_BODY[6:]
RARE_FILE_P = 0.08  # fraction of JS/TS/Python/Go files with one of these

LANGS = {
    "js": dict(ext=".js", headers=JS_HEADERS, jwt_import=JS_JWT_IMPORT, body=JS_BODY,
               footers=JS_FOOTERS, safe=JS_SAFE, plant=JS_PLANT, rare=JS_RARE,
               test_header=JS_TEST_HEADER, test_body=JS_TEST_BODY),
    "ts": dict(ext=".ts", headers=TS_HEADERS, jwt_import=TS_JWT_IMPORT, body=TS_BODY,
               footers=TS_FOOTERS, safe=TS_SAFE, plant=TS_PLANT, rare=JS_RARE,
               test_header=JS_TEST_HEADER, test_body=JS_TEST_BODY),
    "py": dict(ext=".py", headers=PY_HEADERS, jwt_import=PY_JWT_IMPORT, body=PY_BODY,
               footers=[""], safe=PY_SAFE, plant=PY_PLANT, rare=PY_RARE,
               test_header=PY_TEST_HEADER, test_body=PY_TEST_BODY),
    "go": dict(ext=".go", headers=GO_HEADERS, jwt_import=GO_JWT_IMPORT, body=GO_BODY,
               footers=[""], safe=GO_SAFE, plant=GO_PLANT, rare=GO_RARE,
               test_header=GO_TEST_HEADER, test_body=GO_TEST_BODY),
    "java": dict(ext=".java", headers=JAVA_HEADERS, jwt_import=JAVA_JWT_IMPORT, body=JAVA_BODY,
                 footers=[""], safe=JAVA_SAFE, plant=JAVA_PLANT,
                 class_open=JAVA_CLASS_OPEN, class_close=JAVA_CLASS_CLOSE,
                 test_header=None, test_body=JAVA_BODY),
    "kt": dict(ext=".kt", headers=KT_HEADERS, jwt_import=KT_JWT_IMPORT, body=KT_BODY,
               footers=[""], safe=KT_SAFE, plant=KT_PLANT,
               class_open=KT_CLASS_OPEN, class_close=KT_CLASS_CLOSE,
               test_header=None, test_body=KT_BODY),
}
CODE_KINDS = tuple(LANGS)

# --------------------------------------------------------------------------
# File plan
# --------------------------------------------------------------------------


def loguniform(r: random.Random, lo: float, hi: float) -> int:
    return int(math.exp(r.uniform(math.log(lo), math.log(hi))))


def code_size(r: random.Random) -> int:
    x = r.random()
    if x < 0.10:
        return r.randint(200, 1024)
    if x < 0.92:
        return loguniform(r, 1 * KIB, 30 * KIB)
    if x < 0.99:
        return loguniform(r, 30 * KIB, 100 * KIB)
    return loguniform(r, 100 * KIB, 1 * MIB)


class FileSpec:
    __slots__ = ("path", "kind", "size", "flags", "plants", "safe", "meta")

    def __init__(self, path: str, kind: str, size: int, flags: str = "", meta: dict | None = None):
        self.path = path
        self.kind = kind
        self.size = size
        self.flags = flags  # "test", "big", ...
        self.plants = 0
        self.safe = False
        self.meta = meta or {}


def pascal(words):
    return "".join(cap(w) for w in words)


class Planner:
    def __init__(self, r: random.Random, budget: int):
        self.r = r
        self.budget = budget
        self.total = 0
        self.files: list[FileSpec] = []

    def add(self, proj: str, seen: set, rel: str, kind: str, size: int, flags: str = "", meta=None):
        if rel in seen:
            stem, dot, ext = rel.rpartition(".")
            if not dot or "/" in ext:
                stem, ext = rel, ""
            i = 2
            while True:
                cand = "%s%d.%s" % (stem, i, ext) if ext else "%s%d" % (stem, i)
                if cand not in seen:
                    rel = cand
                    break
                i += 1
        seen.add(rel)
        self.files.append(FileSpec(proj + "/" + rel, kind, size, flags, meta))
        self.total += size

    def full(self) -> bool:
        return self.total >= self.budget

    # -- per-language source paths ---------------------------------------
    def code_path(self, lang: str, test: bool, meta: dict) -> str:
        r = self.r
        noun = r.choice(NOUNS)
        if lang in ("js", "ts"):
            ext = LANGS[lang]["ext"]
            if test:
                return "test/%s%s.test%s" % (noun, r.choice(["", "Service", "Routes", "Utils"]), ext)
            d = r.choice(["src/routes", "src/controllers", "src/services", "src/models",
                          "src/middleware", "src/utils", "src/lib", "src/jobs", "lib"])
            if lang == "ts" and r.random() < 0.2:
                d = r.choice(["src/modules/%s" % noun, "src/api/%s" % noun])
            name = noun + r.choice(["", "", "Service", "Controller", "Handler", "Store", "Utils"])
            return "%s/%s%s" % (d, name, ext)
        if lang == "py":
            pkg = meta["pkg"]
            if test:
                return "tests/test_%s.py" % noun
            d = r.choice([pkg, pkg + "/api", pkg + "/services", pkg + "/models", pkg + "/utils", pkg + "/tasks"])
            return "%s/%s.py" % (d, r.choice([noun, noun + "s", noun + "_" + r.choice(["service", "utils", "views", "schemas"])]))
        if lang == "go":
            if test:
                return "internal/%s/%s_test.go" % (noun, noun)
            d = r.choice(["internal/%s" % noun, "pkg/%s" % noun, "internal/handlers", "internal/store", "cmd/%s" % meta["app"]])
            return "%s/%s.go" % (d, r.choice([noun, noun + "_" + r.choice(["service", "handler", "store", "types"])]))
        # java / kotlin
        base = "src/%s/%s/com/%s/%s" % ("test" if test else "main", "java" if lang == "java" else "kotlin", meta["org"], meta["app"])
        jpkg = r.choice(["controller", "service", "repository", "model", "config", "security", "dto", "util"])
        cls = cap(noun) + r.choice(["Service", "Controller", "Repository", "Config", "Mapper", "Dto", "Validator"])
        if test:
            cls += "Test"
        return "%s/%s/%s%s" % (base, jpkg, cls, LANGS[lang]["ext"])

    def plan_project(self, idx: int, bundles_left: list) -> None:
        r = self.r
        proj = "proj%04d" % idx
        seen: set = set()
        lang = r.choices(CODE_KINDS, weights=[25, 20, 20, 13, 12, 10])[0]
        meta = {"org": r.choice(ORGS), "app": r.choice(NOUNS) + r.choice(["svc", "api", "app", "hub", "core"]),
                "pkg": r.choice(NOUNS) + r.choice(["", "_api", "_core", "_app"]), "lang": lang}
        add = lambda rel, kind, size, flags="", m=None: self.add(proj, seen, rel, kind, size, flags, m if m is not None else meta)

        # project metadata / config files
        add("README.md", "md", loguniform(r, 1 * KIB, 12 * KIB), "readme")
        add(".gitignore", "gitignore", 200)
        if lang in ("js", "ts"):
            add("package.json", "packagejson", 1500)
            if r.random() < 0.7:
                add("package-lock.json", "lockjson", loguniform(r, 100 * KIB, 1 * MIB))
            if lang == "ts":
                add("tsconfig.json", "tsconfig", 600)
        elif lang == "py":
            add("requirements.txt", "requirements", 400)
            add("pyproject.toml", "pyproject", 900)
        elif lang == "go":
            add("go.mod", "gomod", 700)
            add("go.sum", "gosum", loguniform(r, 4 * KIB, 60 * KIB))
        elif lang == "java":
            add("pom.xml", "pom", loguniform(r, 3 * KIB, 12 * KIB))
            add("src/main/resources/application.yml", "springyaml", 1200)
        else:
            add("build.gradle.kts", "gradle", 2500)
            add("src/main/resources/application.yaml", "springyaml", 1200)
        if r.random() < 0.5:
            add(".env", "env", 400)
        if r.random() < 0.4:
            add(".env.example", "envexample", 500)
        if r.random() < 0.5:
            add("docker-compose.yml", "compose", 1500)
        if r.random() < 0.3:
            add("deploy/k8s/deployment.yaml", "k8s", 3000)
        if r.random() < 0.6:
            add(".github/workflows/ci.yml", "ciyaml", 1500)
        if r.random() < 0.2:
            add("api/openapi.yaml", "openapi", loguniform(r, 30 * KIB, 600 * KIB))
        for _ in range(r.randint(0, 6)):
            add("docs/%s.md" % r.choice(NOUNS), "md", loguniform(r, 1 * KIB, 40 * KIB))
        if r.random() < 0.15:
            add("CHANGELOG.md", "md", loguniform(r, 20 * KIB, 300 * KIB))
        for _ in range(r.randint(0, 4)):
            add("fixtures/%s.json" % r.choice(NOUNS), "datajson", loguniform(r, 1 * KIB, 200 * KIB))
        web = lang in ("js", "ts") or r.random() < 0.3
        if web:
            pub = "public" if lang in ("js", "ts", "go") else ("static" if lang == "py" else "src/main/resources/static")
            for _ in range(r.randint(1, 8)):
                add("%s/%s.html" % (pub if r.random() < 0.5 else "templates", r.choice(NOUNS)), "html", loguniform(r, 1 * KIB, 30 * KIB))
            for _ in range(r.randint(1, 6)):
                add("%s/css/%s.css" % (pub, r.choice(NOUNS)), "css", loguniform(r, 1 * KIB, 60 * KIB))
            for _ in range(r.randint(0, 6)):
                add("%s/img/%s.png" % (pub, r.choice(NOUNS)), "png", loguniform(r, 512, 120 * KIB))
            if lang in ("js", "ts") and bundles_left and r.random() < 0.25:
                size = bundles_left.pop()
                add("%s/static/js/main.%08x.min.js" % (pub, r.getrandbits(32)), "minjs", size)
        elif r.random() < 0.3:
            for _ in range(r.randint(1, 4)):
                add("assets/%s.png" % r.choice(NOUNS), "png", loguniform(r, 512, 120 * KIB))

        # source files
        n_code = max(5, min(600, int(r.lognormvariate(math.log(60), 0.8))))
        for _ in range(n_code):
            if self.full():
                break
            test = r.random() < 0.2
            rel = self.code_path(lang, test, meta)
            kind = lang
            # a few projects carry helper scripts in another language
            if r.random() < 0.04:
                kind = "py" if lang != "py" else "js"
                rel = "scripts/%s_%s%s" % (r.choice(VERBS), r.choice(NOUNS), LANGS[kind]["ext"])
                test = False
            size = code_size(r)
            if test:
                size = min(size, 40 * KIB)
            add(rel, kind, size, "test" if test else "")
        if lang in ("ts", "go") and r.random() < 0.1:
            rel = "src/generated/api.ts" if lang == "ts" else "internal/pb/%s.pb.go" % r.choice(NOUNS)
            add(rel, lang, loguniform(r, 100 * KIB, 1 * MIB), "generated")


def plan_corpus(r: random.Random, budget: int) -> list[FileSpec]:
    n_bundles = max(1, round(budget / BUNDLE_EVERY_BYTES))
    # 1-4 MiB each; smaller in tiny corpora so they do not dominate
    bundles = [min(r.randint(1 * MIB, 4 * MIB), max(256 * KIB, budget // 10)) for _ in range(n_bundles)]
    p = Planner(r, budget)
    idx = 0
    while not p.full():
        p.plan_project(idx, bundles)
        idx += 1
    # bundles not placed yet go into random JS/TS projects
    webprojs = sorted({f.path.split("/", 1)[0] for f in p.files if f.meta.get("lang") in ("js", "ts")})
    if not webprojs:
        webprojs = ["proj0000"]
    for size in bundles:
        proj = r.choice(webprojs)
        p.files.append(FileSpec("%s/dist/assets/index-%08x.min.js" % (proj, r.getrandbits(32)), "minjs", size))
        p.total += size

    # safe JWT usage: a few percent of code files
    code = [f for f in p.files if f.kind in CODE_KINDS and "generated" not in f.flags]
    for f in code:
        if r.random() < SAFE_JWT_FRACTION:
            f.safe = True

    # planted findings, ~1 per 200 KB; never in tests, generated code or bundles
    eligible = [f for f in code if "test" not in f.flags and f.size <= 1 * MIB]
    n_plants = max(1, round(p.total / PLANT_EVERY_BYTES))
    weights = [min(f.size, 64 * KIB) + 2 * KIB for f in eligible]
    for f in r.choices(eligible, weights=weights, k=n_plants):
        f.plants += 1
    return p.files


# --------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------


class KeyGen:
    def __init__(self, r: random.Random):
        self.r = r
        self.used: set = set()

    def __call__(self) -> str:
        while True:
            k = "".join(self.r.choices(KEY_ALPHABET, k=40))
            if k not in self.used:
                self.used.add(k)
                return k


def render_code(f: FileSpec, r: random.Random, keygen: KeyGen, found: list) -> str:
    L = LANGS[f.kind]
    meta = f.meta
    preset = {"@@ORG@@": meta.get("org", "acme"), "@@APP@@": meta.get("app", "app")}
    if f.kind in ("java", "kt"):
        cls = f.path.rsplit("/", 1)[1].rsplit(".", 1)[0]
        preset["@@CLASS@@"] = cls
        preset["@@JPKG@@"] = f.path.rsplit("/", 2)[1]
    test = "test" in f.flags
    if test and L["test_header"]:
        head = fill(L["test_header"], r, preset)
        body_tpls = L["test_body"]
    else:
        head = fill(r.choice(L["headers"]), r, preset)
        body_tpls = L["body"]
    if f.plants or f.safe:
        head += L["jwt_import"]
    if "class_open" in L:
        head += fill(r.choice(L["class_open"]), r, preset)
    chunks: list[str] = [head]
    size = len(head)
    target = f.size
    while size < target:
        c = fill(r.choice(body_tpls), r, preset)
        chunks.append(c)
        size += len(c)
    tail = ""
    if "class_close" in L:
        tail = L["class_close"]
    elif not test:
        tail = fill(r.choice(L["footers"]), r, preset)
    # insert safe usage and planted keys at random positions after the header
    extra: list[str] = []
    if L.get("rare") and not test and r.random() < RARE_FILE_P:
        extra.append(fill(r.choice(L["rare"]), r, preset))
    if f.safe:
        extra.append(fill(r.choice(L["safe"]), r, preset))
    keys = []
    for _ in range(f.plants):
        k = keygen()
        keys.append(k)
        pre = dict(preset)
        pre["@@KEY@@"] = k
        extra.append(fill(r.choice(L["plant"]), r, pre))
    for e in extra:
        chunks.insert(r.randint(1, len(chunks)), e)
    chunks.append(tail)
    text = "".join(chunks)
    for k in keys:
        i = text.index(k)
        found.append((f.path, text.count("\n", 0, i) + 1, k))
    return text


def minify_js(src: str) -> str:
    out = []
    for line in src.split("\n"):
        s = line.strip()
        if not s or s.startswith("//") or s.startswith("/*") or s.startswith("*"):
            continue
        out.append(s)
    return "".join(out)


MIN_VENDOR = [
    'function sign(payload,secretOrPrivateKey,options,callback){if(typeof options==="function"){callback=options;options={}}options=options||{};var header=Object.assign({alg:options.algorithm||"HS256",typ:"JWT"},options.header);if(!secretOrPrivateKey&&options.algorithm!=="none"){return failure(new Error("secretOrPrivateKey must have a value"))}return jws.sign({header:header,payload:payload,secret:secretOrPrivateKey,encoding:options.encoding})}',
    'var e=function(t,n){return e=Object.setPrototypeOf||{__proto__:[]}instanceof Array&&function(t,n){t.__proto__=n}||function(t,n){for(var r in n)Object.prototype.hasOwnProperty.call(n,r)&&(t[r]=n[r])},e(t,n)};',
    'function r(e){var t=o[e];if(void 0!==t)return t.exports;var n=o[e]={id:e,loaded:!1,exports:{}};return i[e].call(n.exports,n,n.exports,r),n.loaded=!0,n.exports}',
    'const s=new URLSearchParams(window.location.search),a=s.get("token")||localStorage.getItem("access_token");a&&(axios.defaults.headers.common.Authorization="Bearer "+a);',
    'function c(e){return e.replace(/[&<>"\']/g,function(e){return{"&":"&amp;","<":"&lt;",">":"&gt;",\'"\':"&quot;","\'":"&#39;"}[e]})}',
]


def render_minjs(f: FileSpec, r: random.Random) -> str:
    parts = ["/*! For license information please see main.LICENSE.txt */(()=>{var __webpack_modules__={"]
    size = len(parts[0])
    mod = 0
    while size < f.size:
        inner = []
        for _ in range(r.randint(3, 12)):
            if r.random() < 0.15:
                inner.append(r.choice(MIN_VENDOR))
            else:
                inner.append(minify_js(fill(r.choice(JS_BODY), r)))
        p = "%d:(e,t,n)=>{\"use strict\";%s}," % (r.randint(10, 99999), "".join(inner))
        parts.append(p)
        size += len(p)
        mod += 1
    parts.append("};var __webpack_module_cache__={};})();\n")
    return "".join(parts)


def render_md(f: FileSpec, r: random.Random) -> str:
    meta = f.meta
    lang = meta.get("lang", "js")
    proj = f.path.split("/", 1)[0]
    out = ["# %s\n\n%s\n\n" % (proj if "readme" in f.flags else cap(r.choice(NOUNS)) + " " + r.choice(["guide", "notes", "design", "overview"]), g_sent(r))]
    size = len(out[0])
    if "readme" in f.flags:
        s = ("## Configuration\n\nCopy `.env.example` to `.env` and set `DATABASE_URL`. Authentication uses JWTs: "
             "set the `JWT_SECRET` environment variable to a long random value (for example the output of "
             "`openssl rand -base64 48`). Never commit secrets or tokens to the repository.\n\n"
             "| Variable | Description | Default |\n| --- | --- | --- |\n"
             "| `PORT` | HTTP port | `%s` |\n| `JWT_SECRET` | secret used to sign access tokens | (required) |\n"
             "| `TOKEN_TTL` | access token lifetime | `1h` |\n\n" % g_port(r))
        out.append(s)
        size += len(s)
    fence = {"js": "js", "ts": "ts", "py": "python", "go": "go", "java": "java", "kt": "kotlin"}[lang]
    while size < f.size:
        x = r.random()
        if x < 0.35:
            s = "\n".join(g_sent(r) for _ in range(r.randint(2, 6))) + "\n\n"
        elif x < 0.5:
            s = "## %s %s\n\n" % (cap(r.choice(VERBS)), r.choice(NOUNS) + "s")
        elif x < 0.7:
            s = "".join("- %s\n" % g_sent(r) for _ in range(r.randint(2, 6))) + "\n"
        elif x < 0.9:
            s = "```%s\n%s```\n\n" % (fence, fill(r.choice(LANGS[lang]["body"]), r, {"@@CLASS@@": "Example", "@@ORG@@": "acme", "@@APP@@": "app", "@@JPKG@@": "core"}).lstrip("\n"))
        else:
            s = "| %s | %s |\n| --- | --- |\n" % (cap(r.choice(NOUNS)), "Description") + "".join(
                "| `%s` | %s |\n" % (g_field(r), g_sent(r)) for _ in range(r.randint(2, 6))) + "\n"
        out.append(s)
        size += len(s)
    return "".join(out)


def render_datajson(f: FileSpec, r: random.Random) -> str:
    out = ["[\n"]
    size = 2
    first = True
    while size < f.size:
        rec = ('  {"id": "%s", "name": "%s %s", "email": "%s", "%s": %d, "status": "%s", '
               '"createdAt": "%s", "tags": ["%s", "%s"], "checksum": "%s"}') % (
            g_uuid(r), cap(r.choice(FIRST_NAMES)), cap(r.choice(LAST_NAMES)), g_email(r), g_field(r),
            r.randint(0, 10000), r.choice(ADJS), g_date(r), r.choice(NOUNS), r.choice(ADJS), g_hex(r))
        s = ("" if first else ",\n") + rec
        first = False
        out.append(s)
        size += len(s)
    out.append("\n]\n")
    return "".join(out)


B64 = string.ascii_letters + string.digits + "+/"


def render_lockjson(f: FileSpec, r: random.Random) -> str:
    proj = f.path.split("/", 1)[0]
    out = ['{\n  "name": "%s",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n' % proj]
    size = len(out[0])
    first = True
    while size < f.size:
        name = r.choice(["", "@types/", "@babel/", "@smithy/"]) + r.choice(NOUNS) + r.choice(["", "-js", "-utils", "-core", "ify"])
        ver = "%d.%d.%d" % (r.randint(0, 12), r.randint(0, 30), r.randint(0, 20))
        s = ('%s    "node_modules/%s": {\n      "version": "%s",\n      "resolved": "https://registry.example.org/%s/-/%s-%s.tgz",\n'
             '      "integrity": "sha512-%s==",\n      "dev": %s,\n      "license": "MIT"\n    }') % (
            "" if first else ",\n", name, ver, name, name.rsplit("/", 1)[-1], ver,
            "".join(r.choices(B64, k=86)), "true" if r.random() < 0.4 else "false")
        first = False
        out.append(s)
        size += len(s)
    out.append("\n  }\n}\n")
    return "".join(out)


def render_openapi(f: FileSpec, r: random.Random) -> str:
    out = ["openapi: 3.0.3\ninfo:\n  title: %s API\n  version: 1.4.0\nsecurity:\n  - bearerAuth: []\ncomponents:\n  securitySchemes:\n    bearerAuth:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\npaths:\n" % cap(r.choice(NOUNS))]
    size = len(out[0])
    while size < f.size:
        noun = r.choice(NOUNS)
        s = fill('''  /api/v1/%ss/{id}:
    get:
      summary: @@sent@@
      operationId: @@fn@@
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
        - name: pageToken
          in: query
          schema:
            type: string
      responses:
        "200":
          description: @@sent2@@
          content:
            application/json:
              schema:
                type: object
                properties:
                  @@field@@:
                    type: string
                  @@field2@@:
                    type: integer
        "401":
          description: missing or invalid bearer token
''' % noun, r)
        out.append(s)
        size += len(s)
    return "".join(out)


def render_html(f: FileSpec, r: random.Random) -> str:
    title = cap(r.choice(NOUNS))
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n  <title>%s</title>\n  <link rel="stylesheet" href="/css/main.css">\n</head>\n<body>\n  <nav class="navbar">\n    <a href="/">Home</a>\n    <a href="/%ss">%ss</a>\n  </nav>\n  <main class="container">\n' % (title, r.choice(NOUNS), title)]
    size = len(out[0])
    while size < f.size:
        x = r.random()
        if x < 0.4:
            s = '    <section class="%s">\n      <h2>%s</h2>\n      <p>%s</p>\n      <p>%s</p>\n    </section>\n' % (r.choice(NOUNS), cap(r.choice(VERBS)) + " " + r.choice(NOUNS), g_sent(r), g_sent(r))
        elif x < 0.7:
            s = ('    <form method="post" action="%s">\n      <input type="hidden" name="_csrf" value="{{ csrf_token }}">\n'
                 '      <label for="%s">%s</label>\n      <input id="%s" name="%s" type="text" required>\n'
                 '      <button type="submit" class="btn btn-primary">Save</button>\n    </form>\n') % ((g_path(r),) + (g_field(r),) * 4)
        else:
            rows = "".join("        <tr><td>%d</td><td>%s</td><td>%s</td></tr>\n" % (r.randint(1, 9999), r.choice(NOUNS), r.choice(ADJS)) for _ in range(r.randint(3, 10)))
            s = '    <table class="table">\n      <thead><tr><th>ID</th><th>Name</th><th>Status</th></tr></thead>\n      <tbody>\n%s      </tbody>\n    </table>\n' % rows
        out.append(s)
        size += len(s)
    out.append('  </main>\n  <script src="/js/app.js"></script>\n</body>\n</html>\n')
    return "".join(out)


def render_css(f: FileSpec, r: random.Random) -> str:
    out = ["/* %s */\n" % g_sent(r)]
    size = len(out[0])
    while size < f.size:
        sel = ".%s-%s" % (r.choice(NOUNS), r.choice(["item", "list", "header", "body", "footer", "card", "btn", "icon"]))
        if r.random() < 0.3:
            sel += ":%s" % r.choice(["hover", "focus", "active", "first-child", "disabled"])
        s = "%s {\n  display: %s;\n  margin: %dpx %dpx;\n  padding: %dpx;\n  color: #%06x;\n  background-color: #%06x;\n  border-radius: %dpx;\n}\n\n" % (
            sel, r.choice(["flex", "block", "grid", "inline-block"]), r.randint(0, 32), r.randint(0, 32),
            r.randint(0, 24), r.getrandbits(24), r.getrandbits(24), r.randint(0, 12))
        if r.random() < 0.1:
            s = "@media (max-width: %dpx) {\n  %s}\n\n" % (r.choice([576, 768, 992, 1200]), s.replace("\n", "\n  ").rstrip(" "))
        out.append(s)
        size += len(s)
    return "".join(out)


def render_png(f: FileSpec, r: random.Random) -> bytes:
    w, h = r.randint(16, 2048), r.randint(16, 2048)
    head = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + w.to_bytes(4, "big") + h.to_bytes(4, "big") + b"\x08\x06\x00\x00\x00" + r.randbytes(4)
    n = max(0, f.size - len(head) - 24)
    idat = n.to_bytes(4, "big") + b"IDAT" + r.randbytes(n) + r.randbytes(4)
    return head + idat + b"\x00\x00\x00\x00IEND\xaeB`\x82"


# Per-project .gitignore. The corpus usually sits inside a git work tree
# (target/ of the jwtscan repo), where rg and the `ignore` crate honour these
# files, so none of the patterns may match a generated path.
GITIGNORE = "node_modules/\n__pycache__/\n*.pyc\n.venv/\ncoverage/\n*.log\n.DS_Store\n.idea/\n"


def render_small(f: FileSpec, r: random.Random) -> str:
    k = f.kind
    meta = f.meta
    proj = f.path.split("/", 1)[0]
    if k == "gitignore":
        return GITIGNORE
    if k == "packagejson":
        return ('{\n  "name": "%s",\n  "version": "%d.%d.0",\n  "private": true,\n  "main": "src/index.js",\n'
                '  "scripts": {\n    "start": "node src/index.js",\n    "test": "jest --coverage",\n    "lint": "eslint ."\n  },\n'
                '  "dependencies": {\n    "axios": "^1.6.0",\n    "express": "^4.18.2",\n    "jsonwebtoken": "^9.0.2",\n    "pg": "^8.11.3"\n  },\n'
                '  "devDependencies": {\n    "eslint": "^8.56.0",\n    "jest": "^29.7.0",\n    "supertest": "^6.3.3"\n  }\n}\n') % (proj, r.randint(0, 3), r.randint(0, 20))
    if k == "tsconfig":
        return '{\n  "compilerOptions": {\n    "target": "ES2022",\n    "module": "commonjs",\n    "strict": true,\n    "outDir": "dist",\n    "esModuleInterop": true\n  },\n  "include": ["src"]\n}\n'
    if k == "requirements":
        return "flask==3.0.0\nrequests==2.31.0\nPyJWT==2.8.0\nSQLAlchemy==2.0.23\npydantic==2.5.2\npytest==7.4.3\n"
    if k == "pyproject":
        return '[project]\nname = "%s"\nversion = "0.%d.0"\nrequires-python = ">=3.10"\ndependencies = ["flask>=3", "PyJWT>=2.8", "requests"]\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n\n[tool.ruff]\nline-length = 100\n' % (meta["pkg"], r.randint(1, 30))
    if k == "gomod":
        return "module github.com/%s/%s\n\ngo 1.22\n\nrequire (\n\tgithub.com/golang-jwt/jwt/v5 v5.2.0\n\tgithub.com/jackc/pgx/v5 v5.5.1\n\tgithub.com/go-chi/chi/v5 v5.0.11\n)\n" % (meta["org"], meta["app"])
    if k == "gosum":
        out = []
        size = 0
        while size < f.size:
            s = "github.com/%s/%s v%d.%d.%d h1:%s=\n" % (r.choice(ORGS), r.choice(NOUNS), r.randint(0, 5), r.randint(0, 20), r.randint(0, 9), "".join(r.choices(B64, k=43)))
            out.append(s)
            size += len(s)
        return "".join(out)
    if k == "pom":
        deps = "".join("    <dependency>\n      <groupId>org.%s</groupId>\n      <artifactId>%s-%s</artifactId>\n      <version>%d.%d.%d</version>\n    </dependency>\n" % (
            r.choice(ORGS), r.choice(NOUNS), r.choice(["core", "api", "starter"]), r.randint(1, 6), r.randint(0, 20), r.randint(0, 9)) for _ in range(max(3, f.size // 220)))
        return '<?xml version="1.0" encoding="UTF-8"?>\n<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.%s</groupId>\n  <artifactId>%s</artifactId>\n  <dependencies>\n    <dependency>\n      <groupId>com.auth0</groupId>\n      <artifactId>java-jwt</artifactId>\n      <version>4.4.0</version>\n    </dependency>\n%s  </dependencies>\n</project>\n' % (meta["org"], meta["app"], deps)
    if k == "gradle":
        return 'plugins {\n    kotlin("jvm") version "1.9.22"\n    id("org.springframework.boot") version "3.2.1"\n}\n\ngroup = "com.%s"\nversion = "0.0.1"\n\ndependencies {\n    implementation("io.jsonwebtoken:jjwt-api:0.12.3")\n    runtimeOnly("io.jsonwebtoken:jjwt-impl:0.12.3")\n    implementation("io.ktor:ktor-server-core:2.3.7")\n    testImplementation(kotlin("test"))\n}\n' % meta["org"]
    if k == "springyaml":
        return "server:\n  port: %s\nspring:\n  datasource:\n    url: jdbc:postgresql://localhost:5432/%s\n    username: ${DB_USER}\n    password: ${DB_PASSWORD}\njwt:\n  secret: ${JWT_SECRET}\n  expiration: 3600\nlogging:\n  level:\n    root: INFO\n" % (g_port(r), meta["app"])
    if k == "env":
        return "NODE_ENV=development\nPORT=%s\nLOG_LEVEL=debug\nDATABASE_URL=postgres://localhost:5432/%s_dev\nREDIS_URL=redis://localhost:6379/0\nTOKEN_TTL=3600\nFEATURE_%s=true\n" % (g_port(r), meta["app"], g_ENV(r))
    if k == "envexample":
        return "PORT=3000\nDATABASE_URL=\n# Generate with: openssl rand -base64 48\nJWT_SECRET=\nJWT_EXPIRES_IN=1h\nSMTP_HOST=\nSMTP_PASSWORD=\n"
    if k == "compose":
        return ("services:\n  app:\n    build: .\n    ports:\n      - \"%s:%s\"\n    environment:\n      DATABASE_URL: postgres://db:5432/app\n      JWT_SECRET: ${JWT_SECRET}\n    depends_on:\n      - db\n"
                "  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {}\n") % (g_port(r), g_port(r))
    if k == "k8s":
        return ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\n  labels:\n    app: %s\nspec:\n  replicas: %d\n  selector:\n    matchLabels:\n      app: %s\n  template:\n    metadata:\n      labels:\n        app: %s\n    spec:\n      containers:\n        - name: app\n          image: registry.internal.example/%s:%s\n"
                "          env:\n            - name: JWT_SECRET\n              valueFrom:\n                secretKeyRef:\n                  name: %s-secrets\n                  key: jwt-secret\n          resources:\n            limits:\n              memory: 256Mi\n              cpu: 500m\n") % ((meta["app"],) * 2 + (r.randint(1, 5),) + (meta["app"],) * 3 + (g_hex(r)[:12], meta["app"]))
    if k == "ciyaml":
        return "name: CI\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Test\n        run: make test\n        env:\n          JWT_SECRET: ${{ secrets.JWT_SECRET }}\n          CODECOV_TOKEN: ${{ secrets.CODECOV_TOKEN }}\n"
    raise ValueError(k)


def render(f: FileSpec, r: random.Random, keygen: KeyGen, found: list):
    k = f.kind
    if k in CODE_KINDS:
        return render_code(f, r, keygen, found)
    if k == "minjs":
        return render_minjs(f, r)
    if k == "md":
        return render_md(f, r)
    if k == "datajson":
        return render_datajson(f, r)
    if k == "lockjson":
        return render_lockjson(f, r)
    if k == "openapi":
        return render_openapi(f, r)
    if k == "html":
        return render_html(f, r)
    if k == "css":
        return render_css(f, r)
    if k == "png":
        return render_png(f, r)
    return render_small(f, r)


# --------------------------------------------------------------------------


def human(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return "%.1f %s" % (n, unit) if unit != "B" else "%d B" % n
        n /= 1024
    return str(n)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", help="corpus directory to create (must not exist unless --force)")
    ap.add_argument("--size-mb", type=float, default=200, help="approximate corpus size in MiB (default 200)")
    ap.add_argument("--seed", type=int, default=42, help="RNG seed (default 42)")
    ap.add_argument("--force", action="store_true", help="delete OUTDIR first if it exists")
    ap.add_argument("--quiet", action="store_true", help="do not print the summary")
    a = ap.parse_args(argv)

    t0 = time.monotonic()
    outdir = os.path.abspath(a.outdir.rstrip("/") or "/")
    name = os.path.basename(outdir)
    manifest = os.path.join(os.path.dirname(outdir), name + ".expected.tsv")
    if os.path.exists(outdir):
        if not a.force:
            print("error: %s exists (use --force to replace it)" % outdir, file=sys.stderr)
            return 2
        shutil.rmtree(outdir)
    os.makedirs(os.path.dirname(outdir), exist_ok=True)
    # Build in a temporary sibling and rename at the end, so an interrupted
    # run never leaves a half-written corpus that looks complete.
    tmp = "%s.tmp-%d" % (outdir, os.getpid())
    if os.path.exists(tmp):
        shutil.rmtree(tmp)

    r = random.Random(a.seed)
    budget = int(a.size_mb * MIB)
    files = plan_corpus(r, budget)
    keygen = KeyGen(random.Random(a.seed * 1000003 + 7))
    found: list = []
    made_dirs: set = set()
    total = 0
    by_kind: dict = {}
    sizes: list = []
    try:
        for f in files:
            data = render(f, r, keygen, found)
            if isinstance(data, str):
                data = data.encode("utf-8")
            full = os.path.join(tmp, f.path)
            d = os.path.dirname(full)
            if d not in made_dirs:
                os.makedirs(d, exist_ok=True)
                made_dirs.add(d)
            with open(full, "wb") as fh:
                fh.write(data)
            n = len(data)
            total += n
            sizes.append(n)
            cnt, byt = by_kind.get(f.kind, (0, 0))
            by_kind[f.kind] = (cnt + 1, byt + n)
        os.rename(tmp, outdir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

    found.sort()
    mtmp = manifest + ".tmp"
    with open(mtmp, "w", encoding="utf-8", newline="\n") as fh:
        for path, line, key in found:
            fh.write("%s\t%d\t%s\n" % (path, line, key))
    os.replace(mtmp, manifest)
    dt = time.monotonic() - t0

    if not a.quiet:
        nproj = len({f.path.split("/", 1)[0] for f in files})
        print("corpus:   %s" % outdir)
        print("manifest: %s (%d planted keys)" % (manifest, len(found)))
        print("seed %d, %d projects, %d files, %s (%d bytes), %.1f s" % (a.seed, nproj, len(files), human(total), total, dt))
        buckets = [(0, 1 * KIB, "< 1 KiB"), (1 * KIB, 30 * KIB, "1-30 KiB"), (30 * KIB, 100 * KIB, "30-100 KiB"),
                   (100 * KIB, 1 * MIB, "100 KiB-1 MiB"), (1 * MIB, 1 << 62, ">= 1 MiB")]
        print("size distribution:")
        for lo, hi, label in buckets:
            sel = [s for s in sizes if lo <= s < hi]
            print("  %-14s %7d files %10s" % (label, len(sel), human(sum(sel))))
        print("by kind:")
        for k in sorted(by_kind, key=lambda k: -by_kind[k][1]):
            c, b = by_kind[k]
            print("  %-12s %7d files %10s" % (k, c, human(b)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
