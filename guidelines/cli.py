"""``prefdesk-pack``: the lead's command line for guideline packs.

Subcommands: init, validate, diff, keygen, sign, verify, preview. Publishing to the vendor
server belongs to the sync work and is deliberately absent. Exit status is 0 on success
and 1 on any problem; ``--json`` prints machine-readable results on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from guidelines.diff import diff_packs
from guidelines.errors import PackError, PackProblem
from guidelines.keys import (
    KeyError_,
    TrustedKey,
    load_from_keyring,
    load_trusted_keys,
    read_key_file,
    store_in_keyring,
    write_key_file,
)
from guidelines.pack import check_pack, load_pack
from guidelines.preview import render_preview
from guidelines.publish import publish_pack, token_from_env_or_prompt
from guidelines.signing import load_verified_pack, sign_pack, write_signature
from guidelines.templates import TEMPLATES, copy_template
from guidelines.tomlwrite import Value, toml_document


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except (PackError, OSError) as exc:
        print(f"prefdesk-pack: {exc}", file=sys.stderr)
        return 1
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prefdesk-pack", description="Guideline pack tools for leads."
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("init", help="start a new pack from a shipped template")
    p.add_argument("path", type=Path, nargs="?")
    p.add_argument("--template", choices=sorted(TEMPLATES), default="arena")
    p.add_argument("--id", dest="pack_id")
    p.add_argument("--project")
    p.add_argument("--list", action="store_true", help="list the templates")
    p.set_defaults(run=_init)

    p = sub.add_parser("validate", help="check a pack folder or .zip")
    p.add_argument("path", type=Path)
    p.add_argument("--previous", type=Path, help="the published version before this one")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_validate)

    p = sub.add_parser("diff", help="what changed between two versions")
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("--format", choices=("text", "json", "html"), default="text")
    p.add_argument("--json", action="store_const", const="json", dest="format")
    p.add_argument("--lang")
    p.add_argument("-o", "--output", type=Path)
    p.set_defaults(run=_diff)

    p = sub.add_parser("keygen", help="make a signing key (kept in the OS keyring)")
    _key_file_args(p)
    p.add_argument("--public-out", type=Path, help="also write the public key to this file")
    p.set_defaults(run=_keygen)

    p = sub.add_parser("sign", help="sign a valid pack with a lead key")
    p.add_argument("path", type=Path)
    p.add_argument("--key", help="key id of a key in the OS keyring")
    _key_file_args(p)
    p.set_defaults(run=_sign)

    p = sub.add_parser("verify", help="check a pack's hash and signature against trusted keys")
    p.add_argument("path", type=Path)
    p.add_argument("--trusted", type=Path, required=True, help="file of trusted lead public keys")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_verify)

    p = sub.add_parser("publish", help="publish a signed pack version to the vendor server")
    p.add_argument("path", type=Path)
    p.add_argument("--server", required=True, help="the vendor server, e.g. https://sync.example")
    p.add_argument("--project", required=True)
    p.add_argument("--ca-bundle", type=Path, help="CA certificates for a vendor's intranet")
    p.set_defaults(run=_publish)

    p = sub.add_parser(
        "preview", help="open the pack in the app on its examples (or -o DIR: static HTML)"
    )
    p.add_argument("path", type=Path)
    p.add_argument("-o", "--output", type=Path, help="write static HTML pages here instead")
    p.set_defaults(run=_preview)
    return parser


def _key_file_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--key-file", type=Path, help="a private key file you choose, instead of the keyring"
    )
    p.add_argument(
        "--passphrase-env",
        metavar="VAR",
        help="environment variable holding the key file passphrase",
    )


def _passphrase(args: argparse.Namespace) -> bytes | None:
    if not args.passphrase_env:
        return None
    value = os.environ.get(args.passphrase_env)
    if not value:
        raise KeyError_(f"environment variable {args.passphrase_env} is not set")
    return value.encode("utf-8")


def _init(args: argparse.Namespace) -> int:
    if args.list or args.path is None:
        for name, about in TEMPLATES.items():
            print(f"{name:15} {about}")
        return 0
    if args.path.exists():
        print(
            f"prefdesk-pack: {args.path} already exists; init makes a new folder", file=sys.stderr
        )
        return 1
    copy_template(args.template, args.path)
    manifest_path = args.path / "pack.toml"
    manifest: dict[str, Value] = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    if args.pack_id:
        manifest["id"] = args.pack_id
    if args.project:
        manifest["project"] = args.project
    manifest_path.write_text(toml_document(manifest), encoding="utf-8")
    report = check_pack(args.path)
    print(f"Created {args.path} from template {args.template} ({len(report.errors)} problem(s)).")
    return 0 if not report.errors else 1


def _validate(args: argparse.Namespace) -> int:
    report = check_pack(args.path)
    problems = list(report.problems)
    if args.previous is not None and report.pack is not None:
        diff = diff_packs(load_pack(args.previous), report.pack)
        problems += [PackProblem("changelog.toml", "undeclared-change", p) for p in diff.problems]
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        pack = report.pack
        print(
            json.dumps(
                {
                    "path": str(args.path),
                    "ok": not errors,
                    "pack": None
                    if pack is None
                    else {"id": pack.id, "version": pack.version, "sha256": pack.sha256},
                    "problems": [p.to_json() for p in problems],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems:
            print(problem)
        if report.pack is not None and not errors:
            print(f"OK: {report.pack.id} {report.pack.version} sha256 {report.pack.sha256}")
        else:
            print(f"{len(errors)} error(s) in {args.path}")
    return 0 if not errors else 1


def _diff(args: argparse.Namespace) -> int:
    diff = diff_packs(load_pack(args.old), load_pack(args.new))
    if args.format == "json":
        rendered = diff.to_json()
    elif args.format == "html":
        rendered = diff.to_html(args.lang)
    else:
        rendered = diff.to_text(args.lang)
    if args.output:
        args.output.write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")
    return 0 if not diff.problems else 1


def _keygen(args: argparse.Namespace) -> int:
    key = Ed25519PrivateKey.generate()
    public = TrustedKey(key.public_key())
    if args.key_file:
        write_key_file(key, args.key_file, _passphrase(args))
        where = f"in {args.key_file} (readable by you only)"
    else:
        store_in_keyring(key)
        where = "in the OS keyring"
    if args.public_out:
        args.public_out.write_text(public.to_text() + "\n", encoding="utf-8")
    print(f"Key id: {public.key_id}")
    print(f"Private key kept {where}.")
    print("Public key (add it to the project's trusted lead keys):")
    print(public.to_text())
    return 0


def _private_key(args: argparse.Namespace) -> Ed25519PrivateKey:
    if args.key_file:
        return read_key_file(args.key_file, _passphrase(args))
    if args.key:
        return load_from_keyring(args.key)
    raise KeyError_("name the signing key with --key KEY_ID (keyring) or --key-file PATH")


def _sign(args: argparse.Namespace) -> int:
    report = check_pack(args.path)
    if report.pack is None:
        for problem in report.errors:
            print(problem, file=sys.stderr)
        print(f"prefdesk-pack: {args.path} has errors; fix them before signing", file=sys.stderr)
        return 1
    signature = sign_pack(report.pack, _private_key(args))
    write_signature(args.path, signature)
    print(
        f"Signed {signature.pack_id} {signature.version} sha256 {signature.sha256} "
        f"with key {signature.key_id}"
    )
    return 0


def _verify(args: argparse.Namespace) -> int:
    try:
        pack = load_verified_pack(args.path, load_trusted_keys(args.trusted))
    except PackError as exc:
        if args.json:
            print(
                json.dumps(
                    {"path": str(args.path), "ok": False, "error": str(exc)}, ensure_ascii=False
                )
            )
        else:
            print(f"REFUSED: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(
            json.dumps(
                {
                    "path": str(args.path),
                    "ok": True,
                    "id": pack.id,
                    "version": pack.version,
                    "sha256": pack.sha256,
                }
            )
        )
    else:
        print(f"OK: {pack.id} {pack.version} sha256 {pack.sha256} is signed by a trusted lead")
    return 0


def _publish(args: argparse.Namespace) -> int:
    token = token_from_env_or_prompt()
    verify: bool | str = str(args.ca_bundle) if args.ca_bundle else True
    done = publish_pack(args.path, args.server, args.project, token, verify=verify)
    state = "Published" if done.created else "Already published (unchanged)"
    print(f"{state}: {done.pack_id} {done.version} sha256 {done.sha256} in {args.project}")
    return 0


def _preview(args: argparse.Namespace) -> int:
    pack = load_pack(args.path)
    if args.output is not None:
        for path in render_preview(pack, args.output):
            print(path)
        return 0
    # The viewer is the desktop app, a separate program: this package never imports Qt.
    app = shutil.which("prefdesk")
    command = [app] if app else [sys.executable, "-m", "app.cli"]
    return subprocess.call([*command, "--preview", str(args.path)])


if __name__ == "__main__":
    sys.exit(main())
