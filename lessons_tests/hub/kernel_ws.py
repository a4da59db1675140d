"""Run code in a Jupyter server's kernel the way JupyterLab does: one execute_request over its websocket.

Used by the JupyterHub test (lessons_tests/hub/hub_check.py) and by `make bench`'s memory of a learner's server.
"""

import json
import time
import uuid

import websocket


def execute(ws_url, headers, code, timeout=240):
    """Send one execute_request over a kernel's websocket; the text of its outputs (stream, results, errors)."""
    ws = websocket.create_connection(ws_url, header=[f"{k}: {v}" for k, v in headers.items()], timeout=timeout)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "learner", "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        texts, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id or msg.get("channel") != "iopub":
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                texts.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                texts.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                texts.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(texts)
        raise TimeoutError(f"no answer from the kernel in {timeout} s")
    finally:
        ws.close()
