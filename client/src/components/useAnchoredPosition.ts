import { type RefObject, useLayoutEffect, useRef, useState } from "react";
import { type AnchorBox, type AnchoredPlace, placeAnchored } from "./anchoredPlacement";

/**
 * Keeps a floating card placed beside its anchor (see placeAnchored): when it opens, when the
 * window is resized, and when its own height changes (a passage loaded, a form opened), since
 * its height decides whether it fits below. Null until the first placement: render the card
 * hidden until then. `anchor` is read at each placement; `placeAgain` places it afresh when it changes.
 */
export function useAnchoredPosition(
  card: RefObject<HTMLElement | null>,
  anchor: () => AnchorBox | null,
  placeAgain: unknown,
  gapPx: number,
): AnchoredPlace | null {
  const [place, setPlace] = useState<AnchoredPlace | null>(null);
  const anchorRef = useRef(anchor);
  anchorRef.current = anchor;

  // biome-ignore lint/correctness/useExhaustiveDependencies: placeAgain is the trigger
  useLayoutEffect(() => {
    const element = card.current;
    if (!element) return;
    const update = () => {
      const box = anchorRef.current();
      if (!box) return;
      const next = placeAnchored(
        box,
        { width: element.offsetWidth, height: element.offsetHeight },
        {
          width: document.documentElement.clientWidth,
          height: window.innerHeight,
          scrollX: window.scrollX,
          scrollY: window.scrollY,
        },
        gapPx,
      );
      // The same place again would only re-render (the observer calls this after each layout of the card).
      setPlace((current) =>
        current && current.top === next.top && current.left === next.left && current.side === next.side
          ? current
          : next,
      );
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    window.addEventListener("resize", update);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", update);
    };
  }, [card, placeAgain, gapPx]);

  return place;
}
