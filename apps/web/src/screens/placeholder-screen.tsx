/** A screen whose tools are still being built. */
export function PlaceholderScreen({ title }: { title: string }) {
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title">{title}</h1>
      <p className="muted">This screen is on its way.</p>
    </section>
  );
}
