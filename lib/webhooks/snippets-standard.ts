import type { VerificationSnippet } from "./snippets";

/**
 * Receiver snippets for the `standard` scheme (Standard Webhooks 1.0, v1 HMAC; SPEC §4,
 * decision 049), standard library only. Each accepts the secret in either form the dashboard
 * shows (`whsec_` + base64url, or `whsec_` + standard base64): both are the same 32 key bytes.
 * Run for real by test/integration/webhook-scheme-snippets.test.ts; shown in docs/webhooks.md.
 * Written without backticks or dollar-brace so they sit inside String.raw unchanged.
 */

const NODE_CODE = String.raw`// receiver-standard.mjs: Node 18+, no dependencies. Scheme "standard" (Standard Webhooks).
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

// whsec_... in either form: the base64 after whsec_ is the key's 32 bytes.
const KEY = Buffer.from((process.env.SWITCHBOARD_WEBHOOK_SECRET ?? "").replace(/^whsec_/, ""), "base64");
const TOLERANCE_SEC = 300; // refuse a timestamp more than 5 minutes old (or ahead)

export function verifyStandardWebhook(rawBody, headers, key, nowMs = Date.now()) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures) throw new Error("missing_header");
  if (!/^\d+$/.test(timestamp)) throw new Error("malformed_header");
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TOLERANCE_SEC) throw new Error("timestamp_outside_tolerance");
  const expected = createHmac("sha256", key).update(id + "." + timestamp + ".").update(rawBody).digest();
  // Space-separated "v1,<base64>" values; two during a secret rotation: either may match.
  const isValid = signatures.split(" ").some((entry) => {
    const comma = entry.indexOf(",");
    if (entry.slice(0, comma) !== "v1") return false; // other versions (v1a) are not HMAC
    const given = Buffer.from(entry.slice(comma + 1), "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!isValid) throw new Error("signature_mismatch");
  return Number(timestamp);
}

const processed = new Set(); // use your database in production

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const rawBody = Buffer.concat(chunks); // the exact bytes: never re-serialised JSON
    try {
      verifyStandardWebhook(rawBody, req.headers, KEY);
    } catch (err) {
      res.writeHead(400).end(err.message);
      return;
    }
    // At-least-once delivery: a retry repeats webhook-id. Handle each id once.
    const eventId = req.headers["webhook-id"];
    if (processed.has(eventId)) {
      res.writeHead(200).end("duplicate");
      return;
    }
    const event = JSON.parse(rawBody.toString("utf8"));
    console.log("received", event.type, event.id); // answer within 30 s; queue slow work
    processed.add(eventId);
    res.writeHead(200).end("ok");
  });
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST, () => {
  console.log("listening on " + server.address().port);
});
`;

const PYTHON_CODE = String.raw`# receiver_standard.py: Python 3.8+, standard library only. Scheme "standard" (Standard Webhooks).
import base64
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TOLERANCE_SEC = 300  # refuse a timestamp more than 5 minutes old (or ahead)


def secret_key(secret: str) -> bytes:
    # whsec_... in either form: the base64 after whsec_ (url-safe or not) is the key's 32 bytes.
    raw = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    raw = raw.rstrip("=")
    return base64.b64decode(raw + "=" * (-len(raw) % 4), altchars=b"-_", validate=True)


KEY = secret_key(os.environ.get("SWITCHBOARD_WEBHOOK_SECRET", ""))


class WebhookVerificationError(Exception):
    pass


def verify_standard_webhook(raw_body: bytes, headers, key: bytes, now=None) -> int:
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not msg_id or not timestamp or not signatures:
        raise WebhookVerificationError("missing_header")
    if not (timestamp.isascii() and timestamp.isdigit()):
        raise WebhookVerificationError("malformed_header")
    if abs((time.time() if now is None else now) - int(timestamp)) > TOLERANCE_SEC:
        raise WebhookVerificationError("timestamp_outside_tolerance")
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + raw_body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    # Space-separated "v1,<base64>" values; two during a secret rotation: either may match.
    for entry in signatures.split(" "):
        version, _, value = entry.partition(",")
        if version == "v1" and hmac.compare_digest(expected, value.encode()):
            return int(timestamp)
    raise WebhookVerificationError("signature_mismatch")


processed = set()  # use your database in production


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        raw_body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            verify_standard_webhook(raw_body, self.headers, KEY)
        except WebhookVerificationError as err:
            return self.reply(400, str(err))
        # At-least-once delivery: a retry repeats webhook-id. Handle each id once.
        event_id = self.headers.get("webhook-id")
        if event_id in processed:
            return self.reply(200, "duplicate")
        event = json.loads(raw_body)
        print("received", event["type"], event["id"], flush=True)  # answer within 30 s
        processed.add(event_id)
        self.reply(200, "ok")

    def reply(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = HTTPServer((os.environ.get("HOST", ""), int(os.environ.get("PORT", "8000"))), Receiver)
    print("listening on", server.server_address[1], flush=True)
    server.serve_forever()
`;

