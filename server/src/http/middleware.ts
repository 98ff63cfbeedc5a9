import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import type { User } from "@accord/domain";
import { AppError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Sessions } from "../auth/Sessions.js";
import { parseCookies, SESSION_COOKIE } from "../auth/cookies.js";

export interface AuthedLocals {
  user: User;
  sessionToken: string;
}

/** The logged-in user of this request; only valid after `requireUser`. */
export function currentUser(res: Response): User {
  const user = (res.locals as Partial<AuthedLocals>).user;
  if (!user) throw new UnauthenticatedError();
  return user;
}

export function requireUser(sessions: Sessions): RequestHandler {
  return async (req, res, next) => {
    const token = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const user = await sessions.userFromToken(token);
    if (!user || !token) throw new UnauthenticatedError();
    Object.assign(res.locals, { user, sessionToken: token } satisfies AuthedLocals);
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a mutation whose Origin names another site. Browsers send Origin on
 * every cross-site POST/PATCH/DELETE; clients that send none (scripts, tests)
 * cannot ride a user's cookie, so they pass.
 */
export function checkOrigin(isAllowedOrigin: (origin: string | undefined) => boolean): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || isAllowedOrigin(req.headers.origin)) return next();
    next(new ForbiddenError("Cross-origin request refused."));
  };
}

/**
 * A query key spelled like an operator or a nested object (`status[$ne]=x`, `$where=…`) is
 * refused with 400 naming the key. Express's simple parser keeps such a key as plain text, so
 * it could never reach a query; refusing it says so to the caller instead of answering as if
 * the parameter had not been sent.
 */
export function refuseOperatorQueryKeys(): RequestHandler {
  return (req, _res, next) => {
    const key = Object.keys(req.query).find((name) => /[[\]]/.test(name) || name.startsWith("$"));
    if (key === undefined) return next();
    next(new ValidationError(`The query parameter ${JSON.stringify(key)} is not allowed.`, key));
  };
}

export function notFound(): RequestHandler {
  return (_req: Request, _res: Response, next: NextFunction) => next(new NotFoundError("route"));
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof AppError) {
      res.status(error.status).json({
        error: {
          code: error.code,
          message: error.message,
          ...(error.field ? { field: error.field } : {}),
          ...error.details,
        },
      });
      return;
    }
    // body-parser's errors carry a status: a malformed or oversized JSON body.
    const status = (error as { status?: unknown; type?: unknown }).status;
    if (status === 400 || status === 413 || status === 415) {
      const code = status === 400 ? "invalid" : status === 413 ? "too_large" : "unsupported_type";
      const message =
        status === 400
          ? "The request body is not valid JSON."
          : status === 413
            ? "The request body is too large."
            : "Unsupported content type.";
      res.status(status).json({ error: { code, message } });
      return;
    }
    logger.error({ err: error, method: req.method, url: req.originalUrl }, "unhandled error");
    res.status(500).json({ error: { code: "internal", message: "Something went wrong on our side." } });
  };
}
