// The feed: GET /v1/feed, newest first (cursor pages, loaded as the end of the list scrolls into view) or, with the
// Ranked toggle, mode=ranked (one page ranked by the recommendation model). The mode lives in the URL
// (#/feed?mode=ranked), so it survives a reload and the Back button undoes the toggle.

import { api } from '../api.js';
import { postCard } from '../components/post-card.js';
import { navigate } from '../router.js';
import { emptyState, h, infiniteList, pageHeading, setTitle } from '../ui.js';

const PAGE_SIZE = 10;

const SERVED_BY = {
  endpoint: 'the ranking model',
  embedded: 'the ranking model (in the API)',
  popularity: 'popularity, while the model is away',
  chronological: 'time, while the model is away',
};

export function render(outlet, ctx) {
  const ranked = ctx.query.get('mode') === 'ranked';
  setTitle(ranked ? 'Feed (ranked)' : 'Feed');

  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'switch',
      'aria-pressed': String(ranked),
      'data-testid': 'feed-mode',
      'data-mode': ranked ? 'ranked' : 'chronological',
      onclick: () => navigate(ranked ? '/feed' : '/feed?mode=ranked'),
    },
    h('span', { class: 'switch__track', 'aria-hidden': 'true' }, h('span', { class: 'switch__thumb' })),
    h('span', { class: 'switch__label' }, 'Ranked'),
  );
  const note = h('p', { class: 'page-note', 'data-testid': 'feed-note' }, ranked ? 'Best first for you.' : 'Newest first.');
  const list = h('section', { class: 'feed-list', 'aria-label': 'Posts' });

  const more = infiniteList({
    list,
    signal: ctx.signal,
    loadingText: 'Loading your feed…',
    keyOf: (item) => item.postId,
    load: (cursor) => api.feed({ mode: ranked ? 'ranked' : 'chronological', cursor, limit: PAGE_SIZE }, { signal: ctx.signal }),
    renderItem: (item) => postCard(item, { signal: ctx.signal }),
    onPage: (page) => {
      if (ranked && page?.servedBy) {
        note.textContent = `Best first for you, ranked by ${SERVED_BY[page.servedBy] ?? page.servedBy}.`;
      }
    },
    empty: () =>
      emptyState({
        title: 'Your feed is empty',
        body: 'Follow people to see their photos here, or share your first one.',
        action: h(
          'p',
          { class: 'state__actions' },
          h('a', { class: 'button button--primary', href: '#/for-you' }, 'Find people to follow'),
          h('a', { class: 'button button--secondary', href: '#/upload' }, 'Upload a photo'),
        ),
      }),
  });

  outlet.append(
    h(
      'div',
      { class: 'page page--narrow' },
      h('div', { class: 'page-head' }, pageHeading('Feed'), toggle),
      note,
      list,
      more,
    ),
  );
}
