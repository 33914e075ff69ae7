import type { VerificationSnippet } from "./snippets";

/**
 * Receiver snippets for the `standard-ed25519` scheme (Standard Webhooks 1.0, v1a; SPEC §4,
 * decision 049). No shared secret: each fetches the workspace's public keys from the
 * endpoint's `signing_keys_url` (a JWKS), keeps them 5 minutes (the URL's Cache-Control), and
 * fetches again — at most once a minute — when no key matches, which is how a receiver
 * learns a rotated key. Python needs the `cryptography` package (the standard library has no
 * Ed25519); Node and Go need nothing. Run for real by
 * test/integration/webhook-scheme-snippets.test.ts; shown in docs/webhooks.md.
 * Written without backticks or dollar-brace so they sit inside String.raw unchanged.
 */

const NODE_CODE = String.raw`// receiver-ed25519.mjs: Node 18+, no dependencies. Scheme "standard-ed25519".
import { createPublicKey, verify } from "node:crypto";
import { createServer } from "node:http";

const KEYS_URL = process.env.SWITCHBOARD_SIGNING_KEYS_URL; // the endpoint's signing_keys_url
const TOLERANCE_SEC = 300; // refuse a timestamp more than 5 minutes old (or ahead)
let keySet = { keys: [], fetchedAt: 0 };

async function publicKeys(refresh) {
  const age = Date.now() - keySet.fetchedAt;
  if (age > 300_000 || (refresh && age > 60_000)) {
    const res = await fetch(KEYS_URL);
    if (!res.ok) throw new Error("keys_unavailable");
    const { keys } = await res.json();
    const ed25519 = keys.filter((jwk) => jwk.kty === "OKP" && jwk.crv === "Ed25519");
    keySet = { keys: ed25519.map((jwk) => createPublicKey({ key: jwk, format: "jwk" })), fetchedAt: Date.now() };
  }
  return keySet.keys;
}

export function verifyEd25519Webhook(rawBody, headers, keys, nowMs = Date.now()) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures) throw new Error("missing_header");
  if (!/^\d+$/.test(timestamp)) throw new Error("malformed_header");
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TOLERANCE_SEC) throw new Error("timestamp_outside_tolerance");
  const signed = Buffer.concat([Buffer.from(id + "." + timestamp + "."), rawBody]);
  // Space-separated "v1a,<base64>" values; two during a key rotation: any key may match any.
  const isValid = signatures.split(" ").some((entry) => {
    const comma = entry.indexOf(",");
    if (entry.slice(0, comma) !== "v1a") return false;
    const signature = Buffer.from(entry.slice(comma + 1), "base64");
    return signature.length === 64 && keys.some((key) => verify(null, signed, key, signature));
  });
  if (!isValid) throw new Error("signature_mismatch");
  return Number(timestamp);
}

async function verifyWithPublishedKeys(rawBody, headers) {
  try {
    return verifyEd25519Webhook(rawBody, headers, await publicKeys(false));
  } catch (err) {
    if (err.message !== "signature_mismatch") throw err;
    return verifyEd25519Webhook(rawBody, headers, await publicKeys(true)); // a rotated key?
  }
}

const processed = new Set(); // use your database in production

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", async () => {
    const rawBody = Buffer.concat(chunks); // the exact bytes: never re-serialised JSON
    try {
      await verifyWithPublishedKeys(rawBody, req.headers);
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

const PYTHON_CODE = String.raw`# receiver_ed25519.py: Python 3.8+ and "pip install cryptography". Scheme "standard-ed25519".
import base64
import json
import os
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

KEYS_URL = os.environ.get("SWITCHBOARD_SIGNING_KEYS_URL", "")  # the endpoint's signing_keys_url
TOLERANCE_SEC = 300  # refuse a timestamp more than 5 minutes old (or ahead)
key_set = {"keys": [], "fetched_at": 0.0}


def b64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def public_keys(refresh: bool):
    age = time.time() - key_set["fetched_at"]
    if age > 300 or (refresh and age > 60):
        with urllib.request.urlopen(KEYS_URL, timeout=10) as res:
            jwks = json.load(res)
        keys = [k for k in jwks["keys"] if k.get("kty") == "OKP" and k.get("crv") == "Ed25519"]
        key_set["keys"] = [Ed25519PublicKey.from_public_bytes(b64url(k["x"])) for k in keys]
        key_set["fetched_at"] = time.time()
    return key_set["keys"]


class WebhookVerificationError(Exception):
    pass


def is_valid(key, signature: bytes, signed: bytes) -> bool:
    try:
        key.verify(signature, signed)
        return True
    except InvalidSignature:
        return False


