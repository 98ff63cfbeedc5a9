import { diffVersions, type VersionDiff } from "@accord/editor";
import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { DecorationSet } from "@tiptap/pm/view";
import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useMemo, useRef } from "react";
import { useNavigate } from "react-router";
import { createCitationCache } from "../citations/citationCache";
import { createCitationsApi } from "../citations/citationsApi";
import { useWorkspace } from "../components/workspaceContext";
import { documentBodyExtensions, PARAGRAPH_SPACING } from "../editor/documentBody";
import { createEvidenceCache } from "../editor/evidenceCache";
import { reportPath } from "../evidence/paths";
import { diffDecorations } from "./diffDecorations";
import "../styles/editor.css";

const versionDiffKey = new PluginKey<DecorationSet>("versionDiff");

/** Shows the decorations a transaction hands it (meta), and keeps them until the next. */
const VersionDiffHighlights = Extension.create({
  name: "versionDiffHighlights",
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: versionDiffKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, current) =>
            (tr.getMeta(versionDiffKey) as DecorationSet | undefined) ?? current.map(tr.mapping, tr.doc),
        },
        props: { decorations: (state) => versionDiffKey.getState(state) },
      }),
    ];
  },
});

/** `showChange(i)` selects the i-th change in the text, scrolls to it and focuses the text. */
export type VersionDocumentResult =
  | { status: "shown"; diff: VersionDiff | null; showChange: (index: number) => void }
  | { status: "failed"; message: string };

interface VersionDocumentProps {
  /** The document shown (ProseMirror JSON of the shared schema). */
  doc: unknown;
  /** When comparing: the older document; its differences from `doc` are shown on `doc`. */
  base: unknown;
  /** Id of the heading that names what is shown. */
  labelledBy: string;
  onResult: (result: VersionDocumentResult) => void;
}

/**
 * A read-only Tiptap editor of the shared schema (citations numbered and named as in the
 * live editor) showing a version's body, or the newer of two with the differences marked.
 */
export function VersionDocument({ doc, base, labelledBy, onResult }: VersionDocumentProps) {
  const { api, briefId } = useWorkspace();
  const navigate = useNavigate();
  const onResultRef = useRef(onResult);
  onResultRef.current = onResult;
  const cache = useMemo(
    () => createEvidenceCache(async (ids) => (await api.evidence.search(briefId, { ids, limit: ids.length })).evidence),
    [api, briefId],
  );
  const citations = useMemo(() => {
    const citationsApi = createCitationsApi();
    return createCitationCache(async (ids) => (await citationsApi.byIds(briefId, ids)).citations);
  }, [briefId]);
  const open = useRef((_evidenceId: string) => {});
  open.current = (evidenceId) => {
    void cache.load(evidenceId).then((evidence) => {
      if (evidence) navigate(reportPath(briefId, evidence.reportId, evidence.id));
    });
  };

  const editor = useEditor(
    {
      extensions: [
        ...documentBodyExtensions({
          cache,
          citations,
          show: () => {},
          hide: () => {},
          open: (evidenceId) => open.current(evidenceId),
          openCard: () => {},
        }),
        VersionDiffHighlights,
      ],
      editable: false,
      editorProps: {
        attributes: {
          class: "document-body version-body",
          role: "textbox",
          "aria-readonly": "true",
          "aria-multiline": "true",
          "aria-labelledby": labelledBy,
          "data-testid": "version-body",
          tabindex: "0",
        },
      },
    },
    [cache, citations, labelledBy],
  );

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    try {
      const shown = editor.schema.nodeFromJSON(doc);
      const older = base === null || base === undefined ? null : editor.schema.nodeFromJSON(base);
      const tr = editor.state.tr.replaceWith(0, editor.state.doc.content.size, shown.content);
      tr.setMeta(versionDiffKey, DecorationSet.empty);
      tr.setMeta("addToHistory", false);
      editor.view.dispatch(tr);
      let diff: VersionDiff | null = null;
      if (older) {
        diff = diffVersions(older, editor.state.doc);
        editor.view.dispatch(
          editor.state.tr.setMeta(versionDiffKey, diffDecorations(editor.state.doc, older, diff.changes)),
        );
      }
      const changes = diff?.changes ?? [];
      const showChange = (index: number) => {
        const change = changes[index];
        if (!change || editor.isDestroyed) return;
        // ProseMirror's own focus() leaves a read-only view alone: the element is focused here.
        editor.view.dom.focus({ preventScroll: true });
        editor.commands.setTextSelection({ from: change.fromB, to: change.toB });
        const marked = editor.view.dom.querySelector(`[data-diff-change="${index}"]`);
        (marked ?? editor.view.domAtPos(change.fromB).node.parentElement)?.scrollIntoView?.({
          block: "center",
          behavior: "smooth",
        });
      };
      onResultRef.current({ status: "shown", diff, showChange });
    } catch {
      onResultRef.current({ status: "failed", message: "This version's text could not be read." });
    }
  }, [editor, doc, base]);

  return (
    <div className="editor-frame version-frame" style={PARAGRAPH_SPACING}>
      <EditorContent editor={editor} />
    </div>
  );
}
