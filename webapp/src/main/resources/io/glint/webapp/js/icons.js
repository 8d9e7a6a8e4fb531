// Inline SVG icons: nothing is fetched, and they take the text colour (currentColor), so they follow the theme and
// the contrast of the text next to them. Every icon is decorative; its control carries the accessible name.

const SVG_NS = 'http://www.w3.org/2000/svg';

// Each entry: the children of a 24×24 stroked SVG, as [element, attributes] pairs.
const SHAPES = {
  home: [
    ['path', { d: 'M3 10.5 12 3l9 7.5' }],
    ['path', { d: 'M5 9.5V21h5v-6h4v6h5V9.5' }],
  ],
  sparkles: [
    ['path', { d: 'M12 3l1.9 5.1L19 10l-5.1 1.9L12 17l-1.9-5.1L5 10l5.1-1.9z' }],
    ['path', { d: 'M19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z' }],
  ],
  compass: [
    ['circle', { cx: 12, cy: 12, r: 9 }],
    ['path', { d: 'M15.5 8.5 13.5 13.5 8.5 15.5 10.5 10.5z' }],
  ],
  plus: [
    ['rect', { x: 3, y: 3, width: 18, height: 18, rx: 5 }],
    ['path', { d: 'M12 8v8M8 12h8' }],
  ],
  user: [
    ['circle', { cx: 12, cy: 8, r: 4 }],
    ['path', { d: 'M4 21c1.5-4 4.5-6 8-6s6.5 2 8 6' }],
  ],
  logout: [
    ['path', { d: 'M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4' }],
    ['path', { d: 'M16 17l5-5-5-5M21 12H9' }],
  ],
  login: [
    ['path', { d: 'M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4' }],
    ['path', { d: 'M10 17l5-5-5-5M15 12H3' }],
  ],
  heart: [
    [
      'path',
      { d: 'M12 20.5s-7.5-4.6-9.3-9.4C1.4 7.7 3.6 4.5 7 4.5c2 0 3.6 1.1 5 3 1.4-1.9 3-3 5-3 3.4 0 5.6 3.2 4.3 6.6-1.8 4.8-9.3 9.4-9.3 9.4z' },
    ],
  ],
  comment: [['path', { d: 'M21 12a8.5 8.5 0 0 1-12.4 7.6L3 21l1.4-5A8.5 8.5 0 1 1 21 12z' }]],
  image: [
    ['rect', { x: 3, y: 4, width: 18, height: 16, rx: 3 }],
    ['circle', { cx: 9, cy: 10, r: 2 }],
    ['path', { d: 'M21 16l-5-5-9 9' }],
  ],
  upload: [
    ['path', { d: 'M12 16V4M7 9l5-5 5 5' }],
    ['path', { d: 'M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3' }],
  ],
  refresh: [
    ['path', { d: 'M20 11a8 8 0 1 0-2.3 5.7' }],
    ['path', { d: 'M20 4v7h-7' }],
  ],
  alert: [
    ['circle', { cx: 12, cy: 12, r: 9 }],
    ['path', { d: 'M12 7.5v5.5M12 16.5v.01' }],
  ],
  check: [['path', { d: 'M4.5 12.5l5 5 10-11' }]],
  tag: [
    ['path', { d: 'M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9z' }],
    ['circle', { cx: 8, cy: 8, r: 1.5 }],
  ],
  bag: [
    ['path', { d: 'M5 8h14l-1 13H6z' }],
    ['path', { d: 'M9 8V6a3 3 0 0 1 6 0v2' }],
  ],
};

/** A fresh SVG element for the named icon, hidden from assistive technology. */
export function icon(name, { className = 'icon' } = {}) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '24');
  svg.setAttribute('height', '24');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '1.8');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `${className} icon--${name}`);
  for (const [tag, attributes] of SHAPES[name] ?? SHAPES.image) {
    const child = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attributes)) {
      child.setAttribute(key, String(value));
    }
    svg.append(child);
  }
  return svg;
}
