import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Secrets never reach the log: cookies, passwords and invite tokens are redacted
 * wherever they appear in a logged object.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          "password",
          "*.password",
          "passwordHash",
          "*.passwordHash",
          "token",
          "*.token",
          "inviteToken",
          "*.inviteToken",
          "req.headers.cookie",
          "headers.cookie",
          "cookie",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
