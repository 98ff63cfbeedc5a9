import { type ClaimFindingView, MAX_CLAIM_IGNORE_REASON } from "@accord/protocol";
import { type FormEvent, useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import { errorMessage } from "../api/ApiError";
import { passageOfEvidence, passagePlace } from "../citations/citationPassage";
import type { AnchorBox } from "../components/anchoredPlacement";
import { useAnchoredPosition } from "../components/useAnchoredPosition";
import type { EvidenceCache } from "../editor/evidenceCache";
import { CLAIM_KIND_LABELS } from "./claimLabels";
import { FigureInPassage } from "./FigureInPassage";

export interface ClaimCardProps {
  finding: ClaimFindingView;
  /**
   * What the card leaves in sight, read each time it is placed: the figure down to the end of its
   * sentence and its citations, or the editor when the underline is not drawn. The card sits under
   * it, or over it when there is no room below.
   */
  anchor: () => AnchorBox | null;
  cache: EvidenceCache;
  /** The passages "Cite this passage" is offered for: stating the figure, and not cited in its sentence yet. */
  citeable: ReadonlySet<string>;
  onCite: (evidenceId: string) => Promise<void>;
  /** Editors and leads (the server checks it again). */
  canIgnore: boolean;
  onIgnore: (reason: string) => Promise<void>;
  onUnignore: () => Promise<void>;
  /** Another recommendation's title, for a figure stated differently there. */
  titleOf: (recommendationId: string) => string | null;
  /** Opened from the keyboard: the card takes the focus (and gives it back when it closes). */
  takeFocus: boolean;
  /** `restoreFocus`: closed from the keyboard or a button, so the focus goes back where the card was opened from. */
  onClose: (restoreFocus: boolean) => void;
}

/** What the passage's side of the comparison is called: the cited passage, or the report that states it. */
function passageSide(kind: ClaimFindingView["kind"]): string {
  return kind === "unsupported" ? "In the report" : "In the cited passage";
}

/**
 * The card of one figure finding (issue 19): the draft's figure beside the passage's, each
 * passage with its figure marked, and what can be done: cite the passage that states it, or
 * ignore the check with a reason (logged), or take an ignore back. A non-modal dialog: opened
 * from the keyboard it takes the focus; Escape closes it and the focus goes back where it came from.
 */
export function ClaimCard(props: ClaimCardProps) {
  const { finding, anchor, cache, citeable, canIgnore, titleOf, takeFocus, onClose } = props;
  const titleId = useId();
  const reasonId = useId();
  const card = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const position = useAnchoredPosition(card, anchor, finding.id, 8);
  const [ignoring, setIgnoring] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = (restoreFocus: boolean) => {
    const back = opener.current;
    onClose(restoreFocus);
    if (restoreFocus && back?.isConnected) back.focus();
  };
  const closeRef = useRef(close);
  closeRef.current = close;

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per finding shown: where the focus was is where it goes back
  useEffect(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, [finding.id]);
  // Once placed: a card still hidden (before its position is known) cannot take the focus.
  const focused = useRef(false);
  useEffect(() => {
    if (!position || focused.current) return;
    focused.current = true;
    if (takeFocus) card.current?.focus({ preventScroll: true });
  }, [position, takeFocus]);

  // Escape closes it wherever the focus is (in the text, after a click opened it); a press outside
  // closes it without taking the focus anywhere (the press puts it where it wants).
  useEffect(() => {
    // Captured before the editor sees it: its keymap takes Escape for itself. A modal dialog's Escape is its own.
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== "Escape" || document.querySelector("dialog[open]")) return;
      event.preventDefault();
      closeRef.current(card.current?.contains(document.activeElement) ?? false);
    };
    document.addEventListener("keydown", onEscape, true);
    return () => document.removeEventListener("keydown", onEscape, true);
  }, []);
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target;
      if (!(target instanceof Element)) return;
      if (card.current?.contains(target) || target.closest("[data-claim-id]")) return;
      closeRef.current(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, []);

  /** Done, the card closes: after citing the focus stays in the text, where the citation went. */
  const run = async (action: () => Promise<void>, restoreFocus: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      close(restoreFocus);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  const onSubmitIgnore = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) {
      setError("Say why the figure is right as written.");
      return;
    }
    void run(() => props.onIgnore(trimmed), true);
  };

  const shownFigure = finding.passages.find((passage) => passage.figure !== null)?.figure ?? null;
  const other = finding.others?.[0] ?? null;
  const comparedLabel =
    finding.kind === "inconsistent" && other
      ? `In “${titleOf(other.recommendationId) ?? "another recommendation"}”`
      : passageSide(finding.kind);
  const comparedFigure = finding.kind === "inconsistent" && other ? other.raw : (shownFigure?.raw ?? null);

  return createPortal(
    <div
      ref={card}
      role="dialog"
      aria-labelledby={titleId}
      tabIndex={-1}
      className={`claim-card claim-card-${finding.kind}`}
      data-side={position?.side}
      data-testid="claim-card"
      data-finding-id={finding.id}
      style={position ? { top: position.top, left: position.left } : { visibility: "hidden" }}
    >
      <div className="claim-card-header">
        <span className={`claim-kind-dot claim-kind-dot-${finding.kind}`} aria-hidden="true" />
        <h2 id={titleId} className="claim-card-title">
          {CLAIM_KIND_LABELS[finding.kind]}
        </h2>
        <button type="button" className="icon-button" aria-label="Close the figure check" onClick={() => close(true)}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <dl className="claim-compare">
        <div className="claim-compare-side">
          <dt>In the draft</dt>
          <dd className="claim-compare-figure claim-compare-draft" data-testid="claim-draft-figure">
            {finding.figure.raw}
          </dd>
        </div>
        <div className="claim-compare-side">
          <dt>{comparedLabel}</dt>
          <dd
            className={`claim-compare-figure${comparedFigure ? "" : " claim-compare-missing"}`}
            data-testid="claim-passage-figure"
          >
            {comparedFigure ?? "Not stated"}
          </dd>
        </div>
      </dl>
      {finding.kind === "inconsistent" && finding.others && finding.others.length > 1 ? (
        <ul className="claim-others">
          {finding.others.slice(1).map((entry) => (
            <li key={`${entry.recommendationId}:${entry.raw}`}>
              {titleOf(entry.recommendationId) ?? "Another recommendation"}: <strong>{entry.raw}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {finding.passages.length > 0 ? (
        <ul
          className="claim-passages"
          aria-label={finding.kind === "unsupported" ? "Passages that state it" : "Cited passages"}
        >
          {finding.passages.map((passage) => (
            <li key={`${passage.evidenceId}:${passage.citationId ?? ""}`}>
              <ClaimPassage
                cache={cache}
                evidenceId={passage.evidenceId}
                figure={passage.figure}
                cite={
                  citeable.has(passage.evidenceId)
                    ? () => void run(() => props.onCite(passage.evidenceId), false)
                    : null
                }
                busy={busy}
              />
            </li>
          ))}
        </ul>
      ) : null}
      {finding.ignored ? (
        <div className="claim-ignored-note">
          <p>
            Ignored by {finding.ignored.userName}: <q>{finding.ignored.reason}</q>
          </p>
          {canIgnore ? (
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={busy}
              onClick={() => void run(props.onUnignore, true)}
            >
              Un-ignore
            </button>
          ) : null}
        </div>
      ) : canIgnore && ignoring ? (
        <form className="claim-ignore-form" onSubmit={onSubmitIgnore}>
          <label htmlFor={reasonId}>Why is the figure right as written?</label>
          <textarea
            id={reasonId}
            rows={2}
            maxLength={MAX_CLAIM_IGNORE_REASON}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            // biome-ignore lint/a11y/noAutofocus: the person just asked to give a reason
            autoFocus
            data-testid="claim-ignore-reason"
          />
          <div className="claim-card-actions">
            <button type="submit" className="button button-primary button-small" disabled={busy}>
              {busy ? "Saving…" : "Ignore this check"}
            </button>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => {
                setIgnoring(false);
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : canIgnore ? (
        <div className="claim-card-actions">
          <button
            type="button"
            className="button button-secondary button-small"
            data-testid="claim-ignore-button"
            onClick={() => setIgnoring(true)}
          >
            Ignore…
          </button>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="claim-card-error">
          {error}
        </p>
      ) : null}
    </div>,
    document.body,
  );
}

/** One passage of a finding: where it comes from, its text with the figure marked, and "Cite this passage" when offered. */
function ClaimPassage({
  cache,
  evidenceId,
  figure,
  cite,
  busy,
}: {
  cache: EvidenceCache;
  evidenceId: string;
  figure: ClaimFindingView["passages"][number]["figure"];
  cite: (() => void) | null;
  busy: boolean;
}) {
  const entry = useSyncExternalStore(cache.subscribe, () => cache.read(evidenceId));
  if (entry.status === "loading") return <p className="muted small">Loading the passage…</p>;
  if (entry.status === "missing")
    return <p className="muted small">This passage no longer exists: its report may have been removed.</p>;
  const passage = passageOfEvidence(entry.evidence);
  return (
    <figure className="claim-passage">
      <figcaption className="claim-passage-place">{passagePlace(passage, true)}</figcaption>
      <FigureInPassage text={entry.evidence.text} figure={figure} />
      {cite ? (
        <button
          type="button"
          className="button button-primary button-small"
          data-testid="claim-cite-button"
          disabled={busy}
          onClick={cite}
        >
          Cite this passage
        </button>
      ) : null}
    </figure>
  );
}
