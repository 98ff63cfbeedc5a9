import type { Evidence } from "@accord/protocol";
import { NoteText } from "./NoteText";
import { SourceLinks } from "./SourceLinks";

/**
 * A passage's sources as its footnotes: each note's number and whole citation, its URLs
 * as links. When the report had no footnote markers, the notes are its page's, and the
 * passage says so: not all of them may support it.
 */
export function SourceNotes({ evidence }: { evidence: Pick<Evidence, "notes" | "sources" | "sourcesFrom"> }) {
  // Evidence from before notes were sent: show the bare URLs as before.
  const notes = evidence.notes ?? [];
  if (notes.length === 0) return <SourceLinks sources={evidence.sources} />;
  return (
    <div className="source-notes" data-testid="source-notes" data-sources-from={evidence.sourcesFrom}>
      <p className="source-notes-label">{notes.length === 1 ? "Source" : "Sources"}</p>
      <ol className="source-notes-list">
        {notes.map((note) => (
          <li key={note.number} className="source-note" data-testid="source-note">
            <span className="source-note-number">
              <span className="visually-hidden">Footnote </span>
              {note.number}
            </span>
            <span className="source-note-text">
              <NoteText text={note.text} urls={note.urls} />
            </span>
          </li>
        ))}
      </ol>
      {evidence.sourcesFrom === "page" ? (
        <p className="muted small source-notes-page" data-testid="sources-from-page">
          These are the notes of the passage’s page: the report does not mark which ones it cites, so not all may apply.
        </p>
      ) : null}
    </div>
  );
}
