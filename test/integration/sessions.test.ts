import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { SignJWT, base64url, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { changePassword } from "@/lib/auth/password-change";
import { createSession, resolveSession, revokeSession } from "@/lib/auth/sessions";
import { signSessionToken } from "@/lib/auth/session-token";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { nth } from "../support/items";
import { client, createUser, GOOD_PASSWORD } from "../support/users";

let database: TestDatabase;
let userId: string;
beforeAll(async () => {
  await useTestEnv({ SESSION_IDLE_MINUTES: "30", SESSION_ABSOLUTE_HOURS: "12" });
  database = await createTestDatabase();
  userId = (await createUser("sam@example.com", { workspaceSlug: "acme" })).id;
});
afterAll(async () => database.close());

const t0 = new Date("2026-11-22T08:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe("sessions", () => {
  it("a fresh session resolves to its user", async () => {
    const { token } = await createSession(userId, client, t0);
    expect((await resolveSession(token, minutes(1)))?.user.email).toBe("sam@example.com");
  });

  it("a revoked session stops on the very next request", async () => {
    const { token, sessionId } = await createSession(userId, client, t0);
    expect(await resolveSession(token, minutes(1))).not.toBeNull();
    await revokeSession(userId, sessionId, "test", minutes(1));
    expect(await resolveSession(token, minutes(1))).toBeNull();
  });

  it("idle for 30 minutes ends the session; activity keeps it alive", async () => {
    const { token } = await createSession(userId, client, t0);
    for (let m = 20; m <= 100; m += 20) expect(await resolveSession(token, minutes(m)), `at ${m} min`).not.toBeNull();
    expect(await resolveSession(token, minutes(131))).toBeNull();
    // Once ended, it stays ended.
    expect(await resolveSession(token, minutes(132))).toBeNull();
  });

  it("the absolute lifetime of 12 hours ends even an active session", async () => {
    const { token } = await createSession(userId, client, t0);
    for (let m = 25; m < 12 * 60; m += 25) expect(await resolveSession(token, minutes(m))).not.toBeNull();
    expect(await resolveSession(token, minutes(12 * 60 + 1))).toBeNull();
  });

  it("a tampered token is refused", async () => {
    const { token } = await createSession(userId, client, t0);
    const parts = token.split(".");
    expect(parts).toHaveLength(3);
    const header = nth(parts, 0, "JWT header");
    const payload = nth(parts, 1, "JWT payload");
    const signature = nth(parts, 2, "JWT signature");
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
    const other = base64url.encode(JSON.stringify({ ...claims, sub: "00000000-0000-0000-0000-000000000000" }));
    expect(await resolveSession(`${header}.${other}.${signature}`, minutes(1))).toBeNull();
    // Change a character in the middle: the last one carries padding bits, so changing it
    // can leave the decoded signature unchanged (and the test would fail at random).
    const mid = Math.floor(signature.length / 2);
    const flipped = signature.slice(0, mid) + (signature[mid] === "A" ? "B" : "A") + signature.slice(mid + 1);
    expect(await resolveSession(`${header}.${payload}.${flipped}`, minutes(1))).toBeNull();
  });

  it("an HS256 token forged with the public key as its secret is refused", async () => {
    const { sessionId } = await createSession(userId, client, t0);
    const publicPem = config().secrets.SESSION_SIGNING_PUBLIC_KEY!;
    const forged = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(userId)
      .setIssuer(config().APP_URL)
      .setAudience("switchboard:session")
      .setIssuedAt(Math.floor(t0.getTime() / 1000))
      .setExpirationTime(Math.floor(minutes(60).getTime() / 1000))
      .sign(new TextEncoder().encode(publicPem));
    expect(await resolveSession(forged, minutes(1))).toBeNull();
  });

  it("an alg:none token is refused", async () => {
    const { sessionId } = await createSession(userId, client, t0);
    const enc = (o: object) => base64url.encode(JSON.stringify(o));
    const claims = { sid: sessionId, sub: userId, iss: config().APP_URL, aud: "switchboard:session", exp: Math.floor(minutes(60).getTime() / 1000) };
    expect(await resolveSession(`${enc({ alg: "none", typ: "JWT" })}.${enc(claims)}.`, minutes(1))).toBeNull();
  });

  it("a token signed by another RS256 key is refused", async () => {
    const { sessionId } = await createSession(userId, client, t0);
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const forged = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: "RS256" })
      .setSubject(userId)
      .setIssuer(config().APP_URL)
      .setAudience("switchboard:session")
      .setExpirationTime(Math.floor(minutes(60).getTime() / 1000))
      .sign(createPrivateKey(privateKey.export({ type: "pkcs8", format: "pem" })));
    // Control: the forgery is a well-formed token in every other respect (its claims pass
    // the same checks under its own key), so the refusal below is down to the key alone.
    const { payload } = await jwtVerify(forged, publicKey, {
      algorithms: ["RS256"],
      issuer: config().APP_URL,
      audience: "switchboard:session",
      currentDate: minutes(1),
    });
    expect(payload).toMatchObject({ sub: userId, sid: sessionId });
    expect(await resolveSession(forged, minutes(1))).toBeNull();
  });

  it("the app's own tokens are RS256 under an RSA key of at least 2048 bits, and verify only with its public key", async () => {
    const { token } = await createSession(userId, client, t0);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "RS256" });
    const publicKey = createPublicKey(config().secrets.SESSION_SIGNING_PUBLIC_KEY!);
    expect(publicKey.asymmetricKeyType).toBe("rsa");
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
    const options = { algorithms: ["RS256"], issuer: config().APP_URL, audience: "switchboard:session", currentDate: minutes(1) };
    await expect(jwtVerify(token, publicKey, options)).resolves.toMatchObject({ payload: { sub: userId } });
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    await expect(jwtVerify(token, stranger, options)).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
  });

  it("a valid signature naming someone else's session row is refused", async () => {
    const other = await createUser("eve@example.com");
    const { sessionId } = await createSession(userId, client, t0);
    const token = await signSessionToken({ sub: other.id, sid: sessionId }, minutes(60), t0);
    expect(await resolveSession(token, minutes(1))).toBeNull();
  });

  it("changing the password signs out every other session and keeps this one", async () => {
    const a = await createSession(userId, client, t0);
    const b = await createSession(userId, client, t0);
    const current = (await resolveSession(a.token, minutes(1)))!;
    const { revokedSessions } = await changePassword(current, GOOD_PASSWORD, "a brand new passphrase 77", client, minutes(2));
    expect(revokedSessions).toBeGreaterThanOrEqual(1);
    expect(await resolveSession(b.token, minutes(3))).toBeNull();
    expect(await resolveSession(a.token, minutes(3))).not.toBeNull();
  });
});
