import Link from 'next/link';
import { decodeCursor } from '../../server/catalog/cursor';
import { serverCaller } from '../../server/caller';

// Reads the live catalog (through the Redis cache) on every request.
export const dynamic = 'force-dynamic';

export default async function StorefrontPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string | string[] }>;
}) {
  const { cursor } = await searchParams;
  const validCursor = typeof cursor === 'string' && decodeCursor(cursor) ? cursor : undefined;
  const page = await serverCaller().events.list({ limit: 12, cursor: validCursor });

  return (
    <>
      <h1>Events</h1>
      {page.results.length === 0 ? (
        <p className="muted">No events yet.</p>
      ) : (
        <ul className="event-grid">
          {page.results.map((event) => (
            <li key={event.id} className="card">
              <Link href={`/events/${event.id}`}>
                <img src={event.image_url ?? '/images/placeholder.svg'} alt="" />
              </Link>
              <div className="body">
                <h2>
                  <Link href={`/events/${event.id}`}>{event.name}</Link>
                </h2>
                <p className="muted">{event.location}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {page.next_cursor && (
        <p className="pager">
          <Link href={`/?cursor=${encodeURIComponent(page.next_cursor)}`}>More events →</Link>
        </p>
      )}
    </>
  );
}
