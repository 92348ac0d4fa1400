"""``jvreader deploy``: the built site becomes a commit on a branch of a local bare remote,
and the working tree, index and current branch stay exactly as they were."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from jvreader.cli import main
from jvreader.deploy import DeployError, deploy

ARTICLE = "Harbour Headline\n\nBy Jane Roe\n\nJapan and Vietnam signed a port deal in 2011.\n"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_project) -> Path:
    """A project committed on ``main`` with an uncommitted edit, and a bare ``origin``."""
    empty = tmp_path / "gitconfig"
    empty.write_text("", encoding="utf-8")
    for key, value in {"GIT_CONFIG_GLOBAL": str(empty), "GIT_CONFIG_NOSYSTEM": "1",
                       "GIT_AUTHOR_NAME": "Ed Itor", "GIT_AUTHOR_EMAIL": "ed@example.org",
                       "GIT_COMMITTER_NAME": "Ed Itor",
                       "GIT_COMMITTER_EMAIL": "ed@example.org"}.items():
        monkeypatch.setenv(key, value)
    project = make_project({"a.txt": ARTICLE})
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(project, "init", "-q", "-b", "main")
    git(project, "remote", "add", "origin", str(remote))
    (project / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "seeds")
    (project / "seeds" / "a.txt").write_text(ARTICLE + "\nAn edit not yet committed.\n",
                                             encoding="utf-8")
    git(project, "add", "seeds/a.txt")  # staged, so the index is not empty either
    (project / "notes.txt").write_text("untracked\n", encoding="utf-8")
    return project


def snapshot(project: Path) -> tuple[str, ...]:
    """What deploy must not touch: HEAD, the branch, the index and the working tree."""
    return (git(project, "symbolic-ref", "HEAD"), git(project, "rev-parse", "HEAD"),
            git(project, "ls-files", "-s"), git(project, "status", "--porcelain"),
            (project / "seeds" / "a.txt").read_text("utf-8"))


def fake_site(root: Path, page: str = "<h1>Reader</h1>") -> Path:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(page, encoding="utf-8")
    (root / "articles" / "a.html").write_text("<p>a</p>", encoding="utf-8")
    return root


def branch_files(remote: Path, branch: str) -> dict[str, str]:
    names = git(remote, "ls-tree", "-r", "--name-only", branch).splitlines()
    return {n: git(remote, "show", f"{branch}:{n}") for n in names}


def test_deploy_commits_the_site_and_pushes_without_touching_the_work(
        repo: Path, tmp_path: Path) -> None:
    before = snapshot(repo)
    site = fake_site(tmp_path / "site")
    done = deploy(site, repo, cname="reader.example.org", message="Publish")
    assert done.changed and done.pushed
    assert snapshot(repo) == before
    files = branch_files(tmp_path / "remote.git", "gh-pages")
    assert files == {"index.html": "<h1>Reader</h1>", "articles/a.html": "<p>a</p>",
                     ".nojekyll": "", "CNAME": "reader.example.org"}
    assert git(repo, "log", "-1", "--format=%s", "gh-pages") == "Publish"
    assert git(tmp_path / "remote.git", "rev-parse", "gh-pages") == done.commit


def test_a_second_deploy_adds_a_commit_and_drops_removed_files(
        repo: Path, tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    first = deploy(site, repo)
    (site / "articles" / "a.html").unlink()
    (site / "index.html").write_text("<h1>Reader, again</h1>", encoding="utf-8")
    second = deploy(site, repo)
    assert git(repo, "rev-parse", f"{second.commit}^") == first.commit
    assert branch_files(tmp_path / "remote.git", "gh-pages") == {
        "index.html": "<h1>Reader, again</h1>", ".nojekyll": ""}
    third = deploy(site, repo)
    assert not third.changed and third.commit == second.commit


def test_no_push_only_moves_the_local_branch(repo: Path, tmp_path: Path) -> None:
    done = deploy(fake_site(tmp_path / "site"), repo, branch="pages", push=False)
    assert git(repo, "rev-parse", "pages") == done.commit
    assert "pages" not in git(tmp_path / "remote.git", "branch", "--list")


def test_deploying_to_the_checked_out_branch_is_refused(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(DeployError, match="checked out"):
        deploy(fake_site(tmp_path / "site"), repo, branch="main")


def test_deploy_command_builds_then_publishes(repo: Path, tmp_path: Path, capsys) -> None:
    (repo / "jvreader.yml").write_text("cname: reader.example.org\nsearch: false\n",
                                       encoding="utf-8")
    before = snapshot(repo)
    assert main(["deploy", str(repo), "-q"]) == 0
    assert snapshot(repo)[:3] == before[:3]  # HEAD, branch and index; jvreader.yml is new
    files = branch_files(tmp_path / "remote.git", "gh-pages")
    assert {"index.html", "articles/a.html", ".nojekyll", "CNAME"} <= set(files)
    assert files["CNAME"] == "reader.example.org"
    assert "An edit not yet committed." in files["articles/a.html"]  # built from the tree


def test_deploy_command_says_what_it_committed_and_when_nothing_changed(
        repo: Path, capsys) -> None:
    (repo / "jvreader.yml").write_text("search: false\n", encoding="utf-8")
    assert main(["deploy", str(repo), "--no-push"]) == 0
    first = capsys.readouterr().out.splitlines()[-1]
    assert first.startswith("Deploy: committed ") and first.endswith(" to branch gh-pages")
    assert main(["deploy", str(repo)]) == 0
    second = capsys.readouterr().out.splitlines()[-1]
    assert second == "Deploy: branch gh-pages already holds this site; pushed gh-pages to origin"


def test_deploy_without_a_site_or_repository_fails_clearly(make_project, capsys) -> None:
    project = make_project({"a.txt": ARTICLE})
    assert main(["deploy", str(project), "--no-build"]) == 1
    assert "no built site" in capsys.readouterr().err
    assert main(["build", str(project), "-q", "--no-search"]) == 0
    assert main(["deploy", str(project), "--no-build"]) == 1
    assert "not inside a git repository" in capsys.readouterr().err


def test_the_pages_workflow_builds_with_the_readme_command() -> None:
    repo_root = Path(__file__).resolve().parents[1]
    workflow = yaml.safe_load((repo_root / ".github" / "workflows" / "pages.yml").read_text(
        encoding="utf-8"))
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs and all(run in readme for run in runs)
    assert any("jvreader build" in run for run in runs)
    uses = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"].rstrip("/") == "build"
