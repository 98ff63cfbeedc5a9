import { Router, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { confirmSignupSchema, signupSchema } from "@accord/domain";
import { sessionCookie } from "../../auth/cookies.js";
import type { Sessions } from "../../auth/Sessions.js";
import { confirmSignup } from "../../commands/confirmSignup.js";
import { signup, type SignupDeps } from "../../commands/signup.js";
import { presentUser } from "../present.js";
import { parse } from "../validate.js";
import { memoryRateLimitStores, type RateLimitStores } from "./rateLimitStores.js";

export interface SignupRouterOptions extends SignupDeps {
  sessions: Sessions;
  sessionTtlMs: number;
  secureCookies: boolean;
  /** Failed signups per client per 15 minutes (as failed logins). */
  failureRateLimit: number;
  /** With SMTP: signup and confirmation requests per client per hour, successful ones included. */
  mailRateLimit: number;
  /** Where the limits' counts are kept: shared by every process in multi-process mode. @default memory */
  rateLimitStores?: RateLimitStores;
}

/**
 * Signup, its e-mail confirmation and the policy the signup page explains. Public routes: no
 * session yet. Rules: commands/signup.ts; what each mode leaks: README, "Who may sign up".
 */
export function signupRouter(options: SignupRouterOptions): Router {
  const router = Router();
  const { sessions, policy, mailer } = options;
  const rateLimited = (_req: Request, res: Response) => {
    res.status(429).json({ error: { code: "rate_limited", message: "Too many attempts. Try again later." } });
  };
  const stores = options.rateLimitStores ?? memoryRateLimitStores;
  // Failures only: a team behind one NAT address can still sign up all day.
  const failures = rateLimit({
    ...stores.forLimiter("signup-failures"),
    windowMs: 15 * 60_000,
    limit: options.failureRateLimit,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: rateLimited,
  });
  // With SMTP every accepted signup sends a mail to an address the caller chose: counted too,
  // so that the server cannot be made to mail-bomb someone.
  const mails = rateLimit({
    ...stores.forLimiter("signup-mails"),
    windowMs: 60 * 60_000,
    limit: options.mailRateLimit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: rateLimited,
  });
  const limits = mailer ? [failures, mails] : [failures];

  async function startSession(res: Response, userId: string): Promise<void> {
    const token = await sessions.create(userId);
    res.setHeader(
      "Set-Cookie",
      sessionCookie(token, { maxAgeMs: options.sessionTtlMs, secure: options.secureCookies }),
    );
  }

  router.get("/auth/signup-policy", (_req: Request, res: Response) => {
    res.json({
      mode: policy.mode,
      ...(policy.mode === "domains" ? { domains: policy.domains } : {}),
      emailConfirmation: mailer !== null,
    });
  });

  router.post("/auth/signup", ...limits, async (req: Request, res: Response) => {
    const outcome = await signup(options, parse(signupSchema, req.body));
    if (outcome.kind === "confirm_email") {
      res.status(202).json({ status: "confirm_email" });
      return;
    }
    await startSession(res, outcome.user.id);
    res.status(201).json({ user: presentUser(outcome.user), joined: outcome.joined });
  });

  router.post("/auth/confirm", ...limits, async (req: Request, res: Response) => {
    const { token } = parse(confirmSignupSchema, req.body);
    const { user, joined } = await confirmSignup(options, token);
    await startSession(res, user.id);
    res.status(201).json({ user: presentUser(user), joined });
  });

  return router;
}
