/**
 * The Markdown of profile sections and strategies as DOM nodes, never through innerHTML: paragraphs,
 * bullet and numbered lists, headings (as bold paragraphs), **bold**, *italic* and [links](https://…)
 * (http and https only; other targets stay text). `parseMarkdown` is pure (blocks of inline runs);
 * `renderMarkdown` builds the elements with ../dom.js.
 */
import { h } from '../dom.js';

const INLINE = /\*\*(.+?)\*\*|__(.+?)__|\*(?!\s)(.+?)\*|_(?!\s)(.+?)_(?![\p{L}\d])|\[([^\]]+)\]\(([^)\s]+)\)/gu;

/** Inline runs of a line: [{text, bold?, italic?, href?}]. */
export function parseInline(text, style = {}) {
  const runs = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) runs.push({ ...style, text: text.slice(last, m.index) });
    const [, b1, b2, i1, i2, label, url] = m;
    if (b1 ?? b2) runs.push(...parseInline(b1 ?? b2, { ...style, bold: true }));
    else if (i1 ?? i2) runs.push(...parseInline(i1 ?? i2, { ...style, italic: true }));
    else if (/^https?:\/\//i.test(url)) runs.push({ ...style, text: label, href: url });
    else runs.push({ ...style, text: label });
    last = m.index + m[0].length;
  }
  if (last < text.length) runs.push({ ...style, text: text.slice(last) });
  return runs.filter((r) => r.text);
}

/** Blocks of a Markdown text: {type: 'p'|'heading', runs} or {type: 'ul'|'ol', items: [runs]}. */
export function parseMarkdown(markdown) {
  const blocks = [];
  let para = [];
  let list = null;
  const flush = () => {
    if (para.length) blocks.push({ type: 'p', runs: parseInline(para.join(' ')) });
    para = [];
  };
  const endList = () => {
    if (list) blocks.push(list);
    list = null;
  };
  for (const raw of String(markdown ?? '').split(/\r?\n/)) {
    const line = raw.trim();
    const bullet = /^[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (!line) {
      flush();
      endList();
    } else if (bullet || numbered) {
      flush();
      const type = bullet ? 'ul' : 'ol';
      if (list?.type !== type) {
        endList();
        list = { type, items: [] };
      }
      list.items.push(parseInline((bullet ?? numbered)[1]));
    } else if (heading) {
      flush();
      endList();
      blocks.push({ type: 'heading', runs: parseInline(heading[1]) });
    } else if (list && /^\s{2,}/.test(raw)) {
      const items = list.items;
      items[items.length - 1] = [...items[items.length - 1], { text: ' ' }, ...parseInline(line)];
    } else {
      endList();
      para.push(line);
    }
  }
  flush();
  endList();
  return blocks;
}

function runNode(run) {
  let node = run.href
    ? h('a', { href: run.href, target: '_blank', rel: 'noopener noreferrer' }, run.text)
    : document.createTextNode(run.text);
  if (run.italic) node = h('em', {}, node);
  if (run.bold) node = h('strong', {}, node);
  return node;
}

/** The Markdown as a <div class="md"> of paragraphs and lists. */
export function renderMarkdown(markdown, attrs = {}) {
  const nodes = parseMarkdown(markdown).map((block) => {
    if (block.type === 'ul' || block.type === 'ol') {
      return h(block.type, {}, ...block.items.map((runs) => h('li', {}, ...runs.map(runNode))));
    }
    const p = h('p', {}, ...block.runs.map(runNode));
    if (block.type === 'heading') p.className = 'md-heading';
    return p;
  });
  return h('div', { class: 'md', ...attrs }, ...nodes);
}
