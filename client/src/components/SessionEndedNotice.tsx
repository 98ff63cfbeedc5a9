/**
 * On the login page: why the person is there when they did not log out in this window. Calm on
 * purpose (nothing went wrong on their side), and announced politely to screen readers.
 */
export function SessionEndedNotice({ expired, ended }: { expired: boolean; ended: string | null }) {
  const message = noticeFor(expired, ended);
  if (!message) return null;
  return (
    <p className="notice" role="status">
      {message}
    </p>
  );
}

function noticeFor(expired: boolean, ended: string | null): string | null {
  switch (ended) {
    case "logout":
      return "You were logged out, from this window or another one. Log in again to continue.";
    case "password":
      return "Your password was changed in another session, so you were logged out here. Log in with the new password.";
    case "everywhere":
      return "You are logged out on every device and browser.";
    default:
      return expired ? "Your session ended. Log in again to continue." : null;
  }
}
