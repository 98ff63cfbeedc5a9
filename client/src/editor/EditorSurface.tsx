import { accordExtensions } from "@accord/editor";
import { BODY_FRAGMENT } from "@accord/protocol";
import { Collaboration } from "@tiptap/extension-collaboration";
import { CollaborationCaret } from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect } from "react";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { EditorToolbar } from "./EditorToolbar";
import "../styles/editor.css";

interface EditorSurfaceProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { userId: string; name: string; color: string };
  editable: boolean;
  /** Id of the element that names the document (the recommendation's title). */
  labelledBy: string;
}

/** The Tiptap editor bound to the recommendation's Y.XmlFragment, with the other people's carets. */
export function EditorSurface({ doc, provider, user, editable, labelledBy }: EditorSurfaceProps) {
  const editor = useEditor(
    {
      extensions: [
        ...accordExtensions(),
        Collaboration.configure({ document: doc, field: BODY_FRAGMENT }),
        CollaborationCaret.configure({ provider, user }),
      ],
      editable,
      editorProps: {
        attributes: {
          id: "recommendation-editor",
          class: "document-body",
          role: "textbox",
          "aria-multiline": "true",
          "aria-labelledby": labelledBy,
          "aria-describedby": "editor-help",
        },
      },
    },
    // A new document or provider needs a new editor; `editable` is applied below without one.
    [doc, provider],
  );

  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.updateUser(user);
  }, [editor, user]);

  return (
    <div className="editor-shell">
      <EditorToolbar editor={editor} disabled={!editable} />
      <div className="editor-frame" data-testid="editor" data-editable={editable}>
        <EditorContent editor={editor} />
      </div>
      <p id="editor-help" className="visually-hidden">
        Changes are shared with everyone in this recommendation as you type. Formatting shortcuts: Control or Command
        with B for bold, I for italic, Z to undo your own changes.
      </p>
    </div>
  );
}
