import { Link } from '../ui/components';

export function NotFound() {
  return (
    <section class="narrow">
      <h1>Nothing here</h1>
      <p>
        No page at <code>{location.pathname}</code>. Try the <Link href="/runs">runs</Link>.
      </p>
    </section>
  );
}
