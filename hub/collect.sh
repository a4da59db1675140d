#!/usr/bin/env bash
# Copy every learner's course folder out of their home into SUBMISSIONS/<learner>/, ready for
# `make grade SUBMISSIONS=...`. Run it as root on the hub's machine (only root reads every home).
#
#   hub/collect.sh SUBMISSIONS COURSE_FOLDER HOME...
#   e.g. sudo hub/collect.sh submissions logistic-regression /home/jupyter-*
#
# COURSE_FOLDER is the nbgitpuller link's targetpath (the folder it made in each home). The learner's
# name is the home's name without The Littlest JupyterHub's "jupyter-" prefix. ONLY='01_*.ipynb'
# (a file-name pattern) collects only the notebooks due; without it every notebook is collected, renamed
# ones too, and the grader tells the lessons apart by their content. A home without the
# folder (a learner who never clicked the link) is named and skipped: the grader has no row for
# them, so read the list.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 SUBMISSIONS COURSE_FOLDER HOME..." >&2
  exit 2
fi
dest=$1 folder=$2
shift 2
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
for home in "$@"; do
  learner=$(basename "$home")
  learner=${learner#jupyter-}
  if [ ! -d "$home/$folder" ]; then
    echo "skipped $learner: no $home/$folder"
    continue
  fi
  # Symlinks are never followed: a learner's link to another learner's folder (or to /etc/shadow) would
  # otherwise be collected, with root's rights, as this learner's work.
  real=$(cd -P "$home" && pwd -P)/$folder
  if [ -L "$home" ] || [ "$(cd -P "$home/$folder" && pwd -P)" != "$real" ]; then
    echo "skipped $learner: $home/$folder is (or goes through) a symlink"
    continue
  fi
  rm -rf "${dest:?}/$learner"
  mkdir -p "$dest/$learner"
  # Only the notebooks (no .git, no checkpoints); the grader finds them by content, whatever their names.
  # find does not descend into symlinked folders; -type f leaves out symlinked files (named below).
  (cd -P "$real" && [ "$(pwd -P)" = "$real" ] || exit 1
   find . \( -path '*/.ipynb_checkpoints' -o -path './.git' \) -prune -o -name "${ONLY:-*.ipynb}" -type l \
     -printf "skipped $learner/%P: a symlink\n"
   find . \( -path '*/.ipynb_checkpoints' -o -path './.git' \) -prune -o -name "${ONLY:-*.ipynb}" -type f \
     -exec cp -P --parents -- {} "$dest/$learner/" \;)
  echo "collected $learner: $(find "$dest/$learner" -name '*.ipynb' -type f | wc -l) notebooks"
done
# The copies belong to the account that ran sudo (else to whoever runs this), who grades them.
chown -R "${SUDO_UID:-$(id -u)}:${SUDO_GID:-$(id -g)}" "$dest"
