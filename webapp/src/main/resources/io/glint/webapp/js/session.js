// The caller's tokens, kept in localStorage under one key. One key, so a write is all-or-nothing and another tab sees
// a whole token pair or none. Nothing is cached in memory: a refresh token works once, and another tab may have
// swapped it for a new one since we last looked, so every read goes to storage.

const KEY = 'glint.session';
const CHANGED = 'glint:session';

/** The stored session ({userId, accessToken, refreshToken, expiresAt}), or null when logged out. */
export function getSession() {
  let raw;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    return null;
  }
  if (!raw) {
    return null;
  }
  try {
    const session = JSON.parse(raw);
    const complete =
      session &&
      typeof session.userId === 'string' &&
      typeof session.accessToken === 'string' &&
      typeof session.refreshToken === 'string';
    return complete ? session : null;
  } catch {
    return null;
  }
}

export function isLoggedIn() {
  return getSession() !== null;
}

export function currentUserId() {
  return getSession()?.userId ?? null;
}

/** Stores a Tokens response (signup, login, refresh). */
export function saveTokens(tokens) {
  const session = {
    userId: tokens.userId,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + Number(tokens.expiresIn ?? 0) * 1000,
  };
  try {
    localStorage.setItem(KEY, JSON.stringify(session));
  } catch (cause) {
    throw new Error('Your browser does not let Glint store data, so it cannot keep you logged in.', { cause });
  }
  window.dispatchEvent(new CustomEvent(CHANGED));
  return session;
}

export function clearSession() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Storage is unavailable: there is nothing stored to remove either.
  }
  window.dispatchEvent(new CustomEvent(CHANGED));
}

/** Calls listener when this tab or another one logs in, refreshes or logs out. */
export function onSessionChange(listener) {
  window.addEventListener(CHANGED, listener);
  window.addEventListener('storage', (event) => {
    if (event.key === KEY || event.key === null) {
      listener();
    }
  });
}
