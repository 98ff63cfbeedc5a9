import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { ApiError, errorMessage } from "../api/ApiError";
import { ErrorBanner } from "./ErrorBanner";
import { FormField } from "./FormField";
import { useSession } from "./SessionProvider";

export function CreateBriefForm() {
  const { api } = useSession();
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [fieldErrors, setFieldErrors] = useState<{ title?: string; description?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (!title.trim()) {
      setFieldErrors({ title: "Give the brief a title." });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      const { brief } = await api.briefs.create({ title: title.trim(), description: description.trim() });
      navigate(`/briefs/${encodeURIComponent(brief.id)}`);
    } catch (caught) {
      if (caught instanceof ApiError && (caught.field === "title" || caught.field === "description")) {
        setFieldErrors({ [caught.field]: caught.message });
      } else {
        setError(errorMessage(caught));
      }
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Start a brief">
      <ErrorBanner message={error} />
      <FormField
        label="Title"
        name="title"
        required
        maxLength={200}
        placeholder="Industrial decarbonisation 2030"
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        error={fieldErrors.title}
      />
      <div className="field">
        <label htmlFor="brief-description">Description (optional)</label>
        <textarea
          id="brief-description"
          name="description"
          rows={3}
          maxLength={5000}
          value={description}
          aria-invalid={fieldErrors.description ? true : undefined}
          onChange={(event) => setDescription(event.target.value)}
        />
        {fieldErrors.description ? <p className="field-error">{fieldErrors.description}</p> : null}
      </div>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? "Creating…" : "Create brief"}
      </button>
    </form>
  );
}
