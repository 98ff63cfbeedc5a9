import type { Status } from "@accord/domain";
import { useState } from "react";
import { errorMessage } from "../api/ApiError";
import { STATUS_LABELS } from "../components/labels";
import { STATUSES } from "../components/statuses";
import { useBriefDetails, useRecommendations, useSectors, useWorkspace } from "../components/workspaceContext";
import { useBibliographyApi } from "../sources/useBibliographyApi";
import { styleName, useCitationStyles } from "../sources/useCitationStyles";
import { downloadExport, FORMATS, type ExportFormat, type ExportSelection } from "./exportApi";
import { ExportPreviewList } from "./ExportPreviewList";
import { useExportPreview } from "./useExportPreview";

/**
 * The lead's export screen (route `/briefs/:briefId/export`): choose sectors and statuses,
 * see what will be included and what to check, then download in one of four formats.
 */
export function ExportPage() {
  const { briefId, announce } = useWorkspace();
  const sectors = useSectors();
  const details = useBriefDetails();
  const recommendations = useRecommendations();
  const styles = useCitationStyles(useBibliographyApi());
  const [excludedSectors, setExcludedSectors] = useState<ReadonlySet<string>>(new Set());
  const [statuses, setStatuses] = useState<ReadonlySet<Status>>(new Set<Status>(["approved"]));
  const [preparing, setPreparing] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  const sectorIds = sectors.filter((s) => !excludedSectors.has(s.id)).map((s) => s.id);
  const selection: ExportSelection = {
    sectorIds,
    allSectors: excludedSectors.size === 0,
    statuses: STATUSES.filter((s) => statuses.has(s)),
  };
  const canExport = details.abilities.export;
  const nothingChosen = sectorIds.length === 0 || selection.statuses.length === 0;
  const preview = useExportPreview(briefId, selection);
  const style =
    preview.status === "ready" && preview.preview.style
      ? preview.preview.style.title
      : styleName(styles, details.brief.citationStyle);
  const titleOf = (recommendationId: string) =>
    recommendations.find((r) => r.id === recommendationId)?.title ?? "A recommendation";

  if (!canExport) {
    return (
      <section className="workspace-main">
        <h1>Export</h1>
        <p>Only the brief's leads can export it.</p>
      </section>
    );
  }

  const toggle = <T,>(set: ReadonlySet<T>, value: T): Set<T> => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  };

  const download = async (format: ExportFormat, label: string) => {
    setPreparing(format);
    setError(null);
    try {
      const filename = await downloadExport(briefId, format, selection);
      announce(`${label} export ready: ${filename}`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPreparing(null);
    }
  };

  return (
    <section className="workspace-main export-page" aria-labelledby="export-heading">
      <h1 id="export-heading">Export the brief</h1>
      <p className="export-style" data-testid="export-style">
        <span className="muted">Notes and bibliography in </span>
        <strong>
          {styles.status === "loading" && !(preview.status === "ready" && preview.preview.style) ? "…" : style}
        </strong>
        <span className="muted small"> · change the style under Edit brief.</span>
      </p>
      <form className="export-options" onSubmit={(event) => event.preventDefault()}>
        <fieldset>
          <legend>Sectors</legend>
          {sectors.map((sector) => (
            <label key={sector.id} className="checkbox">
              <input
                type="checkbox"
                checked={!excludedSectors.has(sector.id)}
                onChange={() => setExcludedSectors(toggle(excludedSectors, sector.id))}
              />
              {sector.name}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Statuses</legend>
          {STATUSES.map((status) => (
            <label key={status} className="checkbox">
              <input
                type="checkbox"
                checked={statuses.has(status)}
                onChange={() => setStatuses(toggle(statuses, status))}
              />
              {STATUS_LABELS[status]}
            </label>
          ))}
        </fieldset>
      </form>

      <h2>What will be included</h2>
      <div aria-live="polite" aria-busy={preview.status === "loading"}>
        {nothingChosen ? (
          <p>Choose at least one sector and one status.</p>
        ) : preview.status === "loading" ? (
          <p>Loading the preview…</p>
        ) : preview.status === "error" ? (
          <p role="alert">{preview.message}</p>
        ) : (
          <ExportPreviewList preview={preview.preview} briefId={briefId} titleOf={titleOf} />
        )}
      </div>

      <h2 id="export-formats-heading">Download</h2>
      {/* biome-ignore lint/a11y/useSemanticElements: a group of download buttons, not form fields: a fieldset would announce it as part of a form */}
      <div role="group" aria-labelledby="export-formats-heading" className="export-formats">
        {FORMATS.map(({ format, label, description }) => (
          <button
            key={format}
            type="button"
            className="button"
            disabled={preparing !== null || nothingChosen}
            aria-describedby={`export-format-${format}`}
            onClick={() => void download(format, label)}
          >
            {preparing === format ? `Preparing ${label}…` : label}
            <span id={`export-format-${format}`} className="visually-hidden">
              {description}
            </span>
          </button>
        ))}
      </div>
      {preparing ? <p role="status">Preparing the {FORMATS.find((f) => f.format === preparing)?.label} file…</p> : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
