/**
 * Where a floating card (a citation's hover card, a figure check's card) sits beside the words it
 * belongs to: under them, or over them when it fits there and not below. The anchor box is what
 * the card must leave in sight (a claim card's runs from the figure down to its sentence's
 * citations), in viewport pixels as getBoundingClientRect gives them.
 */
export interface AnchorBox {
  top: number;
  bottom: number;
  left: number;
}

/** Where to put the card, in document pixels (it is absolutely placed in the body), and on which side. */
export interface AnchoredPlace {
  top: number;
  left: number;
  side: "below" | "above";
}

/** Kept clear between the card and the viewport's edges. */
export const ANCHORED_MARGIN_PX = 12;
/** The card starts a little left of its anchor, so that its edge does not line up with the word's. */
export const ANCHORED_INSET_PX = 24;

/**
 * Below the anchor unless the card does not fit there and does fit above. A card too tall for
 * either side goes below, where the page can scroll to it (above, it could run off the document's top).
 */
export function placeAnchored(
  anchor: AnchorBox,
  card: { width: number; height: number },
  view: { width: number; height: number; scrollX: number; scrollY: number },
  gap: number,
): AnchoredPlace {
  const fitsBelow = anchor.bottom + gap + card.height <= view.height - ANCHORED_MARGIN_PX;
  const fitsAbove = anchor.top - gap - card.height >= ANCHORED_MARGIN_PX;
  const side = !fitsBelow && fitsAbove ? "above" : "below";
  const top = side === "below" ? anchor.bottom + gap : anchor.top - gap - card.height;
  const left = Math.max(
    ANCHORED_MARGIN_PX,
    Math.min(anchor.left - ANCHORED_INSET_PX, view.width - card.width - ANCHORED_MARGIN_PX),
  );
  return { top: top + view.scrollY, left: left + view.scrollX, side };
}
