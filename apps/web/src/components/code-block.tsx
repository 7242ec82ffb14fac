import { useRef, useState, type ComponentProps } from 'react';
import { Icon } from './icon';

/** Copies text, falling back to a hidden selection where the async clipboard is refused. */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

/** A fenced code block with its language and a copy button. */
export function CodeBlock({ children, node: _node, ...props }: ComponentProps<'pre'> & { node?: unknown }) {
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const language = /language-([\w+-]+)/.exec(
    String((children as { props?: { className?: string } } | undefined)?.props?.className ?? ''),
  )?.[1];
  const copy = async () => {
    await copyText(pre.current?.textContent ?? '');
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="muted small">{language ?? 'code'}</span>
        <button type="button" className="button button-ghost code-copy" onClick={() => void copy()}>
          <Icon name={copied ? 'check' : 'doc'} size={14} />
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre ref={pre} {...props}>
        {children}
      </pre>
    </div>
  );
}
