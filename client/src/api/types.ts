import type {
  Brief,
  BriefAbilities,
  Member,
  Recommendation,
  RecommendationAbilities,
  Role,
  Sector,
} from "@accord/domain";

/** What the API says about the person logged in (never a password hash or a session). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface BriefSummary {
  id: string;
  title: string;
  description: string;
  role: Role;
  updatedAt?: string;
}

export interface BriefDetails {
  brief: Brief;
  role: Role;
  abilities: BriefAbilities;
}

export type RecommendationView = Recommendation & { abilities: RecommendationAbilities };

export interface InviteDetails {
  briefId: string;
  briefTitle: string;
  role: Role;
  invitedBy: string;
}

export interface CreatedInvite {
  token: string;
  url: string;
}

export type { Brief, Member, Sector };
