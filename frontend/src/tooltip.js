/** The hover tooltip over the map: a bold title and a few lines of text. */
import { h } from './dom.js';

export function createTooltip(container) {
  const el = h('div', { class: 'tooltip', id: 'tooltip', role: 'tooltip', hidden: true });
  container.append(el);

  /** `info` is {title, lines: [string]} or null to hide. */
  function show(info, point) {
    if (!info) {
      el.hidden = true;
      return;
    }
    el.replaceChildren(h('strong', {}, info.title), ...info.lines.flatMap((line) => [h('br'), h('span', {}, line)]));
    el.hidden = false;
    // Keep the box inside the map: flip to the left/top near the right/bottom edges.
    const { clientWidth: w, clientHeight: ht } = container;
    const flipX = point.x > w - el.offsetWidth - 24;
    const flipY = point.y > ht - el.offsetHeight - 24;
    el.style.left = `${flipX ? point.x - el.offsetWidth - 12 : point.x + 12}px`;
    el.style.top = `${flipY ? point.y - el.offsetHeight - 12 : point.y + 12}px`;
  }
  return { show };
}
