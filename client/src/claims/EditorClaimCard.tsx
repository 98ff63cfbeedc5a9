import { claimRange, claimRangeOf, claimSentence } from "@accord/editor";
import type { ClaimFindingView } from "@accord/protocol";
import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CitationsApi } from "../citations/citationsApi";
import { useWorkspace } from "../components/workspaceContext";
import type { EvidenceCache } from "../editor/evidenceCache";
import { ClaimCard } from "./ClaimCard";
import type { EditorClaims } from "./editorClaims";

interface EditorClaimCardProps {
  editor: Editor;
  finding: ClaimFindingView;
  claims: EditorClaims;
  cache: EvidenceCache;
  citationsApi: CitationsApi;
  briefId: string;
  /** The text takes citations here (editable, and not suggesting: a citation is not a suggestion). */
  canCite: boolean;
  /** Where the card sits when the figure's underline is not drawn. */
  fallbackAnchor: HTMLElement;
}

/** The figure's range in this window's text now: its underline, else where the check placed it. */
function rangeOf(editor: Editor, finding: ClaimFindingView): { from: number; to: number } | null {
  return claimRangeOf(editor.state, finding.id) ?? claimRange(editor.state.doc, finding.at, finding.figure.raw);
}

/**
 * The open finding's card over the live editor: anchored to its underline, and citing a passage
 * at the end of the figure's sentence (a stored citation, as the evidence panel's are).
 */
export function EditorClaimCard(props: EditorClaimCardProps) {
  const { editor, finding, claims, cache, citationsApi, briefId, canCite, fallbackAnchor } = props;
  const { announce } = useWorkspace();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);

  useEffect(() => {
    const underline = editor.view.dom.querySelector<HTMLElement>(`[data-claim-id="${CSS.escape(finding.id)}"]`);
    underline?.scrollIntoView({ block: "nearest" });
    setAnchor(underline ?? fallbackAnchor);
  }, [editor, finding.id, fallbackAnchor]);

  // Offered only where it helps: a passage that states the figure and is not cited in its sentence yet.
  const citeable = useMemo(() => {
    const offered = new Set<string>();
    if (!canCite || (finding.kind !== "unsupported" && finding.kind !== "notFound")) return offered;
    const range = rangeOf(editor, finding);
    const sentence = range ? claimSentence(editor.state.doc, range) : null;
    if (!sentence) return offered;
    for (const passage of finding.passages)
      if (passage.figure && !sentence.citedEvidence.includes(passage.evidenceId)) offered.add(passage.evidenceId);
    return offered;
  }, [editor, finding, canCite]);

  const onCite = useCallback(
    async (evidenceId: string) => {
      const { citation } = await citationsApi.create(briefId, { evidenceId });
      // Read again after the wait: the text may have moved meanwhile.
      const range = editor.isDestroyed ? null : rangeOf(editor, finding);
      const sentence = range ? claimSentence(editor.state.doc, range) : null;
      if (!sentence || !editor.isEditable) throw new Error("The figure is no longer in the text as it was.");
      editor
        .chain()
        .focus()
        .setTextSelection(sentence.to)
        .insertCitation({ evidenceId, citationId: citation.id })
        .run();
      announce("Cited the passage at the end of the sentence.");
    },
    [editor, finding, citationsApi, briefId, announce],
  );

  if (!anchor) return null;
  return (
    <ClaimCard
      finding={finding}
      anchor={anchor}
      cache={cache}
      citeable={citeable}
      onCite={onCite}
      canIgnore={claims.canIgnore}
      onIgnore={(reason) => claims.onIgnore(finding, reason)}
      onUnignore={() => claims.onUnignore(finding)}
      titleOf={claims.titleOf}
      takeFocus={claims.focusCard}
      onClose={() => claims.onOpen(null)}
    />
  );
}
