import { NoteText } from "../evidence/NoteText";
import type { ChosenSources } from "./citationPassage";
import { SourceTitle } from "./SourceTitle";

/**
 * A citation's chosen sources (the report's notes with their links, then bibliography
 * sources), or the plain mark that they were never chosen.
 */
export function CitationSources({ chosen, sourcesChosen }: { chosen: ChosenSources; sourcesChosen: boolean }) {
  if (!sourcesChosen) {
    return (
      <p className="sources-not-chosen" data-testid="sources-not-chosen">
        Sources not chosen yet
      </p>
    );
  }
  const count = chosen.notes.length + chosen.sources.length;
  if (count === 0) {
    return (
      <p className="muted small" data-testid="no-sources">
        No sources: the report’s text alone.
      </p>
    );
  }
  return (
    <div className="citation-sources" data-testid="citation-sources">
      <p className="source-notes-label">{count === 1 ? "Source" : "Sources"}</p>
      <ol className="source-notes-list">
        {chosen.notes.map((note) => (
          <li key={`note-${note.number}`} className="source-note" data-testid="source-note">
            <span className="source-note-number">
              <span className="visually-hidden">Footnote </span>
              {note.number}
            </span>
            <span className="source-note-text">
              <NoteText text={note.text} urls={note.urls} />
            </span>
          </li>
        ))}
        {chosen.sources.map((source) => (
          <li key={`source-${source.id}`} className="source-note" data-testid="bibliography-source">
            <span className="source-note-number source-note-bullet" aria-hidden="true">
              •
            </span>
            <span className="source-note-text">
              <SourceTitle source={source} />
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
