import {
  ServerEvent,
  type ActivityEvent,
  type BriefEvent,
  type CitationEvent,
  type ClaimsEvent,
  type MemberEvent,
  type RecommendationEvent,
  type ReportDeletedEvent,
  type ReportImportedEvent,
  type ReportUpdatedEvent,
  type ReviewEvent,
  type SectorsEvent,
  type SourceEvent,
  type VersionEvent,
} from "@accord/protocol";
import type { QueryKey } from "@tanstack/react-query";
import { queryKeys } from "../api/queryKeys";

/** The brief's notifications that say some of its server state changed. */
export type BriefChangeEvent =
  | RecommendationEvent
  | SectorsEvent
  | BriefEvent
  | MemberEvent
  | ReportImportedEvent
  | ReportUpdatedEvent
  | ReportDeletedEvent
  | ReviewEvent
  | ActivityEvent
  | CitationEvent
  | SourceEvent
  | VersionEvent
  | ClaimsEvent;

/**
 * The queries a notification makes stale: everything whose answer the change can alter, since
 * socket.io only says *that* something changed and the client refetches through REST.
 * `selfId` is the person reading: a change of their own role changes every ability the API hands out.
 */
export function staleQueryKeys(briefId: string, selfId: string, event: BriefChangeEvent): QueryKey[] {
  switch (event.type) {
    case ServerEvent.RecommendationCreated:
    case ServerEvent.RecommendationUpdated:
    case ServerEvent.RecommendationDeleted:
      return recommendationsChanged(briefId);
    case ServerEvent.SectorsUpdated:
      return [queryKeys.sectors(briefId), queryKeys.dashboard(briefId), queryKeys.citations(briefId)];
    case ServerEvent.BriefUpdated:
      return [queryKeys.details(briefId)];
    case ServerEvent.MemberUpdated: {
      // A change of members can end invites too (a lead's die with their role).
      const keys: QueryKey[] = [queryKeys.members(briefId), queryKeys.invites(briefId)];
      if (event.userId === selfId && event.role !== null)
        keys.push(queryKeys.details(briefId), queryKeys.recommendations(briefId));
      return keys;
    }
    case ServerEvent.ReportImported:
    case ServerEvent.ReportUpdated:
    case ServerEvent.ReportDeleted:
      return reportsChanged(briefId);
    case ServerEvent.ThreadCreated:
    case ServerEvent.ThreadUpdated:
    case ServerEvent.ThreadDeleted:
    case ServerEvent.CommentCreated:
    case ServerEvent.CommentUpdated:
    case ServerEvent.CommentDeleted:
      return reviewChanged(briefId, event.recommendationId);
    case ServerEvent.ActivityCreated:
      return [queryKeys.activity(briefId), queryKeys.dashboard(briefId)];
    case ServerEvent.CitationUpdated:
      return [queryKeys.citations(briefId)];
    case ServerEvent.SourceUpdated:
      // A citation names its chosen sources: a deleted or renamed one changes how it reads.
      return [queryKeys.sources(briefId), queryKeys.citations(briefId)];
    case ServerEvent.VersionCreated:
      // The list, and the caller's last review (a transition of theirs saves a version too).
      return [queryKeys.versions(briefId, event.recommendationId)];
    case ServerEvent.ClaimsUpdated:
      return claimsChanged(briefId, event.recommendationId);
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

/**
 * A recommendation was created, changed (title, sector, status, or the citations its body makes)
 * or deleted: its list, the dashboard's counts and feed, what each cites, and the report pages
 * that say which recommendations cite a passage.
 */
export function recommendationsChanged(briefId: string): QueryKey[] {
  return [
    queryKeys.recommendations(briefId),
    queryKeys.activity(briefId),
    queryKeys.dashboard(briefId),
    queryKeys.citations(briefId),
    queryKeys.reports(briefId),
  ];
}

/** A report was imported, edited or deleted: the report list and pages, and the evidence searched. */
export function reportsChanged(briefId: string): QueryKey[] {
  return [queryKeys.reports(briefId), queryKeys.evidence(briefId)];
}

/** A thread or comment of a recommendation changed: its threads, and the activity that records it. */
export function reviewChanged(briefId: string, recommendationId: string): QueryKey[] {
  return [queryKeys.threads(briefId, recommendationId), queryKeys.activity(briefId), queryKeys.dashboard(briefId)];
}

/**
 * A recommendation's claim check changed (new findings, or one ignored): its findings, the
 * dashboard's counts per sector and the export preview's warning. (An ignore's activity entry
 * comes as its own `activity.created`.)
 */
export function claimsChanged(briefId: string, recommendationId: string): QueryKey[] {
  return [
    queryKeys.claimsOf(briefId, recommendationId),
    queryKeys.dashboard(briefId),
    queryKeys.exportPreviews(briefId),
  ];
}
