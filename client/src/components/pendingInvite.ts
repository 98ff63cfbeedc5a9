/**
 * The invite a person followed in this tab, kept until they sign up, accept it or it turns out
 * dead, so that any "Sign up" (the header's, the login page's) signs up with it and lands in its
 * brief. sessionStorage: it lives as long as the tab, and is never sent anywhere by itself.
 */
export interface PendingInvite {
  token: string;
  briefTitle: string | null;
}

const KEY = "accord.pendingInvite";

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage disabled (a privacy setting): the invite travels in the links only.
    return null;
  }
}

export function rememberInvite(invite: PendingInvite): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(invite));
  } catch {
    // Full or disabled storage: nothing to remember with.
  }
}

export function pendingInvite(): PendingInvite | null {
  const raw = storage()?.getItem(KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<PendingInvite>;
    if (typeof value.token !== "string" || value.token === "") return null;
    return { token: value.token, briefTitle: typeof value.briefTitle === "string" ? value.briefTitle : null };
  } catch {
    return null;
  }
}

/** Forget the remembered invite (only if it is `token`, when given: another tab's may differ). */
export function forgetInvite(token?: string): void {
  if (token !== undefined && pendingInvite()?.token !== token) return;
  try {
    storage()?.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
