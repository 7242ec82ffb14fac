import type { Link, Parent, PhrasingContent, Root, Text } from 'mdast';

/** The href a citation marker becomes; the link renderer turns it into a chip. */
export const CITATION_HREF = '#cite-';

const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

function splitText(node: Text): PhrasingContent[] {
  const parts: PhrasingContent[] = [];
  let last = 0;
  for (const match of node.value.matchAll(MARKER)) {
    const start = match.index;
    if (start > last) parts.push({ type: 'text', value: node.value.slice(last, start) });
    for (const value of (match[1] ?? '').split(',')) {
      const number = value.trim();
      const link: Link = {
        type: 'link',
        url: `${CITATION_HREF}${number}`,
        children: [{ type: 'text', value: number }],
      };
      parts.push(link);
    }
    last = start + match[0].length;
  }
  if (parts.length === 0) return [node];
  if (last < node.value.length) parts.push({ type: 'text', value: node.value.slice(last) });
  return parts;
}

function visit(parent: Parent): void {
  const children: Parent['children'] = [];
  for (const child of parent.children) {
    if (child.type === 'text') children.push(...splitText(child));
    else {
      // Code keeps its brackets; links keep their own text.
      if ('children' in child && child.type !== 'link' && child.type !== 'linkReference') visit(child);
      children.push(child);
    }
  }
  parent.children = children;
}

/** A remark plugin: `[1]` and `[1, 2]` in prose become citation links (never inside code or links). */
export function remarkCitations() {
  return (tree: Root) => visit(tree);
}
