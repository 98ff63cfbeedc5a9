import { SourceView } from "./SourceView";
import type { BriefSource } from "./sourceTypes";

interface SourceListProps {
  sources: BriefSource[];
  canEdit: boolean;
  onEdit: (source: BriefSource) => void;
  onDelete: (source: BriefSource) => void;
}

/** The brief's sources in the order they were added, each with Edit and Delete for those who may. */
export function SourceList({ sources, canEdit, onEdit, onDelete }: SourceListProps) {
  return (
    <ol className="bib-source-list" aria-label="Sources">
      {sources.map((source) => (
        <li key={source.id} className="bib-source-row" data-testid="source-row">
          <SourceView csl={source.csl} />
          {canEdit ? (
            <div className="bib-source-actions">
              <button type="button" className="button button-secondary button-small" onClick={() => onEdit(source)}>
                Edit<span className="visually-hidden"> “{source.csl.title}”</span>
              </button>
              <button
                type="button"
                className="button button-danger-quiet button-small"
                onClick={() => onDelete(source)}
              >
                Delete<span className="visually-hidden"> “{source.csl.title}”</span>
              </button>
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
