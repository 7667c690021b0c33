#!/usr/bin/env python3
"""Adversarial inputs for bench/adversarial.sh: one file per shape, about
SIZE bytes, in the directory given. Each shape is something a hostile tree
can hold that once made jwtscan super-linear (see #17); new shapes the
fuzzers find go here too.

  gen_adversarial.py SHAPE SIZE DIR   -> prints the path written (relative)
  gen_adversarial.py --list           -> the shape names
"""
import os
import sys


def repeat_to(unit: str, size: int, head: str = "", tail: str = "") -> str:
    n = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * n + tail


SHAPES = {
    # `process.env.JWT_SECRET||` chained on one line (was 119 s for 1 MB).
    "env-fallback-chain": (
        "src/chain.js",
        lambda n: repeat_to("process.env.JWT_SECRET||", n,
                            'const jwt = require("jsonwebtoken");\nconst key = ', '"dev";\njwt.sign({a: 1}, key);\n'),
    ),
    # PEM headers with no key after them (was 66 s for 4 MB).
    "pem-headers": (
        "keys/id.pem",
        lambda n: repeat_to("-----BEGIN RSA PRIVATE KEY-----\n", n),
    ),
    # Deep YAML flow nesting in docker-compose.yml (was 87 s for 400 KB).
    "compose-flow-nesting": (
        "docker-compose.yml",
        lambda n: "services:\n  api:\n    environment: " + "[" * (n // 2) + "]" * (n // 2) + "\n",
    ),
    "compose-flow-maps": (
        "docker-compose.yml",
        lambda n: "services:\n  api:\n    environment: " + "{a: " * (n // 5) + "1" + "}" * (n // 5) + "\n",
    ),
    # The same in the configuration file jwtscan reads first.
    "config-flow-nesting": (
        ".jwtscan.yaml",
        lambda n: "rules:\n  disable: " + "[" * (n // 2) + "]" * (n // 2) + "\n",
    ),
    # Many findings, one per line (was 7.4 s for 40,000).
    "finding-per-line": (
        "src/many.js",
        lambda n: 'const jwt = require("jsonwebtoken");\n' + "".join(
            f'jwt.sign({{ sub: {i} }}, "k{i:07d}", {{ expiresIn: "1h" }});\n'
            for i in range(max(1, n // 52))),
    ),
    # One minified line with thousands of sign calls (was 7.5 GB of RSS).
    "signs-on-one-line": (
        "dist/app.min.js",
        lambda n: 'var jwt=require("jsonwebtoken");' + "".join(
            f'jwt.sign({{s:{i}}},"k{i:07d}");' for i in range(max(1, n // 26))) + "\n",
    ),
    # `jwt.sign(` followed by many `(` (was 9 s/MB).
    "sign-open-parens": (
        "src/parens.js",
        lambda n: repeat_to("(", n, 'const jwt = require("jsonwebtoken");\njwt.sign(', "\n"),
    ),
    # A call that never closes, on one line, with quotes and commas.
    "unclosed-call": (
        "src/unclosed.js",
        lambda n: repeat_to('"a", ', n, 'const jwt = require("jsonwebtoken");\njwt.sign({a:1}, ', "\n"),
    ),
    # Token-looking segments with no end.
    "token-prefixes": (
        "docs/tokens.md",
        lambda n: repeat_to("eyJhbGciOiJIUzI1NiJ9.", n),
    ),
    # A .env file of one huge line.
    "env-long-line": (
        ".env",
        lambda n: repeat_to("a#", n, "JWT_SECRET="),
    ),
    # Unterminated string literal of the whole file.
    "open-string": (
        "src/open.py",
        lambda n: repeat_to("x\\\\'", n, 'import jwt\nSECRET = "'),
    ),
}


def main() -> int:
    if sys.argv[1:] == ["--list"]:
        print("\n".join(SHAPES))
        return 0
    if len(sys.argv) != 4 or sys.argv[1] not in SHAPES:
        print(__doc__, file=sys.stderr)
        return 2
    shape, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rel, make = SHAPES[shape]
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(make(size))
    print(rel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
