import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// N=2^15, r=8 needs 32 MiB: above OpenSSL's default maxmem, so raise it explicitly.
const PARAMS: ScryptOptions = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_BYTES, params, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$key`, so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash to verify against when the email is unknown, so that a login for an unknown email
 * costs the same time as a wrong password: the same scheme and parameters as `hashPassword`'s,
 * so verifying derives a key at the same cost. Its salt and key are random bytes rather than
 * derived: no password is known to give that key, and nothing is spent making it (a derivation
 * is ~60 ms of CPU, which used to run right after the server started listening).
 */
export function createDummyHash(): string {
  return [
    "scrypt",
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    randomBytes(16).toString("base64url"),
    randomBytes(KEY_BYTES).toString("base64url"),
  ].join("$");
}
