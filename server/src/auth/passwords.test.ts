import { describe, expect, it } from "vitest";
import { createDummyHash, hashPassword, verifyPassword } from "./passwords.js";

/** Everything but the salt and the key: what decides how much a verification costs. */
function parameters(hash: string): string[] {
  return hash.split("$").slice(0, 4);
}

describe("passwords", () => {
  it("a hash verifies its own password and no other", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
  });

  it("the dummy hash for unknown emails has the real hashes' scheme and cost, and refuses every password", async () => {
    const real = await hashPassword("anything");
    const dummy = createDummyHash();
    expect(parameters(dummy)).toEqual(parameters(real));
    expect(parameters(dummy)).toEqual(["scrypt", "32768", "8", "1"]);
    // Salt and key decode to the sizes hashPassword writes, so verification derives a full key.
    const [, , , , salt, key] = dummy.split("$");
    expect(Buffer.from(salt!, "base64url")).toHaveLength(16);
    expect(Buffer.from(key!, "base64url")).toHaveLength(32);
    expect(await verifyPassword("", dummy)).toBe(false);
    expect(await verifyPassword("anything", dummy)).toBe(false);
    // Each server start draws its own.
    expect(createDummyHash()).not.toBe(dummy);
  });
});
