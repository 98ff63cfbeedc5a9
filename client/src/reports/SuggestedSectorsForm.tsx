import { useId, useState, type FormEvent } from "react";
import { errorMessage } from "../api/ApiError";
import type { SuggestedSector } from "@accord/protocol";
import { useSectors, useWorkspace } from "../components/workspaceContext";
import { useBriefCache } from "../api/useBriefCache";

interface Row {
  section: string;
  name: string;
  accepted: boolean;
  exists: boolean;
  skipped: boolean;
  created: boolean;
  error: string | null;
}

/**
 * The report's sector-like sections offered as sectors: each can be accepted (checkbox),
 * renamed, or skipped. Ones the brief already has start unchecked. Creates the accepted
 * ones one by one, so one refused name does not lose the others.
 */
export function SuggestedSectorsForm({ suggestions, onDone }: { suggestions: SuggestedSector[]; onDone: () => void }) {
  const baseId = useId();
  const { api, briefId, announce } = useWorkspace();
  const sectors = useSectors();
  const { putSector } = useBriefCache();
  const [rows, setRows] = useState<Row[]>(() => {
    const existing = new Set(sectors.map((sector) => sector.name.trim().toLowerCase()));
    return suggestions.map((suggestion) => {
      const exists = suggestion.exists || existing.has(suggestion.name.trim().toLowerCase());
      return {
        section: suggestion.section,
        name: suggestion.name,
        accepted: !exists,
        exists,
        skipped: false,
        created: false,
        error: null,
      };
    });
  });
  const [busy, setBusy] = useState(false);
  const [finished, setFinished] = useState<number | null>(null);

  const pending = rows.filter((row) => row.accepted && !row.skipped && !row.created);
  const update = (index: number, change: Partial<Row>) =>
    setRows((current) => current.map((row, at) => (at === index ? { ...row, ...change } : row)));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    let created = 0;
    for (const [index, row] of rows.entries()) {
      if (!row.accepted || row.skipped || row.created) continue;
      const name = row.name.trim();
      if (!name) {
        update(index, { error: "Enter a name, or skip this one." });
        continue;
      }
      try {
        const { sector } = await api.sectors.create(briefId, { name });
        putSector(sector);
        update(index, { created: true, error: null });
        created++;
      } catch (caught) {
        update(index, { error: errorMessage(caught) });
      }
    }
    setBusy(false);
    setFinished(created);
    if (created > 0) announce(`${created} sector${created === 1 ? "" : "s"} created.`);
  }

  if (rows.length === 0) {
    return (
      <div className="dialog-actions">
        <p className="muted small">The report has no headings that look like sectors.</p>
        <span className="spacer" />
        <button type="button" className="button button-primary" onClick={onDone}>
          Done
        </button>
      </div>
    );
  }

  return (
    <form className="suggested-sectors" onSubmit={onSubmit} aria-labelledby={`${baseId}-heading`} noValidate>
      <h3 id={`${baseId}-heading`}>Sectors suggested by the report</h3>
      <p className="muted small">
        Its sector-like headings, as sector names. Untick or skip the ones you do not want, and rename any.
      </p>
      <ul className="suggested-sector-list">
        {rows.map((row, index) => {
          const checkboxId = `${baseId}-accept-${index}`;
          const nameId = `${baseId}-name-${index}`;
          if (row.skipped) {
            return (
              <li key={row.section} className="suggested-sector suggested-sector-skipped">
                <span className="muted">Skipped “{row.section}”</span>
                <button type="button" className="button-link" onClick={() => update(index, { skipped: false })}>
                  Undo
                </button>
              </li>
            );
          }
          return (
            <li key={row.section} className="suggested-sector" data-testid="suggested-sector">
              <input
                id={checkboxId}
                type="checkbox"
                className="suggested-sector-check"
                checked={row.accepted || row.created}
                disabled={row.created || busy}
                onChange={(event) => update(index, { accepted: event.target.checked })}
              />
              <div className="suggested-sector-fields">
                <label htmlFor={checkboxId} className="suggested-sector-section">
                  Create a sector for “{row.section}”
                </label>
                <div className="suggested-sector-name">
                  <label htmlFor={nameId} className="visually-hidden">
                    Sector name for {row.section}
                  </label>
                  <input
                    id={nameId}
                    type="text"
                    value={row.name}
                    maxLength={100}
                    disabled={row.created || busy}
                    aria-invalid={row.error ? true : undefined}
                    onChange={(event) => update(index, { name: event.target.value, accepted: true })}
                  />
                  {row.created ? (
                    <span className="pill pill-approved">Created</span>
                  ) : row.exists ? (
                    <span className="pill pill-role">Already a sector</span>
                  ) : null}
                </div>
                {row.error ? (
                  <p className="field-error" role="alert">
                    {row.error}
                  </p>
                ) : null}
              </div>
              {!row.created ? (
                <button
                  type="button"
                  className="button-link suggested-sector-skip"
                  aria-label={`Skip ${row.section}`}
                  disabled={busy}
                  onClick={() => update(index, { skipped: true })}
                >
                  Skip
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {finished !== null ? (
        <p className="muted small" role="status">
          {finished === 0 ? "No sector was created." : `${finished} sector${finished === 1 ? "" : "s"} created.`}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onDone} disabled={busy}>
          {finished !== null && pending.length === 0 ? "Done" : "Not now"}
        </button>
        <span className="spacer" />
        {pending.length > 0 ? (
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? "Creating…" : `Create ${pending.length} sector${pending.length === 1 ? "" : "s"}`}
          </button>
        ) : null}
      </div>
    </form>
  );
}
