// Every call to the Glint API goes through request(): it adds the access token, refreshes it once on a 401 and
// retries, and turns every failure into an ApiError whose `kind` the UI maps to a message (see ui.js describeError).
// The API is same-origin, so paths are relative.

import { clearSession, getSession, saveTokens } from './session.js';

/** Dispatched on window when the session is gone (refresh refused): the app sends the user to the login page. */
export const SESSION_LOST = 'glint:session-lost';

/**
 * A failed call. kind is one of: offline, unauthorized, forbidden, not-found, conflict, invalid, rate-limited, server,
 * storage (the presigned upload), and title/detail/errors come from the problem+json body when there is one.
 */
export class ApiError extends Error {
  constructor(kind, { status = 0, title = '', detail = '', errors = [], retryAfter = null, requestId, cause } = {}) {
    super(detail || title || kind, cause ? { cause } : undefined);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
    this.retryAfter = retryAfter;
    this.requestId = requestId;
  }

  /** Whether trying the same thing again later can work (as opposed to a request the API refuses as such). */
  get retryable() {
    return ['offline', 'rate-limited', 'server', 'storage'].includes(this.kind);
  }
}

export function isAbort(error) {
  return error?.name === 'AbortError';
}

export function offlineError(cause) {
  return new ApiError('offline', { title: "You're offline", cause });
}

