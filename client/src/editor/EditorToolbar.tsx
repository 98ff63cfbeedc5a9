import type { Editor } from "@tiptap/react";
import { useEditorState } from "@tiptap/react";
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { LinkDialog } from "./LinkDialog";

interface ToolbarButton {
  id: string;
  label: string;
  content: ReactNode;
  isActive: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
}

/** Why the formatting buttons do nothing while suggesting (the server refuses formatting from suggestions). */
export const NOT_WHILE_SUGGESTING = "Not available while suggesting";

/** The Suggesting toggle (issue 18): `forced` for a reviewer, who cannot turn it off. */
export interface ToolbarSuggesting {
  on: boolean;
  forced: boolean;
  onToggle: () => void;
}

const BUTTONS: ToolbarButton[] = [
  {
    id: "h2",
    label: "Heading 2",
    content: "H2",
    isActive: (editor) => editor.isActive("heading", { level: 2 }),
    run: (editor) => editor.chain().focus().toggleHeading({ level: 2 }).run(),
  },
  {
    id: "h3",
    label: "Heading 3",
    content: "H3",
    isActive: (editor) => editor.isActive("heading", { level: 3 }),
    run: (editor) => editor.chain().focus().toggleHeading({ level: 3 }).run(),
  },
  {
    id: "bold",
    label: "Bold",
    content: <strong>B</strong>,
    isActive: (editor) => editor.isActive("bold"),
    run: (editor) => editor.chain().focus().toggleBold().run(),
  },
  {
    id: "italic",
    label: "Italic",
    content: <em>I</em>,
    isActive: (editor) => editor.isActive("italic"),
    run: (editor) => editor.chain().focus().toggleItalic().run(),
  },
  {
    id: "bullets",
    label: "Bulleted list",
    content: "• List",
    isActive: (editor) => editor.isActive("bulletList"),
    run: (editor) => editor.chain().focus().toggleBulletList().run(),
  },
  {
    id: "numbers",
    label: "Numbered list",
    content: "1. List",
    isActive: (editor) => editor.isActive("orderedList"),
    run: (editor) => editor.chain().focus().toggleOrderedList().run(),
  },
  {
    id: "quote",
    label: "Quote",
    content: "“ Quote",
    isActive: (editor) => editor.isActive("blockquote"),
    run: (editor) => editor.chain().focus().toggleBlockquote().run(),
  },
];

/**
 * Formatting buttons in one ARIA toolbar: a single Tab stop, arrow keys move between
 * buttons, and each button says whether its format is on (aria-pressed).
 */
