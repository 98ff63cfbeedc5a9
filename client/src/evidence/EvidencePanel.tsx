import type { Evidence } from "@accord/protocol";
import type { CiteTarget } from "./citeTarget";
import { EvidenceSearch } from "./EvidenceSearch";

/**
 * The Evidence tab next to the editor. With an editable body each passage has a Cite
 * button and can be dragged into the text; read-only, it is a library to read.
 */
export function EvidencePanel({
  citeTarget,
  onCited,
}: {
  citeTarget: CiteTarget | null;
  onCited: (evidence: Evidence) => void;
}) {
  return (
    <div className="evidence-panel">
      {citeTarget ? (
        <p className="muted small evidence-tip">
          Cite a passage with its Cite button, by dragging it into the text, or by typing <kbd>[[</kbd> in the text. To
          cite some of its words, select them and choose Cite selection, or use Quote words….
        </p>
      ) : null}
      <EvidenceSearch
        layout="panel"
        onCite={
          citeTarget
            ? async (evidence, quote) => {
                await citeTarget.cite(evidence.id, quote);
                onCited(evidence);
              }
            : undefined
        }
      />
    </div>
  );
}
