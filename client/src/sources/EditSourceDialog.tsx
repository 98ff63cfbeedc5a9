import { Dialog } from "../components/Dialog";
import { draftFromCsl } from "./sourceDraft";
import { SourceForm } from "./SourceForm";
import type { BriefSource, CslItem } from "./sourceTypes";

/** Correct a source by hand; fields the form does not show (volume, pages, editors…) are kept as they are. */
export function EditSourceDialog({
  source,
  onClose,
  onSave,
}: {
  source: BriefSource | null;
  onClose: () => void;
  onSave: (source: BriefSource, csl: CslItem) => Promise<void>;
}) {
  if (!source) return null;
  return (
    <Dialog open onClose={onClose} title="Edit source">
      <SourceForm
        key={source.id}
        initial={draftFromCsl(source.csl)}
        original={source.csl}
        submitLabel="Save source"
        busyLabel="Saving…"
        onCancel={onClose}
        onSubmit={async (csl) => {
          await onSave(source, csl);
          onClose();
        }}
      />
    </Dialog>
  );
}
