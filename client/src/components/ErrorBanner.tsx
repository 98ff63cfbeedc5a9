import { plainSentence } from "./plainSentence";

/** An error that needs reading now: announced by screen readers as soon as it appears. */
export function ErrorBanner({ message, onDismiss }: { message: string | null; onDismiss?: () => void }) {
  return (
    <div role="alert" className={message ? "banner banner-error" : "banner-empty"}>
      {message ? (
        <>
          <span>{plainSentence(message)}</span>
          {onDismiss ? (
            <button type="button" className="button-link" onClick={onDismiss}>
              Dismiss
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
