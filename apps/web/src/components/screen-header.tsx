import type { ReactNode } from 'react';

/** A screen's title, one line on what it is for, and its main actions. */
export function ScreenHeader({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: string;
  children?: ReactNode;
}) {
  return (
    <header className="screen-header">
      <div>
        <h1 id="screen-title">{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
      </div>
      {children ? <div className="screen-actions">{children}</div> : null}
    </header>
  );
}
