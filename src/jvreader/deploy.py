"""``jvreader deploy``: commit the built site to a branch and push it, like ``mkdocs gh-deploy``.

Before: ``build/`` holding ``index.html`` …; the repository on ``main`` with local edits.
After: branch ``gh-pages`` has a new commit whose tree is exactly ``build/`` plus
``.nojekyll`` (and ``CNAME`` when configured), its parent the branch's previous commit;
``main``, its index and the working tree are untouched. Then ``git push origin gh-pages``.

Only git plumbing is used (``hash-object``, ``update-index`` on a temporary index named by
``GIT_INDEX_FILE``, ``write-tree``, ``commit-tree``, ``update-ref``), so nothing is checked out.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jvreader import __version__
from jvreader.errors import JvreaderError


class DeployError(JvreaderError):
    """Git refused something; the message says what and how to fix it."""


@dataclass(frozen=True, slots=True)
class Deployed:
    branch: str
    commit: str
    changed: bool
    """``False`` when the site is the same as the branch's last commit (nothing committed)."""
    pushed: bool


def deploy(site_dir: Path, repo_dir: Path, *, branch: str = "gh-pages",
           remote: str = "origin", message: str | None = None, cname: str | None = None,
           push: bool = True) -> Deployed:
    """Commit ``site_dir`` as the whole tree of ``branch`` in the repository at ``repo_dir``."""
    if not (site_dir / "index.html").is_file():
        raise DeployError(f"{site_dir}: no built site here (run 'jvreader build' first)")
    git = _Git(repo_dir)
    ref = f"refs/heads/{branch}"
    git.run("check-ref-format", ref)
    if git.try_run("symbolic-ref", "-q", "HEAD") == ref:
        raise DeployError(f"{branch!r} is the branch checked out here; deploy to another branch "
                          "or switch first (deploy never touches the working tree)")
    local = git.try_run("rev-parse", "--verify", "-q", f"{ref}^{{commit}}")
    # A fresh clone has only the remote's branch: continue its history rather than replace it.
    parent = local or git.try_run("rev-parse", "--verify", "-q",
                                  f"refs/remotes/{remote}/{branch}^{{commit}}")
    tree = write_tree(git, site_dir, cname)
    changed = not parent or git.run("rev-parse", f"{parent}^{{tree}}") != tree
    commit = parent or ""
    if changed:
        args = ["commit-tree", tree, "-m", message or default_message(git)]
        if parent:
            args += ["-p", parent]
        commit = git.run(*args)
    if commit != local:
        # The old value makes the update fail if someone moved the branch meanwhile.
        git.run("update-ref", "-m", "jvreader deploy", ref, commit, local or "")
    if push:
        git.run("push", "--quiet", remote, f"{ref}:{ref}")
    return Deployed(branch, commit, changed, push)


def write_tree(git: _Git, site_dir: Path, cname: str | None) -> str:
    """Store every file of ``site_dir`` (plus ``.nojekyll``/``CNAME``) and return the tree id."""
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and not p.is_symlink())
    paths = [p.relative_to(site_dir).as_posix() for p in files]
    blobs = git.run("hash-object", "-w", "--no-filters", "--stdin-paths",
                    stdin="\n".join(str(p) for p in files) + "\n").split() if files else []
    entries = {path: (("100755" if os.access(f, os.X_OK) else "100644"), blob)
               for path, f, blob in zip(paths, files, blobs, strict=True)}
    extras = {".nojekyll": b""}
    if cname:
        extras["CNAME"] = f"{cname}\n".encode()
    for name, data in extras.items():
        entries[name] = ("100644", git.run("hash-object", "-w", "--stdin", stdin_bytes=data))
    with tempfile.TemporaryDirectory(prefix="jvreader-deploy-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        info = "".join(f"{mode} {blob}\t{path}\n" for path, (mode, blob) in sorted(entries.items()))
        git.run("update-index", "--add", "--index-info", stdin=info, env=env)
        return git.run("write-tree", env=env)


def default_message(git: _Git) -> str:
    source = git.try_run("rev-parse", "--short", "HEAD")
    built_from = f" from {source}" if source else ""
    return f"Deploy site built{built_from} with jvreader {__version__}"


class _Git:
    """``git`` run in one repository; failures become ``DeployError`` with git's own words."""

    def __init__(self, repo_dir: Path) -> None:
        self.repo_dir = repo_dir
        top = self.try_run("rev-parse", "--git-dir")
        if top is None:
            raise DeployError(f"{repo_dir}: not inside a git repository (run 'git init' first)")

    def run(self, *args: str, stdin: str | None = None, stdin_bytes: bytes | None = None,
            env: dict[str, str] | None = None) -> str:
        data = stdin_bytes if stdin_bytes is not None else (
            stdin.encode("utf-8") if stdin is not None else None)
        try:
            done = subprocess.run(["git", *args], cwd=self.repo_dir, input=data,
                                  capture_output=True, env={**os.environ, **(env or {})},
                                  check=False)
        except FileNotFoundError:
            raise DeployError("git is not installed (deploy needs it)") from None
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip()
            raise DeployError(f"git {args[0]} failed: {err or 'no message'}")
        return done.stdout.decode("utf-8", "replace").strip()

    def try_run(self, *args: str) -> str | None:
        try:
            return self.run(*args) or None
        except DeployError:
            return None
