import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkNewPassword } from "../../server/src/auth/passwordPolicy.js";
import { verifyPassword } from "../../server/src/auth/passwords.js";
import { openSqliteStore } from "../../server/src/store/sqlite/SqliteStore.js";
import { makeTempDir } from "../helpers/startServer.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs the CLI from source, with `stdin` as its standard input (`npm run account:create` runs its compiled copy: test/integration/compiledServer.test.ts). */
function createAccount(
  dataDir: string,
  args: string[],
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The SQLite store under dataDir, whatever the environment running the tests points at.
    const { MONGODB_URL: _mongo, ...env } = process.env;
    const child = spawn(process.execPath, ["--import", "tsx", "server/src/cli/createAccount.ts", ...args], {
      cwd: ROOT,
      env: { ...env, DATA_DIR: dataDir },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("npm run account:create (the first account of an invite-only server)", () => {
  const dataDir = makeTempDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("creates an account from its e-mail, name and a password read from standard input; refuses a weak password and a taken e-mail", async () => {
    const created = await createAccount(
      dataDir,
      ["--email", "Ada@Example.org", "--name", "Ada Lovelace"],
      "a long enough password\n",
    );
    expect(created).toEqual({
      code: 0,
      stdout: "Created the account of Ada Lovelace <ada@example.org>.\n",
      stderr: "",
    });
    const weak = await createAccount(dataDir, ["--email", "bo@example.org", "--name", "Bo"], "          \n");
    // The policy's own words (auth/passwordPolicy.ts), whatever they are.
    const policyMessage = await (async () => {
      try {
        await checkNewPassword("          ", { email: "bo@example.org", name: "Bo" }, "password");
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("the password policy accepted ten spaces");
    })();
    expect({ code: weak.code, stderr: weak.stderr }).toEqual({ code: 1, stderr: `password: ${policyMessage}\n` });
    const taken = await createAccount(
      dataDir,
      ["--email", "ada@example.org", "--name", "Ada Again"],
      "another long password\n",
    );
    expect({ code: taken.code, stderr: taken.stderr }).toEqual({
      code: 1,
      stderr: "An account with this email already exists.\n",
    });

    const store = openSqliteStore({ file: path.join(dataDir, "accord.db") });
    try {
      const ada = await store.findUserByEmail("ada@example.org");
      expect(ada?.name).toBe("Ada Lovelace");
      expect(await verifyPassword("a long enough password", ada!.passwordHash)).toBe(true);
      expect(await store.findUserByEmail("bo@example.org")).toBeNull();
    } finally {
      await store.close();
    }
  });
});
