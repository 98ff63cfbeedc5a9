import { useMemo } from "react";
import { mentionSegments } from "./mentionSegments";

/** A comment's body as text, with its @mentions emphasised (never parsed as HTML). */
export function MentionText({ body, names }: { body: string; names: readonly string[] }) {
  const segments = useMemo(() => mentionSegments(body, names), [body, names]);
  return (
    <>
      {segments.map((segment, index) =>
        segment.mention ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one fixed text, never reordered
          <strong key={index} className="mention">
            {segment.text}
          </strong>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one fixed text, never reordered
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}
