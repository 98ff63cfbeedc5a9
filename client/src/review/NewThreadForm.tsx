import { errorMessage } from "../api/ApiError";
import type { Member } from "@accord/protocol";
import { CommentBox } from "./CommentBox";
import type { CommentDraft } from "./reviewTypes";

interface NewThreadFormProps {
  draft: CommentDraft;
  members: readonly Member[];
  onSubmit: (body: string) => Promise<void>;
  onCancel: () => void;
}

/** The first comment of a new thread, under the text it will be about. */
export function NewThreadForm({ draft, members, onSubmit, onCancel }: NewThreadFormProps) {
  return (
    <section className="thread thread-new" aria-label="New comment" data-testid="new-thread">
      <p className="thread-quote thread-quote-static">
        <q>{draft.quote}</q>
      </p>
      <CommentBox
        label="Your comment"
        submitLabel="Comment"
        placeholder="What should change, and why?"
        members={members}
        autoFocus
        onCancel={onCancel}
        onSubmit={async (body) => {
          try {
            await onSubmit(body);
          } catch (caught) {
            throw new Error(errorMessage(caught));
          }
        }}
      />
    </section>
  );
}
