#!/usr/bin/env python3
"""A scripted OpenAI-compatible chat-completions server for tests.

Standard library only.  Binds 127.0.0.1 on a free port, writes the port
to --port-file, and answers POST .../chat/completions from a JSON script.
Every request is appended to --log as one JSON line:
  {"n": <sequence>, "path": ..., "auth": "none"|"ok"|"wrong",
   "body": <the request JSON, or the raw text if it was not JSON>}
The API key itself is never logged (only whether it matched --key).

Script (JSON object):
  "persona": "openai"        how the server behaves where real ones differ
             (default), read from their sources and documentation:
     "openai"        n honoured; errors {"error": {"message", "type",
                     "param", "code"}}; usage chunk (choices []) at the end
                     of a stream when stream_options.include_usage
     "llamacpp"      llama.cpp's server, older builds: n != 1 gets HTTP 500
                     {"error": {"code": 500, "message": "Only one completion
                     choice is allowed", "type": "server_error"}}; errors
                     {"error": {"code": <status>, "message", "type"}}; the
                     stream's first delta has content null, the last chunk
                     carries usage and "timings"
     "llamacpp-400"  newer llama.cpp builds: the same refusal as HTTP 400
                     "Illegal param: only one completion choice is allowed",
                     type invalid_request_error
     "vllm"          n honoured; errors {"object": "error", "message",
                     "type", "param": null, "code": <status>}; takes
                     max_tokens or max_completion_tokens
     "ollama"        Ollama's /v1 layer: n silently ignored (one choice);
                     errors {"error": {"message", "type", "param": null,
                     "code": null}}; reasoning in "reasoning"
  "reject_n": true           400 for any request with n > 1, like real servers
  "reject_max_tokens": true  400 for "max_tokens" (wants max_completion_tokens)
  "rules": [                 first rule whose conditions all hold answers
     {"contains": "text" | ["a", "b"],   substrings of the raw request body
      "not_contains": ...,
      "seed": 3,                          the request's seed
      "replies": [reply, ...]}            consumed in order, the last repeats
  ]
  "default": reply           when no rule matches (default: a 500)

A reply:
  {"status": 200, "content": "...", "contents": ["...", ...] (for n > 1),
   "reasoning_content": "...", "reasoning": "...", "finish_reason": "stop",
   "stream": true, "usage": {"prompt_tokens": 10, "completion_tokens": 20},
   "headers": {"Retry-After": "1"}, "body": <raw JSON or text for errors>,
   "message": "...", "type": "...", "code": "..." (an error with status
     != 200, in the persona's body shape; "body" overrides),
   "echo_auth": true (put the Authorization header into an error body),
   "fault": "malformed" | "reset" | "truncated" | "error_event" |
            "trickle" (headers, then one byte every "trickle_ms", 1000) |
            "oversize" (a 200 body of "size" bytes) |
            "empty_choices" ({"choices": []}),
   "delay_ms": 100}
"""

import argparse
import json
import os
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"seq": 0, "used": {}}


