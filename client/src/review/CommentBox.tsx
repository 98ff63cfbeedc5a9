import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import type { Member } from "@accord/protocol";
import { matchMembers, mentionQueryAt } from "./mentionSegments";

interface CommentBoxProps {
  /** The textarea's visible label. */
  label: string;
  /** Hide the label visually (it is still read out). */
  hideLabel?: boolean;
  submitLabel: string;
  initialValue?: string;
  placeholder?: string;
  members: readonly Member[];
  autoFocus?: boolean;
  /** Resolves when saved (the box then empties); rejects with a message to show. */
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
  testId?: string;
  /** Shown at the start of the buttons' row (a thread's Resolve, for one). */
  extraActions?: ReactNode;
  /** A one-line box that grows while typing (replies). */
  compact?: boolean;
}

/**
 * A comment's text with @mention completion: typing "@" and part of a name lists matching
 * members; Up/Down choose, Enter or Tab insert "@Full Name", Escape closes the list.
 * Ctrl/Cmd+Enter sends.
 */
export function CommentBox({
  label,
  hideLabel = false,
  submitLabel,
  initialValue = "",
  placeholder,
  members,
  autoFocus = false,
  onSubmit,
  onCancel,
  testId,
  extraActions,
  compact = false,
}: CommentBoxProps) {
  const baseId = useId();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(initialValue);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const options = mention ? matchMembers(members, mention.query) : [];
  const listOpen = options.length > 0;
  const listId = `${baseId}-mentions`;
  const optionId = (index: number) => `${baseId}-mention-${index}`;

  function track(text: string, caret: number) {
    const next = mentionQueryAt(text, caret);
    setMention(next);
    if (next?.query !== mention?.query) setActive(0);
  }

  function choose(member: Member) {
    const input = inputRef.current;
    if (!input || !mention) return;
    const caret = input.selectionStart;
    const inserted = `@${member.name} `;
    const next = value.slice(0, mention.start) + inserted + value.slice(caret);
    setValue(next);
    setMention(null);
    const at = mention.start + inserted.length;
    requestAnimationFrame(() => {
      input.focus();
      input.setSelectionRange(at, at);
    });
  }

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const body = value.trim();
    if (!body || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(body);
      setValue("");
      setMention(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The comment could not be saved.");
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (listOpen) {
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          setActive((current) => (current + 1) % options.length);
          return;
        case "ArrowUp":
          event.preventDefault();
          setActive((current) => (current - 1 + options.length) % options.length);
          return;
        case "Enter":
        case "Tab": {
          const member = options[Math.min(active, options.length - 1)];
          if (member && !event.shiftKey && !event.ctrlKey && !event.metaKey) {
            event.preventDefault();
            choose(member);
            return;
          }
          break;
        }
        case "Escape":
          event.preventDefault();
          event.stopPropagation();
          setMention(null);
          return;
        default:
      }
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === "Escape" && onCancel) {
      event.preventDefault();
      onCancel();
    }
  }

  const inputId = `${baseId}-input`;
  return (
    <form
      className={`comment-box${compact ? " comment-box-compact" : ""}`}
      onSubmit={(event) => void submit(event)}
      data-testid={testId}
    >
      <label htmlFor={inputId} className={hideLabel ? "visually-hidden" : "comment-box-label"}>
        {label}
      </label>
      <div className="comment-box-field">
        <textarea
          ref={inputRef}
          id={inputId}
          rows={compact && value === "" ? 1 : 3}
          maxLength={10_000}
          value={value}
          placeholder={placeholder}
          // biome-ignore lint/a11y/noAutofocus: a reply box opened by the reader's own action takes the focus it was opened for
          autoFocus={autoFocus}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={listOpen}
          aria-controls={listId}
          aria-activedescendant={listOpen ? optionId(Math.min(active, options.length - 1)) : undefined}
          aria-describedby={`${baseId}-help`}
          onChange={(event) => {
            setValue(event.target.value);
            track(event.target.value, event.target.selectionStart);
          }}
          onSelect={(event) => track(event.currentTarget.value, event.currentTarget.selectionStart)}
          onBlur={() => setMention(null)}
          onKeyDown={onKeyDown}
        />
        {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: WAI-ARIA combobox: the list of members is a listbox */}
        <ul id={listId} role="listbox" aria-label="Members to mention" className="mention-options" hidden={!listOpen}>
          {options.map((member, index) => (
            // biome-ignore lint/a11y/useFocusableInteractive: WAI-ARIA combobox: focus stays in the text box (aria-activedescendant), whose keys choose a member
            // biome-ignore lint/a11y/useKeyWithClickEvents: WAI-ARIA combobox: focus stays in the text box (aria-activedescendant), whose keys choose a member
            <li
              key={member.userId}
              id={optionId(index)}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: WAI-ARIA combobox: each member is an option
              role="option"
              aria-selected={index === active}
              className="mention-option"
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(member)}
            >
              {member.name}
            </li>
          ))}
        </ul>
      </div>
      <p id={`${baseId}-help`} className="visually-hidden">
        Type @ and a name to mention a member. Control or Command and Enter sends.
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="comment-box-actions">
        {extraActions ? <span className="comment-box-extra">{extraActions}</span> : null}
        {onCancel ? (
          <button type="button" className="button button-secondary button-small" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="button button-primary button-small" disabled={busy || value.trim() === ""}>
          {busy ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
