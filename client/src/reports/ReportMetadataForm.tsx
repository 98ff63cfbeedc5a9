import { useId, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import type { ReportMetadata, ReportSummary } from "@accord/protocol";
import { FormField } from "../components/FormField";
import { useWorkspace } from "../components/workspaceContext";
import { useBriefCache } from "../api/useBriefCache";
import { reportsChanged } from "../realtime/liveQueryKeys";

type Field = keyof ReportMetadata;

interface ReportMetadataFormProps {
  reportId: string;
  metadata: ReportMetadata;
  onSaved: (report: ReportSummary) => void;
  onCancel: () => void;
}

/**
 * Correct what the importer read about a report (a lead). Authors are one per line. The
 * server checks every field and names the wrong one; its message is shown under that field.
 */
export function ReportMetadataForm({ reportId, metadata, onSaved, onCancel }: ReportMetadataFormProps) {
  const { api, briefId, announce } = useWorkspace();
  const cache = useBriefCache();
  const authorsId = useId();
  const [title, setTitle] = useState(metadata.title);
  const [authors, setAuthors] = useState(metadata.authors.join("\n"));
  const [publisher, setPublisher] = useState(metadata.publisher ?? "");
  const [date, setDate] = useState(metadata.date ?? "");
  const [reportNumber, setReportNumber] = useState(metadata.reportNumber ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: Field | null; message: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === "") {
      setError({ field: "title", message: "A report needs a title." });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { report } = await api.reports.update(briefId, reportId, {
        title: title.trim(),
        authors: authors
          .split("\n")
          .map((author) => author.trim())
          .filter((author) => author !== ""),
        publisher: publisher.trim() || null,
        date: date.trim() || null,
        reportNumber: reportNumber.trim() || null,
      });
      // The notification may come later, or not at all.
      void cache.refetch(reportsChanged(briefId));
      announce(`Details of “${report.title}” saved.`);
      onSaved(report);
    } catch (caught) {
      const field = caught instanceof ApiError && isField(caught.field) ? caught.field : null;
      setError({ field, message: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (field: Field) => (error?.field === field ? error.message : undefined);
  const authorsError = fieldError("authors");
  return (
    <form
      className="report-metadata-form"
      aria-label="Report details"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      {error && error.field === null ? (
        <div className="banner banner-error" role="alert">
          {error.message}
        </div>
      ) : null}
      <FormField
        label="Title"
        value={title}
        maxLength={300}
        required
        autoFocus
        onChange={(event) => setTitle(event.target.value)}
        error={fieldError("title")}
      />
      <div className="field">
        <label htmlFor={authorsId}>Authors</label>
        <textarea
          id={authorsId}
          rows={Math.min(6, Math.max(2, authors.split("\n").length))}
          value={authors}
          aria-describedby={`${authorsId}-hint${authorsError ? ` ${authorsId}-error` : ""}`}
          aria-invalid={authorsError ? true : undefined}
          onChange={(event) => setAuthors(event.target.value)}
        />
        <p id={`${authorsId}-hint`} className="field-hint">
          One per line.
        </p>
        {authorsError ? (
          <p id={`${authorsId}-error`} className="field-error">
            {authorsError}
          </p>
        ) : null}
      </div>
      <FormField
        label="Publisher"
        value={publisher}
        maxLength={200}
        onChange={(event) => setPublisher(event.target.value)}
        error={fieldError("publisher")}
      />
      <div className="report-metadata-pair">
        <FormField
          label="Date"
          value={date}
          placeholder="YYYY-MM-DD"
          hint="A year, year-month or full date, e.g. 2024 or 2024-03-15."
          onChange={(event) => setDate(event.target.value)}
          error={fieldError("date")}
        />
        <FormField
          label="Report number"
          value={reportNumber}
          maxLength={200}
          onChange={(event) => setReportNumber(event.target.value)}
          error={fieldError("reportNumber")}
        />
      </div>
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <span className="spacer" />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Saving…" : "Save details"}
        </button>
      </div>
    </form>
  );
}

function isField(field: string | undefined): field is Field {
  return (
    field === "title" || field === "authors" || field === "publisher" || field === "date" || field === "reportNumber"
  );
}