def verify_ed25519_webhook(raw_body: bytes, headers, keys, now=None) -> int:
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
    # Space-separated "v1a,<base64>" values; two during a key rotation: any key may match any.
    for entry in signatures.split(" "):
        version, _, value = entry.partition(",")
        if version != "v1a":
            continue
        try:
            signature = base64.b64decode(value, validate=True)
        except ValueError:
            continue
        if len(signature) == 64 and any(is_valid(key, signature, signed) for key in keys):
            return int(timestamp)
    raise WebhookVerificationError("signature_mismatch")


def verify_with_published_keys(raw_body: bytes, headers) -> int:
    try:
        return verify_ed25519_webhook(raw_body, headers, public_keys(False))
    except WebhookVerificationError as err:
        if str(err) != "signature_mismatch":
            raise
        return verify_ed25519_webhook(raw_body, headers, public_keys(True))  # a rotated key?


processed = set()  # use your database in production


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        raw_body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            verify_with_published_keys(raw_body, self.headers)
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

const GO_CODE = String.raw`// receiver_ed25519.go: Go 1.18+, standard library only. Scheme "standard-ed25519".
package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
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

var (
	keysURL   = os.Getenv("SWITCHBOARD_SIGNING_KEYS_URL") // the endpoint's signing_keys_url
	keysMu    sync.Mutex
	keys      []ed25519.PublicKey
	fetchedAt time.Time
)

func publicKeys(refresh bool) ([]ed25519.PublicKey, error) {
	keysMu.Lock()
	defer keysMu.Unlock()
	age := time.Since(fetchedAt)
	if age <= 5*time.Minute && !(refresh && age > time.Minute) {
		return keys, nil
	}
	res, err := http.Get(keysURL)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, errors.New("keys_unavailable")
	}
	var jwks struct {
		Keys []struct{ Kty, Crv, X string } // encoding/json matches "keys", "kty", "crv", "x" case-insensitively
	}
	if err := json.NewDecoder(res.Body).Decode(&jwks); err != nil {
		return nil, err
	}
	var fresh []ed25519.PublicKey
	for _, k := range jwks.Keys {
		if raw, err := base64.RawURLEncoding.DecodeString(k.X); err == nil && k.Kty == "OKP" && k.Crv == "Ed25519" && len(raw) == ed25519.PublicKeySize {
			fresh = append(fresh, ed25519.PublicKey(raw))
		}
	}
	keys, fetchedAt = fresh, time.Now()
	return keys, nil
}

var errMismatch = errors.New("signature_mismatch")

func VerifyEd25519Webhook(body []byte, header http.Header, keys []ed25519.PublicKey, now time.Time) (int64, error) {
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
	signed := append([]byte(id+"."+ts+"."), body...)
	// Space-separated "v1a,<base64>" values; two during a key rotation: any key may match any.
	for _, entry := range strings.Split(signatures, " ") {
		version, value, _ := strings.Cut(entry, ",")
		signature, err := base64.StdEncoding.DecodeString(value)
		if version != "v1a" || err != nil || len(signature) != ed25519.SignatureSize {
			continue
		}
		for _, key := range keys {
			if ed25519.Verify(key, signed, signature) {
				return timestamp, nil
			}
		}
	}
	return 0, errMismatch
}

func verifyWithPublishedKeys(body []byte, header http.Header) error {
	keys, err := publicKeys(false)
	if err != nil {
		return err
	}
	if _, err = VerifyEd25519Webhook(body, header, keys, time.Now()); err != errMismatch {
		return err
	}
	if keys, err = publicKeys(true); err != nil { // a rotated key?
		return err
	}
	_, err = VerifyEd25519Webhook(body, header, keys, time.Now())
	return err
}

func main() {
	var processed sync.Map // use your database in production

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20)) // the exact bytes
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		if err := verifyWithPublishedKeys(body, r.Header); err != nil {
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

export const ED25519_VERIFICATION_SNIPPETS: readonly VerificationSnippet[] = [
  { language: "node", label: "Node.js", filename: "receiver-ed25519.mjs", run: "SWITCHBOARD_SIGNING_KEYS_URL=https://.../webhook-keys/<workspace>.json node receiver-ed25519.mjs", code: NODE_CODE },
  {
    language: "python",
    label: "Python",
    filename: "receiver_ed25519.py",
    run: "pip install cryptography && SWITCHBOARD_SIGNING_KEYS_URL=https://.../webhook-keys/<workspace>.json python3 receiver_ed25519.py",
    code: PYTHON_CODE,
  },
  { language: "go", label: "Go", filename: "receiver_ed25519.go", run: "SWITCHBOARD_SIGNING_KEYS_URL=https://.../webhook-keys/<workspace>.json go run receiver_ed25519.go", code: GO_CODE },
];
