#!/usr/bin/env bash
# The course on a server running The Littlest JupyterHub (TLJH), after its installer has run.
# Run as an admin, from a clone of the course repository on the server, at the commit you teach:
#
#   sudo bash hub/tljh-setup.sh MEMORY_PER_LEARNER        e.g. sudo bash hub/tljh-setup.sh 1G
#
# 1. the users' environment (/opt/tljh/user): the course's locked packages, nbgitpuller, then the
#    course package itself (copied in, --no-deps: the line before installed its dependencies);
# 2. tljh-config: JupyterLab as the default interface, a memory and CPU limit per learner, idle servers
#    stopped after an hour; then a reload. INSTRUCTOR_GUIDE.md ("A class on one server: JupyterHub")
#    says how to choose the memory limit and how many learners the server then holds.
set -euo pipefail
memory=${1:?usage: sudo bash hub/tljh-setup.sh MEMORY_PER_LEARNER (e.g. 1G)}
cd "$(dirname "$0")/.."
pip=/opt/tljh/user/bin/pip
if [ ! -x "$pip" ]; then
  echo "no $pip: install The Littlest JupyterHub first (its bootstrap script), then run this again" >&2
  exit 1
fi

"$pip" install --no-cache-dir -r hub/requirements-user.txt
"$pip" install --no-cache-dir --no-deps .

tljh-config set user_environment.default_app jupyterlab
tljh-config set limits.memory "$memory"
tljh-config set limits.cpu 1
tljh-config set services.cull.timeout 3600
tljh-config reload
echo "done: the users' environment has the course; each learner gets $memory and one CPU."
