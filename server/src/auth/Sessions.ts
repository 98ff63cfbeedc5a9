import { createHash, randomBytes } from "node:crypto";
import type { User } from "@accord/domain";
import type { SessionEndReason } from "@accord/protocol";
import type { Store } from "../store/Store.js";
import { parseCookies, SESSION_COOKIE } from "./cookies.js";

/** The sha-256 of a session token: the session's id in the store and on every socket opened with it. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** A live session: who it is, its id (the token's hash) and when it ends (ms since the epoch). */
export interface ResolvedSession {
  user: User;
  sessionHash: string;
  expiresAt: number;
}

/**
 * Told which sessions just ended, after the store forgot them, so that the sockets opened with
 * them close at once (server.ts wires it to the document server and socket.io). Expiry is not
 * announced here: each socket server sweeps for expired sessions itself.
 */
export type SessionsEnded = (sessionHashes: readonly string[], reason: SessionEndReason) => void;

/** Tokens longer than this are not ours: refused before hashing. */
const MAX_TOKEN_LENGTH = 128;

/**
 * Sessions are random 256-bit tokens held in an httpOnly cookie; the store keeps only their
 * sha-256, so a copy of the database opens no session. A session ends by logout, by "log out
 * everywhere", by a password change made in another session, or by expiry; every way but expiry
 * goes through this class, which tells `ended`.
 */
export class Sessions {
  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly ended: SessionsEnded = () => {},
  ) {}

  async create(userId: string): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + this.ttlMs).toISOString();
    await this.store.createSession({ idHash: hashSessionToken(token), userId, expiresAt });
    return token;
  }

  /** The live session a token opens, or null (unknown, ended, expired, or its user is gone). */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token || token.length > MAX_TOKEN_LENGTH) return null;
    const sessionHash = hashSessionToken(token);
    const session = await this.store.getSession(sessionHash);
    if (!session) return null;
    const expiresAt = Date.parse(session.expiresAt);
    if (expiresAt <= Date.now()) return null;
    const user = await this.store.getUser(session.userId);
    return user ? { user, sessionHash, expiresAt } : null;
  }

  resolveCookieHeader(header: string | undefined): Promise<ResolvedSession | null> {
    return this.resolve(parseCookies(header).get(SESSION_COOKIE));
  }

  async userFromToken(token: string | undefined): Promise<User | null> {
    return (await this.resolve(token))?.user ?? null;
  }

  /** Whether the session is still there and unexpired: sockets check again before joining a room. */
  async isLive(sessionHash: string): Promise<boolean> {
    const session = await this.store.getSession(sessionHash);
    return session !== null && Date.parse(session.expiresAt) > Date.now();
  }

  /** Logout: this session ends, and its sockets close. */
  async destroy(token: string | undefined): Promise<void> {
    if (!token) return;
    const sessionHash = hashSessionToken(token);
    await this.store.deleteSession(sessionHash);
    this.ended([sessionHash], "logout");
  }

  /**
   * Ends every session of the user but `exceptSessionHash` ("log out everywhere" keeps none; a
   * password change keeps the one that made it), and closes their sockets.
   */
  async endAllOfUser(userId: string, reason: SessionEndReason, exceptSessionHash?: string): Promise<number> {
    const hashes = await this.store.deleteSessionsOfUser(userId, exceptSessionHash);
    if (hashes.length > 0) this.ended(hashes, reason);
    return hashes.length;
  }
}
