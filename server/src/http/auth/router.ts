import { Router, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { loginSchema } from "@accord/domain";
import { clearedSessionCookie, parseCookies, sessionCookie, SESSION_COOKIE } from "../../auth/cookies.js";
import type { Sessions } from "../../auth/Sessions.js";
import { createDummyHash } from "../../auth/passwords.js";
import { login } from "../../commands/login.js";
import type { Store } from "../../store/Store.js";
import { currentUser, requireUser } from "../middleware.js";
import { presentUser } from "../present.js";
import { parse } from "../validate.js";

export interface AuthRouterOptions {
  store: Store;
  sessions: Sessions;
  sessionTtlMs: number;
  secureCookies: boolean;
  /** Failed attempts per client per 15 minutes. */
  loginRateLimit: number;
}

export function authRouter({ store, sessions, sessionTtlMs, secureCookies, loginRateLimit }: AuthRouterOptions): Router {
  const router = Router();
  const dummyHash = createDummyHash();
  // Only failures count: a team behind one NAT address can still log in all day.
  const limiter = () => rateLimit({
    windowMs: 15 * 60_000,
    limit: loginRateLimit,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({ error: { code: "rate_limited", message: "Too many attempts. Try again in a few minutes." } });
    },
  });
  const loginLimiter = limiter();

  async function startSession(res: Response, userId: string): Promise<void> {
    const token = await sessions.create(userId);
    res.setHeader("Set-Cookie", sessionCookie(token, { maxAgeMs: sessionTtlMs, secure: secureCookies }));
  }

  router.post("/auth/login", loginLimiter, async (req: Request, res: Response) => {
    const input = parse(loginSchema, req.body);
    const user = await login(store, dummyHash, input);
    await startSession(res, user.id);
    res.json({ user: presentUser(user) });
  });

  router.post("/auth/logout", requireUser(sessions), async (req: Request, res: Response) => {
    await sessions.destroy(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    res.setHeader("Set-Cookie", clearedSessionCookie(secureCookies));
    res.status(204).end();
  });

  router.get("/me", requireUser(sessions), (_req: Request, res: Response) => {
    res.json({ user: presentUser(currentUser(res)) });
  });

  return router;
}
