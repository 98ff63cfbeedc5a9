import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { checkNewPassword } from "./passwordPolicy.js";

const ADA = { email: "ada@example.org", name: "Ada Lovelace" };

/** The error checkNewPassword throws, or null when it accepts the password. */
async function refusal(password: string, field = "password", context = ADA): Promise<ValidationError | null> {
  try {
    await checkNewPassword(password, context, field);
    return null;
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

describe("checkNewPassword", () => {
  it("refuses ten spaces: length counts after trimming", async () => {
    expect(await refusal("          ")).toMatchObject({
      field: "password",
      message: "The password needs at least 10 characters, not counting spaces at either end.",
    });
  });

  it("refuses ten NUL characters, and any control character", async () => {
    const message =
      "The password contains an invisible control character (such as a tab or line break). Use letters, digits, spaces and symbols.";
    expect(await refusal("\0".repeat(10))).toMatchObject({ field: "password", message });
    expect(await refusal("river quartz\nlantern mosaic")).toMatchObject({ field: "password", message });
    expect(await refusal("river quartz\tlantern mosaic")).toMatchObject({ field: "password", message });
  });

  it("refuses a short password padded with spaces", async () => {
    expect((await refusal("   abc12345   "))?.message).toBe(
      "The password needs at least 10 characters, not counting spaces at either end.",
    );
  });

  it("counts characters, not UTF-16 units: five emoji are five characters", async () => {
    expect((await refusal("🦊🦉🐙🦀🐝"))?.message).toBe(
      "The password needs at least 10 characters, not counting spaces at either end.",
    );
  });

  it("refuses common passwords and keyboard rows, naming why", async () => {
    expect(await refusal("password1234")).toMatchObject({
      field: "password",
      message: "The password is too close to a common password. Try a longer phrase of a few unrelated words.",
    });
    expect(await refusal("qwertyuiop")).toMatchObject({
      field: "password",
      message: "The password is one of the most common passwords. Try a longer phrase of a few unrelated words.",
    });
    expect((await refusal("1234567890"))?.message).toBe(
      "The password is one of the most common passwords. Try a longer phrase of a few unrelated words.",
    );
    expect((await refusal("aaaaaaaaaaaa"))?.message).toBe(
      "The password repeats the same characters. Try a longer phrase of a few unrelated words.",
    );
  });

  it("refuses a password built on the person's own email or name", async () => {
    expect((await refusal("ada@example.org1"))?.message).toBe(
      "The password contains your name or email address. Try a longer phrase of a few unrelated words.",
    );
    // Someone else may choose it: it is only guessable for Ada.
    expect(
      await refusal("ada@example.org1", "password", { email: "grace@example.org", name: "Grace Hopper" }),
    ).toBeNull();
    expect((await refusal("adalovelace99"))?.message).toBe(
      "The password contains your name or email address. Try a longer phrase of a few unrelated words.",
    );
  });

  it("names the field it was asked to name", async () => {
    expect(await refusal("qwertyuiop", "newPassword")).toMatchObject({
      field: "newPassword",
      message: "The new password is one of the most common passwords. Try a longer phrase of a few unrelated words.",
    });
  });

  it("accepts a strong passphrase, with or without spaces at either end", async () => {
    expect(await refusal("river quartz lantern mosaic")).toBeNull();
    expect(await refusal("  river quartz lantern mosaic  ")).toBeNull();
    expect(await refusal("correct horse battery staple")).toBeNull();
  });

  it("judges a very long password quickly: only its first 64 characters are matched", async () => {
    const started = performance.now();
    expect((await refusal("p@ssw0rd1".repeat(110)))?.field).toBe("password");
    expect(await refusal("4@1!3$0|7+".repeat(100))).toBeNull();
    // Unbounded, the first took ~500 ms here; the bound keeps both far under that.
    expect(performance.now() - started).toBeLessThan(250);
  });
});
