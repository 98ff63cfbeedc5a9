import type { Role } from "./roles.js";
import type { Status } from "./status.js";

/** Timestamps are ISO-8601 strings in UTC everywhere: the store, the API and the client. */
export type IsoDate = string;

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: IsoDate;
}

export interface Brief {
  id: string;
  title: string;
  description: string;
  createdBy: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export interface Membership {
  briefId: string;
  userId: string;
  role: Role;
  joinedAt: IsoDate;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

export interface Sector {
  id: string;
  briefId: string;
  name: string;
  description: string;
  position: number;
}

export interface Recommendation {
  id: string;
  briefId: string;
  sectorId: string;
  title: string;
  status: Status;
  ownerId: string;
  position: number;
  citedEvidenceIds: string[];
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export interface Invite {
  /** The invite's public name (listing, revoking); unrelated to the token. */
  id: string;
  /** sha-256 of the token: the token itself is only ever in the link. */
  tokenHash: string;
  briefId: string;
  /** Lower-cased. When set, only the account with this e-mail may accept the invite. */
  email: string | null;
  role: Role;
  createdBy: string;
  createdAt: IsoDate;
  expiresAt: IsoDate;
  acceptedBy: string | null;
}
