import type { CitationEvent, SourceEvent } from "@accord/protocol";
import type { Notifier } from "../commands/context.js";

/**
 * The notifications of citations and bibliography sources. `Notifier` (commands/context.ts) and
 * EventHub gain these two methods when the integrator wires them (each emits the event to the
 * brief's room, as `briefUpdated` does); until then these calls announce nothing.
 */
export interface CitationNotifier {
  citation(event: CitationEvent): void;
  source(event: SourceEvent): void;
}

export function notifyCitation(notify: Notifier, event: CitationEvent): void {
  const target = notify as Notifier & Partial<CitationNotifier>;
  if (typeof target.citation === "function") target.citation(event);
}

export function notifySource(notify: Notifier, event: SourceEvent): void {
  const target = notify as Notifier & Partial<CitationNotifier>;
  if (typeof target.source === "function") target.source(event);
}
