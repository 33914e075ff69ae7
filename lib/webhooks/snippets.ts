/**
 * Receiver verification snippets (SPEC §4) for the docs page and the dashboard. The same text
 * is in docs/webhooks.md (a unit test keeps them identical) and each one is run for real by
 * test/integration/webhook-verify-receivers.test.ts: signed deliveries are accepted, tampered
 * ones refused. Plain strings, no server imports, so client components can show them.
 *
 * Written without backticks or dollar-brace so they sit inside String.raw unchanged.
 */

export type SnippetLanguage = "node" | "python" | "go";

export interface VerificationSnippet {
  language: SnippetLanguage;
  label: string;
  filename: string;
  /** How to run it, for the line under the code block. */
  run: string;
  code: string;
}

const NODE_CODE = String.raw`// receiver.mjs: Node 18+, no dependencies.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const SECRET = process.env.SWITCHBOARD_WEBHOOK_SECRET; // whsec_..., used as is
const TOLERANCE_SEC = 300; // refuse t more than 5 minutes old (or ahead)

export function verifySwitchboardSignature(rawBody, header, secret, nowMs = Date.now()) {
  if (!header) throw new Error("missing_header");
  let timestamp = null;
  const signatures = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === "v1") signatures.push(value); // other schemes (v0=...) are ignored
  }
  if (timestamp === null || signatures.length === 0) throw new Error("malformed_header");
  if (Math.abs(nowMs / 1000 - timestamp) > TOLERANCE_SEC) throw new Error("timestamp_outside_tolerance");
  const expected = Buffer.from(
    createHmac("sha256", secret).update(timestamp + ".").update(rawBody).digest("hex"),
  );
  // During a secret rotation there are two v1 values: either may match.
  const isValid = signatures.some((signature) => {
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!isValid) throw new Error("signature_mismatch");
  return timestamp;
}

const processed = new Set(); // use your database in production

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const rawBody = Buffer.concat(chunks); // the exact bytes: never re-serialised JSON
    try {
      verifySwitchboardSignature(rawBody, req.headers["x-switchboard-signature"], SECRET);
    } catch (err) {
      res.writeHead(400).end(err.message);
      return;
    }
    // At-least-once delivery: a retry repeats X-Switchboard-Event-Id. Handle each id once.
    const eventId = req.headers["x-switchboard-event-id"];
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

const PYTHON_CODE = String.raw`# receiver.py: Python 3.8+, standard library only.
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ.get("SWITCHBOARD_WEBHOOK_SECRET", "")  # whsec_..., used as is
TOLERANCE_SEC = 300  # refuse t more than 5 minutes old (or ahead)


class WebhookVerificationError(Exception):
    pass


def verify_switchboard_signature(raw_body: bytes, header, secret: str, now=None) -> int:
    if not header:
        raise WebhookVerificationError("missing_header")
    timestamp, signatures = None, []
    for part in header.split(","):
        key, _, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if key == "t" and value.isascii() and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)  # other schemes (v0=...) are ignored
    if timestamp is None or not signatures:
        raise WebhookVerificationError("malformed_header")
    if abs((time.time() if now is None else now) - timestamp) > TOLERANCE_SEC:
        raise WebhookVerificationError("timestamp_outside_tolerance")
    signed = str(timestamp).encode() + b"." + raw_body
    expected = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest().encode()
    # During a secret rotation there are two v1 values: either may match.
    if not any(hmac.compare_digest(expected, s.encode("utf-8")) for s in signatures):
        raise WebhookVerificationError("signature_mismatch")
    return timestamp


processed = set()  # use your database in production


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        raw_body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            verify_switchboard_signature(raw_body, self.headers.get("X-Switchboard-Signature"), SECRET)
        except WebhookVerificationError as err:
            return self.reply(400, str(err))
        # At-least-once delivery: a retry repeats X-Switchboard-Event-Id. Handle each id once.
        event_id = self.headers.get("X-Switchboard-Event-Id")
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

const GO_CODE = String.raw`// receiver.go: Go 1.18+, standard library only.
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
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

const tolerance = 5 * time.Minute // refuse t more than 5 minutes old (or ahead)

func VerifySwitchboardSignature(body []byte, header, secret string, now time.Time) (int64, error) {
	if header == "" {
		return 0, errors.New("missing_header")
	}
	timestamp := int64(-1)
	var signatures []string
	for _, part := range strings.Split(header, ",") {
		key, value, _ := strings.Cut(part, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch key {
		case "t":
			if n, err := strconv.ParseUint(value, 10, 63); err == nil {
				timestamp = int64(n)
			}
		case "v1":
			signatures = append(signatures, value) // other schemes (v0=...) are ignored
		}
	}
	if timestamp < 0 || len(signatures) == 0 {
		return 0, errors.New("malformed_header")
	}
	if age := now.Sub(time.Unix(timestamp, 0)); age > tolerance || age < -tolerance {
		return 0, errors.New("timestamp_outside_tolerance")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10) + "."))
	mac.Write(body)
	expected := []byte(hex.EncodeToString(mac.Sum(nil)))
	// During a secret rotation there are two v1 values: either may match.
	for _, signature := range signatures {
		if hmac.Equal(expected, []byte(signature)) {
			return timestamp, nil
		}
	}
	return 0, errors.New("signature_mismatch")
}

func main() {
	secret := os.Getenv("SWITCHBOARD_WEBHOOK_SECRET") // whsec_..., used as is
	var processed sync.Map                            // use your database in production

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20)) // the exact bytes
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		if _, err := VerifySwitchboardSignature(body, r.Header.Get("X-Switchboard-Signature"), secret, time.Now()); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// At-least-once delivery: a retry repeats X-Switchboard-Event-Id. Handle each id once.
		if _, seen := processed.LoadOrStore(r.Header.Get("X-Switchboard-Event-Id"), true); seen {
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

export const NODE_VERIFICATION_SNIPPET: VerificationSnippet = {
  language: "node",
  label: "Node.js",
  filename: "receiver.mjs",
  run: "SWITCHBOARD_WEBHOOK_SECRET=whsec_... node receiver.mjs",
  code: NODE_CODE,
};

export const PYTHON_VERIFICATION_SNIPPET: VerificationSnippet = {
  language: "python",
  label: "Python",
  filename: "receiver.py",
  run: "SWITCHBOARD_WEBHOOK_SECRET=whsec_... python3 receiver.py",
  code: PYTHON_CODE,
};

export const GO_VERIFICATION_SNIPPET: VerificationSnippet = {
  language: "go",
  label: "Go",
  filename: "receiver.go",
  run: "SWITCHBOARD_WEBHOOK_SECRET=whsec_... go run receiver.go",
  code: GO_CODE,
};

export const VERIFICATION_SNIPPETS: readonly VerificationSnippet[] = [
  NODE_VERIFICATION_SNIPPET,
  PYTHON_VERIFICATION_SNIPPET,
  GO_VERIFICATION_SNIPPET,
];
