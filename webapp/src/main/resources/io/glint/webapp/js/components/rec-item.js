// One recommended item (a Recommendation: a post or a product) with the reason it was picked, in words. Used by the
// "For you" and Explore pages, whose items have the same shape.

import { icon } from '../icons.js';
import { h, photoAlt } from '../ui.js';
import { getUser } from '../users.js';

const SOURCES = {
  co_engagement: 'Liked together',
  following: 'From people you follow',
  category: 'Category',
  label: 'Label',
  trending: 'Trending',
  popular: 'Popular',
};

function media(item) {
  if (!item.imageUrl) {
    return h('div', { class: 'rec-item__placeholder' }, icon(item.kind === 'product' ? 'bag' : 'image'));
  }
  const img = h('img', {
    class: 'rec-item__image',
    src: item.imageUrl,
    alt: item.kind === 'product' ? item.title || 'Product' : photoAlt(item.title),
    loading: 'lazy',
    decoding: 'async',
  });
  img.addEventListener(
    'error',
    () => img.replaceWith(h('div', { class: 'rec-item__placeholder' }, icon('image'), h('span', { class: 'visually-hidden' }, img.alt))),
    { once: true },
  );
  if (item.kind === 'post' && !(item.title ?? '').trim() && item.authorId) {
    // Without a caption the alt text names who posted it, once we know their username.
    getUser(item.authorId)
      .then((user) => {
        img.alt = photoAlt('', user.username);
      })
      .catch(() => {});
  }
  return img;
}

function authorLink(authorId) {
  const link = h('a', { class: 'rec-item__author', href: `#/u/${encodeURIComponent(authorId)}` }, 'View profile');
  getUser(authorId)
    .then((user) => {
      link.textContent = `@${user.username}`;
    })
    .catch(() => {
      // "View profile" still leads there.
    });
  return link;
}

/** A list item for one recommendation; headingLevel keeps the page's heading outline intact. */
export function recItem(item, { headingLevel = 2 } = {}) {
  const title = (item.title ?? '').trim() || (item.kind === 'product' ? 'Product' : 'Untitled photo');
  const categories = Array.isArray(item.categories) ? item.categories.slice(0, 3) : [];
  return h(
    'li',
    { class: 'rec-list__entry' },
    h(
      'article',
      { class: 'rec-item', 'data-testid': 'rec-item', 'data-item-id': item.itemId, 'data-kind': item.kind },
      h('div', { class: 'rec-item__media' }, media(item)),
      h(
        'div',
        { class: 'rec-item__body' },
        h(`h${headingLevel}`, { class: 'rec-item__title' }, title),
        h('p', { class: 'rec-item__reason', 'data-testid': 'rec-reason' }, item.reason),
        h(
          'p',
          { class: 'rec-item__meta' },
          h('span', { class: 'badge' }, item.kind === 'product' ? 'Product' : 'Photo'),
          SOURCES[item.source] && h('span', { class: 'badge badge--quiet' }, SOURCES[item.source]),
          item.authorId && authorLink(item.authorId),
        ),
        categories.length > 0 &&
          h('p', { class: 'rec-item__categories muted small' }, categories.join(' · ')),
      ),
    ),
  );
}
