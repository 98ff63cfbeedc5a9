/** A box in viewport pixels, as getBoundingClientRect gives it. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type ToastPlace = "bottom-right" | "bottom-left" | "bottom-center" | "top-right" | "top-left" | "top-center";

/** In order of preference: out of the way at the bottom first, the top only when the bottom is taken. */
export const TOAST_PLACES: readonly ToastPlace[] = [
  "bottom-right",
  "bottom-left",
  "bottom-center",
  "top-right",
  "top-left",
  "top-center",
];

/** Distance from the viewport's edges. */
export const TOAST_MARGIN_PX = 16;

/** Where a toast of `size` would sit at `place` in a viewport of `viewport`. */
export function toastBox(
  place: ToastPlace,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): Box {
  const top = place.startsWith("top") ? TOAST_MARGIN_PX : viewport.height - TOAST_MARGIN_PX - size.height;
  const left = place.endsWith("left")
    ? TOAST_MARGIN_PX
    : place.endsWith("right")
      ? viewport.width - TOAST_MARGIN_PX - size.width
      : (viewport.width - size.width) / 2;
  return { left, top, width: size.width, height: size.height };
}

export function overlaps(a: Box, b: Box, gap = 0): boolean {
  return (
    a.left < b.left + b.width + gap &&
    b.left < a.left + a.width + gap &&
    a.top < b.top + b.height + gap &&
    b.top < a.top + a.height + gap
  );
}

/**
 * The place for a toast: never over `subjects` (the control it is about: the one that was
 * focused when it was announced, and the one focused now), and over as few other controls as
 * can be. When every place covers a subject (a viewport smaller than the toast and the button
 * together) the least bad one is taken.
 */
export function chooseToastPlace(
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  subjects: readonly Box[],
  controls: readonly Box[],
): ToastPlace {
  let best: { place: ToastPlace; score: number } | null = null;
  for (const place of TOAST_PLACES) {
    const box = toastBox(place, size, viewport);
    // A subject weighs more than all other controls together; a small gap keeps the toast off its focus ring.
    const score =
      subjects.filter((subject) => overlaps(box, subject, 4)).length * 10_000 +
      controls.filter((control) => overlaps(box, control)).length;
    if (score === 0) return place;
    if (!best || score < best.score) best = { place, score };
  }
  return best?.place ?? "bottom-right";
}
