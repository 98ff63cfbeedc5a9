import { useId, useState } from "react";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import type { BibliographyApi } from "./bibliographyApi";
import { CitationStyleNote } from "./CitationStyleNote";
import { DeleteSourceDialog } from "./DeleteSourceDialog";
import { EditSourceDialog } from "./EditSourceDialog";
import { PasteSourcesForm } from "./PasteSourcesForm";
import { EMPTY_DRAFT } from "./sourceDraft";
import { SourceForm } from "./SourceForm";
import { SourceList } from "./SourceList";
import type { BriefSource } from "./sourceTypes";
import { useSources } from "./useSources";

interface SourcesPageProps {
  bibliography: BibliographyApi;
  briefId: string;
  briefTitle: string;
  /** The brief's `updatedAt`: the style's title is asked again when the brief changes. */
  briefUpdatedAt: string;
  citationStyle: string;
  /** Editors and leads add, edit and delete sources (CITATIONS.md §4); everyone else reads. */
  canEdit: boolean;
  /** A lead chooses the citation style. */
  canChangeStyle: boolean;
  announce: (message: string) => void;
}

type AddMode = "paste" | "form";

/**
 * `/briefs/:briefId/sources`: the brief's bibliography beyond its reports: what is in it, and
 * (for editors and leads) adding, correcting, removing.
 */
export function SourcesPage({
  bibliography,
  briefId,
  briefTitle,
  briefUpdatedAt,
  citationStyle,
  canEdit,
  canChangeStyle,
  announce,
}: SourcesPageProps) {
  useDocumentTitle(`Bibliography sources · ${briefTitle}`);
  const sources = useSources(bibliography, briefId);
  const [mode, setMode] = useState<AddMode>("paste");
  const [editing, setEditing] = useState<BriefSource | null>(null);
  const [deleting, setDeleting] = useState<BriefSource | null>(null);
  const modeName = useId();
  const { state } = sources;

  return (
    <section className="workspace-main workspace-wide sources-page" aria-labelledby="sources-heading">
      <p className="eyebrow">Brief</p>
      <h1 id="sources-heading">Bibliography sources</h1>
      <div className="sources-intro">
        <p className="muted">
          Web pages, articles, books and reports beyond the imported reports. A citation can name them as its sources,
          and the export lists them in the bibliography.
        </p>
        <CitationStyleNote
          bibliography={bibliography}
          briefId={briefId}
          styleId={citationStyle}
          briefChangedAt={briefUpdatedAt}
          canChange={canChangeStyle}
        />
      </div>

      {canEdit ? (
        <section className="card sources-add" aria-labelledby="sources-add-heading">
          <h2 id="sources-add-heading">Add sources</h2>
          <fieldset className="segmented">
            <legend className="visually-hidden">How to add</legend>
            <label className={mode === "paste" ? "segmented-option is-selected" : "segmented-option"}>
              <input
                type="radio"
                name={modeName}
                value="paste"
                checked={mode === "paste"}
                onChange={() => setMode("paste")}
              />
              Paste BibTeX or RIS
            </label>
            <label className={mode === "form" ? "segmented-option is-selected" : "segmented-option"}>
              <input
                type="radio"
                name={modeName}
                value="form"
                checked={mode === "form"}
                onChange={() => setMode("form")}
              />
              Type one in
            </label>
          </fieldset>
          {mode === "paste" ? (
            <PasteSourcesForm
              onImport={async (format, text) => {
                const { sources: added } = await bibliography.importSources(briefId, format, text);
                sources.added(added);
                announce(added.length === 1 ? "1 source added." : `${added.length} sources added.`);
                return added;
              }}
            />
          ) : (
            <SourceForm
              initial={EMPTY_DRAFT}
              submitLabel="Add source"
              busyLabel="Adding…"
              resetAfterSubmit
              onSubmit={async (csl) => {
                const { sources: added } = await bibliography.addSource(briefId, csl);
                sources.added(added);
                announce(`Source “${csl.title}” added.`);
              }}
            />
          )}
        </section>
      ) : (
        <p className="muted small sources-readonly">
          You can read the bibliography; editors and leads add and correct its sources.
        </p>
      )}

      <section
        className="sources-listing"
        aria-labelledby="sources-list-heading"
        aria-busy={state.status === "loading"}
      >
        <h2 id="sources-list-heading">
          Sources{state.status === "loaded" ? <span className="heading-count"> ({state.sources.length})</span> : null}
        </h2>
        {state.status === "loading" ? <LoadingState label="Loading the sources…" /> : null}
        {state.status === "failed" ? (
          <div className="banner banner-error" role="alert">
            <span>{state.message}</span>
            <button type="button" className="button-link" onClick={sources.reload}>
              Try again
            </button>
          </div>
        ) : null}
        {state.status === "loaded" ? (
          state.sources.length === 0 ? (
            <p className="empty-state muted" data-testid="sources-empty">
              No sources yet.{canEdit ? " Paste a BibTeX or RIS export above, or type one in." : ""}
            </p>
          ) : (
            <SourceList sources={state.sources} canEdit={canEdit} onEdit={setEditing} onDelete={setDeleting} />
          )
        ) : null}
      </section>

      <EditSourceDialog
        source={editing}
        onClose={() => setEditing(null)}
        onSave={async (source, csl) => {
          const { source: saved } = await bibliography.updateSource(briefId, source.id, csl);
          sources.replaced(saved);
          announce(`Source “${saved.csl.title}” saved.`);
        }}
      />
      <DeleteSourceDialog
        source={deleting}
        onClose={() => setDeleting(null)}
        onDelete={async (source) => {
          await bibliography.deleteSource(briefId, source.id);
          sources.removed(source.id);
          announce(`Source “${source.csl.title}” deleted.`);
        }}
      />
    </section>
  );
}
