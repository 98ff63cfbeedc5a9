import type { Editor } from "@tiptap/react";
import { useEffect, useRef, useState } from "react";

interface CommentBubbleProps {
  editor: Editor;
  onComment: () => void;
}

/**
 * "Comment" beside a non-empty selection (read-only bodies included: reviewers select to
 * comment). Placed under the selection's end, inside the editor frame, so it scrolls with the text.
 */
export function CommentBubble({ editor, onComment }: CommentBubbleProps) {
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const update = () => {
      if (editor.isDestroyed) return;
      const { view, state } = editor;
      const { from, to, empty } = state.selection;
      const frame = view.dom.closest(".editor-frame");
      if (empty || !frame || state.doc.textBetween(from, to, " ", "").trim() === "") {
        setPosition(null);
        return;
      }
      const end = view.coordsAtPos(to, -1);
      const box = frame.getBoundingClientRect();
      const left = Math.min(Math.max(end.left - box.left - 40, 8), box.width - 120);
      setPosition({ top: end.bottom - box.top + 6, left });
    };
    // Leaving the text for anything but this button (e.g. the comment box it opens) hides it.
    const onBlur = ({ event }: { event: FocusEvent }) => {
      if (event.relatedTarget !== buttonRef.current) setPosition(null);
    };
    update();
    editor.on("selectionUpdate", update);
    editor.on("update", update);
    editor.on("focus", update);
    editor.on("blur", onBlur);
    return () => {
      editor.off("selectionUpdate", update);
      editor.off("update", update);
      editor.off("focus", update);
      editor.off("blur", onBlur);
    };
  }, [editor]);

  if (!position) return null;
  return (
    <button
      ref={buttonRef}
      type="button"
      className="comment-bubble"
      style={{ top: position.top, left: position.left }}
      aria-keyshortcuts="Control+Alt+M Meta+Alt+M"
      data-testid="comment-bubble"
      // Keep the selection (and the editor's focus) while the button is pressed.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onComment}
    >
      <span aria-hidden="true" className="comment-bubble-icon">
        +
      </span>
      Comment
    </button>
  );
}
