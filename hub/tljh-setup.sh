#!/usr/bin/env bash
# The course on a server running The Littlest JupyterHub (TLJH), after its installer has run.
# Run as an admin, from a clone of the course repository on the server, at the commit you teach:
#
#   sudo bash hub/tljh-setup.sh MEMORY_PER_LEARNER        e.g. sudo bash hub/tljh-setup.sh 1G
#
# 1. the users' environment (/opt/tljh/user): the course's locked packages, nbgitpuller, then the
#    course package itself (copied in, --no-deps: the line before installed its dependencies);
# 2. idle kernels shut down after 20 minutes (a Jupyter Server setting of the users' environment);
# 3. tljh-config: JupyterLab as the default interface, a memory and CPU limit per learner, idle servers
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

# A kernel idle for 20 minutes with no notebook tab open on it is shut down (the notebook stays; "Run All"
# brings it back): a learner who closes each notebook keeps a kernel or two, not eight (INSTRUCTOR_GUIDE).
mkdir -p /opt/tljh/user/etc/jupyter/jupyter_server_config.d
cat > /opt/tljh/user/etc/jupyter/jupyter_server_config.d/course-kernels.json <<'JSON'
{"MappingKernelManager": {"cull_idle_timeout": 1200, "cull_interval": 120}}
JSON

tljh-config set user_environment.default_app jupyterlab
tljh-config set limits.memory "$memory"
tljh-config set limits.cpu 1
tljh-config set services.cull.timeout 3600
tljh-config reload
echo "done: the users' environment has the course; each learner gets $memory and one CPU."
