// "For you": GET /v1/recommendations?limit=20, each item with the reason it was picked.

import { api, isAbort } from '../api.js';
import { recItem } from '../components/rec-item.js';
import { icon } from '../icons.js';
import { emptyState, errorBanner, h, loadingState, pageHeading, setTitle } from '../ui.js';

const LIMIT = 20;

export function render(outlet, ctx) {
  setTitle('For you');
  const body = h('div', { class: 'for-you__body' });
  const refresh = h(
    'button',
    { type: 'button', class: 'button button--secondary', 'data-testid': 'rec-refresh', onclick: () => load() },
    icon('refresh'),
    'Refresh',
  );

  async function load() {
    refresh.disabled = true;
    body.replaceChildren(loadingState('Finding photos for you…'));
    try {
      const response = await api.recommendations({ limit: LIMIT }, { signal: ctx.signal });
      const items = response?.items ?? [];
      if (items.length === 0) {
        body.replaceChildren(
          emptyState({
            title: 'Nothing to recommend yet',
            body: 'Like and follow a few things, or come back when there are more posts.',
            iconName: 'sparkles',
            action: h('a', { class: 'button button--secondary', href: '#/explore' }, 'Explore instead'),
          }),
        );
        return;
      }
      body.replaceChildren(
        h('ul', { class: 'rec-list', 'data-testid': 'rec-list' }, items.map((item) => recItem(item))),
      );
    } catch (error) {
      if (!isAbort(error)) {
        body.replaceChildren(errorBanner(error, { onRetry: () => load() }));
      }
    } finally {
      refresh.disabled = false;
    }
  }

  outlet.append(
    h(
      'div',
      { class: 'page page--wide' },
      h('div', { class: 'page-head' }, pageHeading('For you'), refresh),
      h('p', { class: 'page-note' }, 'Picked for you, with the reason for each.'),
      body,
    ),
  );
  return load();
}
