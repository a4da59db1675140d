# JupyterHub configuration for a class on one machine, without The Littlest JupyterHub: system
# accounts that log in with their password (PAM), one Jupyter server per learner started as that
# learner (LocalProcessSpawner), everything on 127.0.0.1 behind configurable-http-proxy. It is what
# `make test-hub` runs (lessons_tests/hub/hub_check.py), and the INSTRUCTOR_GUIDE's JupyterHub
# section says what The Littlest JupyterHub sets instead (tljh-config, hub/tljh-setup.sh).
#
# Run: `jupyterhub -f hub/jupyterhub_config.py`, with these environment variables:
#   COURSE_HUB_STATE      folder for the hub's database, cookie secret and pid files (required)
#   COURSE_HUB_LEARNERS   the accounts allowed to log in, separated by spaces (required)
#   COURSE_HUB_PORT       the port learners' browsers use (default 8000), always on 127.0.0.1:
#                         put a TLS-terminating web server in front to serve a class over the network
#   COURSE_HUB_SINGLEUSER the jupyterhub-singleuser of the users' environment (default: the one on PATH)
#   COURSE_HUB_PROXY      the configurable-http-proxy executable (default: the one on PATH)
import os
from pathlib import Path

c = get_config()  # noqa: F821  (defined by JupyterHub when it loads this file)

state = Path(os.environ["COURSE_HUB_STATE"])
port = int(os.environ.get("COURSE_HUB_PORT", "8000"))

# Nothing listens beyond loopback: the public port, the proxy's API, the hub and each learner's server.
c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = port + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"
c.ConfigurableHTTPProxy.command = [os.environ.get("COURSE_HUB_PROXY", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.Spawner.ip = "127.0.0.1"

c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server

# System accounts and their passwords; no PAM session (containers and test machines have no logind).
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False
c.Authenticator.allowed_users = set(os.environ["COURSE_HUB_LEARNERS"].split())

# One server per learner, run as that learner, in their home folder, opening JupyterLab.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [os.environ.get("COURSE_HUB_SINGLEUSER", "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180  # a first start imports JupyterLab's extensions: seconds on a busy machine
c.Spawner.http_timeout = 180
