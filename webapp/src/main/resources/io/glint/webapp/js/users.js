// Profiles by user id (GET /v1/users/{userId}), cached for the page's lifetime: comments and recommendations carry
// only an authorId, and the same few authors come up again and again.

import { api } from './api.js';

const cache = new Map();

/**
 * The user's profile. Shared between callers, so it takes no abort signal (one page leaving must not fail another's
 * lookup); a failed lookup is forgotten, so the next caller tries again.
 */
export function getUser(userId) {
  let pending = cache.get(userId);
  if (!pending) {
    pending = api.user(userId);
    cache.set(userId, pending);
    pending.catch(() => cache.delete(userId));
  }
  return pending;
}

/** Seeds or replaces a cached profile with one the caller already has (the profile page, a PATCH /v1/me answer). */
export function rememberUser(user) {
  if (user?.userId) {
    cache.set(user.userId, Promise.resolve(user));
  }
}

export function forgetAllUsers() {
  cache.clear();
}
