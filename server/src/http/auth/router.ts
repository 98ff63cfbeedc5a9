import { Router, type Request, type Response } from "express";
import { loginSchema } from "@accord/domain";
import { clearedSessionCookie, parseCookies, sessionCookie, SESSION_COOKIE } from "../../auth/cookies.js";
import { hashSessionToken, type Sessions } from "../../auth/Sessions.js";
import { createDummyHash } from "../../auth/passwords.js";
import { changePassword } from "../../commands/changePassword.js";
import { login } from "../../commands/login.js";
import type { Store } from "../../store/Store.js";
import { currentUser, requireUser, type AuthedLocals } from "../middleware.js";
import { presentUser } from "../present.js";
import { ValidationError } from "../../errors.js";
import { parse } from "../validate.js";
import { loginLimiters, markWrongCurrentPassword, passwordChangeLimiter } from "./loginLimits.js";
import type { RateLimitStores } from "./rateLimitStores.js";
import { changePasswordSchema } from "./schemas.js";

export interface AuthRouterOptions {
  store: Store;
  sessions: Sessions;
  sessionTtlMs: number;
  secureCookies: boolean;
  /** Failed logins per (address, account) pair per 15 minutes; also wrong current passwords per user on a password change. */
  loginRateLimit: number;
  /** Failed logins per account per 15 minutes, from any address. @default 50 */
  loginAccountRateLimit?: number;
  /** Failed logins per address per 15 minutes, whatever the accounts. @default 100 */
  loginAddressRateLimit?: number;
  /** Where the limits' counts are kept (Redis with several processes). @default memory */
  rateLimitStores?: RateLimitStores;
}

export function authRouter({
  store,
  sessions,
  sessionTtlMs,
  secureCookies,
  loginRateLimit,
  ...options
}: AuthRouterOptions): Router {
  const router = Router();
  const dummyHash = createDummyHash();
  // Only failures count, per address AND account (see loginLimits.ts).
  const loginLimits = loginLimiters({
    perPair: loginRateLimit,
    perAccount: options.loginAccountRateLimit ?? 50,
    perAddress: options.loginAddressRateLimit ?? 100,
    stores: options.rateLimitStores,
  });
  const passwordLimit = passwordChangeLimiter(loginRateLimit, { stores: options.rateLimitStores });

  async function startSession(res: Response, userId: string): Promise<void> {
    const token = await sessions.create(userId);
    res.setHeader("Set-Cookie", sessionCookie(token, { maxAgeMs: sessionTtlMs, secure: secureCookies }));
  }

  router.post("/auth/login", ...loginLimits, async (req: Request, res: Response) => {
    const input = parse(loginSchema, req.body);
    const user = await login(store, dummyHash, input);
    await startSession(res, user.id);
    res.json({ user: presentUser(user) });
  });

  // Ending a session also closes the document sockets and socket.io connections opened with it
  // (Sessions tells the socket servers).
  router.post("/auth/logout", requireUser(sessions), async (req: Request, res: Response) => {
    await sessions.destroy(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    res.setHeader("Set-Cookie", clearedSessionCookie(secureCookies));
    res.status(204).end();
  });

  router.post("/auth/logout-everywhere", requireUser(sessions), async (_req: Request, res: Response) => {
    await sessions.endAllOfUser(currentUser(res).id, "logout");
    res.setHeader("Set-Cookie", clearedSessionCookie(secureCookies));
    res.status(204).end();
  });

  router.post("/auth/password", requireUser(sessions), passwordLimit, async (req: Request, res: Response) => {
    const input = parse(changePasswordSchema, req.body);
    const sessionHash = hashSessionToken((res.locals as AuthedLocals).sessionToken);
    try {
      await changePassword(store, sessions, { user: currentUser(res), sessionHash }, input);
    } catch (error) {
      // Only guesses of the current password count against the limit, not weak new ones.
      if (error instanceof ValidationError && error.field === "currentPassword") markWrongCurrentPassword(res);
      throw error;
    }
    res.status(204).end();
  });

  router.get("/me", requireUser(sessions), (_req: Request, res: Response) => {
    res.json({ user: presentUser(currentUser(res)) });
  });

  return router;
}
