import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { signupSchema } from "@accord/domain";
import { checkNewPassword } from "../auth/passwordPolicy.js";
import { hashPassword } from "../auth/passwords.js";
import { parseConfig } from "../config.js";
import { AppError } from "../errors.js";
import { openStore } from "../store/index.js";

/**
 * Creates an account from the command line, whatever SIGNUP_MODE says: how the first person
 * gets into a server that admits accounts by invite only (they then create a brief and invite
 * the others). A second composition root, for this one job: it reads the same settings as the
 * server to find the same store.
 *
 *   printf '%s\n' 'the password' | npm run account:create -- --email ada@example.org --name "Ada Lovelace"
 *
 * The password is read from the first line of standard input, never from an argument, which
 * other users of the machine could see in the process list.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
  const password = await firstLine();
  const input = signupSchema.safeParse({ email: values.email, name: values.name, password });
  if (!input.success) {
    fail(input.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("\n"));
    return;
  }
  const { email, name } = input.data;
  try {
    await checkNewPassword(password, { email, name }, "password");
  } catch (error) {
    fail(error instanceof AppError ? `password: ${error.message}` : String(error));
    return;
  }
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    fail(`The configuration is invalid:\n${parsed.problems.join("\n")}`);
    return;
  }
  const { config } = parsed;
  const store = await openStore({
    mongodbUrl: config.mongodbUrl,
    mongodbDb: config.mongodbDb,
    dataDir: config.dataDir,
    sqliteSynchronous: config.sqliteSynchronous,
  });
  try {
    const user = await store.createUser({ email, name, passwordHash: await hashPassword(password) });
    console.log(`Created the account of ${user.name} <${user.email}>.`);
  } catch (error) {
    fail(error instanceof AppError ? error.message : String(error));
  } finally {
    await store.close();
  }
}

function firstLine(): Promise<string> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    let line: string | null = null;
    lines.once("line", (first) => {
      line = first;
      lines.close();
    });
    lines.once("close", () => resolve(line ?? ""));
  });
}

function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

void main();