const GO_CODE = String.raw`// receiver_standard.go: Go 1.18+, standard library only. Scheme "standard" (Standard Webhooks).
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

const tolerance = 5 * time.Minute // refuse a timestamp more than 5 minutes old (or ahead)

// SecretKey: whsec_... in either form; the base64 after whsec_ (url-safe or not) is the key's 32 bytes.
func SecretKey(secret string) ([]byte, error) {
	raw := strings.TrimRight(strings.TrimPrefix(secret, "whsec_"), "=")
	raw = strings.NewReplacer("-", "+", "_", "/").Replace(raw)
	return base64.RawStdEncoding.DecodeString(raw)
}

func VerifyStandardWebhook(body []byte, header http.Header, key []byte, now time.Time) (int64, error) {
	id, ts, signatures := header.Get("webhook-id"), header.Get("webhook-timestamp"), header.Get("webhook-signature")
	if id == "" || ts == "" || signatures == "" {
		return 0, errors.New("missing_header")
	}
	timestamp, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || timestamp < 0 {
		return 0, errors.New("malformed_header")
	}
	if age := now.Sub(time.Unix(timestamp, 0)); age > tolerance || age < -tolerance {
		return 0, errors.New("timestamp_outside_tolerance")
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	expected := []byte(base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	// Space-separated "v1,<base64>" values; two during a secret rotation: either may match.
	for _, entry := range strings.Split(signatures, " ") {
		version, value, _ := strings.Cut(entry, ",")
		if version == "v1" && hmac.Equal(expected, []byte(value)) {
			return timestamp, nil
		}
	}
	return 0, errors.New("signature_mismatch")
}

func main() {
	key, err := SecretKey(os.Getenv("SWITCHBOARD_WEBHOOK_SECRET"))
	if err != nil {
		log.Fatal("SWITCHBOARD_WEBHOOK_SECRET: ", err)
	}
	var processed sync.Map // use your database in production

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20)) // the exact bytes
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		if _, err := VerifyStandardWebhook(body, r.Header, key, time.Now()); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// At-least-once delivery: a retry repeats webhook-id. Handle each id once.
		if _, seen := processed.LoadOrStore(r.Header.Get("webhook-id"), true); seen {
			fmt.Fprint(w, "duplicate")
			return
		}
		log.Printf("received %s", r.Header.Get("X-Switchboard-Event-Type")) // answer within 30 s
		fmt.Fprint(w, "ok")
	})

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	listener, err := net.Listen("tcp", net.JoinHostPort(os.Getenv("HOST"), port))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("listening on", listener.Addr().(*net.TCPAddr).Port)
	log.Fatal(http.Serve(listener, nil))
}
`;

export const STANDARD_VERIFICATION_SNIPPETS: readonly VerificationSnippet[] = [
  { language: "node", label: "Node.js", filename: "receiver-standard.mjs", run: "SWITCHBOARD_WEBHOOK_SECRET=whsec_... node receiver-standard.mjs", code: NODE_CODE },
  { language: "python", label: "Python", filename: "receiver_standard.py", run: "SWITCHBOARD_WEBHOOK_SECRET=whsec_... python3 receiver_standard.py", code: PYTHON_CODE },
  { language: "go", label: "Go", filename: "receiver_standard.go", run: "SWITCHBOARD_WEBHOOK_SECRET=whsec_... go run receiver_standard.go", code: GO_CODE },
];
