import { useEffect, useLayoutEffect, useRef, useState } from "react";
import "../styles/toast.css";
import { chooseToastPlace, type Box, type ToastPlace } from "./toastPlacement";

/** What a toast must not hide: anything a person can press or type in. */
const CONTROLS =
  "button, a[href], input:not([type=hidden]), select, textarea, [contenteditable=true], [role=button], [role=tab]";

function boxOf(element: Element): Box | null {
  const rect = element.getBoundingClientRect();
  return rect.width > 1 && rect.height > 1
    ? { left: rect.left, top: rect.top, width: rect.width, height: rect.height }
    : null;
}

function focusedControl(): Element | null {
  const active = document.activeElement;
  return active && active !== document.body && active !== document.documentElement ? active : null;
}

/**
 * The workspace's one announcement: read out politely by screen readers (an always-present
 * status region, so the change is heard), and shown as a toast that never sits on the control
 * it is about. It keeps to a corner free of that control (the one focused when the message came,
 * or the one focused now, e.g. the button a closed dialog gave focus back to; with its form, if
 * it has one), and of any other
 * control where it can; it moves again when the page scrolls or resizes under it.
 */
export function Toast({ message }: { message: string }) {
  const toastRef = useRef<HTMLDivElement>(null);
  const subjectRef = useRef<Element | null>(null);
  const lastFocusedRef = useRef<Element | null>(null);
  const [place, setPlace] = useState<ToastPlace>("bottom-right");

  // A button that disables itself while it saves drops focus to the body: remember the last
  // control that had it, which is the one the message is about.
  useEffect(() => {
    const onFocus = () => {
      lastFocusedRef.current = focusedControl() ?? lastFocusedRef.current;
    };
    document.addEventListener("focusin", onFocus);
    return () => document.removeEventListener("focusin", onFocus);
  }, []);

  // Before paint: the control focused as the message arrives (or last focused) is the one it is about.
  useLayoutEffect(() => {
    const last = lastFocusedRef.current?.isConnected ? lastFocusedRef.current : null;
    subjectRef.current = message ? (focusedControl() ?? last) : null;
  }, [message]);

  useLayoutEffect(() => {
    const toast = toastRef.current;
    if (!message || !toast) return;
    const measure = () => {
      const size = { width: toast.offsetWidth, height: toast.offsetHeight };
      // A control in a form is about the whole form: "Add sector" and the name typed beside it.
      const subjects = [subjectRef.current, focusedControl()]
        .filter((element): element is Element => element?.isConnected === true && !toast.contains(element))
        .map((element) => element.closest("form") ?? element)
        .map(boxOf)
        .filter((box): box is Box => box !== null);
      const controls = Array.from(document.querySelectorAll(CONTROLS))
        .filter((element) => !toast.contains(element))
        .map(boxOf)
        .filter((box): box is Box => box !== null);
      setPlace(chooseToastPlace(size, { width: window.innerWidth, height: window.innerHeight }, subjects, controls));
    };
    measure();
    let frame = 0;
    const later = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    };
    // Focus moves (a dialog closing), the page scrolls or reflows: look again.
    window.addEventListener("resize", later);
    window.addEventListener("scroll", later, { capture: true, passive: true });
    document.addEventListener("focusin", later);
    const observer = new ResizeObserver(later);
    observer.observe(document.body);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("resize", later);
      window.removeEventListener("scroll", later, { capture: true });
      document.removeEventListener("focusin", later);
      observer.disconnect();
    };
  }, [message]);

  return (
    <>
      <div className="visually-hidden" aria-live="polite" role="status">
        {message}
      </div>
      {message ? (
        <div
          ref={toastRef}
          className={`app-toast app-toast-${place}`}
          aria-hidden="true"
          data-testid="toast"
          data-place={place}
        >
          {message}
        </div>
      ) : null}
    </>
  );
}
