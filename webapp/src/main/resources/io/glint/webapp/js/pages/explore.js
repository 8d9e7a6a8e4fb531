// Explore: the labels and categories that have lists (GET /v1/explore), and for the one picked
// (#/explore?label=Dog or #/explore?category=Animals%20and%20Pets) its items (GET /v1/explore/items?label=…).

import { api, isAbort } from '../api.js';
import { recItem } from '../components/rec-item.js';
import { emptyState, errorBanner, h, loadingState, pageHeading, setTitle } from '../ui.js';

const LIMIT = 20;

function topicHref(kind, value) {
  return `#/explore?${kind}=${encodeURIComponent(value)}`;
}

function chips(kind, values, selected) {
  return h(
    'ul',
    { class: 'chips', 'data-testid': kind === 'label' ? 'explore-labels' : 'explore-categories' },
    values.map((value) =>
      h(
        'li',
        {},
        h(
          'a',
          {
            class: 'chip',
            href: topicHref(kind, value),
            'data-testid': `explore-${kind}`,
            'data-value': value,
            'aria-current': selected?.kind === kind && selected.value === value ? 'true' : null,
          },
          value,
        ),
      ),
    ),
  );
}

export function render(outlet, ctx) {
  const label = ctx.query.get('label');
  const category = ctx.query.get('category');
  const selected = label ? { kind: 'label', value: label } : category ? { kind: 'category', value: category } : null;
  setTitle(selected ? `Explore: ${selected.value}` : 'Explore');

  const topics = h('div', { class: 'explore__topics' });
  const results = h('section', { class: 'explore__results', 'aria-labelledby': 'explore-results-title' });

  async function loadTopics() {
    topics.replaceChildren(loadingState('Loading topics…'));
    try {
      const response = await api.exploreTopics({ signal: ctx.signal });
      const labels = response?.labels ?? [];
      const categories = response?.categories ?? [];
      if (labels.length === 0 && categories.length === 0) {
        topics.replaceChildren(
          emptyState({
            title: 'Nothing to explore yet',
            body: 'Topics appear here as photos are published and recognised.',
            iconName: 'compass',
          }),
        );
        return;
      }
      const groups = [];
      if (categories.length > 0) {
        groups.push(h('section', { class: 'explore__group' }, h('h2', { class: 'section-title' }, 'Categories'), chips('category', categories, selected)));
      }
      if (labels.length > 0) {
        groups.push(h('section', { class: 'explore__group' }, h('h2', { class: 'section-title' }, 'Labels'), chips('label', labels, selected)));
      }
      topics.replaceChildren(...groups);
    } catch (error) {
      if (!isAbort(error)) {
        topics.replaceChildren(errorBanner(error, { onRetry: () => loadTopics() }));
      }
    }
  }

  async function loadItems() {
    const heading = h('h2', { class: 'section-title', id: 'explore-results-title' }, `${selected.kind === 'label' ? 'Label' : 'Category'}: ${selected.value}`);
    const body = h('div', {}, loadingState(`Loading ${selected.value}…`));
    results.replaceChildren(heading, body);
    try {
      const response = await api.explore({ [selected.kind]: selected.value, limit: LIMIT }, { signal: ctx.signal });
      const items = response?.items ?? [];
      body.replaceChildren(
        items.length === 0
          ? emptyState({ title: `Nothing under “${selected.value}” yet`, body: 'Pick another topic, or come back later.' })
          : h('ul', { class: 'rec-list', 'data-testid': 'explore-items' }, items.map((item) => recItem(item, { headingLevel: 3 }))),
      );
    } catch (error) {
      if (!isAbort(error)) {
        body.replaceChildren(errorBanner(error, { onRetry: () => loadItems() }));
      }
    }
  }

  // With a topic picked, its items come first: on a phone the topic list can be long.
  outlet.append(
    h(
      'div',
      { class: 'page page--wide' },
      pageHeading('Explore'),
      h('p', { class: 'page-note' }, selected ? 'Pick another topic to see more.' : 'Pick a topic to see what is popular in it.'),
      selected && results,
      topics,
    ),
  );
  return Promise.all([loadTopics(), selected ? loadItems() : null]);
}
