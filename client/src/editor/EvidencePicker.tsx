import type { Editor } from "@tiptap/react";
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";
import type { Evidence } from "@accord/protocol";
import type { CitationQuote } from "../citations/citationTypes";
import { QuoteChooser } from "../citations/QuoteChooser";
import { useWorkspace } from "../components/workspaceContext";
import { HighlightedText } from "../evidence/HighlightedText";
import { useEvidenceSearch, type EvidenceFilters } from "../evidence/useEvidenceSearch";

interface EvidencePickerProps {
  editor: Editor;
  /** Makes the citation and inserts it at the cursor; rejects with the message to show. */
  onCite: (evidenceId: string, quote?: CitationQuote | null) => Promise<void>;
  onClose: () => void;
}

const PICKER_LIMIT = 8;

/**
 * Search-and-cite at the cursor, opened by Mod-Shift-E or by typing `[[`. A combobox:
 * typing searches, the arrow keys move through the passages (aria-activedescendant),
 * Enter cites the active one, Escape closes and returns to the text.
 */
export function EvidencePicker({ editor, onCite, onClose }: EvidencePickerProps) {
  const { api, briefId } = useWorkspace();
  const [filters, setFilters] = useState<EvidenceFilters>({ q: "", reportId: "", section: "" });
  const search = useEvidenceSearch(api, briefId, filters, PICKER_LIMIT);
  const [active, setActive] = useState(0);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const baseId = useId();
  const listId = `${baseId}-list`;

  const results =
    search.status === "loaded" ? search.evidence : search.status === "loading" ? (search.previous ?? []) : [];
  const activeItem = results[Math.min(active, results.length - 1)];
  // The results shown answer what is typed now (not a query still waiting for its debounce).
  const current = search.status === "loaded" && search.query === filters.q.trim();
  const [enterPending, setEnterPending] = useState(false);
  /** The passage whose words are being chosen (Shift+Enter, or "Quote words…"). */
  const [quoting, setQuoting] = useState<Evidence | null>(null);
  const [error, setError] = useState<string | null>(null);

  useLayoutEffect(() => {
    const coords = editor.view.coordsAtPos(editor.state.selection.from);
    const width = Math.min(420, window.innerWidth - 24);
    setPosition({
      top: coords.bottom + window.scrollY + 6,
      left: Math.max(12, Math.min(coords.left + window.scrollX, window.scrollX + window.innerWidth - width - 12)),
    });
  }, [editor]);

  // Once placed: a hidden input cannot take focus.
  const placed = position !== null;
  useLayoutEffect(() => {
    if (placed) inputRef.current?.focus();
  }, [placed]);

  // A new answer starts the highlight at its first passage.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the answer is the trigger
  useEffect(() => setActive(0), [search.status === "loaded" ? search.evidence : null]);

  // Enter pressed before the answer to the latest typing arrived: cite its first passage once it does.
  useEffect(() => {
    if (!enterPending || !current) return;
    setEnterPending(false);
    const first = results[0];
    if (first) cite(first.id);
  });

  function close() {
    onClose();
    editor.commands.focus();
  }

  function cite(evidenceId: string) {
    setError(null);
    onCite(evidenceId).then(onClose, (failure: unknown) => {
      setError(failure instanceof Error ? failure.message : "The citation could not be made.");
      inputRef.current?.focus();
    });
  }

  function quote(evidence: Evidence) {
    setError(null);
    setQuoting(evidence);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (results.length) setActive((current) => (current + 1) % results.length);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (results.length) setActive((current) => (current - 1 + results.length) % results.length);
        break;
      case "Home":
      case "End":
        if (!results.length || event.currentTarget.value) break;
        event.preventDefault();
        setActive(event.key === "Home" ? 0 : results.length - 1);
        break;
      case "Enter":
        event.preventDefault();
        if (event.shiftKey) {
          if (activeItem) quote(activeItem);
        } else if (!current) setEnterPending(true);
        else if (activeItem) cite(activeItem.id);
        break;
      case "Escape":
        event.preventDefault();
        close();
        break;
      case "Tab":
        // Leaving the picker abandons it, like Escape.
        event.preventDefault();
        close();
        break;
      default:
    }
  }

  const optionId = (index: number) => `${baseId}-option-${index}`;

  return createPortal(
    // biome-ignore lint/a11y/noStaticElementInteractions: it closes when focus leaves it: a focus event, not an interaction
    <div
      className="evidence-picker"
      data-testid="evidence-picker"
      style={position ? { top: position.top, left: position.left } : { visibility: "hidden" }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onClose();
      }}
    >
      <label htmlFor={`${baseId}-input`} className="evidence-picker-label">
        Cite evidence
      </label>
      <input
        ref={inputRef}
        id={`${baseId}-input`}
        type="text"
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeItem ? optionId(results.indexOf(activeItem)) : undefined}
        aria-describedby={`${baseId}-help`}
        placeholder="Search the report…"
        autoComplete="off"
        value={filters.q}
        onChange={(event) => {
          setEnterPending(false);
          setFilters((previous) => ({ ...previous, q: event.target.value }));
        }}
        onKeyDown={onKeyDown}
      />
      <p id={`${baseId}-help`} className="visually-hidden">
        Up and down arrows choose a passage, Enter cites it, Shift and Enter chooses some of its words to cite, Escape
        returns to the text.
      </p>
      {quoting ? (
        <div className="evidence-picker-quote">
          <p className="evidence-picker-meta">
            {quoting.section ?? "Before the first section"} · page {quoting.page}
          </p>
          <QuoteChooser
            text={quoting.text}
            autoFocus
            onCite={async (chosen) => {
              await onCite(quoting.id, chosen);
              onClose();
            }}
            onCancel={() => {
              setQuoting(null);
              inputRef.current?.focus();
            }}
          />
        </div>
      ) : null}
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: WAI-ARIA combobox: the list of options is a listbox */}
      <ul id={listId} role="listbox" aria-label="Passages" className="evidence-picker-list" hidden={quoting !== null}>
        {results.map((evidence, index) => (
          // biome-ignore lint/a11y/useFocusableInteractive: WAI-ARIA combobox: focus stays in the input (aria-activedescendant), whose keys choose an option
          // biome-ignore lint/a11y/useKeyWithClickEvents: WAI-ARIA combobox: focus stays in the input (aria-activedescendant), whose keys choose an option
          <li
            key={evidence.id}
            id={optionId(index)}
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: WAI-ARIA combobox: each passage is an option
            role="option"
            aria-selected={activeItem?.id === evidence.id}
            className="evidence-picker-option"
            data-evidence-id={evidence.id}
            // The input keeps focus; a click chooses.
            onMouseDown={(event) => event.preventDefault()}
            onMouseEnter={() => setActive(index)}
            onClick={() => cite(evidence.id)}
          >
            <span className="evidence-picker-meta">
              {evidence.section ?? "Before the first section"} · page {evidence.page}
            </span>
            <span className="evidence-picker-text">
              <HighlightedText text={evidence.text} highlights={evidence.highlights} />
            </span>
          </li>
        ))}
      </ul>
      {activeItem && !quoting ? (
        <p className="evidence-picker-quote-row">
          <button
            type="button"
            className="button-link small"
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => quote(activeItem)}
          >
            Quote words of the chosen passage…
          </button>
          <span className="muted small"> (Shift+Enter)</span>
        </p>
      ) : null}
      {error ? (
        <p className="field-error evidence-picker-error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="evidence-picker-status muted small" role="status">
        {search.status === "failed"
          ? search.message
          : search.status === "loaded" && results.length === 0
            ? search.query
              ? `No passage matches “${search.query}”.`
              : "No evidence yet: a lead imports the report first."
            : ""}
      </p>
    </div>,
    document.body,
  );
}
