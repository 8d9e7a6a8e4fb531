// Hash-based routing (#/feed, #/u/{userId}, #/explore?label=Dog): the server serves one index.html at /, and the
// hash never reaches it. Each route loads its page module on first use; a page gets an AbortSignal that aborts when
// the user navigates away, which cancels its requests, polling, observers and listeners.
//
// A page module that failed to load needs care on Retry. A browser may keep a module whose fetch failed as failed
// for the document's life (the HTML spec's module map stored the failure until whatwg/html#10327; browsers that have
// not caught up still do), and then importing the same URL again fails at once, however good the network has become. So after a failure the page module is imported
// from a fresh URL (pages/for-you.js?retry=1): its relative imports ('../api.js') still resolve to the URLs they had,
// so the shared modules (session, API client, caches) stay the one instance they are, and a route keeps the first
// module that loaded, so no page module is ever evaluated twice. A fresh URL cannot help when what failed was a module
// the page imports (its URL never changes), and no script can clear the module map: when a Retry's fresh import fails
// again while the server answers, the page is reloaded, as a new document starts with an empty module map in every
// engine. Reloading on every Retry would also work but would throw away what the app holds (caches, scroll, focus)
// for the common case, and would replace the app with the browser's own error page if the network were still down.

import { isAbort, offlineError } from './api.js';
import { errorBanner, h, loadingState } from './ui.js';

let routes = [];
let notFoundRoute;
let outlet;
let guard;
let onRoute;
let current = null;
let firstRender = true;
/** Route name → its page module, once one import of it succeeded. */
const loadedPages = new Map();
/** Route name → how many imports of its page module failed (the next one uses ?retry= that count). */
const failedImports = new Map();

/** The hash as {path, query}: "#/explore?label=Dog" gives "/explore" and label=Dog. */
export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '') || '/';
  const mark = raw.indexOf('?');
  const path = mark === -1 ? raw : raw.slice(0, mark);
  const query = new URLSearchParams(mark === -1 ? '' : raw.slice(mark + 1));
  return { path: path.startsWith('/') ? path : `/${path}`, query, full: raw };
}

/** Goes to a route ("/feed" or "#/feed"). replace: no new history entry (for redirects). */
export function navigate(to, { replace = false } = {}) {
  const hash = to.startsWith('#') ? to : `#${to}`;
  if (replace) {
    history.replaceState(history.state, '', hash);
    render();
  } else if (location.hash === hash) {
    render();
  } else {
    location.hash = hash;
  }
}

/** Renders the current route again (a page's own "Retry" after a failed import, or after logging in). */
export function reload() {
  render();
}

function match(path) {
  for (const route of routes) {
    const found = route.path.exec(path);
    if (found) {
      const params = {};
      (route.params ?? []).forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1]);
      });
      return { route, params };
    }
  }
  return null;
}

/** Whether the server answers for url now (a HEAD that bypasses the cache). */
async function answers(url) {
  try {
    const response = await fetch(url, { method: 'HEAD', cache: 'no-store' });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The route's page module: imported on the first visit, from a fresh URL after a failed import (see the top of this
 * file). Rejects with an offline ApiError when the browser is offline, else with the import's own error; on a Retry
 * whose fresh import failed as well while the server answers (and the person is still on that page), reloads the page
 * and never settles.
 */
async function loadPage(route, { retry, signal }) {
  const loaded = loadedPages.get(route.name);
  if (loaded) {
    return loaded;
  }
  const failures = failedImports.get(route.name) ?? 0;
  const url = new URL(route.module, import.meta.url);
  if (failures > 0) {
    url.searchParams.set('retry', String(failures));
  }
  try {
    const page = await import(url.href);
    loadedPages.set(route.name, page);
    return page;
  } catch (error) {
    failedImports.set(route.name, failures + 1);
    if (navigator.onLine === false) {
      // The page's module could not be fetched: offline is the usual reason, and the person should be told so.
      throw offlineError(error);
    }
    if (retry && failures > 0 && (await answers(url)) && !signal.aborted) {
      location.reload();
      return new Promise(() => {});
    }
    throw error;
  }
}

async function render({ retry = false } = {}) {
  const { path, query, full } = parseHash();
  current?.controller.abort();
  for (const cleanup of current?.cleanups ?? []) {
    cleanup();
  }
  const controller = new AbortController();
  const cleanups = [];
  current = { controller, cleanups };

  const found = match(path);
  const redirect = guard(found?.route ?? null, { path, query, full });
  if (redirect) {
    navigate(redirect, { replace: true });
    return;
  }
  const route = found?.route ?? notFoundRoute;
  onRoute(route, found?.params ?? {});

  const ctx = {
    params: found?.params ?? {},
    query,
    path,
    signal: controller.signal,
    onCleanup: (cleanup) => cleanups.push(cleanup),
  };
  outlet.setAttribute('aria-busy', 'true');
  outlet.replaceChildren(loadingState());
  try {
    const page = await loadPage(route, { retry, signal: controller.signal });
    if (controller.signal.aborted) {
      return;
    }
    outlet.replaceChildren();
    const rendered = page.render(outlet, ctx);
    focusHeading();
    await rendered;
  } catch (error) {
    if (isAbort(error) || controller.signal.aborted) {
      return;
    }
    // A page module that failed to load (offline, say) or a page that threw: never leave the screen blank.
    outlet.replaceChildren(
      h(
        'div',
        { class: 'page page--narrow' },
        h('h1', { class: 'page-title', tabindex: '-1' }, 'This page did not load'),
        errorBanner(error, { onRetry: () => render({ retry: true }) }),
      ),
    );
    focusHeading();
  } finally {
    if (!controller.signal.aborted) {
      outlet.removeAttribute('aria-busy');
    }
  }
}

// After a navigation, focus goes to the new page's heading so screen readers announce it and keyboard users start
// from the top of the content; not on first load, where the browser's own focus handling is right.
function focusHeading() {
  if (firstRender) {
    firstRender = false;
    return;
  }
  const heading = outlet.querySelector('h1');
  heading?.focus({ preventScroll: false });
}

/**
 * Starts routing. routeTable: [{name, path: RegExp, params: [names], module: 'pages/x.js'}] (module relative to this
 * file's directory), plus a notFound route.
 * guardFn(route, location) returns a path to redirect to, or null. routeChanged(route, params) updates the chrome.
 */
export function startRouter({ routeTable, notFound, root, guardFn, routeChanged }) {
  routes = routeTable;
  notFoundRoute = notFound;
  outlet = root;
  guard = guardFn;
  onRoute = routeChanged;
  window.addEventListener('hashchange', () => render());
  render();
}

/** Where to go after logging in: the `next` route if it is a safe in-app one, else the feed. */
export function nextFrom(query) {
  const next = query.get('next') ?? '';
  const safe = /^\/[A-Za-z0-9\-/?=&%._~]*$/.test(next) && !next.startsWith('//');
  const auth = /^\/(login|signup)(\?|$)/.test(next);
  return safe && !auth ? next : '/feed';
}
