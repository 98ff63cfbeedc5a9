import { useMemo } from "react";
import { mentionSegments } from "./mentionSegments";

/** A comment's body as text, with its @mentions emphasised (never parsed as HTML). */
export function MentionText({ body, names }: { body: string; names: readonly string[] }) {
  const segments = useMemo(() => mentionSegments(body, names), [body, names]);
  return (
    <>
      {segments.map((segment, index) =>
        segment.mention ? (
          <strong key={index} className="mention">
            {segment.text}
          </strong>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}
