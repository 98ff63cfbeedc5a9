import type { ClaimFindingView } from "@accord/protocol";
import { useState } from "react";
import { errorMessage } from "../api/ApiError";
import { LoadingState } from "../components/LoadingState";
import { formatWhen } from "../review/formatWhen";
import { CLAIM_KIND_LABELS, claimsSummary, orderFindings } from "./claimLabels";
import type { ClaimsState } from "./useClaims";
import "../styles/claims.css";

interface ClaimsPanelProps {
  state: ClaimsState;
  /** Opens the finding's card over its figure in the text (the focus goes into the card). */
  onShow: (finding: ClaimFindingView) => void;
  /** Editors and leads. */
  canIgnore: boolean;
  onUnignore: (finding: ClaimFindingView) => Promise<void>;
}

/**
 * The Figures tab (issue 19): what the claim check found in this recommendation's text, in the
 * order of the text, each opening its card; the ignored ones after them, greyed, with who
 * ignored them and why, and Un-ignore.
 */
export function ClaimsPanel({ state, onShow, canIgnore, onUnignore }: ClaimsPanelProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (state.status === "loading") return <LoadingState label="Checking the figures…" />;
  if (state.status === "failed")
    return (
      <p role="alert" className="banner banner-error">
        {state.message}
      </p>
    );
  const { claims } = state;
  const findings = orderFindings(claims.findings);
  const open = findings.filter((finding) => finding.ignored === null);
  const ignored = findings.filter((finding) => finding.ignored !== null);

  const unignore = async (finding: ClaimFindingView) => {
    setBusy(finding.id);
    setError(null);
    try {
      await onUnignore(finding);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="claims-panel" aria-labelledby="claims-panel-title" data-testid="claims-panel">
      <h2 id="claims-panel-title" className="claims-panel-title">
        Figures
      </h2>
      <p className="claims-panel-summary" data-testid="claims-summary">
        {claims.checkedAt === null ? "The figures have not been checked yet." : claimsSummary(claims.counts)}
      </p>
      {claims.checkedAt ? (
        <p className="muted small claims-panel-checked">
          Checked against the cited evidence {formatWhen(claims.checkedAt)}.
        </p>
      ) : null}
      {open.length > 0 ? (
        <ul className="claim-list" aria-label="Figures to check">
          {open.map((finding) => (
            <li key={finding.id} className={`claim-item claim-item-${finding.kind}`}>
              <button
                type="button"
                className="claim-item-show"
                data-testid="claim-item"
                onClick={() => onShow(finding)}
              >
                <span className="claim-item-head">
                  <span className={`claim-kind-dot claim-kind-dot-${finding.kind}`} aria-hidden="true" />
                  <span className="claim-item-figure">{finding.figure.raw}</span>
                  <span className="claim-item-kind">{CLAIM_KIND_LABELS[finding.kind]}</span>
                </span>
                <span className="claim-item-sentence">{finding.sentence}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {ignored.length > 0 ? (
        <>
          <h3 className="claims-panel-subtitle">Ignored ({ignored.length})</h3>
          <ul className="claim-list claim-list-ignored" aria-label="Ignored figure checks">
            {ignored.map((finding) => (
              <li key={finding.id} className="claim-item claim-item-ignored" data-testid="claim-ignored-item">
                <span className="claim-item-head">
                  <span className="claim-item-figure">{finding.figure.raw}</span>
                  <span className="claim-item-kind">{CLAIM_KIND_LABELS[finding.kind]}</span>
                </span>
                <span className="claim-item-sentence">{finding.sentence}</span>
                <span className="claim-item-reason" data-testid="claim-ignored-reason">
                  Ignored by {finding.ignored?.userName}: <q>{finding.ignored?.reason}</q>
                </span>
                {canIgnore ? (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={busy === finding.id}
                    aria-label={`Un-ignore ${finding.figure.raw}`}
                    onClick={() => void unignore(finding)}
                  >
                    Un-ignore
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {error ? (
        <p role="alert" className="claim-card-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
