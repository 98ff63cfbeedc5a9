import { claimRange, claimRangeOf, claimSentence } from "@accord/editor";
import type { ClaimFindingView } from "@accord/protocol";
import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CitationsApi } from "../citations/citationsApi";
import type { AnchorBox } from "../components/anchoredPlacement";
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

function underlineOf(editor: Editor, findingId: string): HTMLElement | null {
  return editor.view.dom.querySelector<HTMLElement>(`[data-claim-id="${CSS.escape(findingId)}"]`);
}

/** A paragraph ending within this many lines after the figure's sentence is kept in sight whole, the card under it. */
const PARAGRAPH_LINES_KEPT_IN_SIGHT = 3;

/**
 * What the card must not cover: from the figure's first line down to the line where its sentence
 * ends with its citations ("…rose 6 percent.[2]" may wrap after the figure), so that the figure and
 * the citation number it is checked against stay in sight beside the card; down to the paragraph's
 * end when that is a few lines further (the next sentence's citation too), not under a long one's.
 */
function figureBox(editor: Editor, finding: ClaimFindingView, fallback: HTMLElement): AnchorBox {
  const underline = editor.isDestroyed ? null : underlineOf(editor, finding.id);
  if (!underline) return fallback.getBoundingClientRect();
  const whole = underline.getBoundingClientRect();
  const first = underline.getClientRects()[0] ?? whole;
  let bottom = whole.bottom;
  const range = rangeOf(editor, finding);
  const sentence = range ? claimSentence(editor.state.doc, range) : null;
  if (range && sentence) {
    const { view } = editor;
    bottom = Math.max(bottom, view.coordsAtPos(sentence.to, -1).bottom);
    const paragraphEnd = view.coordsAtPos(view.state.doc.resolve(range.from).end(), -1).bottom;
    const lineHeight = Number.parseFloat(getComputedStyle(underline).lineHeight) || first.height;
    if (paragraphEnd - bottom <= PARAGRAPH_LINES_KEPT_IN_SIGHT * lineHeight) bottom = Math.max(bottom, paragraphEnd);
  }
  return { top: first.top, bottom, left: first.left };
}

/**
 * The open finding's card over the live editor: beside its figure's sentence, and citing a passage
 * at the end of the figure's sentence (a stored citation, as the evidence panel's are).
 */
export function EditorClaimCard(props: EditorClaimCardProps) {
  const { editor, finding, claims, cache, citationsApi, briefId, canCite, fallbackAnchor } = props;
  const { announce } = useWorkspace();
  // Shown once its figure is scrolled into sight: whether the card fits below it depends on where it is.
  const [scrolledTo, setScrolledTo] = useState<string | null>(null);
  useEffect(() => {
    underlineOf(editor, finding.id)?.scrollIntoView({ block: "nearest" });
    setScrolledTo(finding.id);
  }, [editor, finding.id]);

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

  if (scrolledTo !== finding.id) return null;
  return (
    <ClaimCard
      finding={finding}
      anchor={() => figureBox(editor, finding, fallbackAnchor)}
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
