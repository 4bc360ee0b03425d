#!/usr/bin/env bash
# Proves the hook of .pre-commit-hooks.yaml with the real pre-commit (PyPI): in a
# temporary git repository of templates with a paraphe.toml (profile template), a commit
# with only declared fields is accepted, one with an undeclared field or a typo is
# refused with the finding, and accepted once fixed.
#
# pre-commit builds the hook from this repository's last commit (`rev`), not from
# uncommitted changes. Needs python3 (venv, pip) and cargo; the build reuses target/.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit==4.7.0
pre_commit="$work/venv/bin/pre-commit"
export PRE_COMMIT_HOME="$work/cache"
export CARGO_TARGET_DIR="$repo/target"
rev="$(git -C "$repo" rev-parse HEAD)"

templates="$work/modeles"
mkdir -p "$templates/conventions"
cd "$templates"
git init --quiet
git config user.email ci@example.org
git config user.name "CI"
git config commit.gpgsign false
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: paraphe
YAML
printf 'profile = "template"\n' > paraphe.toml
cp "$repo/fixtures/documents/convention-engagement-modele.txt" conventions/engagement.txt
"$pre_commit" install --install-hooks >/dev/null

failures=0
# commit MESSAGE EXPECTED(accepted|refused) [TEXT the hook's output must show]
commit() {
  local message="$1" expected="$2" shown="${3:-}" output status=0
  git add -A
  output="$(git commit --quiet -m "$message" 2>&1)" || status=$?
  local outcome=accepted
  [ "$status" -ne 0 ] && outcome=refused
  if [ "$outcome" != "$expected" ] || { [ -n "$shown" ] && ! grep -qF -- "$shown" <<<"$output"; }; then
    echo "FAIL: « $message »: $outcome (expected $expected${shown:+, showing « $shown »})"
    echo "$output"
    failures=$((failures + 1))
  else
    echo "ok: « $message »: $outcome${shown:+, showing « $shown »}"
  fi
}

commit "Modèle avec ses champs déclarés" accepted
sed -i 's/\[Date\]/[Date de la délibération du maire]/' conventions/engagement.txt
commit "Champ non déclaré" refused "placeholder-undeclared"
git checkout HEAD -- conventions/engagement.txt
sed '0,/prestataire/s//prestaire/' conventions/engagement.txt > conventions/engagement-bis.txt
commit "Faute de frappe" refused "prestaire"
sed -i 's/prestaire/prestataire/' conventions/engagement-bis.txt
commit "Faute corrigée" accepted

if [ "$failures" -ne 0 ]; then
  echo "pre-commit: $failures failure(s)"
  exit 1
fi
echo "pre-commit: the hook refuses and accepts as expected"
