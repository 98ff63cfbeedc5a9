import { useId, useState } from "react";
import { Dialog } from "../components/Dialog";
import { NoteText } from "../evidence/NoteText";
import { passagePlace, type CardPassage } from "./citationPassage";
import type { CitationQuote } from "./citationTypes";
import { QuoteInPassage } from "./QuoteInPassage";
import { SourceTitle } from "./SourceTitle";
import type { BriefSourcesState } from "./useBriefSources";

/** The citation a card shows: a stored one, or an older body's whole-passage node (`id` null). */
export interface CardCitation {
  id: string | null;
  quote: CitationQuote | null;
  notes: number[];
  sourceIds: string[];
  sourcesChosen: boolean;
}

interface CitationCardProps {
  citation: CardCitation;
  passage: CardPassage;
  bibliography: BriefSourcesState;
  /** Editors and leads tick and save; everyone else reads. */
  editable: boolean;
  /** Stores the choice; rejects with the message to show. */
  onSave: (choice: { notes: number[]; sourceIds: string[] }) => Promise<void>;
  onClose: () => void;
}

/**
 * A citation's card: the quote in its passage, and the sources it rests on — the passage's
 * notes (its page's, when the report did not mark which it cites) and the brief's
 * bibliography — as checkboxes to tick, or read-only for readers.
 */
export function CitationCard({ citation, passage, bibliography, editable, onSave, onClose }: CitationCardProps) {
  const baseId = useId();
  const [notes, setNotes] = useState<ReadonlySet<number>>(new Set(citation.notes));
  const [sourceIds, setSourceIds] = useState<ReadonlySet<string>>(new Set(citation.sourceIds));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sources = bibliography.status === "loaded" ? bibliography.sources : [];

  function toggle<T>(set: ReadonlySet<T>, value: T): Set<T> {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  }

  async function save() {
    setBusy(true);
    setError(null);
    try {
      // The report's order, not the order of ticking.
      const chosenNotes = passage.notes.map((note) => note.number).filter((number) => notes.has(number));
      const extraNotes = [...notes].filter((number) => !passage.notes.some((note) => note.number === number));
      await onSave({
        notes: [...chosenNotes, ...extraNotes],
        sourceIds: sources.map((source) => source.id).filter((id) => sourceIds.has(id)),
      });
      onClose();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The sources could not be saved.");
      setBusy(false);
    }
  }

  const notesLegend =
    passage.sourcesFrom === "page"
      ? `Notes of page ${passage.page} (the report does not mark which this passage cites)`
      : "Notes of the passage";

  return (
    <Dialog
      open
      title={citation.quote ? "Cited words and their sources" : "Cited passage and its sources"}
      onClose={onClose}
      description={`${passagePlace(passage, true)}`}
    >
      <div className="citation-card" data-testid="citation-card">
        <QuoteInPassage className="citation-card-passage" text={passage.text} quote={citation.quote} />
        {!citation.sourcesChosen ? (
          <p className="sources-not-chosen" data-testid="sources-not-chosen">
            Sources not chosen yet
          </p>
        ) : null}
        {!editable ? (
          <p className="muted small" data-testid="citation-card-read-only">
            Read-only: only editors and leads choose a citation’s sources.
          </p>
        ) : null}
        <fieldset className="citation-card-group" disabled={!editable || busy}>
          <legend>{notesLegend}</legend>
          {passage.notes.length === 0 ? (
            <p className="muted small">
              {passage.sourcesFrom === "page" ? `Page ${passage.page} has no notes.` : "This passage has no notes."}
            </p>
          ) : null}
          {passage.notes.map((note) => (
            <label key={note.number} className="citation-card-option">
              <input
                type="checkbox"
                checked={notes.has(note.number)}
                onChange={() => setNotes((current) => toggle(current, note.number))}
              />
              <span className="source-note-number">{note.number}</span>
              <span className="source-note-text">
                <NoteText text={note.text} urls={note.urls} />
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="citation-card-group" disabled={!editable || busy}>
          <legend>Bibliography of the brief</legend>
          {bibliography.status === "loading" ? <p className="muted small">Loading the bibliography…</p> : null}
          {bibliography.status === "failed" ? <p className="field-error">{bibliography.message}</p> : null}
          {bibliography.status === "loaded" && sources.length === 0 ? (
            <p className="muted small">No bibliography sources yet.</p>
          ) : null}
          {sources.map((source) => (
            <label key={source.id} className="citation-card-option">
              <input
                type="checkbox"
                checked={sourceIds.has(source.id)}
                onChange={() => setSourceIds((current) => toggle(current, source.id))}
              />
              <span className="source-note-text">
                <SourceTitle source={source} />
              </span>
            </label>
          ))}
        </fieldset>
        {error ? (
          <p className="field-error" role="alert" id={`${baseId}-error`}>
            {error}
          </p>
        ) : null}
        <div className="button-row">
          {editable ? (
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void save()}>
              {busy ? "Saving…" : "Save sources"}
            </button>
          ) : null}
          <button type="button" className="button button-secondary" onClick={onClose}>
            {editable ? "Cancel" : "Close"}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
