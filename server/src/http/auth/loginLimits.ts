import type { Request, RequestHandler, Response } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { memoryRateLimitStores, type RateLimitStores } from "./rateLimitStores.js";

export interface LoginLimits {
  /** Failed logins per (address, account) pair per window: one attacker on one account. */
  perPair: number;
  /** Failed logins per account per window, from any address: a guessing botnet. */
  perAccount: number;
  /** Failed logins per address per window, whatever the accounts: one address spraying many. */
  perAddress: number;
  /** @default 15 minutes */
  windowMs?: number;
  /** Where the counts are kept: shared by every process in multi-process mode. @default memory */
  stores?: RateLimitStores;
}

/** Marks a response refused by the pair or account limiter, which the address limiter does not count. */
const REFUSED_BY_ACCOUNT_LIMIT = "refusedByAccountLimit";

/** Longer than any address the login schema accepts (254): keys stay small whatever is sent. */
const MAX_KEYED_EMAIL = 256;

/** The account a login names, as the login schema reads it (trimmed, lower-cased); "" when there is none. */
function accountOf(req: Request): string {
  const email: unknown = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase().slice(0, MAX_KEYED_EMAIL) : "";
}

/** IPv4 as it is, IPv6 by its /56 network: one household or server holds a whole /56 or more. */
function addressOf(req: Request): string {
  return ipKeyGenerator(req.ip ?? "");
}

function refuse(res: Response, byAccountLimit: boolean): void {
  if (byAccountLimit) (res.locals as Record<string, unknown>)[REFUSED_BY_ACCOUNT_LIMIT] = true;
  res.status(429).json({ error: { code: "rate_limited", message: "Too many attempts. Try again in a few minutes." } });
}

/**
 * The login route's limits, keyed by address AND account, so that an attacker hammering one
 * account from one address locks out that pair only: the account's owner elsewhere, and the
 * other accounts behind the same address (an office's NAT), still log in. Only failures count
 * (a team logs in all day). In this process's memory, or with several processes in Redis
 * (`stores`), so that the limits hold for the deployment, not per process.
 *
 * Order matters: the address limiter runs first, so that a request it refuses creates no key in
 * the other two (a spray of made-up emails cannot grow memory past its limit), and it does not
 * count the pair and account limiters' refusals (or hammering one account would lock the
 * address out). Everything else that fails (401, 400) counts against the address.
 */
export function loginLimiters(limits: LoginLimits): RequestHandler[] {
  const windowMs = limits.windowMs ?? 15 * 60_000;
  const common = { windowMs, standardHeaders: "draft-8", legacyHeaders: false } as const;
  const stores = limits.stores ?? memoryRateLimitStores;
  const byAddress = rateLimit({
    ...common,
    ...stores.forLimiter("login-address"),
    limit: limits.perAddress,
    identifier: "address",
    keyGenerator: (req) => addressOf(req),
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) =>
      res.statusCode < 400 || (res.locals as Record<string, unknown>)[REFUSED_BY_ACCOUNT_LIMIT] === true,
    handler: (_req, res) => refuse(res, false),
  });
  const byPair = rateLimit({
    ...common,
    ...stores.forLimiter("login-pair"),
    limit: limits.perPair,
    identifier: "address-account",
    keyGenerator: (req) => `${addressOf(req)} ${accountOf(req)}`,
    skipSuccessfulRequests: true,
    handler: (_req, res) => refuse(res, true),
  });
  const byAccount = rateLimit({
    ...common,
    ...stores.forLimiter("login-account"),
    limit: limits.perAccount,
    identifier: "account",
    keyGenerator: (req) => accountOf(req),
    skipSuccessfulRequests: true,
    handler: (_req, res) => refuse(res, true),
  });
  return [byAddress, byPair, byAccount];
}

const WRONG_CURRENT_PASSWORD = "wrongCurrentPassword";

/** The route calls this when the current password did not verify: the only failure passwordChangeLimiter counts. */
export function markWrongCurrentPassword(res: Response): void {
  (res.locals as Record<string, unknown>)[WRONG_CURRENT_PASSWORD] = true;
}

/**
 * Wrong current passwords on a password change, per user: a stolen session must not become a
 * way to guess the password at full speed. A new password the policy refuses does not count.
 * Runs after requireUser.
 */
export function passwordChangeLimiter(
  limit: number,
  { windowMs = 15 * 60_000, stores = memoryRateLimitStores }: { windowMs?: number; stores?: RateLimitStores } = {},
): RequestHandler {
  return rateLimit({
    ...stores.forLimiter("password-change"),
    windowMs,
    limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (_req, res) => `user ${(res.locals as { user?: { id: string } }).user?.id ?? ""}`,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => (res.locals as Record<string, unknown>)[WRONG_CURRENT_PASSWORD] !== true,
    handler: (_req, res) => refuse(res, false),
  });
}