function kindOf(status) {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'invalid';
}

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); null without a usable one. */
function parseRetryAfter(value, now = Date.now()) {
  if (!value) {
    return null;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

function text(value) {
  return typeof value === 'string' ? value : '';
}

async function problemFrom(response) {
  let problem = {};
  try {
    const body = await response.text();
    const parsed = body ? JSON.parse(body) : null;
    if (parsed && typeof parsed === 'object') {
      problem = parsed;
    }
  } catch {
    // A proxy's HTML error page is no problem document; the status alone still says what kind of failure it is.
  }
  return new ApiError(kindOf(response.status), {
    status: response.status,
    title: text(problem.title) || response.statusText,
    detail: text(problem.detail),
    errors: Array.isArray(problem.errors) ? problem.errors : [],
    requestId: text(problem.requestId) || undefined,
    retryAfter: response.status === 429 ? parseRetryAfter(response.headers.get('Retry-After')) : null,
  });
}

async function readBody(response) {
  if (response.status === 204 || response.status === 205) {
    return null;
  }
  const body = await response.text();
  if (!body) {
    return null;
  }
  try {
    return JSON.parse(body);
  } catch (cause) {
    throw new ApiError('server', { status: response.status, detail: 'The server sent a response we cannot read.', cause });
  }
}

function urlOf(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function send(method, path, { body, query, signal }, accessToken) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (accessToken) {
    headers.Authorization = `Bearer ${accessToken}`;
  }
  try {
    return await fetch(urlOf(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (isAbort(error)) {
      throw error;
    }
    // fetch rejects (with a TypeError) only when no response came back at all.
    throw offlineError(error);
  }
}

let refreshing = null;

/**
 * A usable session after `stale` got a 401: a new one from POST /v1/auth/refresh, or null when the refresh token is
 * refused. Concurrent 401s share one refresh, because a refresh token works once and a second use would fail.
 */
function refreshAfter(stale) {
  const stored = getSession();
  if (stored && stored.accessToken !== stale.accessToken) {
    // Another call (or tab) has refreshed since this one was sent.
    return Promise.resolve(stored);
  }
  if (!stored) {
    return Promise.resolve(null);
  }
  if (!refreshing) {
    refreshing = refresh(stored).finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function refresh(session) {
  // Deliberately no abort signal: the server swaps the refresh token as soon as it answers, and a response we
  // dropped because the user navigated away would leave us with a spent token and log them out.
  const response = await send('POST', '/v1/auth/refresh', { body: { refreshToken: session.refreshToken } });
  if (response.ok) {
    return saveTokens(await readBody(response));
  }
  const now = getSession();
  if (now && now.refreshToken !== session.refreshToken) {
    // Another tab spent the token a moment before us; its replacement is in storage.
    return now;
  }
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    return null;
  }
  // Rate-limited or a server failure: the refresh token may well still be good, so report that instead of logging out.
  throw await problemFrom(response);
}

function sessionLost() {
  clearSession();
  window.dispatchEvent(new CustomEvent(SESSION_LOST));
  return new ApiError('unauthorized', { status: 401, title: 'Your session has ended' });
}

/**
 * Calls the API and resolves with the parsed JSON body (null for 204). Rejects with an ApiError, or with the
 * AbortError of `signal`. With auth (the default) a 401 triggers one refresh and one retry.
 */
export async function request(method, path, { body, query, signal, auth = true } = {}) {
  if (navigator.onLine === false) {
    throw offlineError();
  }
  const session = auth ? getSession() : null;
  if (auth && !session) {
    throw sessionLost();
  }
  let response = await send(method, path, { body, query, signal }, session?.accessToken);
  if (response.status === 401 && session) {
    const fresh = await refreshAfter(session);
    if (!fresh) {
      throw sessionLost();
    }
    response = await send(method, path, { body, query, signal }, fresh.accessToken);
    if (response.status === 401) {
      throw sessionLost();
    }
  }
  if (!response.ok) {
    throw await problemFrom(response);
  }
  return readBody(response);
}

const seg = encodeURIComponent;

// One function per route the web app uses; each takes an optional { signal } last.
export const api = {
  signup: (body, opts) => request('POST', '/v1/auth/signup', { ...opts, body, auth: false }),
  login: (body, opts) => request('POST', '/v1/auth/login', { ...opts, body, auth: false }),
  me: (opts) => request('GET', '/v1/me', opts),
  updateMe: (body, opts) => request('PATCH', '/v1/me', { ...opts, body }),

  user: (userId, opts) => request('GET', `/v1/users/${seg(userId)}`, opts),
  userPosts: (userId, { cursor, limit } = {}, opts) =>
    request('GET', `/v1/users/${seg(userId)}/posts`, { ...opts, query: { cursor, limit } }),
  follow: (userId, opts) => request('PUT', `/v1/users/${seg(userId)}/follow`, opts),
  unfollow: (userId, opts) => request('DELETE', `/v1/users/${seg(userId)}/follow`, opts),

  feed: ({ mode, cursor, limit } = {}, opts) =>
    request('GET', '/v1/feed', { ...opts, query: { mode: mode === 'ranked' ? 'ranked' : undefined, cursor, limit } }),
  recommendations: ({ limit = 20 } = {}, opts) => request('GET', '/v1/recommendations', { ...opts, query: { limit } }),
  exploreTopics: (opts) => request('GET', '/v1/explore', opts),
  explore: ({ label, category, limit } = {}, opts) =>
    request('GET', '/v1/explore/items', { ...opts, query: { label, category, limit } }),

  createUpload: (body, opts) => request('POST', '/v1/uploads', { ...opts, body }),
  createPost: (body, opts) => request('POST', '/v1/posts', { ...opts, body }),
  post: (postId, opts) => request('GET', `/v1/posts/${seg(postId)}`, opts),
  postAnalysis: (postId, opts) => request('GET', `/v1/posts/${seg(postId)}/analysis`, opts),
  like: (postId, opts) => request('PUT', `/v1/posts/${seg(postId)}/like`, opts),
  unlike: (postId, opts) => request('DELETE', `/v1/posts/${seg(postId)}/like`, opts),
  comments: (postId, { cursor, limit } = {}, opts) =>
    request('GET', `/v1/posts/${seg(postId)}/comments`, { ...opts, query: { cursor, limit } }),
  addComment: (postId, text, opts) =>
    request('POST', `/v1/posts/${seg(postId)}/comments`, { ...opts, body: { text } }),
};

/**
 * Revokes the refresh token and forgets the session. The local logout happens whatever the server says: the user
 * asked to be logged out here, and the access token expires within minutes anyway.
 */
export async function logout() {
  const session = getSession();
  try {
    if (session) {
      await request('POST', '/v1/auth/logout', { body: { refreshToken: session.refreshToken }, auth: false });
    }
  } catch {
    // Offline or refused: the token is forgotten here either way and dies with its expiry.
  } finally {
    clearSession();
  }
}
