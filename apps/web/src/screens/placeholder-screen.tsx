import { EmptyState } from '../components/empty-state';
import { ScreenHeader } from '../components/screen-header';

/** A screen whose server side is not available in this build. */
export function PlaceholderScreen({ title }: { title: string }) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenHeader title={title} />
      <EmptyState icon="alert" title="Not available yet">
        This server does not offer {title.toLowerCase()} yet.
      </EmptyState>
    </section>
  );
}