export function EditorToolbar({
  editor,
  disabled,
  onCite,
  suggesting = null,
}: {
  editor: Editor | null;
  disabled: boolean;
  /** Opens the evidence picker; null where nothing can be cited. */
  onCite: (() => void) | null;
  /** The Suggesting toggle; null where the member's edits are never suggestions. */
  suggesting?: ToolbarSuggesting | null;
}) {
  // Formatting stays focusable while suggesting (aria-disabled, not disabled) so that its tooltip says why.
  const formattingOff = suggesting?.on === true;
  const [focusIndex, setFocusIndex] = useState(0);
  const toolbarId = useId();
  const [linkOpen, setLinkOpen] = useState(false);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);

  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      if (!current) return null;
      return {
        ...Object.fromEntries(BUTTONS.map((button) => [button.id, button.isActive(current)])),
        link: current.isActive("link"),
      } as Record<string, boolean>;
    },
  });

  const toggleIndex = BUTTONS.length + 1 + (onCite ? 1 : 0);
  const count = toggleIndex + (suggesting ? 1 : 0);
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    let next: number | null = null;
    if (event.key in moves) next = (focusIndex + (moves[event.key] ?? 0) + count) % count;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = count - 1;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    refs.current[next]?.focus();
  }

  return (
    <div
      className="toolbar"
      role="toolbar"
      aria-label="Formatting"
      aria-controls="recommendation-editor"
      aria-disabled={disabled || !editor ? true : undefined}
      onKeyDown={onKeyDown}
    >
      {BUTTONS.map((button, index) => (
        <button
          key={button.id}
          ref={(element) => {
            refs.current[index] = element;
          }}
          type="button"
          className="toolbar-button"
          aria-pressed={active?.[button.id] ?? false}
          aria-disabled={formattingOff || undefined}
          title={formattingOff ? NOT_WHILE_SUGGESTING : undefined}
          tabIndex={index === focusIndex ? 0 : -1}
          disabled={disabled || !editor}
          onFocus={() => setFocusIndex(index)}
          // Keep the text selection in the editor while clicking.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => editor && !formattingOff && button.run(editor)}
        >
          <span aria-hidden="true">{button.content}</span>
          {/* Named by its text, not aria-label: a visible "H2" that the name does not contain fails WCAG 2.5.3. */}
          <span className="visually-hidden">{button.label}</span>
        </button>
      ))}
      <button
        ref={(element) => {
          refs.current[BUTTONS.length] = element;
        }}
        type="button"
        className="toolbar-button"
        aria-label="Link"
        aria-pressed={active?.link ?? false}
        aria-haspopup="dialog"
        aria-disabled={formattingOff || undefined}
        title={formattingOff ? NOT_WHILE_SUGGESTING : undefined}
        tabIndex={focusIndex === BUTTONS.length ? 0 : -1}
        disabled={disabled || !editor}
        onFocus={() => setFocusIndex(BUTTONS.length)}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => !formattingOff && setLinkOpen(true)}
      >
        <span aria-hidden="true">Link</span>
      </button>
      {onCite ? (
        <button
          ref={(element) => {
            refs.current[BUTTONS.length + 1] = element;
          }}
          type="button"
          className="toolbar-button toolbar-button-cite"
          aria-label="Cite evidence"
          aria-keyshortcuts="Control+Shift+E Meta+Shift+E"
          title="Cite evidence ([[ or Ctrl/⌘+Shift+E)"
          tabIndex={focusIndex === BUTTONS.length + 1 ? 0 : -1}
          disabled={disabled || !editor}
          onFocus={() => setFocusIndex(BUTTONS.length + 1)}
          onMouseDown={(event) => event.preventDefault()}
          onClick={onCite}
        >
          <span aria-hidden="true">Cite</span>
        </button>
      ) : null}
      {suggesting ? (
        <button
          ref={(element) => {
            refs.current[toggleIndex] = element;
          }}
          type="button"
          className="toolbar-button toolbar-suggesting"
          aria-pressed={suggesting.on}
          aria-disabled={suggesting.forced || undefined}
          aria-describedby={`${toolbarId}-suggesting-help`}
          title={
            suggesting.forced
              ? "As a reviewer, your changes are suggestions"
              : suggesting.on
                ? "Your changes are suggestions; press to edit directly"
                : "Press to make your changes suggestions"
          }
          tabIndex={focusIndex === toggleIndex ? 0 : -1}
          disabled={disabled || !editor}
          onFocus={() => setFocusIndex(toggleIndex)}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => !suggesting.forced && suggesting.onToggle()}
          data-testid="suggesting-toggle"
        >
          <span className="toolbar-suggesting-dot" aria-hidden="true" />
          Suggesting
        </button>
      ) : null}
      {suggesting ? (
        <span id={`${toolbarId}-suggesting-help`} className="visually-hidden">
          {suggesting.forced
            ? "As a reviewer, what you type and delete is suggested to the editors."
            : "When on, what you type and delete is suggested, for an editor to accept or reject."}
        </span>
      ) : null}
      {editor ? <LinkDialog editor={editor} open={linkOpen} onClose={() => setLinkOpen(false)} /> : null}
    </div>
  );
}
