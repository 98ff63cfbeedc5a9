import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/ApiError";
import { useWorkspace } from "./workspaceContext";
import { useBriefCache } from "../api/useBriefCache";

export function AddSectorForm() {
  const { api, briefId, announce } = useWorkspace();
  const { putSector } = useBriefCache();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim()) {
      setError("Enter a name for the sector.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { sector } = await api.sectors.create(briefId, { name: name.trim() });
      putSector(sector);
      setName("");
      announce(`Sector ${sector.name} added.`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-sector" onSubmit={onSubmit} noValidate aria-label="Add a sector">
      <label htmlFor="new-sector-name">New sector</label>
      <div className="input-with-button">
        <input
          id="new-sector-name"
          value={name}
          maxLength={100}
          placeholder="e.g. Energy"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "new-sector-error" : undefined}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="button button-secondary button-small" disabled={busy}>
          Add sector
        </button>
      </div>
      {error ? (
        <p id="new-sector-error" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