def load_script(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def pick_reply(script, raw, req):
    for i, rule in enumerate(script.get("rules", [])):
        if not all(s in raw for s in as_list(rule.get("contains"))):
            continue
        if any(s in raw for s in as_list(rule.get("not_contains"))):
            continue
        if "seed" in rule and req.get("seed") != rule["seed"]:
            continue
        replies = rule.get("replies") or [rule.get("reply", {})]
        k = STATE["used"].get(i, 0)
        STATE["used"][i] = k + 1
        return replies[min(k, len(replies) - 1)]
    return script.get("default", {"status": 500, "body": {"error": {
        "message": "no scripted reply", "type": "server_error"}}})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def send_json(self, status, obj, headers=None):
        data = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def reset(self):
        # SO_LINGER 0: close() sends a TCP RST, as a dying proxy does
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n).decode("utf-8", "replace")
        try:
            req = json.loads(raw)
        except ValueError:
            req = None
        auth = self.headers.get("Authorization")
        key = self.server.key
        with LOCK:
            STATE["seq"] += 1
            seq = STATE["seq"]
            entry = {"n": seq, "t": round(time.time(), 3), "path": self.path,
                     "auth": "none" if not auth else
                     ("ok" if key and auth == "Bearer " + key else "wrong"),
                     "body": req if req is not None else raw}
            with open(self.server.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")
            script = load_script(self.server.script)
            if req is None:
                reply = {"status": 400, "body": {"error": {
                    "message": "request is not JSON"}}}
            else:
                reply = self.gate(script, req) or \
                    pick_reply(script, raw, req)
        if not self.path.endswith("/chat/completions"):
            self.send_json(404, {"error": {"message": "not found"}})
            return
        if reply.get("delay_ms"):
            time.sleep(reply["delay_ms"] / 1000.0)
        self.answer(reply, req or {}, auth, seq)

    def gate(self, script, req):
        persona = script.get("persona", "openai")
        if persona == "llamacpp" and req.get("n", 1) != 1:
            return {"status": 500, "body": {"error": {
                "code": 500, "message": "Only one completion choice is "
                "allowed", "type": "server_error"}}}
        if persona == "llamacpp-400" and req.get("n", 1) != 1:
            return {"status": 400, "body": {"error": {
                "code": 400, "message": "Illegal param: only one "
                "completion choice is allowed",
                "type": "invalid_request_error"}}}
        if script.get("reject_n") and req.get("n", 1) > 1:
            return {"status": 400, "body": {"error": {
                "message": "'n' > 1 is not supported by this server",
                "type": "invalid_request_error", "param": "n",
                "code": "unsupported_parameter"}}}
        if script.get("reject_max_tokens") and "max_tokens" in req:
            return {"status": 400, "body": {"error": {
                "message": "Unsupported parameter: 'max_tokens' is not "
                           "supported with this model. Use "
                           "'max_completion_tokens' instead.",
                "type": "invalid_request_error", "param": "max_tokens",
                "code": "unsupported_parameter"}}}
        return None

    def error_body(self, reply, status):
        m = reply.get("message", "error %d" % status)
        t = reply.get("type", "invalid_request_error" if status < 500
                      else "server_error")
        persona = self.server.persona
        if persona.startswith("llamacpp"):
            return {"error": {"code": status, "message": m, "type": t}}
        if persona == "vllm":
            return {"object": "error", "message": m, "type": t,
                    "param": None, "code": status}
        if persona == "ollama":
            return {"error": {"message": m, "type": t, "param": None,
                              "code": None}}
        return {"error": {"message": m, "type": t, "param": None,
                          "code": reply.get("code")}}

    def answer(self, reply, req, auth, seq):
        status = reply.get("status", 200)
        fault = reply.get("fault")
        if status != 200:
            body = reply.get("body") or self.error_body(reply, status)
            if reply.get("echo_auth"):
                body = {"error": {"message": "bad request, got header "
                                  "Authorization: %s" % auth}}
            data = body.encode() if isinstance(body, str) else \
                json.dumps(body).encode()
            self.send_json(status, data, reply.get("headers"))
            return
        if fault == "malformed":
            self.send_json(200, b'{"id": "x", "choices": [{"message": ')
            return
        if fault == "reset":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "4000")
            self.end_headers()
            self.wfile.write(b'{"id": "cut", "choices": [{"index": 0, ')
            self.reset()
            return
        if fault == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                while True:  # until the client gives up
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(reply.get("trickle_ms", 1000) / 1000.0)
            except OSError:
                pass
            self.close_connection = True
            return
        if fault == "oversize":
            size = reply.get("size", 33 << 20)
            pad = b'{"choices": [{"index": 0, "message": {"content": "'
            self.send_json(200, pad + b"x" * (size - len(pad)) + b'"}}]}')
            return
        if fault == "empty_choices":
            self.send_json(200, {"id": "cmpl-%d" % seq, "object":
                                 "chat.completion", "choices": [],
                                 "usage": {"prompt_tokens": 5,
                                           "completion_tokens": 0}})
            return
        contents = reply.get("contents") or [reply.get("content", "")]
        nwant = max(1, req.get("n", 1))
        if self.server.persona == "ollama":
            nwant = 1  # Ollama's /v1 ignores n
        self.include_usage = bool((req.get("stream_options") or {})
                                  .get("include_usage"))
        choices = [contents[i % len(contents)] for i in range(nwant)]
        usage = reply.get("usage", {"prompt_tokens": 50,
                                    "completion_tokens": 25 * nwant})
        usage = dict(usage, total_tokens=usage.get("prompt_tokens", 0) +
                     usage.get("completion_tokens", 0))
        if reply.get("stream") or fault in ("truncated", "error_event"):
            self.stream(reply, choices, usage, seq)
        else:
            self.plain(reply, choices, usage, seq)

    def plain(self, reply, choices, usage, seq):
        out = []
        for i, c in enumerate(choices):
            msg = {"role": "assistant", "content": c}
            for k in ("reasoning_content", "reasoning"):
                if k in reply:
                    msg[k] = reply[k]
            out.append({"index": i, "message": msg,
                        "finish_reason": reply.get("finish_reason", "stop")})
        self.send_json(200, {"id": "cmpl-%d" % seq,
                             "object": "chat.completion",
                             "model": "scripted", "choices": out,
                             "usage": usage})

    def event(self, obj):
        data = obj if isinstance(obj, str) else json.dumps(obj)
        self.wfile.write(("data: %s\n\n" % data).encode())
        self.wfile.flush()

    def stream(self, reply, choices, usage, seq):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        base = {"id": "cmpl-%d" % seq, "object": "chat.completion.chunk",
                "model": "scripted"}
        self.wfile.write(b": keep-alive comment\n\n")
        llama = self.server.persona.startswith("llamacpp")
        for i, text in enumerate(choices):
            self.event(dict(base, choices=[{"index": i, "delta": {
                "role": "assistant",
                "content": None if llama else ""}}]))
            for k in ("reasoning_content", "reasoning"):
                r = reply.get(k, "")
                for j in range(0, len(r), 16):
                    self.event(dict(base, choices=[{"index": i, "delta": {
                        k: r[j:j + 16]}}]))
            step = 24
            parts = [text[j:j + step] for j in range(0, len(text), step)]
            if reply.get("fault") == "truncated":
                parts = parts[:max(1, len(parts) // 2)]
            for p in parts:
                self.event(dict(base, choices=[{"index": i, "delta": {
                    "content": p}, "finish_reason": None}]))
            if reply.get("fault") == "truncated":
                self.close_connection = True
                return
            if reply.get("fault") == "error_event":
                self.event({"error": {"message": "upstream overloaded",
                                      "type": "server_error"}})
                return
            self.event(dict(base, choices=[{"index": i, "delta": {},
                "finish_reason": reply.get("finish_reason", "stop")}]))
        if self.include_usage or not llama:
            last = dict(base, choices=[], usage=usage)
            if llama:  # llama.cpp adds its timings to the usage chunk
                last["timings"] = {"prompt_n": usage["prompt_tokens"],
                                   "prompt_ms": 12.5, "predicted_n":
                                   usage["completion_tokens"],
                                   "predicted_ms": 80.1,
                                   "predicted_per_second": 31.2}
            self.event(last)
        self.event("[DONE]")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--script", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--key", default=None)
    a = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.script = a.script
    srv.log = a.log
    srv.key = a.key
    srv.persona = load_script(a.script).get("persona", "openai")
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
