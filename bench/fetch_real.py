#!/usr/bin/env python3
"""Builds the real-tree corpus: open-source packages with real JWT code,
unpacked from the npm registry and PyPI (no other network).

Usage: python3 bench/fetch_real.py DEST [--list]

Each package is pinned to one version and checked against the registry's
published digest (npm: SHA-1 `shasum`; PyPI: SHA-256), then unpacked into
DEST/<name>-<version>/. Downloads are cached in DEST.cache/ (outside the tree), so a second
run needs no network. `--list` prints the packages and exits.
"""

import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import urllib.request
import zipfile

# Web frameworks and auth libraries that sign or verify JWTs, plus large
# ordinary trees (bundles, type definitions, SDKs) for volume.
NPM = [
    ("next", "15.1.0"),
    ("aws-sdk", "2.1692.0"),
    ("typescript", "5.7.2"),
    ("@strapi/admin", "5.6.0"),
    ("parse-server", "7.3.0"),
    ("firebase-admin", "13.0.2"),
    ("next-auth", "4.24.11"),
    ("jsonwebtoken", "9.0.2"),
    ("jose", "5.9.6"),
    ("express-jwt", "8.5.1"),
    ("passport-jwt", "4.0.1"),
    ("@nestjs/jwt", "10.2.0"),
    ("@fastify/jwt", "9.0.2"),
]
PYPI = [
    ("Django", "5.1.4"),
    ("apache-superset", "4.1.1"),
    ("djangorestframework-simplejwt", "5.3.1"),
    ("PyJWT", "2.10.1"),
    ("Flask-JWT-Extended", "4.7.1"),
    ("fastapi", "0.115.6"),
    ("Authlib", "1.4.0"),
    ("python-jose", "3.3.0"),
]


def get(url, accept=None):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.read()


def fetch(cache, filename, url, algo, digest):
    path = os.path.join(cache, filename)
    if not os.path.exists(path):
        data = get(url)
        if hashlib.new(algo, data).hexdigest() != digest:
            sys.exit(f"error: {filename}: {algo} digest does not match the registry's")
        with open(path + ".part", "wb") as f:
            f.write(data)
        os.replace(path + ".part", path)
    with open(path, "rb") as f:
        return f.read()


def npm(cache, name, version):
    meta = json.loads(get(f"https://registry.npmjs.org/{name.replace('/', '%2F')}/{version}"))
    dist = meta["dist"]
    filename = f"{name.replace('/', '-').lstrip('@')}-{version}.tgz"
    return filename, fetch(cache, filename, dist["tarball"], "sha1", dist["shasum"])


def pypi(cache, name, version):
    index = json.loads(get(f"https://pypi.org/simple/{name.lower()}/",
                           "application/vnd.pypi.simple.v1+json"))
    norm = name.lower().replace("-", "_")
    for f in index["files"]:
        fname = f["filename"]
        stem = fname.lower().replace("-", "_")
        if stem in (f"{norm}-{version}.tar.gz".replace("-", "_"), f"{norm}_{version}.tar.gz",
                    f"{norm}_{version}.zip"):
            return fname, fetch(cache, fname, f["url"], "sha256", f["hashes"]["sha256"])
    sys.exit(f"error: no sdist of {name} {version} on PyPI")


def unpack(data, filename, dest):
    tmp = dest + ".part"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    if filename.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            z.extractall(tmp)
    else:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as t:
            t.extractall(tmp, filter="data")
    os.replace(tmp, dest)


def main():
    args = sys.argv[1:]
    if "--list" in args:
        for name, version in NPM:
            print(f"npm\t{name}\t{version}")
        for name, version in PYPI:
            print(f"pypi\t{name}\t{version}")
        return
    if len(args) != 1:
        sys.exit(__doc__)
    dest = args[0]
    cache = dest.rstrip("/") + ".cache"
    os.makedirs(cache, exist_ok=True)
    for kind, packages, source in (("npm", NPM, npm), ("pypi", PYPI, pypi)):
        for name, version in packages:
            target = os.path.join(dest, f"{name.replace('/', '-').lstrip('@')}-{version}")
            if os.path.isdir(target):
                continue
            print(f"[fetch_real] {kind} {name} {version}", file=sys.stderr)
            filename, data = source(cache, name, version)
            unpack(data, filename, target)


if __name__ == "__main__":
    main()
