import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

/**
 * A software WebAuthn authenticator for tests and benchmarks: one ES256 (P-256) credential,
 * attestation "none", built by the spec (WebAuthn L3 §6.1 authenticator data, §6.5
 * attestation object, §5.8.1 client data) so the server's checks run against real bytes.
 * Flags and counter can be set per ceremony to make the refusals the tests need.
 */

type Cbor = Parameters<typeof isoCBOR.encode>[0];

const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const;

export interface CeremonyOverrides {
  /** User verification (default true). */
  uv?: boolean;
  /** The signature counter to report (default: the authenticator's next value). */
  counter?: number;
  origin?: string;
  rpId?: string;
  challenge?: string;
  /** Sign with another key than the credential's (a forged assertion). */
  forgeSignature?: boolean;
}

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private userHandle: Uint8Array | null = null;
  /** The next counter value; 0 and `counterStep: 0` model a synced passkey. */
  counter: number;

  constructor(
    readonly origin: string,
    options: { counterStart?: number; counterStep?: number; synced?: boolean } = {},
  ) {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" }));
    this.counter = options.counterStart ?? 0;
    this.counterStep = options.counterStep ?? 0;
    this.synced = options.synced ?? true;
  }

  private readonly counterStep: number;
  private readonly synced: boolean;

  get id(): string {
    return b64url(this.credentialId);
  }

  private coseKey(): Uint8Array {
    const jwk = this.publicKey.export({ format: "jwk" });
    return isoCBOR.encode(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, new Uint8Array(Buffer.from(jwk.x!, "base64url"))],
        [-3, new Uint8Array(Buffer.from(jwk.y!, "base64url"))],
      ]),
    );
  }

  private authData(rpId: string, o: CeremonyOverrides, attested: boolean, counter: number): Buffer {
    let flags = FLAG.UP | (o.uv === false ? 0 : FLAG.UV) | (this.synced ? FLAG.BE | FLAG.BS : 0);
    if (attested) flags |= FLAG.AT;
    const head = Buffer.alloc(37);
    sha256(rpId).copy(head, 0);
    head[32] = flags;
    head.writeUInt32BE(counter >>> 0, 33);
    if (!attested) return head;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    return Buffer.concat([head, Buffer.alloc(16), idLength, this.credentialId, Buffer.from(this.coseKey())]);
  }

  private clientData(type: "webauthn.create" | "webauthn.get", challenge: string, o: CeremonyOverrides): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge: o.challenge ?? challenge, origin: o.origin ?? this.origin, crossOrigin: false }));
  }

  private rpIdOf(o: CeremonyOverrides, fallback: string | undefined): string {
    return o.rpId ?? fallback ?? new URL(this.origin).hostname;
  }

  private nextCounter(o: CeremonyOverrides): number {
    if (o.counter !== undefined) return o.counter;
    const value = this.counter;
    this.counter += this.counterStep;
    return value;
  }

  /** Answers `navigator.credentials.create` options (their JSON form) with a RegistrationResponseJSON string. */
  register(options: { challenge: string; rp: { id?: string }; user: { id: string } }, o: CeremonyOverrides = {}): string {
    this.userHandle = Buffer.from(options.user.id, "base64url");
    const clientDataJSON = this.clientData("webauthn.create", options.challenge, o);
    const authData = this.authData(this.rpIdOf(o, options.rp.id), o, true, this.nextCounter(o));
    const attestationObject = isoCBOR.encode(new Map<string, Cbor>([["fmt", "none"], ["attStmt", new Map()], ["authData", new Uint8Array(authData)]]));
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ["internal"] },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    });
  }

  /** Answers `navigator.credentials.get` options with an AuthenticationResponseJSON string. */
  assert(options: { challenge: string; rpId?: string }, o: CeremonyOverrides = {}): string {
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, o);
    const authData = this.authData(this.rpIdOf(o, options.rpId), o, false, this.nextCounter(o));
    const key = o.forgeSignature ? generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey : this.privateKey;
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), key);
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle ? { userHandle: b64url(this.userHandle) } : {}),
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    });
  }
}
